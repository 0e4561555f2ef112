//! `AWS::IAM::*` resource types, and the typed policy document they share.
use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::handle::Handle;
use crate::l1_resource;
use crate::resource::Tag;
use crate::value::Value;

/// The only policy language version IAM documents should use; the older
/// `2008-10-17` lacks policy variables.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
///
/// ```
/// use cfnkit_constructs::l1::iam::{PolicyDocument, Statement};
///
/// let document = PolicyDocument::new([Statement::allow(["s3:GetObject"]).resource("arn:aws:s3:::b/*")]);
/// assert_eq!(
///     serde_json::to_value(&document).unwrap(),
///     serde_json::json!({
///         "Version": "2012-10-17",
///         "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }]
///     })
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    /// The policy language version; [`POLICY_VERSION`] unless you know better.
    pub version: String,
    /// The statements.
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    /// A document of the current policy language version.
    pub fn new(statements: impl IntoIterator<Item = Statement>) -> PolicyDocument {
        PolicyDocument { version: POLICY_VERSION.to_owned(), statement: statements.into_iter().collect() }
    }

    /// The trust policy that lets an AWS service (`lambda.amazonaws.com`, ...)
    /// assume a role.
    pub fn assumed_by_service(service: impl Into<String>) -> PolicyDocument {
        PolicyDocument::new([Statement::allow(["sts:AssumeRole"]).principal(Principal::service(service))])
    }
}

/// Whether a statement allows or denies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// Who a resource-based or trust policy statement applies to.
#[derive(Clone, Debug, PartialEq)]
pub enum Principal {
    /// `{"Service": "lambda.amazonaws.com"}`.
    Service(String),
    /// `{"AWS": <account, user or role ARN>}`.
    Aws(Value),
    /// `{"Federated": <identity provider>}`.
    Federated(Value),
    /// `"*"`: anyone. Almost always wrong outside a `Condition`.
    Anyone,
}

impl Principal {
    /// An AWS service principal.
    pub fn service(service: impl Into<String>) -> Principal {
        Principal::Service(service.into())
    }
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (key, value) = match self {
            Principal::Anyone => return serializer.serialize_str("*"),
            Principal::Service(service) => ("Service", Value::from(service)),
            Principal::Aws(value) => ("AWS", value.clone()),
            Principal::Federated(value) => ("Federated", value.clone()),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, &value)?;
        map.end()
    }
}

/// One statement of a policy document.
///
/// `Action` and `Resource` are written as a single value when there is one,
/// and as a list otherwise, as IAM's own documents do.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    /// An optional statement id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// Who it applies to: trust and resource policies only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    /// Actions such as `s3:GetObject`.
    #[serde(serialize_with = "one_or_many")]
    pub action: Vec<String>,
    /// Resource ARNs; empty in a trust policy.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "one_or_many")]
    pub resource: Vec<Value>,
    /// `{operator: {key: value}}`, e.g. `{"StringEquals": {"aws:SourceAccount": ...}}`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub condition: IndexMap<String, IndexMap<String, Value>>,
}

impl Statement {
    /// An `Allow` statement for the given actions, with no resource yet.
    pub fn allow<A: Into<String>>(actions: impl IntoIterator<Item = A>) -> Statement {
        Statement::new(Effect::Allow, actions)
    }

    /// A `Deny` statement for the given actions, with no resource yet.
    pub fn deny<A: Into<String>>(actions: impl IntoIterator<Item = A>) -> Statement {
        Statement::new(Effect::Deny, actions)
    }

    fn new<A: Into<String>>(effect: Effect, actions: impl IntoIterator<Item = A>) -> Statement {
        Statement {
            sid: None,
            effect,
            principal: None,
            action: actions.into_iter().map(Into::into).collect(),
            resource: Vec::new(),
            condition: IndexMap::new(),
        }
    }

    /// Adds a resource.
    pub fn resource(mut self, resource: impl Into<Value>) -> Statement {
        self.resource.push(resource.into());
        self
    }

    /// Adds several resources.
    pub fn resources<R: Into<Value>>(mut self, resources: impl IntoIterator<Item = R>) -> Statement {
        self.resource.extend(resources.into_iter().map(Into::into));
        self
    }

    /// Sets the principal.
    pub fn principal(mut self, principal: Principal) -> Statement {
        self.principal = Some(principal);
        self
    }

    /// Sets the statement id.
    pub fn sid(mut self, sid: impl Into<String>) -> Statement {
        self.sid = Some(sid.into());
        self
    }

    /// Adds a condition: `condition("StringEquals", "aws:SourceAccount", account)`.
    pub fn condition(
        mut self,
        operator: impl Into<String>,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Statement {
        self.condition.entry(operator.into()).or_default().insert(key.into(), value.into());
        self
    }
}

fn one_or_many<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    match items {
        [one] => one.serialize(serializer),
        many => many.serialize(serializer),
    }
}

/// An inline policy of an `AWS::IAM::Role`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InlinePolicy {
    /// Unique among the role's inline policies.
    pub policy_name: Value,
    /// The permissions.
    pub policy_document: PolicyDocument,
}

/// `AWS::IAM::Role`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    /// ARNs of managed policies attached to the role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Value>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<InlinePolicy>,
    /// The IAM path, `/` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Value>,
    /// The ARN of a managed policy that bounds the role's permissions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Value>,
    /// Session length in seconds, 3600 to 43200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<u32>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Role, "AWS::IAM::Role", List);

impl Role {
    /// A role with the given trust policy and no permissions.
    pub fn new(assume_role_policy_document: PolicyDocument) -> Role {
        Role {
            assume_role_policy_document,
            description: None,
            managed_policy_arns: Vec::new(),
            policies: Vec::new(),
            path: None,
            permissions_boundary: None,
            max_session_duration: None,
            tags: Vec::new(),
        }
    }
}

impl Handle<Role> {
    /// The role's ARN.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
    /// The role's name (`Ref`).
    pub fn role_name(&self) -> Value {
        self.reference()
    }
}

/// `AWS::IAM::Policy`: a policy attached to roles, users or groups after they
/// exist, as the CDK's `Role.addToPolicy` emits. Resources that need the
/// permissions should depend on it, since nothing else orders them after it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    /// Unique among the inline policies of each role it is attached to.
    pub policy_name: Value,
    /// The permissions.
    pub policy_document: PolicyDocument,
    /// Names of the roles it is attached to (`Ref` of a role).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Value>,
    /// Names of the users it is attached to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<Value>,
    /// Names of the groups it is attached to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Value>,
}
l1_resource!(Policy, "AWS::IAM::Policy");

impl Policy {
    /// A policy with the given name and document, attached to nothing yet.
    pub fn new(policy_name: impl Into<Value>, policy_document: PolicyDocument) -> Policy {
        Policy {
            policy_name: policy_name.into(),
            policy_document,
            roles: Vec::new(),
            users: Vec::new(),
            groups: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_action_is_a_string_and_several_are_a_list() {
        let one = Statement::allow(["logs:PutLogEvents"]).resource("*");
        assert_eq!(
            serde_json::to_value(&one).unwrap(),
            json!({ "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*" })
        );
        let many = Statement::deny(["s3:GetObject", "s3:PutObject"]).resources(["a", "b"]).sid("NoS3");
        assert_eq!(
            serde_json::to_value(&many).unwrap(),
            json!({ "Sid": "NoS3", "Effect": "Deny", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["a", "b"] })
        );
    }

    #[test]
    fn trust_policies_have_a_principal_and_no_resource() {
        let trust = PolicyDocument::assumed_by_service("lambda.amazonaws.com");
        assert_eq!(
            serde_json::to_value(&trust).unwrap(),
            json!({
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]
            })
        );
    }

    #[test]
    fn principals_and_conditions_serialise_in_iam_form() {
        let statement = Statement::allow(["sts:AssumeRole"])
            .principal(Principal::Aws("arn:aws:iam::123456789012:root".into()))
            .condition("StringEquals", "sts:ExternalId", "x")
            .condition("StringEquals", "aws:SourceAccount", "123456789012");
        assert_eq!(
            serde_json::to_value(&statement).unwrap(),
            json!({
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": { "sts:ExternalId": "x", "aws:SourceAccount": "123456789012" } }
            })
        );
        assert_eq!(serde_json::to_value(Principal::Anyone).unwrap(), json!("*"));
    }

    #[test]
    fn a_role_skips_unset_properties() {
        let role = Role {
            max_session_duration: Some(3600),
            ..Role::new(PolicyDocument::assumed_by_service("ec2.amazonaws.com"))
        };
        let json = serde_json::to_value(&role).unwrap();
        assert_eq!(
            json.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["AssumeRolePolicyDocument", "MaxSessionDuration"]
        );
        let policy = Policy { roles: vec!["r".into()], ..Policy::new("p", PolicyDocument::new([])) };
        assert_eq!(
            serde_json::to_value(&policy).unwrap(),
            json!({ "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [] }, "Roles": ["r"] })
        );
    }
}
