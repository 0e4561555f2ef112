//! The `RestApi` L2 construct: an API Gateway REST API whose routes invoke
//! Lambda functions, with its stage, access logging, CORS and deployment
//! kept correct however many routes are added.
use indexmap::IndexMap;

use crate::error::Error;
use crate::iam::role::ManagedPolicy;
use crate::lambda::LambdaTarget;
use cfnkit_core::DeletionPolicy;
use cfnkit_core::Handle;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};
use cfnkit_l1::apigateway::{
    self, AccessLogSetting, Account, Deployment, EndpointConfiguration, GatewayResponse, IntegrationResponse, Method,
    MethodResponse, Stage,
};
use cfnkit_l1::iam::{self, PolicyDocument};
use cfnkit_l1::lambda::Permission;
use cfnkit_l1::logs::{LogGroup, RetentionDays};

/// The headers a CORS preflight allows unless told otherwise: what
/// browsers send to an API Gateway API with IAM or API-key auth.
pub const DEFAULT_CORS_HEADERS: [&str; 5] =
    ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"];

/// API Gateway ends a REST integration after this many seconds (the default
/// quota), whatever the function's own timeout.
pub const INTEGRATION_TIMEOUT_SECONDS: u32 = 29;

/// One JSON object per request. API Gateway requires `$context.requestId`
/// (or `extendedRequestId`) in the format.
pub const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency"}"#;

/// An HTTP method of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS` (not on a path that has CORS: the preflight method answers it)
    Options,
    /// `ANY`: every method not routed on its own.
    Any,
}

impl HttpMethod {
    /// The name API Gateway uses.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Any => "ANY",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a route hands requests to its function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Integration {
    /// `AWS_PROXY`: the function gets the whole request and returns
    /// `{statusCode, headers, body}`; it must set CORS headers itself.
    #[default]
    LambdaProxy,
    /// `AWS` (the Serverless Framework's `integration: lambda`): the function
    /// gets `{body, method, stage, requestPath, headers, query, path,
    /// identity: {sourceIp, userAgent}}` (for JSON bodies `body` is the parsed
    /// JSON; for form posts, the raw string; other content types get a 415),
    /// its result is the `200` response body, and an error with a message
    /// becomes a `500` with a generic one (so internals do not leak). API
    /// Gateway adds the CORS origin header to both.
    Lambda,
}

/// Who may call a route.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Authorization {
    /// Anyone (`AuthorizationType: NONE`); the route must say why with a
    /// public reason.
    #[default]
    None,
    /// Callers signing with IAM credentials that allow `execute-api:Invoke`.
    Iam,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Origins {
    Any,
    List(Vec<String>),
}

/// The CORS policy of an API: a preflight `OPTIONS` method on every routed
/// path, answered by API Gateway itself (a `MOCK` integration).
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let open = Cors::any_origin();
/// let strict = Cors::origins(["https://app.example.com"])
///     .allow_methods([HttpMethod::Get, HttpMethod::Post])
///     .allow_headers(["Content-Type", "Authorization"]);
/// # let _ = (open, strict);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cors {
    origins: Origins,
    allow_methods: Option<Vec<HttpMethod>>,
    allow_headers: Vec<String>,
}

impl Cors {
    /// Any origin (`Access-Control-Allow-Origin: *`).
    pub fn any_origin() -> Cors {
        Cors {
            origins: Origins::Any,
            allow_methods: None,
            allow_headers: DEFAULT_CORS_HEADERS.map(String::from).to_vec(),
        }
    }

    /// Only these origins (`https://app.example.com`, no path). With more
    /// than one, the preflight echoes the request's origin when it is listed.
    pub fn origins<S: Into<String>>(origins: impl IntoIterator<Item = S>) -> Cors {
        Cors { origins: Origins::List(origins.into_iter().map(Into::into).collect()), ..Cors::any_origin() }
    }

    /// The methods the preflight allows; by default the methods routed on
    /// the path (and `OPTIONS`).
    pub fn allow_methods(mut self, methods: impl IntoIterator<Item = HttpMethod>) -> Cors {
        self.allow_methods = Some(methods.into_iter().collect());
        self
    }

    /// The request headers the preflight allows, replacing [`DEFAULT_CORS_HEADERS`].
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Cors {
        self.allow_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    fn check(&self, path: &str) -> Result<(), Error> {
        let invalid = |message: String| Err(Error::Invalid { path: path.to_owned(), message });
        if let Origins::List(origins) = &self.origins {
            if origins.is_empty() {
                return invalid("CORS needs at least one origin; list them, or use Cors::any_origin()".into());
            }
            for origin in origins {
                if origin == "*" {
                    return invalid("use Cors::any_origin() rather than \"*\" in an origin list".into());
                }
                let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
                let valid = host.is_some_and(|h| {
                    !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
                });
                if !valid {
                    return invalid(format!(
                        "{origin:?} is not a CORS origin; write scheme and host only, e.g. \"https://app.example.com\""
                    ));
                }
            }
        }
        if let Some(methods) = &self.allow_methods {
            if methods.is_empty() {
                return invalid("CORS allow_methods is empty; list at least one method or leave it unset".into());
            }
        }
        if self.allow_headers.is_empty() {
            return invalid("CORS allow_headers is empty; list at least one header or leave it unset".into());
        }
        for header in &self.allow_headers {
            if header.is_empty() || !header.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return invalid(format!("{header:?} is not an HTTP header name"));
            }
        }
        Ok(())
    }

    /// The value of `Access-Control-Allow-Origin` as API Gateway takes it:
    /// a single-quoted literal. With several origins, the first is the
    /// static answer and a template replaces it with the caller's own.
    fn static_origin(&self) -> String {
        match &self.origins {
            Origins::Any => "'*'".into(),
            Origins::List(origins) => format!("'{}'", origins[0]),
        }
    }

    fn origin_override_template(&self) -> Option<String> {
        let Origins::List(origins) = &self.origins else { return None };
        if origins.len() < 2 {
            return None;
        }
        let condition: Vec<String> = origins.iter().map(|o| format!("$origin == \"{o}\"")).collect();
        Some(format!(
            "#set($origin = $input.params().header.get(\"Origin\"))\n\
             #if($origin == \"\")#set($origin = $input.params().header.get(\"origin\"))#end\n\
             #if({})\n\
             #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n\
             #end",
            condition.join(" || ")
        ))
    }

    fn varies_by_origin(&self) -> bool {
        matches!(&self.origins, Origins::List(origins) if origins.len() > 1)
    }
}

/// Per-route settings for [`RestApi::route_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteOptions {
    integration: Option<Integration>,
    authorization: Authorization,
    public_reason: Option<String>,
}

impl RouteOptions {
    /// The API's defaults.
    pub fn new() -> RouteOptions {
        RouteOptions::default()
    }

    /// The integration for this route, instead of the API's default.
    pub fn integration(mut self, integration: Integration) -> RouteOptions {
        self.integration = Some(integration);
        self
    }

    /// Requires IAM-signed requests.
    pub fn iam(mut self) -> RouteOptions {
        self.authorization = Authorization::Iam;
        self
    }

    /// Why this route needs no authorization, e.g. "auth happens in the
    /// GraphQL resolver". Recorded as checkov and cfn-nag suppressions.
    pub fn public_reason(mut self, reason: impl Into<String>) -> RouteOptions {
        self.public_reason = Some(reason.into());
        self
    }
}

/// The resources one route added.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The `AWS::ApiGateway::Method`.
    pub method: Handle<Method>,
    /// The permission for API Gateway to invoke the function from this route.
    pub permission: Handle<Permission>,
    /// The `AWS::ApiGateway::Resource` of the path; `None` for `/`.
    pub resource: Option<Handle<apigateway::Resource>>,
}

/// Builds a [`RestApi`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until .build(stack, id) is called"]
pub struct RestApiBuilder {
    name: Option<Value>,
    description: Option<String>,
    stage_name: String,
    cors: Option<Cors>,
    tracing: bool,
    access_logs: bool,
    access_log_retention: RetentionDays,
    cloud_watch_role: Option<bool>,
    integration: Integration,
    public_reason: Option<String>,
}

struct PathNode {
    scope: Scope,
    resource_id: Value,
    resource: Option<Handle<apigateway::Resource>>,
    methods: Vec<HttpMethod>,
    preflight: Option<Handle<Method>>,
}

/// An API Gateway REST API (regional endpoint) whose routes invoke Lambda
/// functions, as the AWS CDK's `RestApi` with `LambdaIntegration`.
///
/// `build` adds the API, its access-log group and (by default) the
/// account-level CloudWatch role; each [`route`](RestApi::route) adds the
/// path's resources, the method and the CORS preflight, adds the method to
/// the deployment, and, for a function not routed to before, the permission
/// for this API to invoke it (one per function: see `invoke_permission`).
///
/// # Deployments
///
/// A CloudFormation `AWS::ApiGateway::Deployment` is an immutable snapshot:
/// updating one (its description, say) does not publish changed methods. As
/// the CDK does, the deployment's logical ID carries a hash of every method
/// (`ApiDeployment1A2B3C4D`). Synth computes it from the methods' final
/// properties, overrides and later edits included, so whenever a method
/// changes CloudFormation creates a new deployment, points the stage at it
/// and deletes the old one. The deployment depends on every method, so it
/// is never taken before they exist. Changes that are not in the methods (a
/// Lambda function replaced under the same construct path, for instance) do
/// not make a new deployment.
///
/// A route removed from the program stays live until the next deployment
/// after it, as with the CDK: CloudFormation creates the new deployment
/// before it deletes the removed method. Deploy once more, or run
/// `aws apigateway create-deployment`, after removing routes.
///
/// The stage and the deployment are created with the first route: API
/// Gateway refuses a deployment of an API with no methods, so an API with
/// no routes has neither.
///
/// # Access logging and the CloudWatch role
///
/// Access logs go to a log group with a retention ([`RetentionDays::OneMonth`]
/// unless set), in [`ACCESS_LOG_FORMAT`]. API Gateway writes them with a
/// role set once per account and region (`AWS::ApiGateway::Account`); on an
/// account where none was ever set, creating a stage with access logging
/// fails. So, unlike the CDK (whose new projects default `cloudWatchRole` to
/// false), [`cloud_watch_role`](RestApiBuilder::cloud_watch_role) defaults to
/// on whenever access logging is on, so that `aws cloudformation deploy`
/// works on a fresh account. It creates an IAM role with the
/// `AmazonAPIGatewayPushToCloudWatchLogs` managed policy and the `Account`
/// resource; the stage depends on it. Both are retained on deletion (as the
/// CDK does), because the account setting outlives the stack and would
/// otherwise point at a deleted role. The setting is account-wide: the
/// first API of a stack creates it and later ones use it; when several
/// stacks in one account and region have APIs, let one of them own it and
/// turn it off in the others.
///
/// # Public routes
///
/// A route without authorization must say why it is public, through
/// [`RouteOptions::public_reason`] or [`RestApiBuilder::public_reason`]; the
/// reason is written into the method's `Metadata` as suppressions of the
/// checkov rule `CKV_AWS_59` and the cfn-nag rule `W59`, so scanners report
/// the decision rather than a finding. CORS preflight (`OPTIONS`) methods
/// are exempt from both rules and need no reason.
///
/// ```
/// use cfnkit_l1::lambda::{Code, Function};
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let role = Role::builder("lambda.amazonaws.com").build(&mut stack, "HandlerRole").unwrap();
/// let function = Function {
///     runtime: Some("nodejs24.x".into()),
///     handler: Some("index.handler".into()),
///     ..Function::new(Code::inline("exports.handler = async () => ({ statusCode: 200 });"), role.arn())
/// };
/// let function = stack.add(&stack.root(), "Handler", function).unwrap();
///
/// let mut api = RestApi::builder()
///     .cors(Cors::any_origin())
///     .public_reason("auth happens in the GraphQL resolver")
///     .build(&mut stack, "Api")
///     .unwrap();
/// api.route(&mut stack, "/graphql", HttpMethod::Post, &function).unwrap();
/// stack.add_output("GraphqlUrl", Output::new(api.url_for("/graphql"))).unwrap();
/// ```
pub struct RestApi {
    scope: Scope,
    handle: Handle<apigateway::RestApi>,
    stage_name: String,
    cors: Option<Cors>,
    tracing: bool,
    integration: Integration,
    public_reason: Option<String>,
    log_group: Option<Handle<LogGroup>>,
    cloud_watch_role: Option<Handle<iam::Role>>,
    account: Option<Handle<Account>>,
    nodes: IndexMap<String, PathNode>,
    methods: Vec<Handle<Method>>,
    /// How many of `methods` the deployment already lists.
    deployed: usize,
    /// API Gateway's own 4XX and 5XX answers, given CORS headers so that a
    /// browser shows the real error (a 504 timeout, a 429) instead of a
    /// CORS failure; the deployment publishes them with the methods.
    gateway_responses: Vec<Handle<GatewayResponse>>,
    /// The invoke permission of each function routed to, by construct path.
    permissions: IndexMap<String, Handle<Permission>>,
    deployment: Option<Handle<Deployment>>,
    stage: Option<Handle<Stage>>,
}

impl std::fmt::Debug for RestApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestApi").field("path", &self.path()).field("routes", &self.methods.len()).finish()
    }
}

impl RestApi {
    /// A builder with the defaults: stage `prod`, X-Ray tracing on, access
    /// logs kept a month, the CloudWatch role on, Lambda proxy integration,
    /// no CORS.
    pub fn builder() -> RestApiBuilder {
        RestApiBuilder {
            name: None,
            description: None,
            stage_name: "prod".into(),
            cors: None,
            tracing: true,
            access_logs: true,
            access_log_retention: RetentionDays::OneMonth,
            cloud_watch_role: None,
            integration: Integration::LambdaProxy,
            public_reason: None,
        }
    }

    /// Routes `method path` to a function with the API's defaults. See
    /// [`route_with`](RestApi::route_with).
    pub fn route(
        &mut self,
        stack: &mut Stack,
        path: &str,
        method: HttpMethod,
        target: &dyn LambdaTarget,
    ) -> Result<Route, Error> {
        self.route_with(stack, path, method, target, RouteOptions::default())
    }

    /// Routes `method path` to a function.
    ///
    /// `path` starts with `/`; its parts are letters, digits and `._-`, or
    /// a path parameter `{name}`, or a greedy `{name+}` as the last part.
    /// Parts shared with earlier routes reuse their resources. Routing the
    /// same method on a path twice is an [`Error::DuplicateRoute`].
    ///
    /// A function timeout over [`INTEGRATION_TIMEOUT_SECONDS`] is reported
    /// as a warning: the caller would get a 504 while the function runs on.
    pub fn route_with(
        &mut self,
        stack: &mut Stack,
        path: &str,
        method: HttpMethod,
        target: &dyn LambdaTarget,
        options: RouteOptions,
    ) -> Result<Route, Error> {
        let parts = parse_path(path).map_err(|reason| Error::InvalidApiPath {
            path: self.path().to_owned(),
            api_path: path.to_owned(),
            reason,
        })?;
        self.check_route(path, &parts, method)?;
        let integration = options.integration.unwrap_or(self.integration);
        let public_reason = match options.authorization {
            Authorization::Iam => None,
            Authorization::None => Some(self.public_reason_for(path, method, options.public_reason)?),
        };
        if integration == Integration::Lambda && self.cors.as_ref().is_some_and(Cors::varies_by_origin) {
            return Err(Error::Invalid {
                path: self.path().to_owned(),
                message: format!(
                    "{method} {path}: the non-proxy Lambda integration answers with one static Access-Control-Allow-Origin; \
                     give CORS a single origin or any_origin(), or use Integration::LambdaProxy and set the header in the function"
                ),
            });
        }

        let node_path = self.ensure_nodes(stack, &parts)?;
        let node = &self.nodes[&node_path];
        let scope = stack.scope(&node.scope, method.as_str())?;
        let resource_id = node.resource_id.clone();
        let resource = node.resource.clone();

        let mut l1 = Method::new(self.handle.rest_api_id(), resource_id, method.as_str());
        l1.authorization_type = Some(
            match options.authorization {
                Authorization::None => "NONE",
                Authorization::Iam => "AWS_IAM",
            }
            .into(),
        );
        let uri = Value::sub_with(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations",
            [("FunctionArn", target.function_arn())],
        );
        let (integration, responses) = self.lambda_integration(integration, uri);
        l1.integration = Some(integration);
        l1.method_responses = responses;
        let method_handle = stack.add(&scope, "Resource", l1)?;
        if let Some(reason) = public_reason {
            let options = stack.options_mut(&method_handle)?;
            options.suppress_checkov("CKV_AWS_59", &reason);
            options.suppress_cfn_nag("W59", &reason);
        }

        let permission = self.invoke_permission(stack, target)?;

        let timeout = target.timeout_seconds();
        if timeout > INTEGRATION_TIMEOUT_SECONDS {
            stack.warn(
                method_handle.path(),
                format!(
                    "{} has a {timeout} s timeout, but API Gateway ends the integration after {INTEGRATION_TIMEOUT_SECONDS} s \
                     and the caller gets a 504 while the function runs on; lower the timeout or hand long work to a queue",
                    target.function_path()
                ),
            );
        }

        self.methods.push(method_handle.clone());
        let node = self.nodes.get_mut(&node_path).expect("ensure_nodes added it");
        node.methods.push(method);
        if self.cors.is_some() {
            self.update_preflight(stack, &node_path)?;
        }
        for index in self.deployed..self.methods.len() {
            let method = self.methods[index].clone();
            self.deploy(stack, &method)?;
        }
        self.deployed = self.methods.len();
        Ok(Route { method: method_handle, permission, resource })
    }

    /// The stage's base URL, `https://{api}.execute-api.{region}.{suffix}/{stage}/`.
    pub fn url(&self) -> Value {
        self.url_for("/")
    }

    /// The URL of a path on the stage: `url_for("/graphql")` is
    /// `https://{api}.execute-api.{region}.{suffix}/prod/graphql`. The path
    /// is not checked against the routes.
    pub fn url_for(&self, path: &str) -> Value {
        let path = path.strip_prefix('/').unwrap_or(path).replace("${", "${!");
        Value::sub_with(
            format!("https://${{Api}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}/{path}", self.stage_name),
            [("Api", self.handle.rest_api_id())],
        )
    }

    /// The L1 REST API.
    pub fn handle(&self) -> &Handle<apigateway::RestApi> {
        &self.handle
    }

    /// The construct path of the API's scope.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The stage name.
    pub fn stage_name(&self) -> &str {
        &self.stage_name
    }

    /// The stage; `None` until the first route.
    pub fn stage(&self) -> Option<&Handle<Stage>> {
        self.stage.as_ref()
    }

    /// The deployment; `None` until the first route. Its logical ID changes
    /// whenever a method does.
    pub fn deployment(&self) -> Option<&Handle<Deployment>> {
        self.deployment.as_ref()
    }

    /// The access-log group, when access logging is on.
    pub fn access_log_group(&self) -> Option<&Handle<LogGroup>> {
        self.log_group.as_ref()
    }

    /// The account-level CloudWatch role, when this API manages it.
    pub fn cloud_watch_role(&self) -> Option<&Handle<iam::Role>> {
        self.cloud_watch_role.as_ref()
    }

    /// The `AWS::ApiGateway::Account` setting this API's stage waits for: its
    /// own, or that of an earlier API of the stack.
    pub fn account(&self) -> Option<&Handle<Account>> {
        self.account.as_ref()
    }

    fn check_route(&self, path: &str, parts: &[&str], method: HttpMethod) -> Result<(), Error> {
        let duplicate = || Error::DuplicateRoute {
            path: self.path().to_owned(),
            method: method.to_string(),
            api_path: path.to_owned(),
        };
        if self.nodes.get(path).is_some_and(|node| node.methods.contains(&method)) {
            return Err(duplicate());
        }
        if method == HttpMethod::Options && self.cors.is_some() {
            return Err(Error::Invalid {
                path: self.path().to_owned(),
                message: format!("OPTIONS {path} is the CORS preflight of this API; route another method, or build the API without .cors()"),
            });
        }
        // API Gateway allows one path parameter among the children of a resource.
        for depth in 0..parts.len() {
            let part = parts[depth];
            if !part.starts_with('{') {
                continue;
            }
            let parent = join_path(&parts[..depth]);
            let own = join_path(&parts[..=depth]);
            if self.nodes.contains_key(&own) {
                continue;
            }
            let sibling = self
                .nodes
                .keys()
                .filter(|key| key.rsplit_once('/').is_some_and(|(p, _)| p == parent.trim_end_matches('/')))
                .find_map(|key| key.rsplit('/').next().filter(|last| last.starts_with('{')));
            if let Some(sibling) = sibling {
                return Err(Error::InvalidApiPath {
                    path: self.path().to_owned(),
                    api_path: path.to_owned(),
                    reason: format!(
                        "{part} conflicts with the path parameter {sibling} at the same level; API Gateway allows one, so reuse {sibling}"
                    ),
                });
            }
        }
        Ok(())
    }

    fn public_reason_for(&self, path: &str, method: HttpMethod, reason: Option<String>) -> Result<String, Error> {
        match reason.or_else(|| self.public_reason.clone()) {
            Some(reason) if !reason.trim().is_empty() => Ok(reason),
            _ => Err(Error::Invalid {
                path: self.path().to_owned(),
                message: format!(
                    "{method} {path} has no authorization; say why it is public with RouteOptions::public_reason(..) \
                     (or RestApiBuilder::public_reason(..) for every route), or require IAM with RouteOptions::iam()"
                ),
            }),
        }
    }

    /// Adds the resources of `parts` that do not exist yet; returns the key
    /// of the last one.
    fn ensure_nodes(&mut self, stack: &mut Stack, parts: &[&str]) -> Result<String, Error> {
        for depth in 0..parts.len() {
            let key = join_path(&parts[..=depth]);
            if self.nodes.contains_key(&key) {
                continue;
            }
            let parent = &self.nodes[&join_path(&parts[..depth])];
            let (parent_scope, parent_id) = (parent.scope.clone(), parent.resource_id.clone());
            let scope = stack.scope(&parent_scope, parts[depth])?;
            let resource = apigateway::Resource {
                parent_id: parent_id.into(),
                path_part: parts[depth].into(),
                rest_api_id: self.handle.rest_api_id().into(),
            };
            let resource = stack.add(&scope, "Resource", resource)?;
            let node = PathNode {
                scope,
                resource_id: resource.resource_id(),
                resource: Some(resource),
                methods: Vec::new(),
                preflight: None,
            };
            self.nodes.insert(key, node);
        }
        Ok(join_path(parts))
    }

    fn lambda_integration(
        &self,
        integration: Integration,
        uri: Value,
    ) -> (apigateway::Integration, Vec<MethodResponse>) {
        let mut l1 = apigateway::Integration {
            integration_http_method: Some("POST".into()),
            uri: Some(uri.into()),
            ..apigateway::Integration::new(match integration {
                Integration::LambdaProxy => "AWS_PROXY",
                Integration::Lambda => "AWS",
            })
        };
        if integration == Integration::LambdaProxy {
            return (l1, Vec::new());
        }
        // What the function gets, for JSON and form posts alike: the body and
        // the request around it. Other content types are refused with a 415
        // rather than passed through raw, which the function could not read.
        l1.passthrough_behavior = Some("NEVER".into());
        l1.request_templates.insert("application/json".into(), request_template("$input.json('$')").into());
        l1.request_templates.insert("application/x-www-form-urlencoded".into(), request_template(FORM_BODY).into());
        let mut success = IntegrationResponse::new("200");
        let mut failure =
            IntegrationResponse { selection_pattern: Some(r"[\s\S]+".into()), ..IntegrationResponse::new("500") };
        failure.response_templates.insert("application/json".into(), r#"{"message": "Internal server error"}"#.into());
        let mut declared = vec![MethodResponse::new("200"), MethodResponse::new("500")];
        if let Some(cors) = &self.cors {
            let header = "method.response.header.Access-Control-Allow-Origin";
            for response in [&mut success, &mut failure] {
                response.response_parameters.insert(header.into(), cors.static_origin().into());
            }
            for response in &mut declared {
                response.response_parameters.insert(header.into(), true);
            }
        }
        l1.integration_responses = vec![success, failure];
        (l1, declared)
    }

    /// Creates or rewrites the path's CORS preflight method, so that its
    /// `Access-Control-Allow-Methods` lists every method routed on the path.
    fn update_preflight(&mut self, stack: &mut Stack, node_path: &str) -> Result<(), Error> {
        let Some(cors) = &self.cors else { return Ok(()) };
        let node = &self.nodes[node_path];
        let methods = cors.allow_methods.clone().unwrap_or_else(|| node.methods.clone());
        let mut allowed = vec!["OPTIONS"];
        for method in methods {
            let names: &[&str] = match method {
                HttpMethod::Any => &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"],
                other => &[other.as_str()],
            };
            for name in names {
                if !allowed.contains(name) {
                    allowed.push(name);
                }
            }
        }
        let mut response = IntegrationResponse::new("200");
        let mut declared = MethodResponse::new("200");
        let mut headers = vec![
            ("Access-Control-Allow-Origin", cors.static_origin()),
            ("Access-Control-Allow-Headers", format!("'{}'", cors.allow_headers.join(","))),
            ("Access-Control-Allow-Methods", format!("'{}'", allowed.join(","))),
        ];
        if cors.varies_by_origin() {
            headers.push(("Vary", "'Origin'".into()));
        }
        for (name, value) in headers {
            let key = format!("method.response.header.{name}");
            response.response_parameters.insert(key.clone(), value.into());
            declared.response_parameters.insert(key, true);
        }
        response
            .response_templates
            .insert("application/json".into(), cors.origin_override_template().unwrap_or_default().into());
        let mut integration = apigateway::Integration::new("MOCK");
        integration.passthrough_behavior = Some("WHEN_NO_MATCH".into());
        integration.request_templates.insert("application/json".into(), r#"{"statusCode": 200}"#.into());
        integration.integration_responses = vec![response];
        let method = Method {
            authorization_type: Some("NONE".into()),
            integration: Some(integration),
            method_responses: vec![declared],
            ..Method::new(self.handle.rest_api_id(), node.resource_id.clone(), "OPTIONS")
        };
        match node.preflight.clone() {
            Some(handle) => {
                let slot = stack.get_mut(&handle).ok_or_else(|| Error::Invalid {
                    path: handle.path().to_owned(),
                    message:
                        "the CORS preflight method was removed from the stack; keep the resources a RestApi created"
                            .into(),
                })?;
                *slot = method;
            }
            None => {
                let scope = stack.scope(&node.scope, "OPTIONS")?;
                let handle = stack.add(&scope, "Resource", method)?;
                self.methods.push(handle.clone());
                self.nodes.get_mut(node_path).expect("looked up above").preflight = Some(handle);
            }
        }
        Ok(())
    }

    /// The permission for this API to invoke `target`: one per function, for
    /// every route of the API (`${Api}/*`). A statement per route would be
    /// tighter, but Lambda caps a function's resource policy at 20 KB, about
    /// 50 such statements, and an API with more routes to one function
    /// would fail to deploy.
    fn invoke_permission(&mut self, stack: &mut Stack, target: &dyn LambdaTarget) -> Result<Handle<Permission>, Error> {
        if let Some(permission) = self.permissions.get(target.function_path()) {
            return Ok(permission.clone());
        }
        let permission = Permission {
            source_arn: Some(
                Value::sub_with(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                    [("Api", self.handle.rest_api_id())],
                )
                .into(),
            ),
            ..Permission::new("lambda:InvokeFunction", target.function_arn(), "apigateway.amazonaws.com")
        };
        let id = format!("Invoke{}", target.function_path().replace('_', "__").replace('/', "_"));
        let permission = stack.add(&self.scope, &id, permission)?;
        self.permissions.insert(target.function_path().to_owned(), permission.clone());
        Ok(permission)
    }

    /// Makes the deployment include `method`, creating the deployment and
    /// the stage with the first route. The deployment lists every method in
    /// `replace_when_changed`, so synth names it after their final
    /// properties: any change to a method, however it was made, gives a new
    /// deployment that the stage then points at.
    fn deploy(&mut self, stack: &mut Stack, method: &Handle<Method>) -> Result<(), Error> {
        let deployment = match &self.deployment {
            Some(deployment) => deployment.clone(),
            None => {
                let deployment = Deployment {
                    rest_api_id: self.handle.rest_api_id().into(),
                    description: Some(
                        format!("{} routes; replaced by a new deployment whenever they change", self.path()).into(),
                    ),
                };
                let deployment = stack.add(&self.scope, "Deployment", deployment)?;
                for response in &self.gateway_responses {
                    let options = stack.options_mut(&deployment)?;
                    options.depends_on.push(response.target().clone());
                    options.replace_when_changed.push(response.target().clone());
                }
                let stage = Stage {
                    deployment_id: Some(deployment.deployment_id().into()),
                    stage_name: Some(self.stage_name.clone().into()),
                    tracing_enabled: Some(self.tracing.into()),
                    access_log_setting: self.log_group.as_ref().map(|group| AccessLogSetting {
                        destination_arn: group.arn().into(),
                        format: ACCESS_LOG_FORMAT.into(),
                    }),
                    ..Stage::new(self.handle.rest_api_id())
                };
                let stage = stack.add(&self.scope, "Stage", stage)?;
                if let Some(account) = &self.account {
                    stack.add_dependency(&stage, account)?;
                }
                self.stage = Some(stage);
                self.deployment = Some(deployment.clone());
                deployment
            }
        };
        // Each method is new, so pushing keeps both lists free of repeats
        // without a linear search per route.
        let options = stack.options_mut(&deployment)?;
        options.depends_on.push(method.target().clone());
        options.replace_when_changed.push(method.target().clone());
        Ok(())
    }
}

impl RestApiBuilder {
    /// The API's name; `${AWS::StackName}-<id>` when unset.
    pub fn name(mut self, name: impl Into<Value>) -> RestApiBuilder {
        self.name = Some(name.into());
        self
    }

    /// What the API is for.
    pub fn description(mut self, description: impl Into<String>) -> RestApiBuilder {
        self.description = Some(description.into());
        self
    }

    /// The stage name (letters, digits, `-` and `_`); `prod` by default.
    pub fn stage_name(mut self, stage_name: impl Into<String>) -> RestApiBuilder {
        self.stage_name = stage_name.into();
        self
    }

    /// Answers CORS preflight requests on every routed path.
    pub fn cors(mut self, cors: Cors) -> RestApiBuilder {
        self.cors = Some(cors);
        self
    }

    /// X-Ray tracing on the stage; on by default.
    pub fn tracing(mut self, tracing: bool) -> RestApiBuilder {
        self.tracing = tracing;
        self
    }

    /// Access logging to a log group; on by default.
    pub fn access_logs(mut self, access_logs: bool) -> RestApiBuilder {
        self.access_logs = access_logs;
        self
    }

    /// How long access logs are kept; a month by default, long enough to
    /// look into a report from the last billing cycle.
    pub fn access_log_retention(mut self, retention: RetentionDays) -> RestApiBuilder {
        self.access_log_retention = retention;
        self
    }

    /// Whether this API sets the account-level CloudWatch role. Defaults to
    /// whether access logging is on; see [`RestApi`] for why.
    pub fn cloud_watch_role(mut self, cloud_watch_role: bool) -> RestApiBuilder {
        self.cloud_watch_role = Some(cloud_watch_role);
        self
    }

    /// The integration of routes that do not choose one; Lambda proxy by default.
    pub fn integration(mut self, integration: Integration) -> RestApiBuilder {
        self.integration = integration;
        self
    }

    /// Why routes without authorization are public, for every route that
    /// does not give its own reason. See [`RestApi`].
    pub fn public_reason(mut self, reason: impl Into<String>) -> RestApiBuilder {
        self.public_reason = Some(reason.into());
        self
    }

    /// Checks the settings and adds the API (`<id>/Resource`), its access-log
    /// group, the CloudWatch role and account setting (unless an earlier API
    /// of the stack made them) and, with CORS, the gateway responses.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<RestApi, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<RestApi, Error> {
        let path = parent.child_path(id);
        let stage_ok = (1..=128).contains(&self.stage_name.len())
            && self.stage_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !stage_ok {
            return Err(Error::Invalid {
                path,
                message: format!(
                    "{:?} is not a stage name; use 1 to 128 letters, digits, '-' or '_', e.g. \"prod\"",
                    self.stage_name
                ),
            });
        }
        if let Some(cors) = &self.cors {
            cors.check(&path)?;
        }
        if self.public_reason.as_ref().is_some_and(|r| r.trim().is_empty()) {
            return Err(Error::Invalid {
                path,
                message: "the public reason is empty; say why the routes need no authorization".into(),
            });
        }
        let cloud_watch_role = self.cloud_watch_role.unwrap_or(self.access_logs);

        let scope = stack.scope(parent, id)?;
        let api = apigateway::RestApi {
            name: Some(
                self.name
                    .unwrap_or_else(|| Value::sub(format!("${{AWS::StackName}}-{}", id.replace("${", "${!"))))
                    .into(),
            ),
            description: self.description.map(Into::into),
            endpoint_configuration: Some(EndpointConfiguration { types: vec!["REGIONAL".into()] }),
            tags: Vec::new(),
        };
        let handle = stack.add(&scope, "Resource", api)?;

        let log_group = if self.access_logs {
            let group = LogGroup { retention_in_days: Some(self.access_log_retention), ..LogGroup::default() };
            let group = stack.add(&scope, "AccessLogs", group)?;
            stack.options_mut(&group)?.set_removal_policy(DeletionPolicy::Delete);
            Some(group)
        } else {
            None
        };

        let existing_account = stack.first_of_type::<Account>();
        let (role, account) = if let (true, Some(account)) = (cloud_watch_role, existing_account) {
            // The setting is one per account and region: a second API in the
            // stack waits for the first one's instead of writing its own.
            (None, Some(account))
        } else if cloud_watch_role {
            let mut role = iam::Role::new(PolicyDocument::assumed_by_service("apigateway.amazonaws.com"));
            role.managed_policy_arns =
                vec![ManagedPolicy::aws("service-role/AmazonAPIGatewayPushToCloudWatchLogs").policy_arn().into()];
            let role = stack.add(&scope, "CloudWatchRole", role)?;
            stack.options_mut(&role)?.deletion_policy = Some(DeletionPolicy::Retain);
            let account = stack.add(&scope, "Account", Account { cloud_watch_role_arn: Some(role.arn().into()) })?;
            stack.options_mut(&account)?.deletion_policy = Some(DeletionPolicy::Retain);
            // Mirrors the CDK, which orders the account setting after the API it serves.
            stack.add_dependency(&account, &handle)?;
            (Some(role), Some(account))
        } else {
            (None, None)
        };

        let mut gateway_responses = Vec::new();
        if let Some(cors) = &self.cors {
            for response_type in ["DEFAULT_4XX", "DEFAULT_5XX"] {
                let mut response = GatewayResponse::new(handle.rest_api_id(), response_type);
                for (header, value) in [
                    ("Access-Control-Allow-Origin", cors.static_origin()),
                    ("Access-Control-Allow-Headers", format!("'{}'", cors.allow_headers.join(","))),
                ] {
                    response.response_parameters.insert(format!("gatewayresponse.header.{header}"), value.into());
                }
                gateway_responses.push(stack.add(&scope, &format!("GatewayResponse{response_type}"), response)?);
            }
        }

        let root_scope = stack.scope(&scope, "Default")?;
        let mut nodes = IndexMap::new();
        nodes.insert(
            "/".to_owned(),
            PathNode {
                scope: root_scope,
                resource_id: handle.root_resource_id(),
                resource: None,
                methods: Vec::new(),
                preflight: None,
            },
        );
        Ok(RestApi {
            scope,
            handle,
            stage_name: self.stage_name,
            cors: self.cors,
            tracing: self.tracing,
            integration: self.integration,
            public_reason: self.public_reason,
            log_group,
            cloud_watch_role: role,
            account,
            nodes,
            methods: Vec::new(),
            deployed: 0,
            gateway_responses,
            permissions: IndexMap::new(),
            deployment: None,
            stage: None,
        })
    }
}

/// Method names used as construct ids next to path parts in a scope.
const RESERVED_PARTS: [&str; 9] = ["Resource", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/// Splits and checks an API path; the error is the reason, with the fix.
fn parse_path(path: &str) -> Result<Vec<&str>, String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("start the path with '/', e.g. \"/graphql\"".into());
    };
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    if rest.ends_with('/') {
        return Err("remove the trailing '/'".into());
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    for (index, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return Err("path parts must not be empty ('//')".into());
        }
        if let Some(inner) = part.strip_prefix('{') {
            let Some(name) = inner.strip_suffix('}') else {
                return Err(format!("{part:?} opens a path parameter without closing it; write {{name}}"));
            };
            let (name, greedy) = match name.strip_suffix('+') {
                Some(name) => (name, true),
                None => (name, false),
            };
            if !plain(name) {
                return Err(format!("{part:?}: path parameter names are letters, digits and '._-'"));
            }
            if greedy && index + 1 != parts.len() {
                return Err(format!("the greedy parameter {part} must be the last part of the path"));
            }
        } else {
            if !plain(part) {
                return Err(format!(
                    "{part:?}: API Gateway allows only letters, digits and '._-' in a path part, or a parameter {{name}} or {{name+}}"
                ));
            }
            if !part.chars().any(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("{part:?}: a path part needs at least one letter or digit"));
            }
            if RESERVED_PARTS.contains(part) {
                return Err(format!("{part:?} is reserved for the construct tree's own ids; rename the path part"));
            }
        }
    }
    Ok(parts)
}

/// The body of a form post, as a JSON string. `escapeJavaScript` escapes
/// `'` too, which JSON does not allow, hence the `replaceAll`.
const FORM_BODY: &str = r#""$util.escapeJavaScript($input.body).replaceAll("\\'","'")""#;

/// The request mapping template of the non-proxy integration, with
/// `body_expression` as the body: a JSON object of the body and the request
/// around it, each header, query string and path parameter escaped for JSON.
fn request_template(body_expression: &str) -> String {
    let map = |name: &str, source: &str| {
        format!(
            "  \"{name}\": {{\n#foreach($key in $params.{source}.keySet())\n    \"$util.escapeJavaScript($key)\": \"$util.escapeJavaScript($params.{source}.get($key)).replaceAll(\"\\\\'\",\"'\")\"#if($foreach.hasNext),#end\n#end\n  }},\n"
        )
    };
    format!(
        "#set($params = $input.params())\n{{\n  \"body\": {body_expression},\n  \"method\": \"$context.httpMethod\",\n  \"stage\": \"$context.stage\",\n  \"requestPath\": \"$context.resourcePath\",\n{}{}{}  \"identity\": {{\n    \"sourceIp\": \"$context.identity.sourceIp\",\n    \"userAgent\": \"$util.escapeJavaScript($context.identity.userAgent).replaceAll(\"\\\\'\",\"'\")\"\n  }}\n}}\n",
        map("headers", "header"),
        map("query", "querystring"),
        map("path", "path"),
    )
}

fn join_path(parts: &[&str]) -> String {
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_template_maps_body_request_and_parameters() {
        let template = request_template("$input.json('$')");
        assert!(template.starts_with("#set($params = $input.params())\n{\n  \"body\": $input.json('$'),\n"));
        for source in ["header", "querystring", "path"] {
            assert!(template.contains(&format!("#foreach($key in $params.{source}.keySet())")), "{source}");
        }
        assert!(
            template.contains(r#"$util.escapeJavaScript($params.path.get($key)).replaceAll("\\'","'")"#),
            "{template}"
        );
        assert!(template.contains("\"sourceIp\": \"$context.identity.sourceIp\""));
        let form = request_template(FORM_BODY);
        assert!(form.contains(r#"  "body": "$util.escapeJavaScript($input.body).replaceAll("\\'","'")","#), "{form}");
    }

    #[test]
    fn paths_are_split_and_checked() {
        assert_eq!(parse_path("/").unwrap(), Vec::<&str>::new());
        assert_eq!(parse_path("/users/{id}/files/{path+}").unwrap(), ["users", "{id}", "files", "{path+}"]);
        assert_eq!(parse_path("/v1.2/a_b-c").unwrap(), ["v1.2", "a_b-c"]);
        for bad in [
            "graphql",
            "/a/",
            "/a//b",
            "/a b",
            "/{id",
            "/{}",
            "/{a+}/b",
            "/~user",
            "/a:b",
            "/..",
            "/POST",
            "/Resource",
            "/{a$}",
        ] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
