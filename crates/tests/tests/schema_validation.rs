//! Synth checks every resource against its type's schema: errors name the
//! construct path, the property path, the keyword and the value; the
//! findings cfn-lint only warns about are warnings; unknown types are
//! refused unless declared third-party.
use cfnkit::core::{DeletionPolicy, RawResource, Stack, Value};
use cfnkit::spec::{Level, Violation};
use cfnkit::synth::{synth, SynthError};
use cfnkit_l1_ec2::vpc::Vpc;
use serde_json::json;

fn raw(type_name: &str, properties: serde_json::Value) -> RawResource {
    let mut resource = RawResource::new(type_name);
    for (name, value) in properties.as_object().unwrap() {
        resource = resource.property(name.clone(), Value::from_json(value.clone()));
    }
    resource
}

fn violations(result: Result<cfnkit::synth::Template, SynthError>) -> (String, Vec<Violation>) {
    match result {
        Err(SynthError::InvalidProperties { path, violations, .. }) => (path, violations),
        other => panic!("expected InvalidProperties, got {other:?}"),
    }
}

#[test]
fn an_error_names_the_construct_the_property_the_keyword_and_the_value() {
    let mut stack = Stack::new("Net");
    let scope = stack.scope(&stack.root(), "Network").unwrap();
    stack.add(&scope, "Vpc", Vpc { cidr_block: Some("10.0.0.0/33".into()), ..Vpc::new() }).unwrap();
    let error = synth(&stack).unwrap_err();
    let message = error.to_string();
    let (path, found) = violations(Err(error));
    assert_eq!(path, "Network/Vpc");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].property_path.as_str(), found[0].keyword.as_str()), ("CidrBlock", "format"));
    assert!(
        message.contains("Network/Vpc") && message.contains("\"10.0.0.0/33\"") && message.contains("ipv4-network"),
        "{message}"
    );
    assert!(message.contains("aws-resource-ec2-vpc.html"), "the message points at the type's page: {message}");
}

#[test]
fn every_violation_is_reported_not_only_the_first() {
    let mut stack = Stack::new("Queues");
    stack
        .add(
            &stack.root(),
            "Queue",
            raw("AWS::SQS::Queue", json!({"DelaySeconds": 901, "MaximumMessageSize": 10, "FifoQueu": true})),
        )
        .unwrap();
    let (_, found) = violations(synth(&stack));
    let seen: Vec<(&str, &str)> = found.iter().map(|v| (v.property_path.as_str(), v.keyword.as_str())).collect();
    assert!(seen.contains(&("DelaySeconds", "maximum")), "{seen:?}");
    assert!(seen.contains(&("MaximumMessageSize", "minimum")), "{seen:?}");
    assert!(seen.contains(&("FifoQueu", "additionalProperties")), "{seen:?}");
    let typo = found.iter().find(|v| v.keyword == "additionalProperties").unwrap();
    assert!(typo.message.contains("did you mean \"FifoQueue\""), "{}", typo.message);
}

#[test]
fn intrinsics_are_known_at_deploy_and_pass() {
    let mut stack = Stack::new("Intrinsics");
    let vpc = stack.add(&stack.root(), "Vpc", Vpc { cidr_block: Some("10.0.0.0/16".into()), ..Vpc::new() }).unwrap();
    // A Ref where a pattern, a format and a oneOf apply: nothing to check.
    let exclusion =
        raw("AWS::EC2::VPCBlockPublicAccessExclusion", json!({"InternetGatewayExclusionMode": "allow-egress"}))
            .property("VpcId", vpc.reference());
    stack.add(&stack.root(), "Exclusion", exclusion).unwrap();
    let size = stack.add_parameter("Size", cfnkit::core::Parameter::new(cfnkit::core::ParameterType::Number)).unwrap();
    let queue = RawResource::new("AWS::SQS::Queue").property("DelaySeconds", size.value());
    let queue = stack.add(&stack.root(), "Queue", queue).unwrap();
    let options = stack.options_mut(&queue).unwrap();
    options.deletion_policy = Some(DeletionPolicy::Delete);
    options.update_replace_policy = Some(DeletionPolicy::Delete);
    let template = synth(&stack).unwrap();
    assert!(template.warnings().is_empty(), "{:?}", template.warnings());
}

#[test]
fn both_branches_of_fn_if_are_checked() {
    let mut stack = Stack::new("Branches");
    let prod = stack
        .add_condition(
            "IsProd",
            cfnkit::core::Condition::equals(Value::pseudo(cfnkit::core::Pseudo::Region), "us-east-1"),
        )
        .unwrap();
    let queue = RawResource::new("AWS::SQS::Queue").property("DelaySeconds", prod.if_else(5, 901));
    stack.add(&stack.root(), "Queue", queue).unwrap();
    let (_, found) = violations(synth(&stack));
    assert_eq!(found.iter().map(|v| v.keyword.as_str()).collect::<Vec<_>>(), ["maximum"]);
}

#[test]
fn an_unknown_type_is_refused_with_the_closest_name_unless_third_party() {
    let mut stack = Stack::new("Types");
    stack.add(&stack.root(), "Bucket", RawResource::new("AWS::S3::Bucke")).unwrap();
    match synth(&stack).unwrap_err() {
        SynthError::UnknownResourceType { path, suggestion, .. } => {
            assert_eq!(path, "Bucket");
            assert_eq!(suggestion.as_deref(), Some("AWS::S3::Bucket"));
        }
        other => panic!("{other:?}"),
    }
    let mut stack = Stack::new("Types");
    stack
        .add(&stack.root(), "Widget", RawResource::third_party("MyOrg::Widgets::Widget").property("Anything", 1))
        .unwrap();
    assert!(synth(&stack).is_ok());
}

#[test]
fn a_custom_resource_needs_its_service_token() {
    let mut stack = Stack::new("Custom");
    stack.add(&stack.root(), "Seed", RawResource::new("Custom::SeedData").property("Rows", 10)).unwrap();
    let (_, found) = violations(synth(&stack));
    assert_eq!(found[0].keyword, "required");
    assert!(found[0].message.contains("ServiceToken"));
}

#[test]
fn a_shut_down_service_is_refused_and_an_ending_one_warned_about() {
    let mut stack = Stack::new("Lifecycle");
    stack.add(&stack.root(), "Ledger", raw("AWS::QLDB::Ledger", json!({"PermissionsMode": "STANDARD"}))).unwrap();
    assert!(
        matches!(synth(&stack).unwrap_err(), SynthError::ServiceShutDown { ref date, .. } if date.starts_with("20"))
    );
    let mut stack = Stack::new("Lifecycle");
    stack.add(&stack.root(), "Db", raw("AWS::Timestream::Database", json!({}))).unwrap();
    let template = synth(&stack).unwrap();
    assert!(
        template.warnings().iter().any(|w| w.path == "Db" && w.message.contains("maintenance mode since 20")),
        "{:?}",
        template.warnings()
    );
}

#[test]
fn what_cfn_lint_only_warns_about_is_a_warning() {
    let mut stack = Stack::new("Warnings");
    let topic = RawResource::new("AWS::SNS::Topic").property("TopicArn", "arn:aws:sns:us-east-1:123456789012:t");
    stack.add(&stack.root(), "Topic", topic).unwrap();
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let template = synth(&stack).unwrap();
    let warnings: Vec<(&str, &str)> =
        template.warnings().iter().map(|w| (w.path.as_str(), w.message.as_str())).collect();
    assert!(warnings.iter().any(|(p, m)| *p == "Topic" && m.contains("read-only")), "{warnings:?}");
    assert!(warnings.iter().any(|(p, m)| *p == "Queue" && m.contains("DeletionPolicy")), "{warnings:?}");

    // Both policies set on purpose: no warning about the queue.
    let options = stack.options_mut(&queue).unwrap();
    options.deletion_policy = Some(DeletionPolicy::Retain);
    options.update_replace_policy = Some(DeletionPolicy::Retain);
    let template = synth(&stack).unwrap();
    assert!(!template.warnings().iter().any(|w| w.path == "Queue"), "{:?}", template.warnings());
}

#[test]
fn a_local_path_for_aws_cloudformation_package_is_left_to_that_command() {
    let mut stack = Stack::new("Package");
    let function = raw(
        "AWS::Lambda::Function",
        json!({"Code": "./build/handler", "Role": "arn:aws:iam::123456789012:role/r", "Runtime": "python3.12", "Handler": "app.handler"}),
    );
    stack.add(&stack.root(), "Fn", function).unwrap();
    synth(&stack).unwrap();
}

#[test]
fn the_spec_levels_are_errors_and_warnings() {
    let spec = cfnkit::spec::resource_type("AWS::SNS::Topic").unwrap();
    let properties = cfnkit::template::Expr::from_json(
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "DisplayNam": "y"}),
    )
    .unwrap();
    let found = cfnkit::spec::validate(spec, &properties);
    let mut levels: Vec<(&str, Level)> = found.iter().map(|v| (v.keyword.as_str(), v.level)).collect();
    levels.sort_by_key(|(keyword, _)| *keyword);
    assert_eq!(levels, [("additionalProperties", Level::Error), ("readOnly", Level::Warning)]);
}

#[test]
fn a_pattern_cfn_lint_cannot_compile_is_a_warning_not_a_refusal() {
    let mut stack = Stack::new("Glue");
    stack
        .add(
            &stack.root(),
            "Session",
            raw(
                "AWS::Glue::Session",
                json!({"Id": "nightly", "Role": "arn:aws:iam::123456789012:role/glue", "Command": {}}),
            ),
        )
        .unwrap();
    let template = synth(&stack).unwrap();
    assert!(
        template.warnings().iter().any(|w| w.path == "Session" && w.message.contains("E3031")),
        "{:?}",
        template.warnings()
    );
}
