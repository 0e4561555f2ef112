//! How long CloudWatch Logs keeps a log group's events.
use cfnkit_core::{Int, ToValue, Value};

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

impl From<RetentionDays> for Int {
    fn from(retention: RetentionDays) -> Int {
        Int::from(retention.days())
    }
}
