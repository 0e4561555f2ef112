//! `VpcFunction`: a Lambda function whose network interfaces live in a
//! VPC's private subnets, with its role, security group and log group.
use std::collections::HashSet;
use std::time::Duration;

use indexmap::IndexMap;

use super::LambdaError;
use crate::description::ec2_text;
use crate::ec2::security_group::{Connectable, SecurityGroup};
use crate::ec2::subnet::{Subnet, SubnetKind};
use crate::ec2::vpc::{SubnetSelection, Vpc};
use crate::error::{check_range, Error, ErrorKind};
use crate::iam::role::{ManagedPolicy, Role};
use crate::iam::IamError;
use crate::iam::Statement;
use crate::l1::lambda::{
    self,
    function::{DeadLetterConfig, Environment, TracingConfig, VpcConfig},
};
use crate::l1::logs::LogGroup;
use crate::lambda::runtime::{Architecture, Runtime};
use crate::lambda::Code;
use crate::logs::RetentionDays;
use cfnkit_core::DeletionPolicy;
use cfnkit_core::Handle;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// The service principal of AWS Lambda, which must be able to assume a
/// function's role.
const LAMBDA_SERVICE: &str = "lambda.amazonaws.com";

/// The largest inline (`ZipFile`) source this construct accepts.
pub const MAX_INLINE_CODE_BYTES: usize = 4096;

/// Environment variable names Lambda reserves for itself.
const RESERVED_ENV: [&str; 18] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

/// A Lambda function inside a VPC.
///
/// A function in a VPC gets only private network interfaces (ENIs), so it
/// reaches the internet only through a NAT gateway: it belongs in private
/// subnets with egress, which is the default placement. It should have a
/// subnet in at least two AZs, and its subnets need free addresses for the
/// ENIs as it scales; synth warns when either is not so.
///
/// The execution role is created unless one is given. It gets the AWS
/// managed policy `AWSLambdaVPCAccessExecutionRole`: the logs permissions
/// (`logs:CreateLogGroup`, `CreateLogStream`, `PutLogEvents`) and the ENI
/// permissions Lambda needs to attach the function to the VPC
/// (`ec2:CreateNetworkInterface`, `DescribeNetworkInterfaces`,
/// `DeleteNetworkInterface`, `AssignPrivateIpAddresses`,
/// `UnassignPrivateIpAddresses`, `DescribeSubnets`). The managed policy is
/// chosen over inline statements because the ENI actions have no
/// resource-level permissions (an inline copy would be the same `"*"`
/// grant), and AWS keeps it current as Lambda's needs change. With tracing
/// on (the default), `AWSXRayDaemonWriteAccess` is attached as well.
///
/// ```
/// use std::time::Duration;
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
/// let function = VpcFunction::builder(&vpc)
///     .runtime(Runtime::Nodejs24x)
///     .handler("index.handler")
///     .code(Code::inline("exports.handler = async () => ({ statusCode: 200 });"))
///     .memory_mb(256)
///     .timeout(Duration::from_secs(10))
///     .env("STAGE", "prod")
///     .build(&mut stack, "Handler")
///     .unwrap();
/// assert_eq!(function.path(), "Handler");
/// ```
#[derive(Clone, Debug)]
pub struct VpcFunction {
    scope: Scope,
    handle: Handle<lambda::Function>,
    role: Role,
    security_groups: Vec<SecurityGroup>,
    subnets: Vec<Subnet>,
    log_group: Handle<LogGroup>,
    timeout_seconds: u32,
}

/// Builds a [`VpcFunction`]; see [`VpcFunction::builder`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until .build(stack, id) is called"]
pub struct VpcFunctionBuilder {
    vpc: Vpc,
    runtime: Option<Runtime>,
    handler: Option<String>,
    code: Option<Code>,
    architecture: Architecture,
    memory_mb: u32,
    timeout: Duration,
    environment: IndexMap<String, Value>,
    reserved_concurrency: Option<u32>,
    description: Option<String>,
    subnets: SubnetSelection,
    allow_public_subnet: bool,
    security_groups: Vec<SecurityGroup>,
    role: Option<Role>,
    statements: Vec<Statement>,
    log_retention: RetentionDays,
    tracing: bool,
    dead_letter_queue: Option<Value>,
}

impl VpcFunction {
    /// A function in `vpc`. Defaults, as the AWS CDK's where it has one:
    /// x86_64, 128 MB, 3 s, private subnets with egress, a new security
    /// group that allows all outbound traffic and no inbound, a new role,
    /// X-Ray tracing on, logs kept one month (the CDK keeps them forever;
    /// a retention period is what security scanners ask for).
    pub fn builder(vpc: &Vpc) -> VpcFunctionBuilder {
        VpcFunctionBuilder {
            vpc: vpc.clone(),
            runtime: None,
            handler: None,
            code: None,
            architecture: Architecture::default(),
            memory_mb: 128,
            timeout: Duration::from_secs(3),
            environment: IndexMap::new(),
            reserved_concurrency: None,
            description: None,
            subnets: SubnetSelection::Kind(SubnetKind::PrivateWithEgress),
            allow_public_subnet: false,
            security_groups: Vec::new(),
            role: None,
            statements: Vec::new(),
            log_retention: RetentionDays::OneMonth,
            tracing: true,
            dead_letter_queue: None,
        }
    }

    /// The function's name (`Ref`).
    pub fn function_name(&self) -> Value {
        self.handle.function_name().into()
    }

    /// The function's ARN.
    pub fn arn(&self) -> Value {
        self.handle.arn().into()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 function.
    pub fn handle(&self) -> &Handle<lambda::Function> {
        &self.handle
    }

    /// The execution role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The subnets its network interfaces are placed in.
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// The log group `/aws/lambda/<function name>`.
    pub fn log_group(&self) -> &Handle<LogGroup> {
        &self.log_group
    }

    /// The timeout, in seconds.
    pub fn timeout_seconds(&self) -> u32 {
        self.timeout_seconds
    }
}

impl Connectable for VpcFunction {
    fn security_groups(&self) -> Vec<SecurityGroup> {
        self.security_groups.clone()
    }
}

impl VpcFunctionBuilder {
    /// The runtime (required).
    pub fn runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = Some(runtime);
        self
    }

    /// The entry point, e.g. `index.handler` (required, except for
    /// `provided.al2023`, where it defaults to `bootstrap`).
    pub fn handler(mut self, handler: impl Into<String>) -> Self {
        self.handler = Some(handler.into());
        self
    }

    /// The code (required): inline, in S3, or a local path for
    /// `aws cloudformation package`.
    pub fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// The instruction set (default `x86_64`).
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = architecture;
        self
    }

    /// Memory in MB, 128 to 10240 (default 128).
    pub fn memory_mb(mut self, memory_mb: u32) -> Self {
        self.memory_mb = memory_mb;
        self
    }

    /// The timeout, 1 s to 900 s in whole seconds (default 3 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// An environment variable; the value may be a reference, such as a
    /// database instance's private IP.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.environment.insert(name.into(), value.into());
        self
    }

    /// Concurrency reserved for, and capped at, this function.
    pub fn reserved_concurrency(mut self, executions: u32) -> Self {
        self.reserved_concurrency = Some(executions);
        self
    }

    /// What the function does.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Which subnets to place it in (default: private subnets with egress).
    pub fn subnets(mut self, selection: SubnetSelection) -> Self {
        self.subnets = selection;
        self
    }

    /// Accept public subnets, as the CDK's `allowPublicSubnet`. The function
    /// still gets no public IP and cannot reach the internet from there;
    /// use this only for a function that talks to nothing outside the VPC.
    pub fn allow_public_subnet(mut self) -> Self {
        self.allow_public_subnet = true;
        self
    }

    /// Use this security group (may be called more than once) instead of a
    /// new one.
    pub fn security_group(mut self, group: &SecurityGroup) -> Self {
        self.security_groups.push(group.clone());
        self
    }

    /// Use this execution role instead of a new one. As the CDK does, the
    /// managed policies the function needs are attached to it if missing:
    /// `AWSLambdaVPCAccessExecutionRole` (network interfaces and logs) and,
    /// with tracing on, `AWSXRayDaemonWriteAccess`; Lambda refuses to create
    /// the function without them.
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// An extra permission for the function, checked for least privilege
    /// (see [`Role`]).
    pub fn statement(mut self, statement: Statement) -> Self {
        self.statements.push(statement);
        self
    }

    /// How long the log group keeps events (default one month).
    pub fn log_retention(mut self, retention: RetentionDays) -> Self {
        self.log_retention = retention;
        self
    }

    /// X-Ray active tracing (default on).
    pub fn tracing(mut self, on: bool) -> Self {
        self.tracing = on;
        self
    }

    /// Where Lambda sends the events of asynchronous invocations that
    /// failed every retry (`DeadLetterConfig`), with the role allowed to
    /// send to that queue only. Synchronous callers (an API, a queue's
    /// event source) get the error themselves and never use it.
    pub fn dead_letter_queue(mut self, queue: &crate::sqs::Queue) -> Self {
        self.statements.push(Statement::allow(["sqs:SendMessage"]).resource(queue.arn()));
        self.dead_letter_queue = Some(queue.arn());
        self
    }

    /// Checks everything, then creates the function (`<id>/Resource`), its
    /// role (`<id>/ServiceRole`), security group (`<id>/SecurityGroup`) and
    /// log group (`<id>/LogGroup`).
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<VpcFunction, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<VpcFunction, Error> {
        let path = parent.child_path(id);
        let checked = self.check(&path)?;
        let subnets = self.placement(&path)?;
        let placement_warnings = placement_warnings(&subnets, self.reserved_concurrency);

        if let Some(role) = self.role.as_ref().filter(|role| !role.trusts(LAMBDA_SERVICE)) {
            let kind = IamError::UntrustedRole { role_path: role.path().to_owned(), service: LAMBDA_SERVICE };
            return Err(Error::new(path, kind));
        }
        if let Some(role) = &self.role {
            if stack.get(role.handle()).is_none() {
                let kind = cfnkit_core::ErrorKind::ForeignHandle {
                    handle_path: role.path().to_owned(),
                    stack: stack.name().to_owned(),
                };
                return Err(cfnkit_core::Error::new(path, kind).into());
            }
        }
        let scope = stack.scope(parent, id)?;
        let (role, added_policies) = match &self.role {
            Some(role) => {
                // Lambda refuses to create a function in a VPC whose role
                // cannot manage network interfaces, or a traced one whose
                // role cannot write traces; the CDK attaches the same policies.
                let mut needed = vec![ManagedPolicy::aws("service-role/AWSLambdaVPCAccessExecutionRole").policy_arn()];
                if self.tracing {
                    needed.push(ManagedPolicy::aws("AWSXRayDaemonWriteAccess").policy_arn());
                }
                if let Some(arns) = stack.get_mut(role.handle()).and_then(|l1| l1.managed_policy_arns.items_mut()) {
                    for policy in needed {
                        if !arns.iter().any(|arn| arn.value() == &policy) {
                            arns.push(policy.into());
                        }
                    }
                }
                let mut added = Vec::new();
                for statement in &self.statements {
                    added.push(role.add_statement(stack, statement.clone())?);
                }
                (role.clone(), added)
            }
            None => {
                let mut builder = Role::builder(LAMBDA_SERVICE)
                    .description(ec2_text(&format!("Execution role of {}/{}", stack.name(), path), 1000))
                    .managed_policy(ManagedPolicy::aws("service-role/AWSLambdaVPCAccessExecutionRole"));
                if self.tracing {
                    builder = builder.managed_policy(ManagedPolicy::aws("AWSXRayDaemonWriteAccess"));
                }
                for statement in &self.statements {
                    builder = builder.statement(statement.clone());
                }
                (builder.build_in(stack, &scope, "ServiceRole")?, Vec::new())
            }
        };
        let description = format!("Lambda function {}/{}", stack.name(), path);
        let security_groups =
            SecurityGroup::given_or_new(stack, &self.vpc, &scope, &self.security_groups, description)?;

        let code = self.code.clone().expect("checked");
        let mut function = lambda::Function::new(code.to_l1(), role.arn());
        function.runtime = Some(checked.runtime.name().into());
        function.handler = Some(checked.handler.into());
        function.architectures = vec![self.architecture.name()].into();
        function.memory_size = Some(self.memory_mb.into());
        function.timeout = Some(checked.timeout_seconds.into());
        function.description = self.description.clone().map(Into::into);
        function.reserved_concurrent_executions = self.reserved_concurrency.map(Into::into);
        if !self.environment.is_empty() {
            function.environment = Some(Environment { variables: Some(Value::Map(self.environment.clone())) });
        }
        function.vpc_config = Some(VpcConfig {
            subnet_ids: subnets.iter().map(|s| s.subnet_id()).collect(),
            security_group_ids: security_groups.iter().map(|g| g.group_id()).collect(),
            ..VpcConfig::new()
        });
        if self.tracing {
            function.tracing_config = Some(TracingConfig { mode: Some("Active".into()) });
        }
        if let Some(queue) = &self.dead_letter_queue {
            function.dead_letter_config = Some(DeadLetterConfig { target_arn: Some(queue.clone().into()) });
        }
        let handle = stack.add(&scope, "Resource", function)?;
        self.accept_scanner_findings(stack.options_mut(&handle)?);
        if let Code::LocalPath(local) = &code {
            // `aws cloudformation package` takes the path as the whole `Code`.
            stack.add_property_override(&handle, "Code", Value::String(local.clone()))?;
        }
        for policy in &added_policies {
            stack.add_dependency(&handle, policy)?;
        }

        let log_group = LogGroup {
            log_group_name: Some(
                Value::sub_with("/aws/lambda/${Function}", [("Function", handle.function_name())]).into(),
            ),
            retention_in_days: Some(self.log_retention.into()),
            ..LogGroup::default()
        };
        let log_group = stack.add(&scope, "LogGroup", log_group)?;
        let log_group_options = stack.options_mut(&log_group)?;
        log_group_options.set_removal_policy(DeletionPolicy::Delete);
        log_group_options.suppress_checkov("CKV_AWS_158", crate::logs::SERVICE_ENCRYPTION_REASON);

        for message in placement_warnings {
            stack.warn(path.clone(), message);
        }
        for (name, value) in &self.environment {
            let template = match value {
                Value::String(text) | Value::Sub(text, _) => text.as_str(),
                _ => "",
            };
            if template.contains("{{resolve:secretsmanager:") || template.contains("{{resolve:ssm-secure:") {
                stack.warn(
                    path.clone(),
                    format!(
                        "the environment variable {name} resolves a secret at deploy: its value is then plain \
                         text in the function's configuration, readable by anyone allowed \
                         lambda:GetFunctionConfiguration; pass the secret's ARN and read it at run time \
                         (Secret::grant_read)"
                    ),
                );
            }
        }
        if self.reserved_concurrency == Some(0) {
            stack.warn(path.clone(), "reserved concurrency 0 stops the function from running at all");
        }
        Ok(VpcFunction {
            scope,
            handle,
            role,
            security_groups,
            subnets,
            log_group,
            timeout_seconds: checked.timeout_seconds,
        })
    }

    /// The checkov findings a function built with these settings carries
    /// on purpose, each with its reason in the function's `Metadata`.
    fn accept_scanner_findings(&self, options: &mut cfnkit_core::ResourceOptions) {
        if self.dead_letter_queue.is_none() {
            options.suppress_checkov(
                "CKV_AWS_116",
                "no dead-letter queue: one catches only failed asynchronous invocations, and a synchronous caller \
                 (an API, a queue's event source) gets the error itself; if anything invokes this function \
                 asynchronously (S3, SNS, EventBridge), give it one with dead_letter_queue(..)",
            );
        }
        if self.reserved_concurrency.is_none() {
            options.suppress_checkov(
                "CKV_AWS_115",
                "no reserved concurrency: reserving it takes from the account's pool (Lambda keeps 100 \
                 unreserved, so it fails in accounts with a low quota) and caps the function; set \
                 reserved_concurrency(..) to cap it",
            );
        }
        if !self.environment.is_empty() {
            options.suppress_checkov(
                "CKV_AWS_173",
                "environment variables are encrypted at rest with Lambda's AWS managed key; they are for \
                 configuration, and a secret is read from Secrets Manager at run time instead (synth warns of a \
                 secret resolved into one)",
            );
        }
    }

    fn check(&self, path: &str) -> Result<Checked, Error> {
        let invalid = |kind: LambdaError| Error::new(path, kind);
        let runtime = self.runtime.ok_or_else(|| invalid(LambdaError::MissingRuntime))?;
        let handler = match (&self.handler, runtime) {
            (Some(handler), _) if !handler.trim().is_empty() => handler.clone(),
            (None, Runtime::ProvidedAl2023) => "bootstrap".to_owned(),
            _ => return Err(invalid(LambdaError::MissingHandler)),
        };
        match &self.code {
            None => return Err(invalid(LambdaError::MissingCode)),
            Some(Code::Inline { zip_file }) => {
                if !runtime.accepts_inline_code() {
                    return Err(invalid(LambdaError::InlineCodeUnsupported { runtime: runtime.name() }));
                }
                if let Some(source) = zip_file.as_literal_str() {
                    let bytes = i64::try_from(source.len()).unwrap_or(i64::MAX);
                    check_range(path, "inline code bytes", bytes, 1, MAX_INLINE_CODE_BYTES as i64)?;
                }
            }
            Some(_) => {}
        }
        check_range(path, "memory_mb", i64::from(self.memory_mb), 128, 10240)?;
        let whole_seconds = self.timeout.as_secs();
        let seconds = i64::try_from(whole_seconds).unwrap_or(i64::MAX);
        if self.timeout.subsec_nanos() != 0 {
            // A fraction of a second is refused as out of range, as before.
            return Err(Error::new(
                path,
                ErrorKind::OutOfRange { field: "timeout seconds", value: seconds, min: 1, max: 900 },
            ));
        }
        check_range(path, "timeout seconds", seconds, 1, 900)?;
        for name in self.environment.keys() {
            // Lambda's pattern is [a-zA-Z][a-zA-Z0-9_]+: at least two characters.
            let valid = name.len() >= 2
                && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(invalid(LambdaError::InvalidEnvironmentName { name: name.clone() }));
            }
            if RESERVED_ENV.contains(&name.as_str()) {
                return Err(invalid(LambdaError::ReservedEnvironmentName { name: name.clone() }));
            }
        }
        Ok(Checked { runtime, handler, timeout_seconds: whole_seconds as u32 })
    }

    fn placement(&self, path: &str) -> Result<Vec<Subnet>, Error> {
        let subnets = self.vpc.select_subnets_for(path, &self.subnets)?;
        self.vpc.check_security_groups(path, &self.security_groups)?;
        if let Some(public) = subnets.iter().find(|s| s.kind() == SubnetKind::Public) {
            if !self.allow_public_subnet {
                return Err(Error::new(path, LambdaError::PublicSubnet { subnet_path: public.path().to_owned() }));
            }
        }
        Ok(subnets)
    }
}

struct Checked {
    runtime: Runtime,
    handler: String,
    timeout_seconds: u32,
}

/// The practices of the seed tutorial: a subnet in at least two AZs, and
/// enough free addresses for the function's network interfaces.
fn placement_warnings(subnets: &[Subnet], reserved_concurrency: Option<u32>) -> Vec<String> {
    let mut warnings = Vec::new();
    let zones: Vec<_> = subnets.iter().map(Subnet::availability_zone).collect();
    if zones.iter().all(Option::is_some) {
        let distinct: HashSet<_> = zones.iter().flatten().collect();
        if distinct.len() < 2 {
            warnings.push(format!(
                "the function's subnets are in {} Availability Zone; give it subnets in at least two so that it keeps running when one AZ fails",
                distinct.len()
            ));
        }
    }
    if let Some(concurrency) = reserved_concurrency {
        let addresses: Option<u64> = subnets.iter().map(Subnet::usable_addresses).sum();
        if let Some(addresses) = addresses.filter(|a| *a < u64::from(concurrency)) {
            warnings.push(format!(
                "the function's subnets have {addresses} usable addresses for a reserved concurrency of {concurrency}; network interfaces may run out as it scales: use larger subnets"
            ));
        }
    }
    warnings
}

/// A grant to a function goes to its execution role.
impl crate::iam::Grantable for VpcFunction {
    fn grant_role(&self) -> &Role {
        self.role()
    }
}

impl crate::lambda::LambdaTarget for VpcFunction {
    fn function_arn(&self) -> Value {
        self.arn()
    }

    fn function_path(&self) -> &str {
        self.path()
    }

    fn timeout_seconds(&self) -> u32 {
        self.timeout_seconds
    }
}

/// A function is an endpoint of network intents: one interface per subnet
/// it may use.
impl From<&VpcFunction> for cfnkit_core::Endpoint {
    fn from(function: &VpcFunction) -> cfnkit_core::Endpoint {
        cfnkit_core::Endpoint::from(function.handle())
    }
}
