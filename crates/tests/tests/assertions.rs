//! `cfnkit_assertions` on stacks built with the library: every matcher
//! passing and failing, and failure messages that name the path that
//! differs and the closest resource.
use std::time::Duration;

use cfnkit_assertions::{pattern, AssertionError, Match, Template};
use cfnkit_tests::names::*;
use serde_json::json;

/// Two functions in one VPC (the GraphQL API in Node.js with 256 MB, a
/// worker in Python), a bucket the API reads, a queue the worker consumes,
/// and an Output.
fn api_stack() -> Stack {
    let mut stack = Stack::new("Api");
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    let function = |runtime, handler: &str| {
        VpcFunction::builder(&vpc)
            .runtime(runtime)
            .handler(handler)
            .code(Code::inline("exports.handler = async () => ({});"))
            .timeout(Duration::from_secs(10))
            .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
    };
    let graphql = function(Runtime::Nodejs24x, "index.graphql")
        .memory_mb(256)
        .env("STAGE", "prod")
        .build(&mut stack, "Graphql")
        .unwrap();
    let worker = function(Runtime::Python313, "worker.handle").build(&mut stack, "Worker").unwrap();
    let uploads = Bucket::builder().build(&mut stack, "Uploads").unwrap();
    uploads.grant_read(&mut stack, &graphql).unwrap();
    let jobs = Queue::builder().visibility_timeout(Duration::from_secs(60)).build(&mut stack, "Jobs").unwrap();
    jobs.add_consumer(&mut stack, &worker, 10).unwrap();
    stack.add_output("UploadsBucket", Output::new(uploads.arn()).description("Where uploads go")).unwrap();
    stack
}

fn template() -> Template {
    Template::from_stack(&api_stack()).unwrap()
}

const FUNCTION: &str = "AWS::Lambda::Function";

/// README.md's "Assertions in your tests", as written there.
#[test]
fn the_readme_example() {
    let template = Template::from_stack(&api_stack()).unwrap();
    template.has_resource_properties(
        "AWS::Lambda::Function",
        pattern!({
            "Runtime": "nodejs24.x",
            "MemorySize": 256,
            "Environment": { "Variables": { "STAGE": Match::any_value() } },
            "Layers": Match::absent(),
        }),
    );
    template.resource_count_is("AWS::Lambda::Function", 2);
    let uploads = template.resource_at("Uploads/Resource");
    uploads.has_definition(pattern!({ "DeletionPolicy": "Retain" }));
    let reads_uploads = pattern!({ "Resource": Match::array_with([uploads.get_att("Arn")]) });
    template.has_resource_properties(
        "AWS::IAM::Policy",
        pattern!({ "PolicyDocument": { "Statement": Match::array_with([reads_uploads]) } }),
    );
}

#[test]
fn a_template_comes_from_a_stack_or_a_synthesised_template_and_a_synth_error_is_returned() {
    let stack = api_stack();
    let synthesised = cfnkit::synth::synth(&stack).unwrap();
    let from_synthesised = Template::from_synthesised(&synthesised);
    assert_eq!(from_synthesised.json(), synthesised.json());
    assert_eq!(from_synthesised.logical_id("Graphql/Resource"), synthesised.logical_id("Graphql/Resource"));
    assert_eq!(Template::from_stack(&stack).unwrap().json(), synthesised.json());

    let mut broken = Stack::new("Broken");
    broken.add(&broken.root(), "Bucket", RawResource::new("AWS::S3::Bucket").property("NoSuchProperty", "x")).unwrap();
    let error = Template::from_stack(&broken).unwrap_err();
    assert!(error.to_string().contains("NoSuchProperty"), "{error}");
}

#[test]
fn literal_objects_match_partially_and_scalars_exactly() {
    let template = template();
    template.has_resource_properties(
        FUNCTION,
        pattern!({ "Runtime": "nodejs24.x", "MemorySize": 256, "Environment": { "Variables": { "STAGE": "prod" } } }),
    );
    // As the template writes it: the number 256, not the string.
    let error = template.try_has_resource_properties(FUNCTION, pattern!({ "MemorySize": "256" })).unwrap_err();
    assert!(error.to_string().contains(r#"/Properties/MemorySize: expected "256", found 256"#), "{error}");
}

#[test]
fn a_failure_names_the_path_and_ranks_the_closest_resources() {
    let template = template();
    let error = template
        .try_has_resource_properties(FUNCTION, pattern!({ "Runtime": "nodejs24.x", "Handler": "worker.handle" }))
        .unwrap_err();
    let AssertionError::NoMatchingResource { closest, of: 2, .. } = &error else { panic!("{error:?}") };
    let graphql = template.resource_at("Graphql/Resource").logical_id();
    let worker = template.resource_at("Worker/Resource").logical_id();
    // Each is one mismatch away: template order among equals.
    assert_eq!(closest.iter().map(|c| c.logical_id.as_str()).collect::<Vec<_>>(), [graphql, worker]);
    let message = error.to_string();
    assert!(message.starts_with("no AWS::Lambda::Function matches the pattern; the closest of the 2 there are:"));
    assert!(message.contains(&format!("{graphql} (construct Graphql/Resource), 1 mismatch:")), "{message}");
    assert!(message.contains(r#"/Properties/Handler: expected "worker.handle", found "index.graphql""#), "{message}");
    assert!(message.contains(&format!("{worker} (construct Worker/Resource), 1 mismatch:")), "{message}");
    assert!(message.contains(r#"/Properties/Runtime: expected "nodejs24.x", found "python3.13""#), "{message}");

    // The closest comes first, whatever the template order.
    let error = template
        .try_has_resource_properties(FUNCTION, pattern!({ "Runtime": "python3.13", "MemorySize": 256, "Timeout": 10 }))
        .unwrap_err();
    let AssertionError::NoMatchingResource { closest, .. } = &error else { panic!("{error:?}") };
    assert_eq!((closest[0].logical_id.as_str(), closest[0].mismatches.len()), (graphql, 1));
    assert_eq!((closest[1].logical_id.as_str(), closest[1].mismatches.len()), (worker, 1));
    let error =
        template.try_has_resource_properties(FUNCTION, pattern!({ "Runtime": "python3.13", "MemorySize": 128 }));
    assert!(error.is_ok());
}

#[test]
fn no_resource_of_the_type_lists_the_types_there_are() {
    let error = template().try_has_resource_properties("AWS::DynamoDB::Table", pattern!({})).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("the template has no AWS::DynamoDB::Table; the types it has: AWS::EC2::VPC,"),
        "{message}"
    );
    assert!(message.contains("AWS::Lambda::Function") && message.contains("AWS::SQS::Queue"), "{message}");
}

#[test]
#[should_panic(expected = r#"/Properties/Runtime: expected "java21", found "nodejs24.x""#)]
fn the_plain_assertion_panics_with_the_message() {
    template().has_resource_properties(FUNCTION, pattern!({ "Runtime": "java21", "MemorySize": 256 }));
}

#[test]
fn exact_refuses_keys_the_pattern_does_not_give() {
    let template = template();
    let jobs = template.resource_at("Jobs/Resource");
    jobs.has_properties(pattern!({ "VisibilityTimeout": 60 }));
    jobs.has_properties(Match::exact(
        json!({ "MessageRetentionPeriod": 345600, "SqsManagedSseEnabled": true, "VisibilityTimeout": 60 }),
    ));
    let error = jobs.try_has_properties(Match::exact(json!({ "VisibilityTimeout": 60 }))).unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with(&format!("{} (construct Jobs/Resource) does not match", jobs.logical_id())));
    assert!(
        message.contains("/Properties/SqsManagedSseEnabled: expected no such key (exact), found true"),
        "{message}"
    );
}

#[test]
fn object_like_inside_exact_lets_other_keys_be() {
    let template = template();
    let queue = |metadata: Match| {
        Match::exact(pattern!({
            "Type": "AWS::SQS::Queue",
            "Properties": { "MessageRetentionPeriod": 345600, "SqsManagedSseEnabled": true, "VisibilityTimeout": 60 },
            "Metadata": metadata,
            "UpdateReplacePolicy": "Delete",
            "DeletionPolicy": "Delete",
        }))
    };
    template.has_resource("AWS::SQS::Queue", queue(Match::object_like(json!({ "checkov": {} }))));
    let error = template.try_has_resource("AWS::SQS::Queue", queue(pattern!({ "checkov": {} }))).unwrap_err();
    assert!(error.to_string().contains("/Metadata/checkov/skip: expected no such key (exact), found [{"), "{error}");

    let graphql = template.resource_at("Graphql/Resource");
    graphql.has_properties(pattern!({ "Environment": Match::exact(json!({ "Variables": { "STAGE": "prod" } })) }));
    let error = graphql
        .try_has_definition(Match::exact(pattern!({ "Type": FUNCTION, "Properties": Match::object_like(json!({})) })))
        .unwrap_err();
    // Metadata (the accepted checkov findings) is a key the pattern does not give.
    assert!(error.to_string().contains("/Metadata: expected no such key (exact)"), "{error}");
}

#[test]
fn array_with_finds_items_in_order_among_others() {
    let template = template();
    let bucket = template.resource_at("Uploads/Resource");
    let read = pattern!({
        "Action": Match::array_with(["s3:GetObject*", "s3:List*"]),
        "Resource": Match::array_with([bucket.get_att("Arn")]),
    });
    template.has_resource_properties(
        "AWS::IAM::Policy",
        pattern!({ "PolicyDocument": { "Statement": Match::array_with([read]) } }),
    );

    let out_of_order = pattern!({
        "PolicyDocument": { "Statement": [{ "Action": Match::array_with(["s3:List*", "s3:GetObject*"]) }] }
    });
    let error = template.try_has_resource_properties("AWS::IAM::Policy", out_of_order).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(r#"/Properties/PolicyDocument/Statement/0/Action: expected an item matching "s3:GetObject*" (array_with's item 1) from index 3 on"#),
        "{message}"
    );
}

#[test]
fn absent_and_any_value_say_whether_a_key_is_there() {
    let template = template();
    let worker = template.resource_at("Worker/Resource");
    worker.has_properties(pattern!({ "Environment": Match::absent(), "Role": Match::any_value() }));
    let error = worker.try_has_properties(pattern!({ "Runtime": Match::absent() })).unwrap_err();
    assert!(
        error.to_string().contains(r#"/Properties/Runtime: expected no value (absent()), found "python3.13""#),
        "{error}"
    );
    let error = worker.try_has_properties(pattern!({ "Environment": Match::any_value() })).unwrap_err();
    assert!(
        error.to_string().contains("/Properties/Environment: expected any value (any_value()), found nothing"),
        "{error}"
    );
}

#[test]
fn string_like_regex_and_not_match_strings_by_shape() {
    let template = template();
    template.has_resource_properties(FUNCTION, pattern!({ "Runtime": Match::string_like_regex(r"^python3\.\d+$") }));
    template
        .has_resource_properties(FUNCTION, pattern!({ "Runtime": Match::not(Match::string_like_regex("^python")) }));
    let error = template
        .try_has_resource_properties(FUNCTION, pattern!({ "Runtime": Match::string_like_regex("^java") }))
        .unwrap_err();
    assert!(
        error.to_string().contains(r#"/Properties/Runtime: expected string_like_regex("^java"), found "nodejs24.x""#),
        "{error}"
    );
    let error = template
        .try_has_resource_properties(
            FUNCTION,
            pattern!({ "Handler": Match::not(Match::string_like_regex("^(index|worker)")) }),
        )
        .unwrap_err();
    assert!(
        error.to_string().contains(r#"/Properties/Handler: expected not(string_like_regex("^(index|worker)")), found"#),
        "{error}"
    );
}

#[test]
fn serialized_json_matches_inside_a_string() {
    let mut stack = Stack::new("Secrets");
    Secret::builder().username("app").build(&mut stack, "Credentials").unwrap();
    let template = Template::from_stack(&stack).unwrap();
    let credentials = template.resource_at("Credentials/Resource");
    credentials.has_properties(pattern!({
        "GenerateSecretString": { "SecretStringTemplate": Match::serialized_json(json!({ "username": "app" })) }
    }));
    let error = credentials
        .try_has_properties(pattern!({
            "GenerateSecretString": { "SecretStringTemplate": Match::serialized_json(json!({ "username": "root" })) }
        }))
        .unwrap_err();
    assert!(
        error.to_string().contains(
            r#"/Properties/GenerateSecretString/SecretStringTemplate(JSON)/username: expected "root", found "app""#
        ),
        "{error}"
    );
}

#[test]
fn has_resource_sees_policies_metadata_and_depends_on() {
    let template = template();
    template.has_resource("AWS::SQS::Queue", pattern!({ "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete" }));
    template.has_resource(
        FUNCTION,
        pattern!({ "Metadata": { "checkov": { "skip": Match::array_with([pattern!({ "id": "CKV_AWS_116" })]) } } }),
    );
    template.has_resource("AWS::S3::Bucket", pattern!({ "DeletionPolicy": "Retain", "DependsOn": Match::absent() }));
    let error = template.try_has_resource("AWS::S3::Bucket", pattern!({ "DeletionPolicy": "Delete" })).unwrap_err();
    let uploads = template.resource_at("Uploads/Resource").logical_id();
    let message = error.to_string();
    assert!(message.contains(&format!("{uploads} (construct Uploads/Resource), 1 mismatch:")), "{message}");
    assert!(message.contains(r#"/DeletionPolicy: expected "Delete", found "Retain""#), "{message}");
}

#[test]
fn resource_count_is_lists_the_logical_ids_found() {
    let template = template();
    template.resource_count_is(FUNCTION, 2);
    template.resource_count_is("AWS::DynamoDB::Table", 0);
    let error = template.try_resource_count_is(FUNCTION, 1).unwrap_err();
    let (graphql, worker) =
        (template.resource_at("Graphql/Resource").logical_id(), template.resource_at("Worker/Resource").logical_id());
    assert_eq!(
        error.to_string(),
        format!(
            "expected 1 AWS::Lambda::Function, found 2: {graphql} (construct Graphql/Resource), {worker} (construct Worker/Resource)"
        )
    );
}

#[test]
fn typed_queries_need_no_type_name() {
    let template = template();
    let functions = template.resources_of::<cfnkit_l1_lambda::function::Function>();
    assert_eq!(functions.len(), 2);
    assert_eq!(functions, template.resources_of_type(FUNCTION));
    let found = template.find_resources(FUNCTION, pattern!({ "Properties": { "MemorySize": 256 } }));
    assert_eq!(
        found.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        [template.resource_at("Graphql/Resource").logical_id()]
    );
}

#[test]
fn resource_at_names_the_construct_path_and_suggests_the_nearest() {
    let template = template();
    let graphql = template.resource_at("Graphql/Resource");
    assert_eq!(graphql.path(), "Graphql/Resource");
    assert_eq!(graphql.reference(), json!({ "Ref": graphql.logical_id() }));
    // A scope's path: its resource is the nearest.
    let error = template.try_resource_at("Graphql").unwrap_err();
    let AssertionError::NoResourceAtPath { nearest, .. } = &error else { panic!("{error:?}") };
    assert_eq!(nearest[0], "Graphql/Resource");
    assert!(error
        .to_string()
        .starts_with("no resource at construct path \"Graphql\"; the nearest paths with one: Graphql/Resource, "));
}

#[test]
#[should_panic(
    expected = "no resource at construct path \"Grapql/Resource\"; the nearest paths with one: Graphql/Resource, "
)]
fn resource_at_panics_on_a_path_with_no_resource() {
    template().resource_at("Grapql/Resource");
}

#[test]
fn has_output_matches_the_id_and_the_definition() {
    let template = template();
    let uploads = template.resource_at("Uploads/Resource");
    template
        .has_output("UploadsBucket", pattern!({ "Value": uploads.get_att("Arn"), "Description": Match::any_value() }));
    template.has_output(Match::string_like_regex("Bucket$"), pattern!({ "Export": Match::absent() }));
    assert_eq!(template.find_outputs(Match::any_value(), pattern!({})).len(), 1);
    let error =
        template.try_has_output("UploadsBucket", pattern!({ "Description": "Where downloads go" })).unwrap_err();
    assert_eq!(
        error.to_string(),
        "no Output matches; the closest of the 1 there are:\n  UploadsBucket, 1 mismatch:\n    \
         /Description: expected \"Where downloads go\", found \"Where uploads go\""
    );
}
