//! The `RestApi` L2 construct: an API Gateway REST API whose routes invoke
//! Lambda functions, with its stage, access logging, CORS and deployment
//! kept correct however many routes are added.
//!
//! The construct is one type, [`RestApi`]; its parts live beside it: the
//! builder, routes and their options, CORS, API paths, the Lambda
//! integration and the deployment.
mod builder;
mod cors;
mod deployment;
mod lambda_integration;
mod paths;
mod route;

pub use builder::RestApiBuilder;
pub use cors::{Cors, DEFAULT_CORS_HEADERS};
pub use deployment::ACCESS_LOG_FORMAT;
pub use lambda_integration::Integration;
pub use route::{Authorization, HttpMethod, Route, RouteOptions};

use indexmap::IndexMap;

use crate::apigateway::ApiGatewayError;
use crate::error::Error;
use crate::l1::apigateway::{self, Account, Deployment, GatewayResponse, Method, Stage};
use crate::l1::iam::{self};
use crate::l1::lambda::Permission;
use crate::l1::logs::LogGroup;
use crate::lambda::LambdaTarget;
use crate::logs::RetentionDays;
use cfnkit_core::Handle;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

use paths::{join_path, parse_path, PathNode};

/// API Gateway ends a REST integration after this many seconds (the default
/// quota), whatever the function's own timeout.
pub const INTEGRATION_TIMEOUT_SECONDS: u32 = 29;

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
/// use cfnkit_l1_lambda::{function::Code, Function};
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let role = Role::builder("lambda.amazonaws.com").build(&mut stack, "HandlerRole").unwrap();
/// let function = Function {
///     runtime: Some("nodejs24.x".into()),
///     handler: Some("index.handler".into()),
///     ..Function::new(
///         Code { zip_file: Some("exports.handler = async () => ({ statusCode: 200 });".into()), ..Code::new() },
///         role.arn(),
///     )
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
    /// same method on a path twice is an [`ApiGatewayError::DuplicateRoute`].
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
        let parts = parse_path(path).map_err(|reason| {
            Error::new(self.path(), ApiGatewayError::InvalidApiPath { api_path: path.to_owned(), reason })
        })?;
        self.check_route(path, &parts, method)?;
        let integration = options.integration.unwrap_or(self.integration);
        let public_reason = match options.authorization {
            Authorization::Iam => None,
            Authorization::None => Some(self.public_reason_for(path, method, options.public_reason)?),
        };
        if integration == Integration::Lambda && self.cors.as_ref().is_some_and(Cors::varies_by_origin) {
            let kind =
                ApiGatewayError::SingleOriginIntegration { method: method.to_string(), api_path: path.to_owned() };
            return Err(Error::new(self.path(), kind));
        }

        let node_path = self.ensure_nodes(stack, &parts)?;
        let node = &self.nodes[&node_path];
        let scope = stack.scope(&node.scope, method.as_str())?;
        let resource_id = node.resource_id.clone();
        let resource = node.resource.clone();

        let mut l1 = Method::new(method.as_str(), resource_id, self.handle.rest_api_id());
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
        l1.method_responses = responses.into();
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
        let duplicate = || {
            Error::new(
                self.path(),
                ApiGatewayError::DuplicateRoute { method: method.to_string(), api_path: path.to_owned() },
            )
        };
        if self.nodes.get(path).is_some_and(|node| node.methods.contains(&method)) {
            return Err(duplicate());
        }
        if method == HttpMethod::Options && self.cors.is_some() {
            return Err(Error::new(self.path(), ApiGatewayError::PreflightRouted { api_path: path.to_owned() }));
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
                let kind = ApiGatewayError::ConflictingPathParameter {
                    api_path: path.to_owned(),
                    part: part.to_owned(),
                    sibling: sibling.to_owned(),
                };
                return Err(Error::new(self.path(), kind));
            }
        }
        Ok(())
    }

    fn public_reason_for(&self, path: &str, method: HttpMethod, reason: Option<String>) -> Result<String, Error> {
        match reason.or_else(|| self.public_reason.clone()) {
            Some(reason) if !reason.trim().is_empty() => Ok(reason),
            _ => Err(Error::new(
                self.path(),
                ApiGatewayError::MissingPublicReason { method: method.to_string(), api_path: path.to_owned() },
            )),
        }
    }
}
