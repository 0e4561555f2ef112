//! `AWS::ApiGateway::*` resource types (REST APIs).
use indexmap::IndexMap;
use serde::Serialize;

use crate::handle::Handle;
use crate::l1_resource;
use crate::resource::Tag;
use crate::value::Value;

/// Where a REST API's endpoint lives.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointConfiguration {
    /// One of `EDGE`, `REGIONAL`, `PRIVATE`.
    pub types: Vec<Value>,
}

/// `AWS::ApiGateway::RestApi`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApi {
    /// The API's name (required unless the API is imported from a definition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// What it is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    /// Endpoint type; `EDGE` when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_configuration: Option<EndpointConfiguration>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(RestApi, "AWS::ApiGateway::RestApi", List);

impl Handle<RestApi> {
    /// The API's ID (`Ref`), the first label of its execute-api host name.
    pub fn rest_api_id(&self) -> Value {
        self.reference()
    }
    /// The ID of the API's root resource, `/`.
    pub fn root_resource_id(&self) -> Value {
        self.get_att("RootResourceId")
    }
}

/// `AWS::ApiGateway::Resource`: one path part under a parent resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    /// The parent resource (the API's root resource for a top-level part).
    pub parent_id: Value,
    /// `users`, `{id}` or `{proxy+}`.
    pub path_part: Value,
    /// The API.
    pub rest_api_id: Value,
}
l1_resource!(Resource, "AWS::ApiGateway::Resource");

impl Handle<Resource> {
    /// The resource's ID (`Ref`).
    pub fn resource_id(&self) -> Value {
        self.reference()
    }
}

/// One mapping from a backend response to a method response.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IntegrationResponse {
    /// The method response status code it maps to, e.g. `"200"` (a string).
    pub status_code: String,
    /// `method.response.header.X` to a value; literals are single-quoted: `"'*'"`.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_parameters: IndexMap<String, Value>,
    /// Content type to mapping template.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_templates: IndexMap<String, Value>,
    /// A regular expression matched against the backend's error; the
    /// response without one is the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_pattern: Option<Value>,
}

impl IntegrationResponse {
    /// A response mapping to the given status code, with nothing else set.
    pub fn new(status_code: impl Into<String>) -> IntegrationResponse {
        IntegrationResponse {
            status_code: status_code.into(),
            response_parameters: IndexMap::new(),
            response_templates: IndexMap::new(),
            selection_pattern: None,
        }
    }
}

/// The backend of a method.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Integration {
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    #[serde(rename = "Type")]
    pub integration_type: Value,
    /// The method API Gateway calls the backend with; always `POST` for Lambda.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_http_method: Option<Value>,
    /// The backend's URI (for Lambda, the `.../functions/<arn>/invocations` ARN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<Value>,
    /// `WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES` or `NEVER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough_behavior: Option<Value>,
    /// Content type to request mapping template.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub request_templates: IndexMap<String, Value>,
    /// Backend response mappings (not for proxy integrations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub integration_responses: Vec<IntegrationResponse>,
}

impl Integration {
    /// An integration of the given type with nothing else set.
    pub fn new(integration_type: impl Into<Value>) -> Integration {
        Integration {
            integration_type: integration_type.into(),
            integration_http_method: None,
            uri: None,
            passthrough_behavior: None,
            request_templates: IndexMap::new(),
            integration_responses: Vec::new(),
        }
    }
}

/// A response a method declares.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MethodResponse {
    /// The status code, e.g. `"200"` (a string).
    pub status_code: String,
    /// `method.response.header.X` to whether it is required.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_parameters: IndexMap<String, bool>,
    /// Content type to model name.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_models: IndexMap<String, Value>,
}

impl MethodResponse {
    /// A response with the given status code, with nothing else set.
    pub fn new(status_code: impl Into<String>) -> MethodResponse {
        MethodResponse {
            status_code: status_code.into(),
            response_parameters: IndexMap::new(),
            response_models: IndexMap::new(),
        }
    }
}

/// `AWS::ApiGateway::Method`: an HTTP method on a resource, and its backend.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Method {
    /// The API.
    pub rest_api_id: Value,
    /// The resource (or the API's root resource).
    pub resource_id: Value,
    /// `GET`, `POST`, ..., or `ANY`.
    pub http_method: Value,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_type: Option<Value>,
    /// The backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// The responses the method declares.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_responses: Vec<MethodResponse>,
}
l1_resource!(Method, "AWS::ApiGateway::Method");

impl Method {
    /// A method with no authorization type, integration or responses yet.
    pub fn new(rest_api_id: impl Into<Value>, resource_id: impl Into<Value>, http_method: impl Into<Value>) -> Method {
        Method {
            rest_api_id: rest_api_id.into(),
            resource_id: resource_id.into(),
            http_method: http_method.into(),
            authorization_type: None,
            integration: None,
            method_responses: Vec::new(),
        }
    }
}

/// `AWS::ApiGateway::Deployment`: an immutable snapshot of an API's
/// methods. Depend on every method, or it may be taken before they exist.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deployment {
    /// The API.
    pub rest_api_id: Value,
    /// A description. Changing it does not make a new snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
}
l1_resource!(Deployment, "AWS::ApiGateway::Deployment");

impl Handle<Deployment> {
    /// The deployment's ID (`Ref`).
    pub fn deployment_id(&self) -> Value {
        self.reference()
    }
}

/// Where a stage's access logs go, and their format.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessLogSetting {
    /// A log group ARN (or a Firehose stream whose name starts with `amazon-apigateway-`).
    pub destination_arn: Value,
    /// One line per request; must contain `$context.requestId` or `$context.extendedRequestId`.
    pub format: Value,
}

/// Settings for the methods of a stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MethodSetting {
    /// The HTTP method, or `*` for all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_method: Option<Value>,
    /// The resource path with `/` encoded as `~1`, or `/*` for all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_path: Option<Value>,
    /// Execution logging: `OFF`, `ERROR` or `INFO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<Value>,
    /// Whether detailed CloudWatch metrics are on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_enabled: Option<bool>,
    /// Whether full requests and responses are logged (may log secrets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_trace_enabled: Option<bool>,
    /// Throttling burst limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling_burst_limit: Option<u32>,
    /// Throttling rate limit, requests per second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling_rate_limit: Option<f64>,
}

/// `AWS::ApiGateway::Stage`: a named, callable version of an API.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    /// The API.
    pub rest_api_id: Value,
    /// The deployment the stage serves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<Value>,
    /// The name, the first path segment of the stage's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_name: Option<Value>,
    /// Whether X-Ray tracing is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_enabled: Option<bool>,
    /// Access logging.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log_setting: Option<AccessLogSetting>,
    /// Per-method settings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_settings: Vec<MethodSetting>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Stage, "AWS::ApiGateway::Stage", List);

impl Stage {
    /// A stage of the given API with nothing else set.
    pub fn new(rest_api_id: impl Into<Value>) -> Stage {
        Stage {
            rest_api_id: rest_api_id.into(),
            deployment_id: None,
            stage_name: None,
            tracing_enabled: None,
            access_log_setting: None,
            method_settings: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl Handle<Stage> {
    /// The stage's name (`Ref`).
    pub fn stage_name(&self) -> Value {
        self.reference()
    }
}

/// `AWS::ApiGateway::Account`: the per-region, account-wide API Gateway
/// settings. There should be only one per account and region: each one
/// overwrites the setting.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    /// The role API Gateway uses to write logs to CloudWatch Logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_watch_role_arn: Option<Value>,
}
l1_resource!(Account, "AWS::ApiGateway::Account");

/// `AWS::ApiGateway::GatewayResponse`: what API Gateway answers itself
/// (throttled, unauthorised, integration timeout, ...).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayResponse {
    /// The API.
    pub rest_api_id: Value,
    /// Which responses: `DEFAULT_4XX`, `DEFAULT_5XX`, `INTEGRATION_TIMEOUT`, ...
    pub response_type: Value,
    /// `gatewayresponse.header.NAME` to a quoted value.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_parameters: IndexMap<String, Value>,
    /// Body templates by content type.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub response_templates: IndexMap<String, Value>,
    /// Overrides the status code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<Value>,
}
l1_resource!(GatewayResponse, "AWS::ApiGateway::GatewayResponse");

impl GatewayResponse {
    /// A response of `response_type` for an API, with no changes yet.
    pub fn new(rest_api_id: impl Into<Value>, response_type: impl Into<Value>) -> GatewayResponse {
        GatewayResponse {
            rest_api_id: rest_api_id.into(),
            response_type: response_type.into(),
            response_parameters: IndexMap::new(),
            response_templates: IndexMap::new(),
            status_code: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_integration_shape_matches_cloudformation() {
        let mut response = IntegrationResponse::new("200");
        response.response_parameters.insert("method.response.header.Access-Control-Allow-Origin".into(), "'*'".into());
        response.response_templates.insert("application/json".into(), "".into());
        let error = IntegrationResponse { selection_pattern: Some(".+".into()), ..IntegrationResponse::new("500") };
        let mut integration = Integration::new("MOCK");
        integration.passthrough_behavior = Some("WHEN_NO_MATCH".into());
        integration.request_templates.insert("application/json".into(), r#"{"statusCode": 200}"#.into());
        integration.integration_responses = vec![response, error];
        let mut declared = MethodResponse::new("200");
        declared.response_parameters.insert("method.response.header.Access-Control-Allow-Origin".into(), true);
        let method = Method {
            authorization_type: Some("NONE".into()),
            integration: Some(integration),
            method_responses: vec![declared],
            ..Method::new("api", "res", "OPTIONS")
        };
        assert_eq!(
            serde_json::to_value(&method).unwrap(),
            json!({
                "RestApiId": "api",
                "ResourceId": "res",
                "HttpMethod": "OPTIONS",
                "AuthorizationType": "NONE",
                "Integration": {
                    "Type": "MOCK",
                    "PassthroughBehavior": "WHEN_NO_MATCH",
                    "RequestTemplates": { "application/json": "{\"statusCode\": 200}" },
                    "IntegrationResponses": [
                        {
                            "StatusCode": "200",
                            "ResponseParameters": { "method.response.header.Access-Control-Allow-Origin": "'*'" },
                            "ResponseTemplates": { "application/json": "" }
                        },
                        { "StatusCode": "500", "SelectionPattern": ".+" }
                    ]
                },
                "MethodResponses": [
                    { "StatusCode": "200", "ResponseParameters": { "method.response.header.Access-Control-Allow-Origin": true } }
                ]
            })
        );
    }

    #[test]
    fn a_proxy_integration_has_no_response_mappings() {
        let integration = Integration {
            integration_http_method: Some("POST".into()),
            uri: Some("arn:uri".into()),
            ..Integration::new("AWS_PROXY")
        };
        assert_eq!(
            serde_json::to_value(&integration).unwrap(),
            json!({ "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": "arn:uri" })
        );
    }

    #[test]
    fn a_stage_serialises_logging_and_method_settings() {
        let stage = Stage {
            deployment_id: Some("d".into()),
            stage_name: Some("prod".into()),
            tracing_enabled: Some(true),
            access_log_setting: Some(AccessLogSetting {
                destination_arn: "arn:lg".into(),
                format: "$context.requestId".into(),
            }),
            method_settings: vec![MethodSetting {
                http_method: Some("*".into()),
                resource_path: Some("/*".into()),
                throttling_rate_limit: Some(12.5),
                ..MethodSetting::default()
            }],
            ..Stage::new("api")
        };
        assert_eq!(
            serde_json::to_value(&stage).unwrap(),
            json!({
                "RestApiId": "api",
                "DeploymentId": "d",
                "StageName": "prod",
                "TracingEnabled": true,
                "AccessLogSetting": { "DestinationArn": "arn:lg", "Format": "$context.requestId" },
                "MethodSettings": [{ "HttpMethod": "*", "ResourcePath": "/*", "ThrottlingRateLimit": 12.5 }]
            })
        );
        let api = RestApi {
            endpoint_configuration: Some(EndpointConfiguration { types: vec!["REGIONAL".into()] }),
            ..RestApi::default()
        };
        assert_eq!(serde_json::to_value(&api).unwrap(), json!({ "EndpointConfiguration": { "Types": ["REGIONAL"] } }));
        assert_eq!(serde_json::to_value(Account::default()).unwrap(), json!({}));
    }
}
