//! Typed IAM policy documents: what roles, policies and resource policies
//! hold. The L1 types take a policy document as free-form JSON (a
//! `Value`); these build one that is well-formed by construction.
use cfnkit_core::{IndexMap, PropertyMap, Str, ToValue, Value};

/// The only policy language version IAM documents should use; the older
/// `2008-10-17` lacks policy variables.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM policy document: `{"Version": "2012-10-17", "Statement": [...]}`.
///
/// ```
/// use cfnkit_core::ToValue;
/// use cfnkit_constructs::iam::{PolicyDocument, Statement};
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

impl From<PolicyDocument> for Value {
    fn from(document: PolicyDocument) -> Value {
        document.to_value()
    }
}

impl From<&PolicyDocument> for Value {
    fn from(document: &PolicyDocument) -> Value {
        document.to_value()
    }
}
