//! `AWS::ApiGateway::*` resource types (REST APIs).
use indexmap::IndexMap;

use cfnkit_core::{
    attributes, Attributes, Bool, Double, Int, PropertyMap, Resource as CfnResource, Str, Tag, TagShape, ToValue, Value,
};

/// Where a REST API's endpoint lives.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointConfiguration {
    /// One of `EDGE`, `REGIONAL`, `PRIVATE`.
    pub types: Vec<Str>,
}

impl ToValue for EndpointConfiguration {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("Types", &self.types).build()
    }
}

/// `AWS::ApiGateway::RestApi`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestApi {
    /// The API's name (required unless the API is imported from a definition).
    pub name: Option<Str>,
    /// What it is for.
    pub description: Option<Str>,
    /// Endpoint type; `EDGE` when unset.
    pub endpoint_configuration: Option<EndpointConfiguration>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl CfnResource for RestApi {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::RestApi";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = RestApiAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .optional("Name", &self.name)
            .optional("Description", &self.description)
            .optional("EndpointConfiguration", &self.endpoint_configuration)
            .optional("Tags", &self.tags)
            .build()
    }
}

attributes! {
    /// What a `Handle<RestApi>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct RestApiAttributes;
}

impl RestApiAttributes {
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
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The parent resource (the API's root resource for a top-level part).
    pub parent_id: Str,
    /// `users`, `{id}` or `{proxy+}`.
    pub path_part: Str,
    /// The API.
    pub rest_api_id: Str,
}

impl CfnResource for Resource {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::Resource";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = ResourceAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("ParentId", &self.parent_id)
            .required("PathPart", &self.path_part)
            .required("RestApiId", &self.rest_api_id)
            .build()
    }
}

attributes! {
    /// What a `Handle<Resource>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct ResourceAttributes;
}

impl ResourceAttributes {
    /// The resource's ID (`Ref`).
    pub fn resource_id(&self) -> Value {
        self.reference()
    }
}

/// One mapping from a backend response to a method response.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationResponse {
    /// The method response status code it maps to, e.g. `"200"` (a string).
    pub status_code: String,
    /// `method.response.header.X` to a value; literals are single-quoted: `"'*'"`.
    pub response_parameters: IndexMap<String, Value>,
    /// Content type to mapping template.
    pub response_templates: IndexMap<String, Value>,
    /// A regular expression matched against the backend's error; the
    /// response without one is the default.
    pub selection_pattern: Option<Str>,
}

impl ToValue for IntegrationResponse {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("StatusCode", &self.status_code)
            .optional("ResponseParameters", &self.response_parameters)
            .optional("ResponseTemplates", &self.response_templates)
            .optional("SelectionPattern", &self.selection_pattern)
            .build()
    }
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
#[derive(Clone, Debug, PartialEq)]
pub struct Integration {
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    pub integration_type: Str,
    /// The method API Gateway calls the backend with; always `POST` for Lambda.
    pub integration_http_method: Option<Str>,
    /// The backend's URI (for Lambda, the `.../functions/<arn>/invocations` ARN).
    pub uri: Option<Str>,
    /// `WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES` or `NEVER`.
    pub passthrough_behavior: Option<Str>,
    /// Content type to request mapping template.
    pub request_templates: IndexMap<String, Value>,
    /// Backend response mappings (not for proxy integrations).
    pub integration_responses: Vec<IntegrationResponse>,
}

impl ToValue for Integration {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("Type", &self.integration_type)
            .optional("IntegrationHttpMethod", &self.integration_http_method)
            .optional("Uri", &self.uri)
            .optional("PassthroughBehavior", &self.passthrough_behavior)
            .optional("RequestTemplates", &self.request_templates)
            .optional("IntegrationResponses", &self.integration_responses)
            .build()
    }
}

impl Integration {
    /// An integration of the given type with nothing else set.
    pub fn new(integration_type: impl Into<Str>) -> Integration {
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
#[derive(Clone, Debug, PartialEq)]
pub struct MethodResponse {
    /// The status code, e.g. `"200"` (a string).
    pub status_code: String,
    /// `method.response.header.X` to whether it is required.
    pub response_parameters: IndexMap<String, bool>,
    /// Content type to model name.
    pub response_models: IndexMap<String, Value>,
}

impl ToValue for MethodResponse {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("StatusCode", &self.status_code)
            .optional("ResponseParameters", &self.response_parameters)
            .optional("ResponseModels", &self.response_models)
            .build()
    }
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
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// The API.
    pub rest_api_id: Str,
    /// The resource (or the API's root resource).
    pub resource_id: Str,
    /// `GET`, `POST`, ..., or `ANY`.
    pub http_method: Str,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: Option<Str>,
    /// The backend.
    pub integration: Option<Integration>,
    /// The responses the method declares.
    pub method_responses: Vec<MethodResponse>,
}

attributes! {
    /// What a `Handle<Method>` gives: its `Ref` (`handle.reference()`).
    pub struct MethodAttributes;
}

impl CfnResource for Method {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::Method";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = MethodAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("RestApiId", &self.rest_api_id)
            .required("ResourceId", &self.resource_id)
            .required("HttpMethod", &self.http_method)
            .optional("AuthorizationType", &self.authorization_type)
            .optional("Integration", &self.integration)
            .optional("MethodResponses", &self.method_responses)
            .build()
    }
}

impl Method {
    /// A method with no authorization type, integration or responses yet.
    pub fn new(rest_api_id: impl Into<Str>, resource_id: impl Into<Str>, http_method: impl Into<Str>) -> Method {
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
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    /// The API.
    pub rest_api_id: Str,
    /// A description. Changing it does not make a new snapshot.
    pub description: Option<Str>,
}

impl CfnResource for Deployment {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::Deployment";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = DeploymentAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().required("RestApiId", &self.rest_api_id).optional("Description", &self.description).build()
    }
}

attributes! {
    /// What a `Handle<Deployment>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct DeploymentAttributes;
}

impl DeploymentAttributes {
    /// The deployment's ID (`Ref`).
    pub fn deployment_id(&self) -> Value {
        self.reference()
    }
}

/// Where a stage's access logs go, and their format.
#[derive(Clone, Debug, PartialEq)]
pub struct AccessLogSetting {
    /// A log group ARN (or a Firehose stream whose name starts with `amazon-apigateway-`).
    pub destination_arn: Str,
    /// One line per request; must contain `$context.requestId` or `$context.extendedRequestId`.
    pub format: Str,
}

impl ToValue for AccessLogSetting {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("DestinationArn", &self.destination_arn).required("Format", &self.format).build()
    }
}

/// Settings for the methods of a stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MethodSetting {
    /// The HTTP method, or `*` for all.
    pub http_method: Option<Str>,
    /// The resource path with `/` encoded as `~1`, or `/*` for all.
    pub resource_path: Option<Str>,
    /// Execution logging: `OFF`, `ERROR` or `INFO`.
    pub logging_level: Option<Str>,
    /// Whether detailed CloudWatch metrics are on.
    pub metrics_enabled: Option<Bool>,
    /// Whether full requests and responses are logged (may log secrets).
    pub data_trace_enabled: Option<Bool>,
    /// Throttling burst limit.
    pub throttling_burst_limit: Option<Int>,
    /// Throttling rate limit, requests per second.
    pub throttling_rate_limit: Option<Double>,
}

impl ToValue for MethodSetting {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .optional("HttpMethod", &self.http_method)
            .optional("ResourcePath", &self.resource_path)
            .optional("LoggingLevel", &self.logging_level)
            .optional("MetricsEnabled", &self.metrics_enabled)
            .optional("DataTraceEnabled", &self.data_trace_enabled)
            .optional("ThrottlingBurstLimit", &self.throttling_burst_limit)
            .optional("ThrottlingRateLimit", &self.throttling_rate_limit)
            .build()
    }
}

/// `AWS::ApiGateway::Stage`: a named, callable version of an API.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// The API.
    pub rest_api_id: Str,
    /// The deployment the stage serves.
    pub deployment_id: Option<Str>,
    /// The name, the first path segment of the stage's URL.
    pub stage_name: Option<Str>,
    /// Whether X-Ray tracing is on.
    pub tracing_enabled: Option<Bool>,
    /// Access logging.
    pub access_log_setting: Option<AccessLogSetting>,
    /// Per-method settings.
    pub method_settings: Vec<MethodSetting>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl CfnResource for Stage {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::Stage";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = StageAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("RestApiId", &self.rest_api_id)
            .optional("DeploymentId", &self.deployment_id)
            .optional("StageName", &self.stage_name)
            .optional("TracingEnabled", &self.tracing_enabled)
            .optional("AccessLogSetting", &self.access_log_setting)
            .optional("MethodSettings", &self.method_settings)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl Stage {
    /// A stage of the given API with nothing else set.
    pub fn new(rest_api_id: impl Into<Str>) -> Stage {
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

attributes! {
    /// What a `Handle<Stage>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct StageAttributes;
}

impl StageAttributes {
    /// The stage's name (`Ref`).
    pub fn stage_name(&self) -> Value {
        self.reference()
    }
}

/// `AWS::ApiGateway::Account`: the per-region, account-wide API Gateway
/// settings. There should be only one per account and region: each one
/// overwrites the setting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    /// The role API Gateway uses to write logs to CloudWatch Logs.
    pub cloud_watch_role_arn: Option<Str>,
}

attributes! {
    /// What a `Handle<Account>` gives: its `Ref` (`handle.reference()`).
    pub struct AccountAttributes;
}

impl CfnResource for Account {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::Account";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = AccountAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().optional("CloudWatchRoleArn", &self.cloud_watch_role_arn).build()
    }
}

/// `AWS::ApiGateway::GatewayResponse`: what API Gateway answers itself
/// (throttled, unauthorised, integration timeout, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayResponse {
    /// The API.
    pub rest_api_id: Str,
    /// Which responses: `DEFAULT_4XX`, `DEFAULT_5XX`, `INTEGRATION_TIMEOUT`, ...
    pub response_type: Str,
    /// `gatewayresponse.header.NAME` to a quoted value.
    pub response_parameters: IndexMap<String, Value>,
    /// Body templates by content type.
    pub response_templates: IndexMap<String, Value>,
    /// Overrides the status code.
    pub status_code: Option<Str>,
}

attributes! {
    /// What a `Handle<GatewayResponse>` gives: its `Ref` (`handle.reference()`).
    pub struct GatewayResponseAttributes;
}

impl CfnResource for GatewayResponse {
    const TYPE_NAME: &'static str = "AWS::ApiGateway::GatewayResponse";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = GatewayResponseAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("RestApiId", &self.rest_api_id)
            .required("ResponseType", &self.response_type)
            .optional("ResponseParameters", &self.response_parameters)
            .optional("ResponseTemplates", &self.response_templates)
            .optional("StatusCode", &self.status_code)
            .build()
    }
}

impl GatewayResponse {
    /// A response of `response_type` for an API, with no changes yet.
    pub fn new(rest_api_id: impl Into<Str>, response_type: impl Into<Str>) -> GatewayResponse {
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

    use crate::test_support::json_of;

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
            json_of(&method),
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
            json_of(&integration),
            json!({ "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": "arn:uri" })
        );
    }

    #[test]
    fn a_stage_serialises_logging_and_method_settings() {
        let stage = Stage {
            deployment_id: Some("d".into()),
            stage_name: Some("prod".into()),
            tracing_enabled: Some(true.into()),
            access_log_setting: Some(AccessLogSetting {
                destination_arn: "arn:lg".into(),
                format: "$context.requestId".into(),
            }),
            method_settings: vec![MethodSetting {
                http_method: Some("*".into()),
                resource_path: Some("/*".into()),
                throttling_rate_limit: Some(12.5.into()),
                ..MethodSetting::default()
            }],
            ..Stage::new("api")
        };
        assert_eq!(
            json_of(&stage),
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
        assert_eq!(json_of(&api), json!({ "EndpointConfiguration": { "Types": ["REGIONAL"] } }));
        assert_eq!(json_of(&Account::default()), json!({}));
    }
}
