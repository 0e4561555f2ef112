//! The `Role` L2 construct: an IAM role an AWS service assumes, with
//! least-privilege checks on the permissions it is given.
use super::IamError;
use crate::error::{check_range, Error};
use crate::iam::{Effect, PolicyDocument, Statement};
use crate::l1::iam::{self, role::Policy as InlinePolicy};
use cfnkit_core::Handle;
use cfnkit_core::StableHash;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// An AWS service that may assume a role, e.g. `lambda.amazonaws.com`.
///
/// Strings convert into it, so `Role::builder("lambda.amazonaws.com")` works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePrincipal(String);

impl ServicePrincipal {
    /// The principal for a service's host name, e.g. `apigateway.amazonaws.com`.
    pub fn new(service: impl Into<String>) -> ServicePrincipal {
        ServicePrincipal(service.into())
    }

    /// The service's principal name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl From<&str> for ServicePrincipal {
    fn from(service: &str) -> ServicePrincipal {
        ServicePrincipal::new(service)
    }
}

impl From<String> for ServicePrincipal {
    fn from(service: String) -> ServicePrincipal {
        ServicePrincipal(service)
    }
}

/// A managed policy to attach to a role.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagedPolicy {
    kind: ManagedPolicyKind,
}

#[derive(Clone, Debug, PartialEq)]
enum ManagedPolicyKind {
    Aws(String),
    Arn(Value),
}

impl ManagedPolicy {
    /// An AWS-managed policy by its name, with any path:
    /// `ManagedPolicy::aws("service-role/AWSLambdaVPCAccessExecutionRole")`.
    ///
    /// Its ARN is written with `${AWS::Partition}`, so the template works in
    /// the China and GovCloud partitions too.
    pub fn aws(name: impl Into<String>) -> ManagedPolicy {
        ManagedPolicy { kind: ManagedPolicyKind::Aws(name.into()) }
    }

    /// A customer-managed policy by its ARN.
    pub fn arn(arn: impl Into<Value>) -> ManagedPolicy {
        ManagedPolicy { kind: ManagedPolicyKind::Arn(arn.into()) }
    }

    /// The policy's ARN.
    pub fn policy_arn(&self) -> Value {
        match &self.kind {
            ManagedPolicyKind::Aws(name) => Value::sub(format!("arn:${{AWS::Partition}}:iam::aws:policy/{name}")),
            ManagedPolicyKind::Arn(arn) => arn.clone(),
        }
    }

    fn check(&self, path: &str) -> Result<(), Error> {
        let ManagedPolicyKind::Aws(name) = &self.kind else { return Ok(()) };
        let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_/-".contains(c));
        if name.is_empty() || name.starts_with('/') || name.ends_with('/') || name.starts_with("arn:") || !valid_chars {
            return Err(Error::new(path, IamError::InvalidManagedPolicyName { name: name.clone() }));
        }
        Ok(())
    }
}

/// An IAM role that an AWS service assumes.
///
/// # Least privilege
///
/// Statements (given to [`RoleBuilder::statement`] or
/// [`Role::add_statement`]) are checked when they are added. An `Allow`
/// statement whose `Resource` covers everything (`"*"`, or an ARN whose
/// service or resource part is only wildcards: `arn:aws:s3:::*`, `arn:*`,
/// also inside `Fn::Sub`) may only list read-only metadata actions: those
/// whose name (after a named service) starts with `Describe` or `List`,
/// such as `ec2:DescribeNetworkInterfaces`, except a few that return
/// secrets with the metadata (`lambda:ListFunctions` returns environment
/// variables, `ec2:DescribeInstanceAttribute` user data).
/// Anything else on `"*"` (a write, a data read such as
/// `secretsmanager:GetSecretValue`, `s3:*` or `*`) is an
/// [`IamError::WildcardPermission`](super::IamError::WildcardPermission), unless
/// [`RoleBuilder::allow_wildcard_resource`] was called: some actions
/// (`xray:PutTraceSegments`, for one) have no resource-level permissions,
/// and that call records that the wildcard is intended. `Deny` statements
/// are never restricted.
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let role = Role::builder("lambda.amazonaws.com")
///     .description("GraphQL handler")
///     .managed_policy(ManagedPolicy::aws("service-role/AWSLambdaVPCAccessExecutionRole"))
///     .statement(Statement::allow(["ssm:GetParameter"]).resource("arn:aws:ssm:eu-west-1:123456789012:parameter/db"))
///     .build(&mut stack, "HandlerRole")
///     .unwrap();
/// let policy = role
///     .add_statement(&mut stack, Statement::allow(["sqs:SendMessage"]).resource("arn:aws:sqs:eu-west-1:123456789012:jobs"))
///     .unwrap();
/// assert_eq!(policy.path(), "HandlerRole/Policy1");
///
/// let refused = Role::builder("lambda.amazonaws.com")
///     .statement(Statement::allow(["s3:*"]).resource("*"))
///     .build(&mut stack, "TooBroad");
/// assert!(refused.is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Role {
    handle: Handle<iam::Role>,
    scope: Scope,
    principal: ServicePrincipal,
    allow_wildcard_resource: bool,
}

/// Builds a [`Role`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until .build(stack, id) is called"]
pub struct RoleBuilder {
    principal: ServicePrincipal,
    managed_policies: Vec<ManagedPolicy>,
    statements: Vec<Statement>,
    description: Option<String>,
    max_session_duration: Option<u32>,
    allow_wildcard_resource: bool,
}

impl Role {
    /// Whether the role's trust policy lets `service` (`lambda.amazonaws.com`,
    /// ...) assume it: a construct given a role for a service checks this,
    /// since IAM would refuse the role at deploy.
    pub fn trusts(&self, service: &str) -> bool {
        self.principal.name() == service
    }

    /// A builder for a role the given service may assume.
    pub fn builder(principal: impl Into<ServicePrincipal>) -> RoleBuilder {
        RoleBuilder {
            principal: principal.into(),
            managed_policies: Vec::new(),
            statements: Vec::new(),
            description: None,
            max_session_duration: None,
            allow_wildcard_resource: false,
        }
    }

    /// The role's ARN, e.g. for a Lambda function's `Role`.
    pub fn arn(&self) -> Value {
        self.handle.arn().into()
    }

    /// The L1 role, for its other attributes and for `DependsOn`.
    pub fn handle(&self) -> &Handle<iam::Role> {
        &self.handle
    }

    /// The construct path of the role's scope.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// Grants a statement after the role was built, as its own
    /// `AWS::IAM::Policy` in the role's scope (`<role>/Policy1`, `Policy2`, ...).
    ///
    /// Nothing orders other resources after that policy: a resource that
    /// needs the permission while it is being created should depend on the
    /// returned handle (`stack.add_dependency(&function, &policy)`).
    pub fn add_statement(&self, stack: &mut Stack, statement: Statement) -> Result<Handle<iam::Policy>, Error> {
        check_statement(self.path(), &statement, self.allow_wildcard_resource)?;
        let document = PolicyDocument::new([statement]);
        // Ids are probed rather than counted so that clones of a `Role` do
        // not hand out the same id twice.
        for n in 1..=MAX_POLICIES {
            let id = format!("Policy{n}");
            let name = policy_name(&self.scope.child_path(&id));
            let policy =
                iam::Policy { roles: vec![self.handle.role_name()].into(), ..iam::Policy::new(document.clone(), name) };
            if stack.has_child(&self.scope, &id) {
                continue;
            }
            return Ok(stack.add(&self.scope, &id, policy)?);
        }
        Err(Error::new(self.path(), IamError::TooManyPolicies { max: MAX_POLICIES }))
    }
}

impl RoleBuilder {
    /// Attaches a managed policy.
    pub fn managed_policy(mut self, policy: ManagedPolicy) -> RoleBuilder {
        self.managed_policies.push(policy);
        self
    }

    /// Adds a statement to the role's inline policy (checked, see [`Role`]).
    pub fn statement(mut self, statement: Statement) -> RoleBuilder {
        self.statements.push(statement);
        self
    }

    /// What the role is for (at most 1000 characters).
    pub fn description(mut self, description: impl Into<String>) -> RoleBuilder {
        self.description = Some(description.into());
        self
    }

    /// The longest session, in seconds (3600 to 43200; IAM's default is 3600).
    pub fn max_session_duration(mut self, seconds: u32) -> RoleBuilder {
        self.max_session_duration = Some(seconds);
        self
    }

    /// Accepts statements that allow non-read-only actions on `"*"`, for
    /// actions that have no resource-level permissions. See [`Role`].
    pub fn allow_wildcard_resource(mut self) -> RoleBuilder {
        self.allow_wildcard_resource = true;
        self
    }

    /// Checks the settings and adds the role (`<id>/Resource`) to the stack.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Role, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Role, Error> {
        let path = parent.child_path(id);
        check_principal(&path, &self.principal)?;
        for policy in &self.managed_policies {
            policy.check(&path)?;
        }
        for statement in &self.statements {
            check_statement(&path, statement, self.allow_wildcard_resource)?;
        }
        if let Some(seconds) = self.max_session_duration {
            check_range(&path, "max_session_duration", i64::from(seconds), 3600, 43200)?;
        }
        if let Some(description) = &self.description {
            let length = description.chars().count();
            if length > MAX_DESCRIPTION_CHARS {
                return Err(Error::new(path, IamError::DescriptionTooLong { length, max: MAX_DESCRIPTION_CHARS }));
            }
        }

        let scope = stack.scope(parent, id)?;
        let mut role = iam::Role::new(PolicyDocument::assumed_by_service(self.principal.name()));
        role.description = self.description.map(Into::into);
        role.managed_policy_arns = self.managed_policies.iter().map(|p| p.policy_arn()).collect();
        role.max_session_duration = self.max_session_duration.map(Into::into);
        if !self.statements.is_empty() {
            role.policies = vec![InlinePolicy::new(PolicyDocument::new(self.statements), "Default")].into();
        }
        let handle = stack.add(&scope, "Resource", role)?;
        Ok(Role { handle, scope, principal: self.principal, allow_wildcard_resource: self.allow_wildcard_resource })
    }
}

/// IAM's quota of inline policy size per role (10,240 characters) is hit
/// long before this many policies.
const MAX_POLICIES: u32 = 1000;

/// IAM's limit on a role's description, in characters.
const MAX_DESCRIPTION_CHARS: usize = 1000;

/// IAM policy names: at most 128 of `[A-Za-z0-9+=,.@_-]`. The construct
/// path's letters and digits, and where they are too long, their start and
/// a hash of the whole path, so that two policies of one role never share
/// a name (a second `PutRolePolicy` of a name replaces the first).
fn policy_name(path: &str) -> String {
    let readable: String = path.chars().filter(char::is_ascii_alphanumeric).collect();
    if readable.len() <= 128 {
        return readable;
    }
    format!("{}{:08X}", &readable[..120], StableHash::of(path))
}

fn check_principal(path: &str, principal: &ServicePrincipal) -> Result<(), Error> {
    let name = principal.name();
    let valid = name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(Error::new(path, IamError::InvalidServicePrincipal { name: name.to_owned() }))
    }
}

/// Whether an action only reads metadata: `service:Describe*` or `service:List*`.
/// Describe and List actions that return secrets (environment variables,
/// user data, task definitions) along with metadata.
const DATA_RETURNING_READS: [&str; 6] = [
    "lambda:listfunctions",
    "lambda:listversionsbyfunction",
    "ec2:describeinstanceattribute",
    "ec2:describelaunchtemplateversions",
    "ecs:describetaskdefinition",
    "cloudformation:describestacks",
];

fn is_read_only_metadata(action: &str) -> bool {
    let Some((service, verb)) = action.split_once(':') else { return false };
    if service.contains('*') || DATA_RETURNING_READS.contains(&action.to_ascii_lowercase().as_str()) {
        return false;
    }
    let verb = verb.to_ascii_lowercase();
    verb.starts_with("describe") || verb.starts_with("list")
}

/// Whether a resource names every resource of its service (or of all): `*`,
/// `arn:*`, `arn:aws:s3:::*`, `arn:${AWS::Partition}:iam::*:*`, a
/// `Fn::Sub` of those. An ARN whose resource part is only wildcards is no
/// narrower than `*`.
fn is_wildcard_resource(resource: &Value) -> bool {
    let text = match resource {
        Value::String(text) => text.as_str(),
        Value::Sub(template, _) => template.as_str(),
        _ => return false,
    };
    let only_wildcards = |part: &str| !part.is_empty() && part.chars().all(|c| c == '*' || c == '/' || c == ':');
    if only_wildcards(text) {
        return true;
    }
    let fields: Vec<&str> = text.splitn(6, ':').collect();
    match fields.as_slice() {
        ["arn", .., resource_part] if fields.len() == 6 => only_wildcards(resource_part) || fields[2] == "*",
        ["arn", ..] => text.contains('*'),
        _ => false,
    }
}

/// Checks a statement of an identity policy: its form, and the
/// least-privilege rule documented on [`Role`].
fn check_statement(path: &str, statement: &Statement, allow_wildcard_resource: bool) -> Result<(), Error> {
    let invalid = |kind: IamError| Err(Error::new(path, kind));
    if statement.action.is_empty() {
        return invalid(IamError::NoActions);
    }
    for action in &statement.action {
        let well_formed = action == "*"
            || action.split_once(':').is_some_and(|(service, verb)| {
                !service.is_empty() && !verb.is_empty() && !verb.contains(':') && !action.contains(char::is_whitespace)
            });
        if !well_formed {
            return invalid(IamError::InvalidAction { action: action.clone() });
        }
    }
    if statement.resource.is_empty() {
        return invalid(IamError::NoResources);
    }
    if statement.principal.is_some() {
        return invalid(IamError::PrincipalInIdentityPolicy);
    }
    let on_everything = statement.resource.iter().any(|r| is_wildcard_resource(r.value()));
    if statement.effect == Effect::Allow && on_everything && !allow_wildcard_resource {
        if let Some(action) = statement.action.iter().find(|a| !is_read_only_metadata(a)) {
            return invalid(IamError::WildcardPermission { action: action.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_of_only_wildcards_count_as_everything() {
        for resource in [
            Value::from("*"),
            Value::from("arn:*"),
            Value::from("arn:aws:s3:::*"),
            Value::from("arn:aws:iam::*:*"),
            Value::sub("arn:${AWS::Partition}:iam::*:*"),
            Value::sub("*"),
            Value::from("arn:aws:*:us-east-1:123456789012:thing"),
        ] {
            assert!(is_wildcard_resource(&resource), "{resource:?}");
        }
        for resource in [
            Value::from("arn:aws:s3:::bucket/*"),
            Value::from("arn:aws:sqs:us-east-1:123456789012:jobs"),
            Value::sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/fn:*"),
        ] {
            assert!(!is_wildcard_resource(&resource), "{resource:?}");
        }
    }

    #[test]
    fn read_only_metadata_actions_are_describe_and_list() {
        for action in ["ec2:DescribeInstances", "s3:ListAllMyBuckets", "ec2:describe*", "logs:List*"] {
            assert!(is_read_only_metadata(action), "{action}");
        }
        for action in [
            "*",
            "s3:*",
            "s3:GetObject",
            "secretsmanager:GetSecretValue",
            "ec2:RunInstances",
            "Describe",
            "*:List*",
            "lambda:ListFunctions",
            "ec2:DescribeInstanceAttribute",
        ] {
            assert!(!is_read_only_metadata(action), "{action}");
        }
    }

    #[test]
    fn aws_managed_policy_arns_are_partition_agnostic() {
        assert_eq!(
            ManagedPolicy::aws("AWSXRayDaemonWriteAccess").policy_arn().to_json_with_paths().unwrap(),
            serde_json::json!({ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess" })
        );
    }
}
