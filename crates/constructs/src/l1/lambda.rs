//! `AWS::Lambda::*` resource types.
use indexmap::IndexMap;
use serde::Serialize;

use crate::handle::Handle;
use crate::l1_resource;
use crate::resource::Tag;
use crate::value::Value;

/// Where a function's code comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Code {
    /// Source inline in the template (`nodejs*` and `python*` runtimes
    /// only). `VpcFunction` takes at most 4096 bytes of it, the limit the
    /// CloudFormation documentation gives for `ZipFile`; larger code goes to S3.
    Inline {
        /// The source of `index.*`.
        #[serde(rename = "ZipFile")]
        zip_file: Value,
    },
    /// A deployment package in S3.
    S3 {
        /// The bucket, in the function's region.
        #[serde(rename = "S3Bucket")]
        s3_bucket: Value,
        /// The object key of the `.zip`.
        #[serde(rename = "S3Key")]
        s3_key: Value,
        /// For versioned buckets.
        #[serde(rename = "S3ObjectVersion", skip_serializing_if = "Option::is_none")]
        s3_object_version: Option<Value>,
    },
    /// A local path, for `aws cloudformation package` (see [`Code::local_path`]).
    LocalPath(String),
}

impl Code {
    /// A local file or folder that `aws cloudformation package` uploads to
    /// S3 and replaces with its location; the template must be packaged
    /// before it is deployed.
    pub fn local_path(path: impl Into<String>) -> Code {
        Code::LocalPath(path.into())
    }

    /// Inline source code.
    pub fn inline(source: impl Into<Value>) -> Code {
        Code::Inline { zip_file: source.into() }
    }

    /// A package in S3.
    pub fn s3(bucket: impl Into<Value>, key: impl Into<Value>) -> Code {
        Code::S3 { s3_bucket: bucket.into(), s3_key: key.into(), s3_object_version: None }
    }
}

/// A function's environment variables.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    /// Name to value; reserved names such as `AWS_REGION` are rejected by Lambda.
    pub variables: IndexMap<String, Value>,
}

/// A function's network placement in a VPC.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfig {
    /// Subnets for the function's network interfaces.
    pub subnet_ids: Vec<Value>,
    /// Security groups of those interfaces.
    pub security_group_ids: Vec<Value>,
}

/// X-Ray tracing.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TracingConfig {
    /// `Active` or `PassThrough`.
    pub mode: Value,
}

/// Where and how the function logs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfig {
    /// The log group name; `/aws/lambda/<function name>` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<Value>,
    /// `Text` or `JSON`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<Value>,
    /// Application log level (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_log_level: Option<Value>,
    /// System log level (JSON format only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_log_level: Option<Value>,
}

/// `AWS::Lambda::Function`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    /// The code.
    pub code: Code,
    /// The execution role's ARN.
    pub role: Value,
    /// The entry point, e.g. `index.handler`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<Value>,
    /// The runtime, e.g. `nodejs24.x`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime: Option<Value>,
    /// Memory in MB, 128 to 10240.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<u32>,
    /// Timeout in seconds; Lambda's default is 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u32>,
    /// Environment variables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// VPC placement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_config: Option<VpcConfig>,
    /// `x86_64` or `arm64` (one of them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<Value>,
    /// Concurrency reserved for (and capped at) this function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserved_concurrent_executions: Option<u32>,
    /// What it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    /// X-Ray tracing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_config: Option<TracingConfig>,
    /// Logging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_config: Option<LoggingConfig>,
    /// An explicit name; a name blocks replacement, so leave it unset unless needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_name: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Function, "AWS::Lambda::Function", List);

impl Function {
    /// A function with the given code and execution role ARN.
    pub fn new(code: Code, role: impl Into<Value>) -> Function {
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

impl Handle<Function> {
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
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    /// Usually `lambda:InvokeFunction`.
    pub action: Value,
    /// The function's name or ARN.
    pub function_name: Value,
    /// E.g. `apigateway.amazonaws.com`.
    pub principal: Value,
    /// The ARN the call must come from; without it any resource of that
    /// service, in any account, may invoke the function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<Value>,
    /// The account the call must come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_account: Option<Value>,
}
l1_resource!(Permission, "AWS::Lambda::Permission");

impl Permission {
    /// A permission for `principal` to perform `action` on a function.
    pub fn new(action: impl Into<Value>, function_name: impl Into<Value>, principal: impl Into<Value>) -> Permission {
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

    #[test]
    fn code_is_inline_or_s3() {
        assert_eq!(
            serde_json::to_value(Code::inline("exports.handler = 1")).unwrap(),
            json!({ "ZipFile": "exports.handler = 1" })
        );
        assert_eq!(
            serde_json::to_value(Code::s3("bucket", "fn.zip")).unwrap(),
            json!({ "S3Bucket": "bucket", "S3Key": "fn.zip" })
        );
        let versioned = Code::S3 { s3_bucket: "b".into(), s3_key: "k".into(), s3_object_version: Some("3".into()) };
        assert_eq!(
            serde_json::to_value(versioned).unwrap(),
            json!({ "S3Bucket": "b", "S3Key": "k", "S3ObjectVersion": "3" })
        );
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
            serde_json::to_value(&function).unwrap(),
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
            serde_json::to_value(&permission).unwrap(),
            json!({ "Action": "lambda:InvokeFunction", "FunctionName": "f", "Principal": "s3.amazonaws.com", "SourceAccount": "1" })
        );
    }
}
