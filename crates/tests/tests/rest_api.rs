//! The `RestApi` L2 construct: defaults, options and errors, end to end
//! through synth.
use cfnkit::logs::RetentionDays;
use cfnkit::synth::{synth, Format, Template};
use cfnkit_l1_lambda::function::Code;
use cfnkit_l1_lambda::Function;
use cfnkit_tests::names::*;
use cfnkit_tests::snapshot;
use serde_json::{json, Value as Json};

/// Snapshots live in the top-level `snapshots/` folder.
const HANDLER: &str = "exports.handler = async () => ({\n  statusCode: 200,\n  headers: { \"Content-Type\": \"application/json\", \"Access-Control-Allow-Origin\": \"*\" },\n  body: JSON.stringify({ data: null })\n});\n";

/// A plain L1 function with a role from the `Role` L2.
fn function(stack: &mut Stack, id: &str) -> Handle<Function> {
    let role = Role::builder("lambda.amazonaws.com")
        .managed_policy(ManagedPolicy::aws("service-role/AWSLambdaBasicExecutionRole"))
        .build(stack, &format!("{id}Role"))
        .unwrap();
    let function = Function {
        runtime: Some("nodejs24.x".into()),
        handler: Some("index.handler".into()),
        description: Some("GraphQL endpoint handler".into()),
        ..Function::new(Code { zip_file: Some(HANDLER.into()), ..Code::new() }, role.arn())
    };
    let handle = stack.add(&stack.root(), id, function).unwrap();
    // The API is what these tests are about; the function behind it is a
    // stand-in, and says so to the scanner the test command runs.
    let options = stack.options_mut(&handle).unwrap();
    for rule in ["CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117"] {
        options.suppress_checkov(rule, "a stand-in function for the API's tests");
    }
    handle
}

/// A function whose timeout the test chooses, as an L2 would report it.
struct Timed {
    handle: Handle<Function>,
    timeout: u32,
}

impl LambdaTarget for Timed {
    fn function_arn(&self) -> Value {
        self.handle.arn().into()
    }
    fn function_path(&self) -> &str {
        self.handle.path()
    }
    fn timeout_seconds(&self) -> u32 {
        self.timeout
    }
}

fn graphql_stack() -> Stack {
    let mut stack = Stack::new("WebApi");
    stack.set_description("A GraphQL Lambda function behind an API Gateway REST API");
    let handler = function(&mut stack, "Graphql");
    let mut api =
        RestApi::builder().description("GraphQL REST API").cors(Cors::any_origin()).build(&mut stack, "Api").unwrap();
    api.route_with(
        &mut stack,
        "/graphql",
        HttpMethod::Post,
        &handler,
        RouteOptions::new().public_reason("auth happens in the GraphQL resolver"),
    )
    .unwrap();
    stack.add_output("GraphqlUrl", Output::new(api.url_for("/graphql")).description("GraphQL endpoint URL")).unwrap();
    stack
}

fn render(stack: &Stack, format: Format) -> String {
    synth(stack).unwrap().render(format).unwrap().body
}

/// The resource at a construct path.
fn resource<'a>(template: &'a Template, path: &str) -> &'a Json {
    template.resource(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

fn id(template: &Template, path: &str) -> String {
    template.logical_id(path).unwrap().to_owned()
}

fn paths_of_type(stack: &Stack, template: &Template, resource_type: &str) -> Vec<String> {
    stack
        .entries()
        .map(|e| e.path.to_owned())
        .filter(|p| template.logical_id(p).is_some_and(|id| template.json()["Resources"][id]["Type"] == resource_type))
        .collect()
}

fn public() -> RouteOptions {
    RouteOptions::new().public_reason("public by design")
}

#[test]
fn graphql_json_snapshot() {
    snapshot!("rest_api_graphql.json", render(&graphql_stack(), Format::Json));
}

#[test]
fn graphql_yaml_snapshot() {
    snapshot!("rest_api_graphql.yaml", render(&graphql_stack(), Format::Yaml));
}

#[test]
fn the_defaults_give_a_regional_traced_logged_stage_with_the_account_role() {
    let stack = graphql_stack();
    let template = synth(&stack).unwrap();
    let api = id(&template, "Api/Resource");
    assert_eq!(
        resource(&template, "Api/Resource")["Properties"],
        json!({ "Name": { "Fn::Sub": "${AWS::StackName}-Api" }, "Description": "GraphQL REST API", "EndpointConfiguration": { "Types": ["REGIONAL"] } })
    );

    let logs = resource(&template, "Api/AccessLogs");
    assert_eq!(logs["Properties"], json!({ "RetentionInDays": 30 }));
    assert_eq!((&logs["DeletionPolicy"], &logs["UpdateReplacePolicy"]), (&json!("Delete"), &json!("Delete")));

    let role = resource(&template, "Api/CloudWatchRole");
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({ "Service": "apigateway.amazonaws.com" })
    );
    assert_eq!(
        role["Properties"]["ManagedPolicyArns"],
        json!([{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" }])
    );
    assert_eq!((&role["DeletionPolicy"], &role["UpdateReplacePolicy"]), (&json!("Retain"), &json!("Retain")));
    let account = resource(&template, "Api/Account");
    assert_eq!(
        account["Properties"]["CloudWatchRoleArn"],
        json!({ "Fn::GetAtt": [id(&template, "Api/CloudWatchRole"), "Arn"] })
    );
    assert_eq!(account["DependsOn"], json!([api]));
    assert_eq!(account["DeletionPolicy"], json!("Retain"));

    let stage = resource(&template, "Api/Stage");
    let deployment = paths_of_type(&stack, &template, "AWS::ApiGateway::Deployment");
    assert_eq!(deployment.len(), 1);
    assert_eq!(stage["DependsOn"], json!([id(&template, "Api/Account")]));
    assert_eq!(stage["Properties"]["StageName"], json!("prod"));
    assert_eq!(stage["Properties"]["TracingEnabled"], json!(true));
    assert_eq!(stage["Properties"]["DeploymentId"], json!({ "Ref": id(&template, &deployment[0]) }));
    assert_eq!(
        stage["Properties"]["AccessLogSetting"]["DestinationArn"],
        json!({ "Fn::GetAtt": [id(&template, "Api/AccessLogs"), "Arn"] })
    );
    assert!(stage["Properties"]["AccessLogSetting"]["Format"].as_str().unwrap().contains("$context.requestId"));
    let format: Json =
        serde_json::from_str(stage["Properties"]["AccessLogSetting"]["Format"].as_str().unwrap()).unwrap();
    assert!(format.is_object(), "the access log format is one JSON object per line");

    let method = resource(&template, "Api/Default/graphql/POST/Resource");
    assert_eq!(method["Properties"]["AuthorizationType"], json!("NONE"));
    assert_eq!(
        method["Properties"]["Integration"],
        json!({
            "Type": "AWS_PROXY",
            "IntegrationHttpMethod": "POST",
            "Uri": { "Fn::Sub": [
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations",
                { "FunctionArn": { "Fn::GetAtt": ["Graphql", "Arn"] } }
            ] }
        })
    );
    assert_eq!(
        resource(&template, "Api/InvokeGraphql")["Properties"],
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": { "Fn::GetAtt": ["Graphql", "Arn"] },
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": { "Fn::Sub": [
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                { "Api": { "Ref": api } }
            ] }
        })
    );
    assert_eq!(
        template.json()["Outputs"]["GraphqlUrl"]["Value"],
        json!({ "Fn::Sub": ["https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod/graphql", { "Api": { "Ref": api } }] })
    );
}

#[test]
fn an_api_without_routes_has_no_deployment_or_stage() {
    let mut stack = Stack::new("Empty");
    let api = RestApi::builder().build(&mut stack, "Api").unwrap();
    assert!(api.stage().is_none() && api.deployment().is_none());
    let template = synth(&stack).unwrap();
    let types: Vec<&Json> = template.json()["Resources"].as_object().unwrap().values().map(|r| &r["Type"]).collect();
    assert_eq!(
        types,
        [
            &json!("AWS::ApiGateway::RestApi"),
            &json!("AWS::Logs::LogGroup"),
            &json!("AWS::IAM::Role"),
            &json!("AWS::ApiGateway::Account")
        ]
    );
}

#[test]
fn nested_paths_reuse_resources_and_functions_get_one_permission_each() {
    let mut stack = Stack::new("Nested");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder().public_reason("demo").build(&mut stack, "Api").unwrap();
    let users = api.route(&mut stack, "/users", HttpMethod::Get, &handler).unwrap();
    let user = api.route(&mut stack, "/users/{id}", HttpMethod::Any, &handler).unwrap();
    let files = api.route(&mut stack, "/users/{id}/files/{path+}", HttpMethod::Put, &handler).unwrap();
    let root = api.route(&mut stack, "/", HttpMethod::Get, &handler).unwrap();
    api.route(&mut stack, "/users", HttpMethod::Post, &handler).unwrap();
    assert!(root.resource.is_none());
    assert_eq!(users.resource.as_ref().unwrap().path(), "Api/Default/users/Resource");
    assert_eq!(user.method.path(), "Api/Default/users/{id}/ANY/Resource");

    let template = synth(&stack).unwrap();
    let resources = paths_of_type(&stack, &template, "AWS::ApiGateway::Resource");
    assert_eq!(
        resources,
        [
            "Api/Default/users/Resource",
            "Api/Default/users/{id}/Resource",
            "Api/Default/users/{id}/files/Resource",
            "Api/Default/users/{id}/files/{path+}/Resource"
        ]
    );
    let files_resource = resource(&template, "Api/Default/users/{id}/files/Resource");
    assert_eq!(
        files_resource["Properties"]["ParentId"],
        json!({ "Ref": id(&template, "Api/Default/users/{id}/Resource") })
    );
    assert_eq!(files_resource["Properties"]["PathPart"], json!("files"));
    assert_eq!(
        resource(&template, "Api/Default/users/Resource")["Properties"]["ParentId"],
        json!({ "Fn::GetAtt": [id(&template, "Api/Resource"), "RootResourceId"] })
    );
    assert_eq!(
        resource(&template, root.method.path())["Properties"]["ResourceId"],
        json!({ "Fn::GetAtt": [id(&template, "Api/Resource"), "RootResourceId"] })
    );

    // One statement per function and API: Lambda caps a function's
    // resource policy at 20 KB, about 50 statements.
    for route in [&users, &user, &files] {
        assert_eq!(route.permission, root.permission);
    }
    assert_eq!(root.permission.path(), "Api/InvokeHandler");
    assert_eq!(paths_of_type(&stack, &template, "AWS::Lambda::Permission"), ["Api/InvokeHandler"]);
    let other = function(&mut stack, "Other");
    let second = api.route(&mut stack, "/other", HttpMethod::Get, &other).unwrap();
    assert_eq!(second.permission.path(), "Api/InvokeOther");
}

/// A two-route API, and the logical ID its deployment gets.
fn two_route_api(change: impl FnOnce(&mut Stack, &mut RestApi, &Handle<Function>)) -> (Stack, RestApi, String) {
    let mut stack = Stack::new("Deployments");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder().cors(Cors::any_origin()).public_reason("demo").build(&mut stack, "Api").unwrap();
    api.route(&mut stack, "/a", HttpMethod::Get, &handler).unwrap();
    change(&mut stack, &mut api, &handler);
    let template = synth(&stack).unwrap();
    let deployment = id(&template, api.deployment().unwrap().path());
    (stack, api, deployment)
}

#[test]
fn one_deployment_depends_on_every_method_and_the_stage_uses_it() {
    let (stack, api, deployment_id) = two_route_api(|stack, api, handler| {
        api.route(stack, "/b", HttpMethod::Get, handler).unwrap();
    });
    let template = synth(&stack).unwrap();
    assert_eq!(paths_of_type(&stack, &template, "AWS::ApiGateway::Deployment"), ["Api/Deployment"]);
    assert!(deployment_id.starts_with("ApiDeployment") && deployment_id.len() == "ApiDeployment".len() + 8);
    let deployment = resource(&template, "Api/Deployment");
    let methods = [
        "Api/Default/a/GET/Resource",
        "Api/Default/a/OPTIONS/Resource",
        "Api/Default/b/GET/Resource",
        "Api/Default/b/OPTIONS/Resource",
    ];
    let published = ["Api/GatewayResponseDEFAULT_4XX", "Api/GatewayResponseDEFAULT_5XX"].iter().chain(methods.iter());
    assert_eq!(deployment["DependsOn"], json!(published.map(|m| id(&template, m)).collect::<Vec<_>>()));
    assert_eq!(deployment["Properties"]["RestApiId"], json!({ "Ref": id(&template, "Api/Resource") }));
    assert_eq!(resource(&template, "Api/Stage")["Properties"]["DeploymentId"], json!({ "Ref": deployment_id }));
    assert_eq!(api.stage().unwrap().path(), "Api/Stage");
}

#[test]
fn the_deployment_is_renamed_by_any_change_to_a_method_and_only_then() {
    let route_b = |stack: &mut Stack, api: &mut RestApi, handler: &Handle<Function>| {
        api.route(stack, "/b", HttpMethod::Get, handler).unwrap();
    };
    let (_, _, base) = two_route_api(route_b);
    let (_, _, same) = two_route_api(route_b);
    assert_eq!(base, same, "same methods, same deployment, run after run");

    let (_, _, one_route) = two_route_api(|_, _, _| {});
    assert_ne!(one_route, base, "a new route is a new deployment");

    let (_, _, other_integration) = two_route_api(|stack, api, handler| {
        api.route_with(stack, "/b", HttpMethod::Get, handler, public().integration(Integration::Lambda)).unwrap();
    });
    assert_ne!(other_integration, base);

    let (_, _, edited) = two_route_api(|stack, api, handler| {
        let route = api.route(stack, "/b", HttpMethod::Get, handler).unwrap();
        stack.get_mut(&route.method).unwrap().authorization_type = Some("AWS_IAM".into());
    });
    assert_ne!(edited, base, "a method edited after routing is a new deployment");

    let (_, _, overridden) = two_route_api(|stack, api, handler| {
        let route = api.route(stack, "/b", HttpMethod::Get, handler).unwrap();
        stack.add_property_override(&route.method, "ApiKeyRequired", true).unwrap();
    });
    assert_ne!(overridden, base, "an overridden method is a new deployment");
}

#[test]
fn cors_adds_one_preflight_per_path_listing_its_methods() {
    let mut stack = Stack::new("Cors");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder().cors(Cors::any_origin()).public_reason("demo").build(&mut stack, "Api").unwrap();
    api.route(&mut stack, "/items", HttpMethod::Get, &handler).unwrap();
    api.route(&mut stack, "/items", HttpMethod::Post, &handler).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(paths_of_type(&stack, &template, "AWS::ApiGateway::Method").len(), 3);
    let preflight = &resource(&template, "Api/Default/items/OPTIONS/Resource")["Properties"];
    assert_eq!(preflight["HttpMethod"], json!("OPTIONS"));
    assert_eq!(preflight["AuthorizationType"], json!("NONE"));
    assert_eq!(
        preflight["Integration"],
        json!({
            "Type": "MOCK",
            "PassthroughBehavior": "WHEN_NO_MATCH",
            "RequestTemplates": { "application/json": "{\"statusCode\": 200}" },
            "IntegrationResponses": [{
                "StatusCode": "200",
                "ResponseParameters": {
                    "method.response.header.Access-Control-Allow-Origin": "'*'",
                    "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
                    "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'"
                },
                "ResponseTemplates": { "application/json": "" }
            }]
        })
    );
    assert_eq!(
        preflight["MethodResponses"],
        json!([{ "StatusCode": "200", "ResponseParameters": {
            "method.response.header.Access-Control-Allow-Origin": true,
            "method.response.header.Access-Control-Allow-Headers": true,
            "method.response.header.Access-Control-Allow-Methods": true
        } }])
    );
    assert!(
        resource(&template, "Api/Default/items/OPTIONS/Resource").get("Metadata").is_none(),
        "preflights are exempt from the rules"
    );

    let mut plain = Stack::new("NoCors");
    let handler = function(&mut plain, "Handler");
    let mut api = RestApi::builder().public_reason("demo").build(&mut plain, "Api").unwrap();
    api.route(&mut plain, "/items", HttpMethod::Get, &handler).unwrap();
    let template = synth(&plain).unwrap();
    assert_eq!(paths_of_type(&plain, &template, "AWS::ApiGateway::Method"), ["Api/Default/items/GET/Resource"]);
}

#[test]
fn cors_origins_methods_and_headers_can_be_restricted() {
    let mut stack = Stack::new("CorsOptions");
    let handler = function(&mut stack, "Handler");
    let single =
        Cors::origins(["https://app.example.com"]).allow_methods([HttpMethod::Any]).allow_headers(["Content-Type"]);
    let mut api = RestApi::builder().cors(single).public_reason("demo").build(&mut stack, "One").unwrap();
    api.route(&mut stack, "/x", HttpMethod::Get, &handler).unwrap();
    let several = Cors::origins(["https://a.example.com", "http://localhost:3000"]);
    let mut api = RestApi::builder().cors(several).public_reason("demo").build(&mut stack, "Two").unwrap();
    api.route(&mut stack, "/x", HttpMethod::Get, &handler).unwrap();

    let template = synth(&stack).unwrap();
    let one =
        &resource(&template, "One/Default/x/OPTIONS/Resource")["Properties"]["Integration"]["IntegrationResponses"][0];
    assert_eq!(
        one["ResponseParameters"],
        json!({
            "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'",
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type'",
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD'"
        })
    );
    let two = &resource(&template, "Two/Default/x/OPTIONS/Resource")["Properties"];
    let response = &two["Integration"]["IntegrationResponses"][0];
    assert_eq!(
        response["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"],
        json!("'https://a.example.com'")
    );
    assert_eq!(response["ResponseParameters"]["method.response.header.Vary"], json!("'Origin'"));
    assert_eq!(two["MethodResponses"][0]["ResponseParameters"]["method.response.header.Vary"], json!(true));
    let template_text = response["ResponseTemplates"]["application/json"].as_str().unwrap();
    assert!(
        template_text.contains(r#"$origin == "https://a.example.com" || $origin == "http://localhost:3000""#),
        "{template_text}"
    );
    assert!(template_text.contains("$context.responseOverride.header.Access-Control-Allow-Origin = $origin"));
}

#[test]
fn bad_cors_settings_are_errors() {
    let mut stack = Stack::new("BadCors");
    let cases = [
        Cors::origins(Vec::<String>::new()),
        Cors::origins(["*"]),
        Cors::origins(["app.example.com"]),
        Cors::origins(["https://app.example.com/path"]),
        Cors::any_origin().allow_methods([]),
        Cors::any_origin().allow_headers(Vec::<String>::new()),
        Cors::any_origin().allow_headers(["Bad Header"]),
    ];
    for cors in cases {
        let error = RestApi::builder().cors(cors.clone()).build(&mut stack, "Api").unwrap_err();
        assert!(
            matches!(&error, Error { path, kind: ErrorKind::ApiGateway(_) } if path == "Api"),
            "{cors:?}: {error:?}"
        );
    }
    assert_eq!(stack.entries().count(), 0, "a failed build adds nothing");
}

#[test]
fn the_non_proxy_lambda_integration_maps_responses_and_cors_headers() {
    let mut stack = Stack::new("NonProxy");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder()
        .cors(Cors::any_origin())
        .integration(Integration::Lambda)
        .public_reason("demo")
        .build(&mut stack, "Api")
        .unwrap();
    let route = api.route(&mut stack, "/graphql", HttpMethod::Post, &handler).unwrap();
    let proxied = api
        .route_with(&mut stack, "/proxied", HttpMethod::Post, &handler, public().integration(Integration::LambdaProxy))
        .unwrap();
    let template = synth(&stack).unwrap();
    let method = &resource(&template, route.method.path())["Properties"];
    let origin = "method.response.header.Access-Control-Allow-Origin";
    assert_eq!(method["Integration"]["Type"], json!("AWS"));
    assert_eq!(method["Integration"]["IntegrationHttpMethod"], json!("POST"));
    assert_eq!(method["Integration"]["PassthroughBehavior"], json!("NEVER"), "other content types get a 415");
    let templates = method["Integration"]["RequestTemplates"].as_object().unwrap();
    assert_eq!(templates.keys().collect::<Vec<_>>(), ["application/json", "application/x-www-form-urlencoded"]);
    let json_template = templates["application/json"].as_str().unwrap();
    assert!(json_template.contains(r#""body": $input.json('$'),"#), "{json_template}");
    for field in ["\"method\"", "\"headers\"", "\"query\"", "\"path\"", "\"identity\""] {
        assert!(json_template.contains(field), "{field} missing from {json_template}");
    }
    assert!(templates["application/x-www-form-urlencoded"]
        .as_str()
        .unwrap()
        .contains(r#""body": "$util.escapeJavaScript($input.body)"#));
    assert_eq!(
        method["Integration"]["IntegrationResponses"],
        json!([
            { "StatusCode": "200", "ResponseParameters": { origin: "'*'" } },
            {
                "StatusCode": "500",
                "ResponseParameters": { origin: "'*'" },
                "ResponseTemplates": { "application/json": "{\"message\": \"Internal server error\"}" },
                "SelectionPattern": "[\\s\\S]+"
            }
        ])
    );
    assert_eq!(
        method["MethodResponses"],
        json!([{ "StatusCode": "200", "ResponseParameters": { origin: true } }, { "StatusCode": "500", "ResponseParameters": { origin: true } }])
    );
    assert_eq!(resource(&template, proxied.method.path())["Properties"]["Integration"]["Type"], json!("AWS_PROXY"));

    let mut api = RestApi::builder()
        .cors(Cors::origins(["https://a.example.com", "https://b.example.com"]))
        .public_reason("demo")
        .build(&mut stack, "Multi")
        .unwrap();
    let error = api
        .route_with(&mut stack, "/x", HttpMethod::Get, &handler, public().integration(Integration::Lambda))
        .unwrap_err();
    assert!(
        matches!(&error, Error { kind: ErrorKind::ApiGateway(ApiGatewayError::SingleOriginIntegration { .. }), .. }),
        "{error}"
    );
    assert!(error.to_string().contains("single origin"), "{error}");
}

#[test]
fn public_routes_must_say_why_and_carry_scanner_suppressions() {
    let mut stack = Stack::new("Public");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder().build(&mut stack, "Api").unwrap();
    let error = api.route(&mut stack, "/open", HttpMethod::Get, &handler).unwrap_err();
    assert!(
        matches!(&error, Error { path, kind: ErrorKind::ApiGateway(ApiGatewayError::MissingPublicReason { method, api_path }) }
            if path == "Api" && method == "GET" && api_path == "/open"),
        "{error}"
    );
    let error = api
        .route_with(&mut stack, "/open", HttpMethod::Get, &handler, RouteOptions::new().public_reason("  "))
        .unwrap_err();
    assert!(matches!(error, Error { kind: ErrorKind::ApiGateway(ApiGatewayError::MissingPublicReason { .. }), .. }));
    let error = RestApi::builder().public_reason(" ").build(&mut stack, "Blank").unwrap_err();
    assert_eq!(error, Error::new("Blank", ApiGatewayError::EmptyPublicReason));

    let open = api
        .route_with(&mut stack, "/open", HttpMethod::Get, &handler, RouteOptions::new().public_reason("health check"))
        .unwrap();
    let signed = api.route_with(&mut stack, "/signed", HttpMethod::Get, &handler, RouteOptions::new().iam()).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        resource(&template, open.method.path())["Metadata"],
        json!({
            "checkov": { "skip": [{ "id": "CKV_AWS_59", "comment": "health check" }] },
            "cfn_nag": { "rules_to_suppress": [{ "id": "W59", "reason": "health check" }] }
        })
    );
    let signed = resource(&template, signed.method.path());
    assert_eq!(signed["Properties"]["AuthorizationType"], json!("AWS_IAM"));
    assert!(signed.get("Metadata").is_none());

    let mut api = RestApi::builder().public_reason("auth in the resolver").build(&mut stack, "Defaulted").unwrap();
    let route = api.route(&mut stack, "/graphql", HttpMethod::Post, &handler).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        resource(&template, route.method.path())["Metadata"]["checkov"]["skip"][0]["comment"],
        json!("auth in the resolver")
    );
    assert!(RestApi::builder().public_reason("").build(&mut stack, "Empty").is_err());
}

#[test]
fn a_function_timeout_over_29_seconds_is_a_warning() {
    let mut stack = Stack::new("Timeouts");
    let handle = function(&mut stack, "Handler");
    let mut api = RestApi::builder().public_reason("demo").build(&mut stack, "Api").unwrap();
    api.route(&mut stack, "/fast", HttpMethod::Get, &Timed { handle: handle.clone(), timeout: 29 }).unwrap();
    api.route(&mut stack, "/default", HttpMethod::Get, &handle).unwrap();
    assert!(stack.warnings().is_empty());
    api.route(&mut stack, "/slow", HttpMethod::Get, &Timed { handle, timeout: 30 }).unwrap();
    let rendered = synth(&stack).unwrap().render(Format::Json).unwrap();
    assert_eq!(rendered.warnings.len(), 1);
    assert_eq!(rendered.warnings[0].path, "Api/Default/slow/GET/Resource");
    assert!(
        rendered.warnings[0].message.contains("30 s") && rendered.warnings[0].message.contains("29 s"),
        "{}",
        rendered.warnings[0]
    );
}

#[test]
fn bad_routes_are_errors_naming_the_api() {
    let mut stack = Stack::new("BadRoutes");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder().cors(Cors::any_origin()).public_reason("demo").build(&mut stack, "Api").unwrap();
    for bad in ["graphql", "/a/", "/a//b", "/a b", "/{id", "/{rest+}/more", "/ü"] {
        let error = api.route(&mut stack, bad, HttpMethod::Get, &handler).unwrap_err();
        assert!(
            matches!(&error, Error { path, kind: ErrorKind::ApiGateway(ApiGatewayError::InvalidApiPath { api_path, .. }) } if path == "Api" && api_path == bad),
            "{bad}: {error:?}"
        );
    }
    api.route(&mut stack, "/users/{id}", HttpMethod::Get, &handler).unwrap();
    assert_eq!(
        api.route(&mut stack, "/users/{id}", HttpMethod::Get, &handler).unwrap_err(),
        Error::new("Api", ApiGatewayError::DuplicateRoute { method: "GET".into(), api_path: "/users/{id}".into() })
    );
    let sibling = api.route(&mut stack, "/users/{name}", HttpMethod::Get, &handler).unwrap_err();
    assert!(
        matches!(&sibling, Error { kind: ErrorKind::ApiGateway(ApiGatewayError::ConflictingPathParameter { sibling, .. }), .. } if sibling == "{id}"),
        "{sibling}"
    );
    api.route(&mut stack, "/users/{id}/posts", HttpMethod::Get, &handler).unwrap();
    let preflight = api.route(&mut stack, "/users", HttpMethod::Options, &handler).unwrap_err();
    assert!(
        matches!(&preflight, Error { kind: ErrorKind::ApiGateway(ApiGatewayError::PreflightRouted { .. }), .. }),
        "{preflight}"
    );
    for bad in ["", "has space", "x".repeat(129).as_str()] {
        assert!(RestApi::builder().stage_name(bad).build(&mut stack, "Stage").is_err(), "{bad:?}");
    }
    assert!(synth(&stack).is_ok(), "failed routes leave a valid stack");
}

#[test]
fn logging_tracing_and_the_account_role_can_be_turned_off() {
    let mut stack = Stack::new("Off");
    let handler = function(&mut stack, "Handler");
    let mut no_role =
        RestApi::builder().cloud_watch_role(false).public_reason("demo").build(&mut stack, "NoRole").unwrap();
    no_role.route(&mut stack, "/x", HttpMethod::Get, &handler).unwrap();
    let mut quiet = RestApi::builder()
        .access_logs(false)
        .tracing(false)
        .stage_name("v1")
        .name("quiet-api")
        .public_reason("demo")
        .build(&mut stack, "Quiet")
        .unwrap();
    quiet.route(&mut stack, "/x", HttpMethod::Get, &handler).unwrap();
    let mut kept = RestApi::builder()
        .access_log_retention(RetentionDays::OneYear)
        .public_reason("demo")
        .build(&mut stack, "Kept")
        .unwrap();
    kept.route(&mut stack, "/x", HttpMethod::Get, &handler).unwrap();
    assert!(
        no_role.cloud_watch_role().is_none() && no_role.account().is_none() && no_role.access_log_group().is_some()
    );
    assert!(quiet.cloud_watch_role().is_none() && quiet.access_log_group().is_none());
    assert!(kept.account().is_some());

    let template = synth(&stack).unwrap();
    let stage = resource(&template, "NoRole/Stage");
    assert!(stage.get("DependsOn").is_none());
    assert!(stage["Properties"].get("AccessLogSetting").is_some());
    let stage = &resource(&template, "Quiet/Stage")["Properties"];
    assert!(stage.get("AccessLogSetting").is_none());
    assert_eq!((&stage["TracingEnabled"], &stage["StageName"]), (&json!(false), &json!("v1")));
    assert_eq!(resource(&template, "Quiet/Resource")["Properties"]["Name"], json!("quiet-api"));
    assert_eq!(resource(&template, "Kept/AccessLogs")["Properties"]["RetentionInDays"], json!(365));
    assert_eq!(
        quiet.url().to_json_with_paths().unwrap()["Fn::Sub"][0],
        json!("https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1/")
    );
    assert_eq!(
        quiet.url_for("x").to_json_with_paths().unwrap()["Fn::Sub"][0],
        json!("https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1/x")
    );
}

#[test]
fn apis_of_one_stack_share_one_account_setting() {
    let mut stack = Stack::new("TwoApis");
    let handler = function(&mut stack, "Handler");
    let mut first = RestApi::builder().public_reason("demo").build(&mut stack, "First").unwrap();
    let mut second = RestApi::builder().public_reason("demo").build(&mut stack, "Second").unwrap();
    first.route(&mut stack, "/a", HttpMethod::Get, &handler).unwrap();
    second.route(&mut stack, "/b", HttpMethod::Get, &handler).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(paths_of_type(&stack, &template, "AWS::ApiGateway::Account"), ["First/Account"]);
    assert_eq!(
        paths_of_type(&stack, &template, "AWS::IAM::Role").iter().filter(|p| p.contains("CloudWatch")).count(),
        1
    );
    assert_eq!(second.account(), first.account());
    assert!(second.cloud_watch_role().is_none());
    assert_eq!(resource(&template, "Second/Stage")["DependsOn"], json!([id(&template, "First/Account")]));
}

#[test]
fn with_cors_api_gateways_own_errors_carry_the_cors_headers() {
    let mut stack = Stack::new("Errors");
    let handler = function(&mut stack, "Handler");
    let mut api = RestApi::builder()
        .cors(Cors::origins(["https://app.example.com"]))
        .public_reason("demo")
        .build(&mut stack, "Api")
        .unwrap();
    api.route(&mut stack, "/a", HttpMethod::Get, &handler).unwrap();
    let mut plain = RestApi::builder().public_reason("demo").build(&mut stack, "Plain").unwrap();
    plain.route(&mut stack, "/b", HttpMethod::Get, &handler).unwrap();
    let template = synth(&stack).unwrap();
    for response_type in ["DEFAULT_4XX", "DEFAULT_5XX"] {
        let response = &resource(&template, &format!("Api/GatewayResponse{response_type}"))["Properties"];
        assert_eq!(response["ResponseType"], json!(response_type));
        assert_eq!(response["RestApiId"], json!({ "Ref": id(&template, "Api/Resource") }));
        assert_eq!(
            response["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
            json!("'https://app.example.com'")
        );
    }
    let responses = paths_of_type(&stack, &template, "AWS::ApiGateway::GatewayResponse");
    assert!(responses.iter().all(|p| p.starts_with("Api/")), "no CORS, no gateway responses: {responses:?}");
}
