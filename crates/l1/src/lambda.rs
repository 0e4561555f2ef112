//! `AWS::Lambda::*` resource types.
use indexmap::IndexMap;

use cfnkit_core::{attributes, Attributes, Int, PropertyMap, Resource, Str, Tag, TagShape, ToValue, Value};

/// Where a function's code comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Code {
    /// Source inline in the template (`nodejs*` and `python*` runtimes
    /// only). `VpcFunction` takes at most 4096 bytes of it, the limit the
    /// CloudFormation documentation gives for `ZipFile`; larger code goes to S3.
    Inline {
        /// The source of `index.*` (`ZipFile`).
        zip_file: Str,
    },
    /// A deployment package in S3.
    S3 {
        /// The bucket, in the function's region (`S3Bucket`).
        s3_bucket: Str,
        /// The object key of the `.zip` (`S3Key`).
        s3_key: Str,
        /// For versioned buckets (`S3ObjectVersion`).
        s3_object_version: Option<Str>,
    },
    /// A local path, for `aws cloudformation package` (see [`Code::local_path`]).
    LocalPath(String),
}

impl ToValue for Code {
    fn to_value(&self) -> Value {
        match self {
            Code::Inline { zip_file } => PropertyMap::new().required("ZipFile", zip_file).build(),
            Code::S3 { s3_bucket, s3_key, s3_object_version } => PropertyMap::new()
                .required("S3Bucket", s3_bucket)
                .required("S3Key", s3_key)
                .optional("S3ObjectVersion", s3_object_version)
                .build(),
            Code::LocalPath(path) => Value::String(path.clone()),
        }
    }
}

impl Code {
    /// A local file or folder that `aws cloudformation package` uploads to
    /// S3 and replaces with its location; the template must be packaged
    /// before it is deployed.
    pub fn local_path(path: impl Into<String>) -> Code {
        Code::LocalPath(path.into())
    }

    /// Inline source code.
    pub fn inline(source: impl Into<Str>) -> Code {
        Code::Inline { zip_file: source.into() }
    }

    /// A package in S3.
    pub fn s3(bucket: impl Into<Str>, key: impl Into<Str>) -> Code {
        Code::S3 { s3_bucket: bucket.into(), s3_key: key.into(), s3_object_version: None }
    }
}

/// A function's environment variables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    /// Name to value; reserved names such as `AWS_REGION` are rejected by Lambda.
    pub variables: IndexMap<String, Value>,
}

impl ToValue for Environment {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("Variables", &self.variables).build()
    }
}

/// A function's network placement in a VPC.
#[derive(Clone, Debug, PartialEq)]
pub struct VpcConfig {
    /// Subnets for the function's network interfaces.
    pub subnet_ids: Vec<Str>,
    /// Security groups of those interfaces.
    pub security_group_ids: Vec<Str>,
}

impl ToValue for VpcConfig {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("SubnetIds", &self.subnet_ids)
            .required("SecurityGroupIds", &self.security_group_ids)
            .build()
    }
}

/// X-Ray tracing.
#[derive(Clone, Debug, PartialEq)]
pub struct TracingConfig {
    /// `Active` or `PassThrough`.
    pub mode: Str,
}

impl ToValue for TracingConfig {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("Mode", &self.mode).build()
    }
}

/// Where and how the function logs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoggingConfig {
    /// The log group name; `/aws/lambda/<function name>` when unset.
    pub log_group: Option<Str>,
    /// `Text` or `JSON`.
    pub log_format: Option<Str>,
    /// Application log level (JSON format only).
    pub application_log_level: Option<Str>,
    /// System log level (JSON format only).
    pub system_log_level: Option<Str>,
}

impl ToValue for LoggingConfig {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .optional("LogGroup", &self.log_group)
            .optional("LogFormat", &self.log_format)
            .optional("ApplicationLogLevel", &self.application_log_level)
            .optional("SystemLogLevel", &self.system_log_level)
            .build()
    }
}

/// `AWS::Lambda::Function`.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The code.
    pub code: Code,
    /// The execution role's ARN.
    pub role: Str,
    /// The entry point, e.g. `index.handler`.
    pub handler: Option<Str>,
    /// The runtime, e.g. `nodejs24.x`.
    pub runtime: Option<Str>,
    /// Memory in MB, 128 to 10240.
    pub memory_size: Option<Int>,
    /// Timeout in seconds; Lambda's default is 3.
    pub timeout: Option<Int>,
    /// Environment variables.
    pub environment: Option<Environment>,
    /// VPC placement.
    pub vpc_config: Option<VpcConfig>,
    /// `x86_64` or `arm64` (one of them).
    pub architectures: Vec<Str>,
    /// Concurrency reserved for (and capped at) this function.
    pub reserved_concurrent_executions: Option<Int>,
    /// What it does.
    pub description: Option<Str>,
    /// X-Ray tracing.
    pub tracing_config: Option<TracingConfig>,
    /// Logging.
    pub logging_config: Option<LoggingConfig>,
    /// An explicit name; a name blocks replacement, so leave it unset unless needed.
    pub function_name: Option<Str>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Function {
    const TYPE_NAME: &'static str = "AWS::Lambda::Function";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = FunctionAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("Code", &self.code)
            .required("Role", &self.role)
            .optional("Handler", &self.handler)
            .optional("Runtime", &self.runtime)
            .optional("MemorySize", &self.memory_size)
            .optional("Timeout", &self.timeout)
            .optional("Environment", &self.environment)
            .optional("VpcConfig", &self.vpc_config)
            .optional("Architectures", &self.architectures)
            .optional("ReservedConcurrentExecutions", &self.reserved_concurrent_executions)
            .optional("Description", &self.description)
            .optional("TracingConfig", &self.tracing_config)
            .optional("LoggingConfig", &self.logging_config)
            .optional("FunctionName", &self.function_name)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl Function {
    /// A function with the given code and execution role ARN.
    pub fn new(code: Code, role: impl Into<Str>) -> Function {
        Function {
            code,
            role: role.into(),
            handler: None,
            runtime: None,
            memory_size: None,
            timeout: None,
            environment: None,
            vpc_config: None,
            architectures: Vec::new(),
            reserved_concurrent_executions: None,
            description: None,
            tracing_config: None,
            logging_config: None,
            function_name: None,
            tags: Vec::new(),
        }
    }
}

attributes! {
    /// What a `Handle<Function>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct FunctionAttributes;
}

impl FunctionAttributes {
    /// The function's name (`Ref`).
    pub fn function_name(&self) -> Value {
        self.reference()
    }
    /// The function's ARN.
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

/// `AWS::Lambda::Permission`: lets a principal (a service, an account)
/// invoke a function.
#[derive(Clone, Debug, PartialEq)]
pub struct Permission {
    /// Usually `lambda:InvokeFunction`.
    pub action: Str,
    /// The function's name or ARN.
    pub function_name: Str,
    /// E.g. `apigateway.amazonaws.com`.
    pub principal: Str,
    /// The ARN the call must come from; without it any resource of that
    /// service, in any account, may invoke the function.
    pub source_arn: Option<Str>,
    /// The account the call must come from.
    pub source_account: Option<Str>,
}

attributes! {
    /// What a `Handle<Permission>` gives: its `Ref` (`handle.reference()`).
    pub struct PermissionAttributes;
}

impl Resource for Permission {
    const TYPE_NAME: &'static str = "AWS::Lambda::Permission";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = PermissionAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("Action", &self.action)
            .required("FunctionName", &self.function_name)
            .required("Principal", &self.principal)
            .optional("SourceArn", &self.source_arn)
            .optional("SourceAccount", &self.source_account)
            .build()
    }
}

impl Permission {
    /// A permission for `principal` to perform `action` on a function.
    pub fn new(action: impl Into<Str>, function_name: impl Into<Str>, principal: impl Into<Str>) -> Permission {
        Permission {
            action: action.into(),
            function_name: function_name.into(),
            principal: principal.into(),
            source_arn: None,
            source_account: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::test_support::json_of;

    #[test]
    fn code_is_inline_or_s3() {
        assert_eq!(json_of(&Code::inline("exports.handler = 1")), json!({ "ZipFile": "exports.handler = 1" }));
        assert_eq!(json_of(&Code::s3("bucket", "fn.zip")), json!({ "S3Bucket": "bucket", "S3Key": "fn.zip" }));
        let versioned = Code::S3 { s3_bucket: "b".into(), s3_key: "k".into(), s3_object_version: Some("3".into()) };
        assert_eq!(json_of(&versioned), json!({ "S3Bucket": "b", "S3Key": "k", "S3ObjectVersion": "3" }));
    }

    #[test]
    fn a_function_serialises_nested_configuration() {
        let function = Function {
            runtime: Some("nodejs24.x".into()),
            handler: Some("index.handler".into()),
            environment: Some(Environment {
                variables: [("MODE".to_owned(), Value::from("prod"))].into_iter().collect(),
            }),
            vpc_config: Some(VpcConfig { subnet_ids: vec!["s".into()], security_group_ids: vec!["g".into()] }),
            tracing_config: Some(TracingConfig { mode: "Active".into() }),
            logging_config: Some(LoggingConfig { log_format: Some("JSON".into()), ..LoggingConfig::default() }),
            architectures: vec!["arm64".into()],
            ..Function::new(Code::inline("x"), "arn:role")
        };
        assert_eq!(
            json_of(&function),
            json!({
                "Code": { "ZipFile": "x" },
                "Role": "arn:role",
                "Handler": "index.handler",
                "Runtime": "nodejs24.x",
                "Environment": { "Variables": { "MODE": "prod" } },
                "VpcConfig": { "SubnetIds": ["s"], "SecurityGroupIds": ["g"] },
                "Architectures": ["arm64"],
                "TracingConfig": { "Mode": "Active" },
                "LoggingConfig": { "LogFormat": "JSON" }
            })
        );
    }

    #[test]
    fn a_permission_has_its_three_required_properties() {
        let permission = Permission {
            source_account: Some("1".into()),
            ..Permission::new("lambda:InvokeFunction", "f", "s3.amazonaws.com")
        };
        assert_eq!(
            json_of(&permission),
            json!({ "Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "s3.amazonaws.com", "SourceAccount": "1" })
        );
    }
}
