//! `AWS::Logs::*` resource types.

use cfnkit_core::{attributes, Attributes, PropertyMap, Resource, Str, Tag, TagShape, ToValue, Value};

/// How long CloudWatch Logs keeps events: only these values are accepted.
/// Serialises as the number of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // The variant names say it all.
pub enum RetentionDays {
    OneDay,
    ThreeDays,
    FiveDays,
    OneWeek,
    TwoWeeks,
    OneMonth,
    TwoMonths,
    ThreeMonths,
    FourMonths,
    FiveMonths,
    SixMonths,
    OneYear,
    ThirteenMonths,
    EighteenMonths,
    TwoYears,
    ThreeYears,
    FiveYears,
    SixYears,
    SevenYears,
    EightYears,
    NineYears,
    TenYears,
}

impl RetentionDays {
    /// Every value, shortest first.
    pub const ALL: [RetentionDays; 22] = [
        RetentionDays::OneDay,
        RetentionDays::ThreeDays,
        RetentionDays::FiveDays,
        RetentionDays::OneWeek,
        RetentionDays::TwoWeeks,
        RetentionDays::OneMonth,
        RetentionDays::TwoMonths,
        RetentionDays::ThreeMonths,
        RetentionDays::FourMonths,
        RetentionDays::FiveMonths,
        RetentionDays::SixMonths,
        RetentionDays::OneYear,
        RetentionDays::ThirteenMonths,
        RetentionDays::EighteenMonths,
        RetentionDays::TwoYears,
        RetentionDays::ThreeYears,
        RetentionDays::FiveYears,
        RetentionDays::SixYears,
        RetentionDays::SevenYears,
        RetentionDays::EightYears,
        RetentionDays::NineYears,
        RetentionDays::TenYears,
    ];

    /// The number of days, as CloudFormation takes it.
    pub fn days(self) -> u32 {
        match self {
            RetentionDays::OneDay => 1,
            RetentionDays::ThreeDays => 3,
            RetentionDays::FiveDays => 5,
            RetentionDays::OneWeek => 7,
            RetentionDays::TwoWeeks => 14,
            RetentionDays::OneMonth => 30,
            RetentionDays::TwoMonths => 60,
            RetentionDays::ThreeMonths => 90,
            RetentionDays::FourMonths => 120,
            RetentionDays::FiveMonths => 150,
            RetentionDays::SixMonths => 180,
            RetentionDays::OneYear => 365,
            RetentionDays::ThirteenMonths => 400,
            RetentionDays::EighteenMonths => 545,
            RetentionDays::TwoYears => 731,
            RetentionDays::ThreeYears => 1096,
            RetentionDays::FiveYears => 1827,
            RetentionDays::SixYears => 2192,
            RetentionDays::SevenYears => 2557,
            RetentionDays::EightYears => 2922,
            RetentionDays::NineYears => 3288,
            RetentionDays::TenYears => 3653,
        }
    }

    /// The value for a number of days, if CloudWatch Logs accepts it.
    pub fn from_days(days: u32) -> Option<RetentionDays> {
        RetentionDays::ALL.into_iter().find(|r| r.days() == days)
    }
}

impl ToValue for RetentionDays {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(self.days()))
    }
}

/// `AWS::Logs::LogGroup`.
///
/// cfn-lint treats log groups as stateful: give them both a `DeletionPolicy`
/// and an `UpdateReplacePolicy` (rule I3011).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogGroup {
    /// The name; CloudFormation generates one when unset. Changing it replaces the group.
    pub log_group_name: Option<Str>,
    /// How long events are kept; forever when unset.
    pub retention_in_days: Option<RetentionDays>,
    /// The KMS key ARN that encrypts the events.
    pub kms_key_id: Option<Str>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for LogGroup {
    const TYPE_NAME: &'static str = "AWS::Logs::LogGroup";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = LogGroupAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .optional("LogGroupName", &self.log_group_name)
            .optional("RetentionInDays", &self.retention_in_days)
            .optional("KmsKeyId", &self.kms_key_id)
            .optional("Tags", &self.tags)
            .build()
    }
}

attributes! {
    /// What a `Handle<LogGroup>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct LogGroupAttributes;
}

impl LogGroupAttributes {
    /// The log group's ARN, in the form `arn:...:log-group:NAME:*`.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
    /// The log group's name (`Ref`).
    pub fn log_group_name(&self) -> Value {
        self.reference()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::test_support::json_of;

    #[test]
    fn retention_serialises_as_days_and_round_trips() {
        assert_eq!(json_of(&RetentionDays::TwoWeeks), json!(14));
        let days: Vec<u32> = RetentionDays::ALL.iter().map(|r| r.days()).collect();
        assert_eq!(
            days,
            [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]
        );
        for retention in RetentionDays::ALL {
            assert_eq!(RetentionDays::from_days(retention.days()), Some(retention));
        }
        assert_eq!(RetentionDays::from_days(2), None);
    }

    #[test]
    fn a_log_group_skips_unset_properties() {
        let group = LogGroup { retention_in_days: Some(RetentionDays::OneMonth), ..LogGroup::default() };
        assert_eq!(json_of(&group), json!({ "RetentionInDays": 30 }));
    }
}
