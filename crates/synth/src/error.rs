//! Synth errors: templates we know to be broken are never emitted.
use cfnkit_core::Quota;
use thiserror::Error;

/// Why a stack could not be synthesised. Each variant names the construct
/// path (or the stack) it is about and says how to fix it.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SynthError {
    /// A reference to something removed from the stack.
    #[error(
        "{from}: references {to}, which is not in the stack (it was removed); remove the reference or keep the target"
    )]
    DanglingReference {
        /// The construct holding the reference.
        from: String,
        /// The path the handle points at.
        to: String,
    },
    /// A handle taken from another stack.
    #[error("{from}: references {to} of stack {to_stack:?}, which is not synthesised with this stack; put both stacks in one App and synthesise it (synth_app), so the reference becomes an export and an import, or export an Output from {to_stack:?} by hand and use Value::import_value")]
    CrossStackReference {
        /// The construct holding the reference.
        from: String,
        /// The path the handle points at.
        to: String,
        /// The stack the target belongs to, or a placeholder if unknown.
        to_stack: String,
    },
    /// A reference between stacks known to deploy to different Regions or
    /// accounts, which cannot import each other's exports.
    #[error("{from}: references {to} of stack {to_stack:?}, but {difference}; exports are imported only within one Region and account: pass the value as a parameter (or through SSM Parameter Store) instead")]
    CrossEnvironmentReference {
        /// The construct holding the reference.
        from: String,
        /// The path the handle points at.
        to: String,
        /// The producing stack.
        to_stack: String,
        /// How the two stacks' environments differ, e.g. "that stack
        /// deploys to Region eu-west-1 and this one to us-east-1".
        difference: String,
    },
    /// A scanner finding suppressed in a resource's `Metadata` without a
    /// reason.
    #[error("{path}: its Metadata suppresses {tool}'s {rule} without a reason; say why the finding is accepted (suppress_checkov(id, reason)), or fix what it finds")]
    SuppressionWithoutReason {
        /// The construct path of the resource.
        path: String,
        /// `checkov` or `cfn_nag`.
        tool: String,
        /// The suppressed rule.
        rule: String,
    },
    /// A reference to another stack whose export name a hand-written
    /// Output of that stack already uses for another value.
    #[error("{from}: references {to} of another stack of the app, whose export name {export:?} the Output {output} of that stack already gives another value; rename that Output's export")]
    ExportNameTaken {
        /// The construct holding the reference.
        from: String,
        /// The construct path of the target.
        to: String,
        /// The export name the reference needs.
        export: String,
        /// The logical ID of the Output holding it.
        output: String,
    },
    /// Stacks that import from each other in a circle.
    #[error("stacks import from each other in a cycle: {}; the references that make it: {}; move the shared resources into one stack, or pass one direction as a parameter", cycle.join(" -> "), references.join(", "))]
    StackCycle {
        /// The stack names around the cycle, the first repeated at the end.
        cycle: Vec<String>,
        /// Each reference along it: `Consumer/path -> Producer/path`.
        references: Vec<String>,
    },
    /// A handle of the wrong kind in a position (e.g. a parameter in `DependsOn`).
    #[error("{from}: {to} cannot be used here: {reason}")]
    WrongReferenceKind {
        /// The construct holding the reference.
        from: String,
        /// The path the handle points at.
        to: String,
        /// What was expected.
        reason: &'static str,
    },
    /// An `Fn::Sub` template naming something that is neither one of its
    /// variables nor a pseudo-parameter.
    #[error("{from}: Fn::Sub names ${{{name}}}, which is neither one of its variables nor a pseudo-parameter; pass the thing it means as a variable, e.g. Value::sub_with(\"...${{{name}}}...\", [(\"{name}\", handle.reference())])")]
    UnknownSubVariable {
        /// The construct holding the template.
        from: String,
        /// The unknown name.
        name: String,
    },
    /// Resources that wait for each other.
    #[error("dependency cycle: {}; break it, e.g. with a separate SecurityGroupIngress resource instead of an inline rule", cycle.join(" -> "))]
    DependencyCycle {
        /// The construct paths around the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Two paths that map to one logical ID.
    #[error("{path}: its logical ID {logical_id} is already taken by {other}; rename one of the constructs")]
    DuplicateLogicalId {
        /// The later construct.
        path: String,
        /// The earlier construct.
        other: String,
        /// The shared logical ID.
        logical_id: String,
    },
    /// Network intents the template does not hold to, each with every path
    /// that fails it and every component in the way.
    #[error("{}", violations.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    IntentsFailed {
        /// Every intent that does not hold, in declaration order.
        violations: Vec<cfnkit_reach::Violation>,
    },
    /// An intent naming something that is not a resource.
    #[error("{path}: a network intent names {to}, which is not a resource; name a function, an instance or another resource with network interfaces")]
    IntentEndpointNotAResource {
        /// The stack.
        path: String,
        /// What the intent named.
        to: String,
    },
    /// AWS account quotas the template exceeds, each with its count.
    #[error("{}", findings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    QuotaExceeded {
        /// Every quota exceeded, in template order.
        findings: Vec<QuotaFinding>,
    },
    /// A CloudFormation quota exceeded.
    #[error("{stack}: {count} {what}, but CloudFormation allows at most {max} in one template; move a part into a nested stack (Stack::nested_stack, which has limits of its own) or into another stack of the app")]
    LimitExceeded {
        /// The stack name.
        stack: String,
        /// What is counted.
        what: &'static str,
        /// How many there are.
        count: usize,
        /// CloudFormation's maximum.
        max: usize,
    },
    /// A description over 1024 bytes.
    #[error("{stack}: the template description is {len} bytes; CloudFormation allows at most 1024")]
    DescriptionTooLong {
        /// The stack name.
        stack: String,
        /// Its length in bytes.
        len: usize,
    },
    /// A template body over 1 MB.
    #[error(
        "{stack}: the template is {bytes} bytes; CloudFormation accepts at most 1,000,000 (from S3); split the stack"
    )]
    TemplateTooLarge {
        /// The stack name.
        stack: String,
        /// The size of the rendered body.
        bytes: usize,
    },
    /// A stack name CloudFormation rejects.
    #[error(
        "{stack:?}: stack names must start with a letter and hold only letters, digits and '-', at most 128 characters"
    )]
    InvalidStackName {
        /// The name.
        stack: String,
    },
    /// A property override that cannot apply.
    #[error("{path}: the property override {override_path:?} cannot apply: {reason}; override an index that exists, or the whole list")]
    InvalidOverride {
        /// The resource.
        path: String,
        /// The override's path.
        override_path: String,
        /// What is wrong.
        reason: String,
    },
    /// A literal map that spells an intrinsic function wrongly.
    #[error("{from}: {message}; build intrinsics with Value's constructors and handles rather than literal maps")]
    MalformedIntrinsic {
        /// The construct holding it.
        from: String,
        /// What is wrong with it.
        message: String,
    },
    /// A name (in a literal `{"Ref": ..}` map or the like) that the template does not declare.
    #[error("{from}: refers to {name:?}, which this template does not declare ({expected}); refer to it through its handle, e.g. handle.reference() or handle.get_att(..)")]
    UndeclaredName {
        /// The construct holding the reference.
        from: String,
        /// The name.
        name: String,
        /// What the position takes.
        expected: &'static str,
    },
    /// A resource type whose `properties` is not an object.
    #[error("{path}: its properties are not an object; a resource's Resource::properties must return a map")]
    PropertiesNotAnObject {
        /// The resource.
        path: String,
    },
    /// A resource's properties break its type's schema.
    #[error(
        "{path}: its {type_name} properties break the type's schema:{}\nfix each value, or see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-{}.html",
        violations.iter().map(|v| format!("\n  - {v}")).collect::<String>(),
        type_page(type_name)
    )]
    InvalidProperties {
        /// The resource.
        path: String,
        /// Its type.
        type_name: String,
        /// What it breaks, each with its property path.
        violations: Vec<cfnkit_spec::Violation>,
    },
    /// A resource type whose service AWS has shut down (cfn-lint E3710).
    #[error("{path}: {type_name} is from a service AWS shut down on {date} (https://docs.aws.amazon.com/general/latest/gr/full_shutdown_services.html); it can no longer be created: remove it or move to the service's successor")]
    ServiceShutDown {
        /// The resource.
        path: String,
        /// Its type.
        type_name: String,
        /// When the service shut down.
        date: String,
    },
    /// A resource type the schemas do not have.
    #[error(
        "{path}: {type_name} is not a CloudFormation resource type (the schemas of cfn-lint {}){}; a third-party or private registry type is made with RawResource::third_party",
        cfnkit_spec::CFN_LINT_VERSION,
        suggestion.as_ref().map(|s| format!("; did you mean {s}?")).unwrap_or_default()
    )]
    UnknownResourceType {
        /// The resource.
        path: String,
        /// The type name given.
        type_name: String,
        /// The closest known type name.
        suggestion: Option<String>,
    },
    /// `--strict` and there were warnings.
    #[error("{count} warning(s) and --strict is set")]
    Strict {
        /// How many warnings.
        count: usize,
    },
}

/// The documentation page of a type: `AWS::EC2::Subnet` → `ec2-subnet`.
fn type_page(type_name: &str) -> String {
    type_name.split("::").skip(1).collect::<Vec<_>>().join("-").to_lowercase()
}

/// One AWS account quota a template exceeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaFinding {
    /// The construct the count belongs to (a security group, a VPC, a
    /// role), or the stack for counts over the Region or an AZ.
    pub path: String,
    /// The quota.
    pub quota: Quota,
    /// What was counted ("IPv4 inbound rules").
    pub detail: String,
    /// How many the template certainly asks for.
    pub count: u64,
    /// The quota's value: AWS's default, or the raised one recorded.
    pub limit: u32,
}

impl std::fmt::Display for QuotaFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} {}, over the account's quota of {} {} ({}); {}",
            self.path,
            self.count,
            self.detail,
            self.limit,
            self.quota,
            self.quota.source(),
            crate::quotas::fix(self.quota)
        )
    }
}
