//! `AWS::IAM::*` resource types, and the typed policy document they share.
use indexmap::IndexMap;

use cfnkit_core::{attributes, Attributes, Int, PropertyMap, Resource, Str, Tag, TagShape, ToValue, Value};

/// The only policy language version IAM documents should use; the older
/// `2008-10-17` lacks policy variables.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
///
/// ```
/// use cfnkit_core::ToValue;
/// use cfnkit_l1::iam::{PolicyDocument, Statement};
///
/// let document = PolicyDocument::new([Statement::allow(["s3:GetObject"]).resource("arn:aws:s3:::b/*")]);
/// assert_eq!(
///     document.to_value().to_json_with_paths().unwrap(),
///     serde_json::json!({
///         "Version": "2012-10-17",
///         "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }]
///     })
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    /// The policy language version; [`POLICY_VERSION`] unless you know better.
    pub version: String,
    /// The statements.
    pub statement: Vec<Statement>,
}

impl ToValue for PolicyDocument {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("Version", &self.version).required("Statement", &self.statement).build()
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl ToValue for Effect {
    fn to_value(&self) -> Value {
        Value::from(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

impl ToValue for Principal {
    fn to_value(&self) -> Value {
        let (key, value) = match self {
            Principal::Anyone => return Value::from("*"),
            Principal::Service(service) => ("Service", Value::from(service)),
            Principal::Aws(value) => ("AWS", value.clone()),
            Principal::Federated(value) => ("Federated", value.clone()),
        };
        Value::map([(key, value)])
    }
}

/// One statement of a policy document.
///
/// `Action` and `Resource` are written as a single value when there is one,
/// and as a list otherwise, as IAM's own documents do.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// An optional statement id.
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// Who it applies to: trust and resource policies only.
    pub principal: Option<Principal>,
    /// Actions such as `s3:GetObject`.
    pub action: Vec<String>,
    /// Resource ARNs; empty in a trust policy.
    pub resource: Vec<Str>,
    /// `{operator: {key: value}}`, e.g. `{"StringEquals": {"aws:SourceAccount": ...}}`.
    pub condition: IndexMap<String, IndexMap<String, Value>>,
}

impl ToValue for Statement {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .optional("Sid", &self.sid)
            .required("Effect", &self.effect)
            .optional("Principal", &self.principal)
            .required("Action", &OneOrMany(&self.action))
            .optional("Resource", &OneOrMany(&self.resource))
            .optional("Condition", &self.condition)
            .build()
    }
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
    pub fn resource(mut self, resource: impl Into<Str>) -> Statement {
        self.resource.push(resource.into());
        self
    }

    /// Adds several resources.
    pub fn resources<R: Into<Str>>(mut self, resources: impl IntoIterator<Item = R>) -> Statement {
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

/// A list written as its one element when it has one, as IAM's own
/// documents write `Action` and `Resource`.
struct OneOrMany<'a, T>(&'a [T]);

impl<T: ToValue> ToValue for OneOrMany<'_, T> {
    fn to_value(&self) -> Value {
        match self.0 {
            [one] => one.to_value(),
            many => Value::List(many.iter().map(ToValue::to_value).collect()),
        }
    }

    fn is_unset(&self) -> bool {
        self.0.is_empty()
    }
}

/// An inline policy of an `AWS::IAM::Role`.
#[derive(Clone, Debug, PartialEq)]
pub struct InlinePolicy {
    /// Unique among the role's inline policies.
    pub policy_name: Str,
    /// The permissions.
    pub policy_document: PolicyDocument,
}

impl ToValue for InlinePolicy {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("PolicyName", &self.policy_name)
            .required("PolicyDocument", &self.policy_document)
            .build()
    }
}

/// `AWS::IAM::Role`.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role is for.
    pub description: Option<Str>,
    /// ARNs of managed policies attached to the role.
    pub managed_policy_arns: Vec<Str>,
    /// Inline policies.
    pub policies: Vec<InlinePolicy>,
    /// The IAM path, `/` by default.
    pub path: Option<Str>,
    /// The ARN of a managed policy that bounds the role's permissions.
    pub permissions_boundary: Option<Str>,
    /// Session length in seconds, 3600 to 43200.
    pub max_session_duration: Option<Int>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Role {
    const TYPE_NAME: &'static str = "AWS::IAM::Role";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = RoleAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("AssumeRolePolicyDocument", &self.assume_role_policy_document)
            .optional("Description", &self.description)
            .optional("ManagedPolicyArns", &self.managed_policy_arns)
            .optional("Policies", &self.policies)
            .optional("Path", &self.path)
            .optional("PermissionsBoundary", &self.permissions_boundary)
            .optional("MaxSessionDuration", &self.max_session_duration)
            .optional("Tags", &self.tags)
            .build()
    }
}

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

attributes! {
    /// What a `Handle<Role>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct RoleAttributes;
}

impl RoleAttributes {
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
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Unique among the inline policies of each role it is attached to.
    pub policy_name: Str,
    /// The permissions.
    pub policy_document: PolicyDocument,
    /// Names of the roles it is attached to (`Ref` of a role).
    pub roles: Vec<Str>,
    /// Names of the users it is attached to.
    pub users: Vec<Str>,
    /// Names of the groups it is attached to.
    pub groups: Vec<Str>,
}

attributes! {
    /// What a `Handle<Policy>` gives: its `Ref` (`handle.reference()`).
    pub struct PolicyAttributes;
}

impl Resource for Policy {
    const TYPE_NAME: &'static str = "AWS::IAM::Policy";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = PolicyAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("PolicyName", &self.policy_name)
            .required("PolicyDocument", &self.policy_document)
            .optional("Roles", &self.roles)
            .optional("Users", &self.users)
            .optional("Groups", &self.groups)
            .build()
    }
}

impl Policy {
    /// A policy with the given name and document, attached to nothing yet.
    pub fn new(policy_name: impl Into<Str>, policy_document: PolicyDocument) -> Policy {
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

    use crate::test_support::json_of;

    #[test]
    fn one_action_is_a_string_and_several_are_a_list() {
        let one = Statement::allow(["logs:PutLogEvents"]).resource("*");
        assert_eq!(json_of(&one), json!({ "Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*" }));
        let many = Statement::deny(["s3:GetObject", "s3:PutObject"]).resources(["a", "b"]).sid("NoS3");
        assert_eq!(
            json_of(&many),
            json!({ "Sid": "NoS3", "Effect": "Deny", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["a", "b"] })
        );
    }

    #[test]
    fn trust_policies_have_a_principal_and_no_resource() {
        let trust = PolicyDocument::assumed_by_service("lambda.amazonaws.com");
        assert_eq!(
            json_of(&trust),
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
            json_of(&statement),
            json!({
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": { "sts:ExternalId": "x", "aws:SourceAccount": "123456789012" } }
            })
        );
        assert_eq!(json_of(&Principal::Anyone), json!("*"));
    }

    #[test]
    fn a_role_skips_unset_properties() {
        let role = Role {
            max_session_duration: Some(3600.into()),
            ..Role::new(PolicyDocument::assumed_by_service("ec2.amazonaws.com"))
        };
        let json = json_of(&role);
        assert_eq!(
            json.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["AssumeRolePolicyDocument", "MaxSessionDuration"]
        );
        let policy = Policy { roles: vec!["r".into()], ..Policy::new("p", PolicyDocument::new([])) };
        assert_eq!(
            json_of(&policy),
            json!({ "PolicyName": "p", "PolicyDocument": { "Version": "2012-10-17", "Statement": [] }, "Roles": ["r"] })
        );
    }
}
