//! The engine's rules, end to end: build a stack with the public API,
//! synthesise it, and look at the template or the error.
use cfnkit::synth::{logical_id, synth, synth_app, Format, SynthError};
use cfnkit_l1_ec2 as ec2;
use cfnkit_tests::names::*;
use cfnkit_tests::snapshot;
use serde_json::json;

/// Snapshots live in the top-level `snapshots/` folder.
/// A parameter, two resources joined by handles, an output and a condition.
fn small_stack() -> Stack {
    let mut stack = Stack::new("Small");
    stack.set_description("A VPC and a subnet, with a parameter, a condition and an output");
    stack.add_tag("project", "cfnkit");
    let cidr = stack
        .add_parameter(
            "VpcCidr",
            Parameter::new(ParameterType::String).default_value("10.0.0.0/16").description("The VPC's range"),
        )
        .unwrap();
    let env = stack
        .add_parameter(
            "Env",
            Parameter::new(ParameterType::String).allowed_values(["dev", "prod"]).default_value("dev"),
        )
        .unwrap();
    let is_prod = stack.add_condition("IsProd", Condition::equals(env.value(), "prod")).unwrap();
    let network = stack.scope(&stack.root(), "Network").unwrap();
    let vpc = stack
        .add(
            &network,
            "Vpc",
            ec2::Vpc {
                enable_dns_support: Some(true.into()),
                cidr_block: Some(cidr.value().into()),
                ..ec2::Vpc::new()
            },
        )
        .unwrap();
    let subnet = stack
        .add(
            &network,
            "Subnet",
            ec2::Subnet {
                cidr_block: Some(Value::select(0, Value::cidr(vpc.cidr_block(), 2, 8)).into()),
                availability_zone: Some(Value::select(0, Value::azs_of_stack_region()).into()),
                map_public_ip_on_launch: Some(false.into()),
                ..ec2::Subnet::new(vpc.vpc_id())
            },
        )
        .unwrap();
    stack.options_mut(&subnet).unwrap().deletion_policy = Some(DeletionPolicy::Retain);
    stack.options_mut(&vpc).unwrap().update_replace_policy = Some(DeletionPolicy::Delete);
    stack
        .add_output(
            "SubnetId",
            Output::new(subnet.subnet_id())
                .description("The subnet")
                .export_name(Value::sub("${AWS::StackName}-subnet")),
        )
        .unwrap();
    stack.add_output("SubnetAz", Output::new(subnet.availability_zone()).condition(&is_prod)).unwrap();
    stack.add_output("Mode", Output::new(is_prod.if_else("production", "development"))).unwrap();
    stack
}

fn render(stack: &Stack, format: Format) -> String {
    synth(stack).unwrap().render(format).unwrap().body
}

#[test]
fn small_stack_json_snapshot() {
    snapshot!("engine_small_stack.json", render(&small_stack(), Format::Json));
}

#[test]
fn small_stack_yaml_snapshot() {
    snapshot!("engine_small_stack.yaml", render(&small_stack(), Format::Yaml));
}

#[test]
fn handles_resolve_to_ref_and_getatt_of_the_right_logical_ids() {
    let template = synth(&small_stack()).unwrap();
    let vpc_id = template.logical_id("Network/Vpc").unwrap().to_owned();
    let subnet_id = template.logical_id("Network/Subnet").unwrap().to_owned();
    let body = template.json();
    let subnet = &body["Resources"][&subnet_id]["Properties"];
    assert_eq!(subnet["VpcId"], json!({ "Ref": vpc_id }));
    assert_eq!(subnet["CidrBlock"]["Fn::Select"][1]["Fn::Cidr"][0], json!({ "Fn::GetAtt": [vpc_id, "CidrBlock"] }));
    assert_eq!(body["Resources"][&vpc_id]["Properties"]["CidrBlock"], json!({ "Ref": "VpcCidr" }));
    assert_eq!(body["Outputs"]["SubnetAz"]["Condition"], json!("IsProd"));
    assert_eq!(body["Outputs"]["Mode"]["Value"]["Fn::If"][0], json!("IsProd"));
    assert_eq!(body["Conditions"]["IsProd"], json!({ "Fn::Equals": [{ "Ref": "Env" }, "prod"] }));
}

#[test]
fn sections_come_in_a_fixed_order() {
    let body = render(&small_stack(), Format::Json);
    let positions: Vec<usize> =
        ["AWSTemplateFormatVersion", "Description", "Parameters", "Conditions", "Resources", "Outputs"]
            .iter()
            .map(|section| body.find(&format!("\"{section}\"")).unwrap())
            .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn output_is_byte_identical_across_builds_and_runs() {
    for format in [Format::Json, Format::Yaml] {
        let first = render(&small_stack(), format);
        let second = render(&small_stack(), format);
        assert_eq!(first, second);
        assert!(first.ends_with('\n'));
    }
}

#[test]
fn json_is_indented_with_two_spaces() {
    let body = render(&small_stack(), Format::Json);
    assert!(body.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"));
}

#[test]
fn stack_tags_reach_taggable_resources_without_overriding_their_own() {
    let mut stack = Stack::new("Tags");
    stack.add_tag("team", "web");
    stack.add_tag("Name", "stack-wide");
    let vpc = stack
        .add(
            &stack.root(),
            "Vpc",
            ec2::Vpc {
                tags: vec![cfnkit_tests::names::Tag::new("Name", "mine")].into(),
                cidr_block: Some("10.0.0.0/16".into()),
                ..ec2::Vpc::new()
            },
        )
        .unwrap();
    stack.add(&stack.root(), "Attach", ec2::VpcGatewayAttachment::new(vpc.vpc_id())).unwrap();
    let template = synth(&stack).unwrap();
    let body = template.json();
    assert_eq!(
        body["Resources"]["Vpc"]["Properties"]["Tags"],
        json!([{ "Key": "Name", "Value": "mine" }, { "Key": "team", "Value": "web" }])
    );
    assert!(body["Resources"]["Attach"]["Properties"].get("Tags").is_none());
}

/// Logical IDs depend only on a construct's own path.
#[test]
fn logical_ids_survive_adding_removing_and_reordering_other_constructs() {
    fn build(order: &[&str], extra: bool) -> Stack {
        let mut stack = Stack::new("Stable");
        let group = stack.scope(&stack.root(), "Group").unwrap();
        for name in order {
            stack.add(&group, name, RawResource::new("AWS::SQS::Queue")).unwrap();
        }
        if extra {
            stack.add(&stack.root(), "Extra", RawResource::new("AWS::SNS::Topic")).unwrap();
        }
        stack
    }
    let base = synth(&build(&["A", "B", "C"], false)).unwrap();
    let reordered = synth(&build(&["C", "A", "B"], true)).unwrap();
    let fewer = synth(&build(&["C"], true)).unwrap();
    for path in ["Group/A", "Group/B", "Group/C"] {
        assert_eq!(base.logical_id(path), reordered.logical_id(path), "{path}");
    }
    assert_eq!(base.logical_id("Group/C"), fewer.logical_id("Group/C"));
    assert_eq!(base.logical_id("Group/A").unwrap(), logical_id("Group/A"));
}

#[test]
fn a_removed_target_is_a_dangling_reference_naming_both_paths() {
    let mut stack = Stack::new("Dangling");
    let vpc = stack
        .add(&stack.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    stack.add(&stack.root(), "Subnet", ec2::Subnet::new(vpc.vpc_id())).unwrap();
    stack.remove(&vpc).unwrap();
    let error = synth(&stack).unwrap_err();
    assert_eq!(error, SynthError::DanglingReference { from: "Subnet".into(), to: "Vpc".into() });
    assert!(error.to_string().contains("Subnet") && error.to_string().contains("Vpc"));
}

#[test]
fn a_handle_from_another_stack_of_the_app_becomes_an_import() {
    let mut network = Stack::new("Network");
    let vpc = network
        .add(&network.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    let mut app_stack = Stack::new("AppTier");
    app_stack
        .add(
            &app_stack.root(),
            "Subnet",
            ec2::Subnet { cidr_block: Some("10.0.0.0/24".into()), ..ec2::Subnet::new(vpc.vpc_id()) },
        )
        .unwrap();
    let mut app = App::new();
    app.add_stack(app_stack).unwrap();
    app.add_stack(network).unwrap();
    let templates = synth_app(&app).unwrap();
    let names: Vec<&str> = templates.iter().map(|t| t.stack_name()).collect();
    assert_eq!(names, ["Network", "AppTier"], "the producer deploys first");
    assert_eq!(templates[1].dependencies(), ["Network"]);
    let subnet = templates[1].resource("Subnet").unwrap();
    assert_eq!(subnet["Properties"]["VpcId"], serde_json::json!({ "Fn::ImportValue": "Network:Vpc" }));
    let export = &templates[0].json()["Outputs"]["ExportVpc"];
    assert_eq!(export["Value"], serde_json::json!({ "Ref": "Vpc" }));
    assert_eq!(export["Export"]["Name"], "Network:Vpc");
}

#[test]
fn stack_operations_reject_foreign_handles() {
    let mut one = Stack::new("One");
    let mut two = Stack::new("Two");
    let queue = one.add(&one.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    assert!(matches!(two.options_mut(&queue), Err(CoreError { kind: CoreErrorKind::ForeignHandle { .. }, .. })));
    assert!(matches!(
        two.add_property_override(&queue, "A", 1),
        Err(CoreError { kind: CoreErrorKind::ForeignHandle { .. }, .. })
    ));
    assert!(matches!(two.scope(&one.root(), "X"), Err(CoreError { kind: CoreErrorKind::ForeignHandle { .. }, .. })));
    assert!(two.get(&queue).is_none());
}

#[test]
fn a_cycle_is_reported_as_the_paths_around_it() {
    let mut stack = Stack::new("Cycle");
    let group = stack.scope(&stack.root(), "Sg").unwrap();
    let a = stack.add(&group, "A", ec2::SecurityGroup::new("a")).unwrap();
    let b = stack
        .add(
            &group,
            "B",
            ec2::SecurityGroup { vpc_id: Some(a.get_att("VpcId").into()), ..ec2::SecurityGroup::new("b") },
        )
        .unwrap();
    stack.add_dependency(&a, &b).unwrap();
    let error = synth(&stack).unwrap_err();
    assert_eq!(error, SynthError::DependencyCycle { cycle: vec!["Sg/A".into(), "Sg/B".into(), "Sg/A".into()] });
    assert!(error.to_string().contains("Sg/A -> Sg/B -> Sg/A"));
}

#[test]
fn a_resource_that_depends_on_itself_is_a_cycle() {
    let mut stack = Stack::new("SelfLoop");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    stack.add_dependency(&queue, &queue).unwrap();
    assert_eq!(synth(&stack).unwrap_err(), SynthError::DependencyCycle { cycle: vec!["Queue".into(), "Queue".into()] });
}

#[test]
fn depends_on_is_deduplicated_and_drops_what_a_reference_implies() {
    let mut stack = Stack::new("Deps");
    let vpc = stack
        .add(&stack.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    let gateway = stack.add(&stack.root(), "Igw", ec2::InternetGateway::default()).unwrap();
    let subnet = stack
        .add(
            &stack.root(),
            "Subnet",
            ec2::Subnet { cidr_block: Some("10.0.0.0/24".into()), ..ec2::Subnet::new(vpc.vpc_id()) },
        )
        .unwrap();
    stack.add_dependency(&subnet, &vpc).unwrap();
    stack.add_dependency(&subnet, &gateway).unwrap();
    stack.add_dependency(&subnet, &gateway).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(template.json()["Resources"]["Subnet"]["DependsOn"], json!(["Igw"]));
    assert!(template.json()["Resources"]["Vpc"].get("DependsOn").is_none());
}

#[test]
fn five_hundred_resources_pass_and_five_hundred_and_one_fail() {
    let mut stack = Stack::new("Big");
    for i in 0..500 {
        stack.add(&stack.root(), &format!("Queue{i}"), RawResource::new("AWS::SQS::Queue")).unwrap();
    }
    assert!(synth(&stack).is_ok());
    stack.add(&stack.root(), "Queue500", RawResource::new("AWS::SQS::Queue")).unwrap();
    assert_eq!(
        synth(&stack).unwrap_err(),
        SynthError::LimitExceeded { stack: "Big".into(), what: "resources", count: 501, max: 500 }
    );
}

#[test]
fn parameter_output_and_mapping_limits_are_checked() {
    let mut params = Stack::new("Params");
    let mut outputs = Stack::new("Outputs");
    let mut mappings = Stack::new("Mappings");
    for i in 0..201 {
        params.add_parameter(&format!("P{i}"), Parameter::new(ParameterType::String)).unwrap();
        outputs.add_output(&format!("O{i}"), Output::new("x")).unwrap();
        mappings
            .add_mapping(&format!("M{i}"), [("k".to_owned(), [("v".to_owned(), Value::from(1))].into())].into())
            .unwrap();
    }
    for (stack, what) in [(&params, "parameters"), (&outputs, "outputs"), (&mappings, "mappings")] {
        match synth(stack).unwrap_err() {
            SynthError::LimitExceeded { what: got, count: 201, max: 200, .. } => assert_eq!(got, what),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn description_over_1024_bytes_is_rejected() {
    let mut stack = Stack::new("Described");
    stack.set_description("x".repeat(1024));
    assert!(synth(&stack).is_ok());
    stack.set_description("é".repeat(513));
    assert_eq!(synth(&stack).unwrap_err(), SynthError::DescriptionTooLong { stack: "Described".into(), len: 1026 });
}

#[test]
fn large_bodies_warn_and_bodies_over_a_megabyte_fail() {
    let mut stack = Stack::new("Heavy");
    for i in 0..20 {
        let topic = RawResource::new("AWS::SNS::Topic").property("DisplayName", "d".repeat(3000));
        stack.add(&stack.root(), &format!("Topic{i}"), topic).unwrap();
    }
    let rendered = synth(&stack).unwrap().render(Format::Json).unwrap();
    assert!(rendered.body.len() > 51_200);
    assert!(rendered.warnings.iter().any(|w| w.message.contains("--s3-bucket")), "{:?}", rendered.warnings);

    for i in 20..400 {
        let topic = RawResource::new("AWS::SNS::Topic").property("DisplayName", "d".repeat(3000));
        stack.add(&stack.root(), &format!("Topic{i}"), topic).unwrap();
    }
    assert!(matches!(synth(&stack).unwrap().render(Format::Json), Err(SynthError::TemplateTooLarge { .. })));
}

#[test]
fn small_bodies_have_no_size_warning() {
    let rendered = synth(&small_stack()).unwrap().render(Format::Json).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
}

#[test]
fn invalid_stack_names_are_rejected() {
    for name in ["", "1stack", "my_stack", &"a".repeat(129)] {
        assert!(matches!(synth(&Stack::new(name)), Err(SynthError::InvalidStackName { .. })), "{name:?}");
    }
    assert!(synth(&Stack::new("web-backend-2")).is_ok());
}

#[test]
fn a_path_that_collides_with_another_logical_id_is_rejected() {
    let mut stack = Stack::new("Collide");
    let scope = stack.scope(&stack.root(), "Vpc").unwrap();
    stack.add(&scope, "Resource", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() }).unwrap();
    let taken = logical_id("Vpc/Resource");
    stack.add(&stack.root(), &taken, RawResource::new("AWS::SQS::Queue")).unwrap();
    assert_eq!(
        synth(&stack).unwrap_err(),
        SynthError::DuplicateLogicalId { path: taken.clone(), other: "Vpc/Resource".into(), logical_id: taken }
    );
}

#[test]
fn property_overrides_set_and_delete_and_may_hold_handles() {
    let mut stack = Stack::new("Overrides");
    let vpc = stack
        .add(&stack.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    let subnet = stack
        .add(
            &stack.root(),
            "Subnet",
            ec2::Subnet {
                map_public_ip_on_launch: Some(true.into()),
                cidr_block: Some("10.0.0.0/24".into()),
                ..ec2::Subnet::new(vpc.vpc_id())
            },
        )
        .unwrap();
    stack.add_property_override(&subnet, "PrivateDnsNameOptionsOnLaunch.HostnameType", "resource-name").unwrap();
    stack.add_property_override(&subnet, "Ipv6Native", false).unwrap();
    stack.add_property_override(&subnet, "VpcId", vpc.get_att("VpcId")).unwrap();
    stack.add_property_deletion(&subnet, "MapPublicIpOnLaunch").unwrap();
    stack.add_property_deletion(&subnet, "Not.There").unwrap();
    assert!(matches!(
        stack.add_property_override(&subnet, "A..B", 1),
        Err(CoreError { kind: CoreErrorKind::InvalidOverridePath { .. }, .. })
    ));
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Subnet"]["Properties"],
        json!({
            "CidrBlock": "10.0.0.0/24",
            "VpcId": { "Fn::GetAtt": ["Vpc", "VpcId"] },
            "PrivateDnsNameOptionsOnLaunch": { "HostnameType": "resource-name" },
            "Ipv6Native": false
        })
    );
}

#[test]
fn typed_resources_can_be_changed_after_they_are_added() {
    let mut stack = Stack::new("Mutate");
    let vpc = stack
        .add(&stack.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    stack.get_mut(&vpc).unwrap().enable_dns_hostnames = Some(true.into());
    assert_eq!(stack.get(&vpc).unwrap().enable_dns_hostnames, Some(true.into()));
    assert_eq!(synth(&stack).unwrap().json()["Resources"]["Vpc"]["Properties"]["EnableDnsHostnames"], json!(true));
}

#[test]
fn raw_resources_take_any_type_and_properties() {
    let mut stack = Stack::new("Raw");
    let topic = stack.add(&stack.root(), "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    stack
        .add(
            &stack.root(),
            "Sub",
            RawResource::new("AWS::SNS::Subscription")
                .property("TopicArn", topic.reference())
                .property("Protocol", "email")
                .property("Endpoint", Value::sub("ops@${AWS::URLSuffix}")),
        )
        .unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Sub"],
        json!({
            "Type": "AWS::SNS::Subscription",
            "Properties": { "TopicArn": { "Ref": "Topic" }, "Protocol": "email", "Endpoint": { "Fn::Sub": "ops@${AWS::URLSuffix}" } }
        })
    );
    assert_eq!(template.json()["Resources"]["Topic"], json!({ "Type": "AWS::SNS::Topic" }));
}

#[test]
fn a_retaining_deletion_policy_also_protects_against_replacement() {
    let mut stack = Stack::new("Retained");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    stack.options_mut(&queue).unwrap().deletion_policy = Some(DeletionPolicy::Retain);
    let template = synth(&stack).unwrap();
    assert_eq!(template.json()["Resources"]["Queue"]["UpdateReplacePolicy"], json!("Retain"));
    assert_eq!(template.json()["Resources"]["Queue"]["DeletionPolicy"], json!("Retain"));
}

#[test]
fn resource_options_are_emitted() {
    let mut stack = Stack::new("Options");
    let env = stack.add_parameter("Env", Parameter::new(ParameterType::String)).unwrap();
    let is_prod = stack.add_condition("IsProd", Condition::equals(env.value(), "prod")).unwrap();
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let options = stack.options_mut(&queue).unwrap();
    options.set_condition(&is_prod);
    options.deletion_policy = Some(DeletionPolicy::RetainExceptOnCreate);
    options.update_replace_policy = Some(DeletionPolicy::Retain);
    options.metadata.insert("checkov".into(), json!({ "skip": [{ "id": "CKV_AWS_27", "comment": "demo" }] }));
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Queue"],
        json!({
            "Type": "AWS::SQS::Queue",
            "Condition": "IsProd",
            "Metadata": { "checkov": { "skip": [{ "id": "CKV_AWS_27", "comment": "demo" }] } },
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "RetainExceptOnCreate"
        })
    );
}

#[test]
fn scanner_suppressions_accumulate_in_metadata() {
    let mut stack = Stack::new("Suppressed");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let options = stack.options_mut(&queue).unwrap();
    options.suppress_checkov("CKV_AWS_27", "no sensitive data");
    options.suppress_checkov("CKV_AWS_28", "test queue");
    options.suppress_cfn_nag("W48", "no sensitive data");
    options.suppress_checkov("CKV_AWS_27", "still no sensitive data");
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Queue"]["Metadata"],
        json!({
            "checkov": { "skip": [{ "id": "CKV_AWS_28", "comment": "test queue" }, { "id": "CKV_AWS_27", "comment": "still no sensitive data" }] },
            "cfn_nag": { "rules_to_suppress": [{ "id": "W48", "reason": "no sensitive data" }] }
        })
    );
}

#[test]
fn a_scanner_suppression_without_a_reason_is_refused() {
    for reason in ["", "   "] {
        let mut stack = Stack::new("Suppressed");
        let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
        stack.options_mut(&queue).unwrap().suppress_checkov("CKV_AWS_27", reason);
        let error = synth(&stack).unwrap_err();
        assert_eq!(
            error,
            SynthError::SuppressionWithoutReason {
                path: "Queue".into(),
                tool: "checkov".into(),
                rule: "CKV_AWS_27".into()
            }
        );
    }
    let mut stack = Stack::new("Suppressed");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    stack
        .options_mut(&queue)
        .unwrap()
        .metadata
        .insert("cfn_nag".into(), json!({ "rules_to_suppress": [{ "id": "W48" }] }));
    assert!(
        matches!(synth(&stack).unwrap_err(), SynthError::SuppressionWithoutReason { tool, .. } if tool == "cfn_nag")
    );
}

#[test]
fn every_intrinsic_serialises_in_cloudformation_form() {
    let mut stack = Stack::new("Intrinsics");
    let env = stack.add_parameter("Env", Parameter::new(ParameterType::String)).unwrap();
    let is_prod = stack.add_condition("IsProd", !Condition::equals(env.value(), "dev")).unwrap();
    let sizes = stack
        .add_mapping("Sizes", [("prod".to_owned(), [("type".to_owned(), Value::from("m5.large"))].into())].into())
        .unwrap();
    let vpc = stack
        .add(&stack.root(), "Vpc", ec2::Vpc { cidr_block: Some("10.0.0.0/16".into()), ..ec2::Vpc::new() })
        .unwrap();
    let raw = RawResource::new("Custom::Probe")
        .property("ServiceToken", Value::import_value("probe-arn"))
        .property("Sub", Value::sub_with("${Vpc}-${AWS::Region}", [("Vpc", vpc.vpc_id())]))
        .property("Join", Value::join(",", [Value::pseudo(Pseudo::AccountId), Value::pseudo(Pseudo::Partition)]))
        .property("Split", Value::select(1, Value::split(",", "a,b")))
        .property("If", is_prod.if_else(sizes.find(env.value(), "type"), Value::NoValue))
        .property("Base64", Value::base64("#!/bin/sh"))
        .property("Stack", Value::list([Value::pseudo(Pseudo::StackName), Value::pseudo(Pseudo::UrlSuffix)]));
    stack.add(&stack.root(), "Probe", raw).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Probe"]["Properties"],
        json!({
            "ServiceToken": { "Fn::ImportValue": "probe-arn" },
            "Sub": { "Fn::Sub": ["${Vpc}-${AWS::Region}", { "Vpc": { "Ref": "Vpc" } }] },
            "Join": { "Fn::Join": [",", [{ "Ref": "AWS::AccountId" }, { "Ref": "AWS::Partition" }]] },
            "Split": { "Fn::Select": [1, { "Fn::Split": [",", "a,b"] }] },
            "If": { "Fn::If": ["IsProd", { "Fn::FindInMap": ["Sizes", { "Ref": "Env" }, "type"] }, { "Ref": "AWS::NoValue" }] },
            "Base64": { "Fn::Base64": "#!/bin/sh" },
            "Stack": [{ "Ref": "AWS::StackName" }, { "Ref": "AWS::URLSuffix" }]
        })
    );
    assert_eq!(
        template.json()["Conditions"]["IsProd"],
        json!({ "Fn::Not": [{ "Fn::Equals": [{ "Ref": "Env" }, "dev"] }] })
    );
    assert_eq!(template.json()["Mappings"]["Sizes"], json!({ "prod": { "type": "m5.large" } }));
}

#[test]
fn construct_ids_are_checked() {
    let mut stack = Stack::new("Ids");
    let root = stack.root();
    stack.add(&root, "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    assert_eq!(
        stack.add(&root, "Queue", RawResource::new("AWS::SQS::Queue")).unwrap_err(),
        CoreError::new("Queue", CoreErrorKind::DuplicateId)
    );
    for bad in ["", "a/b", "--", "tab\there"] {
        assert!(
            matches!(
                stack.add(&root, bad, RawResource::new("AWS::SQS::Queue")),
                Err(CoreError { kind: CoreErrorKind::InvalidId { .. }, .. })
            ),
            "{bad:?}"
        );
    }
    let scope = stack.scope(&root, "Group").unwrap();
    assert_eq!(scope.path(), "Group");
    let nested = stack.scope(&scope, "Inner").unwrap();
    assert_eq!(nested.path(), "Group/Inner");
    stack.remove_scope(&scope).unwrap();
    assert!(stack.scope(&root, "Group").is_ok(), "a removed scope frees its id");
    assert!(stack.remove_scope(&root).is_err());
}

#[test]
fn apps_reject_duplicate_stack_names() {
    let mut app = App::new();
    app.add_stack(Stack::new("One")).unwrap();
    assert_eq!(app.add_stack(Stack::new("One")).unwrap_err(), CoreError::new("One", CoreErrorKind::DuplicateStack));
}

#[test]
fn construct_warnings_are_reported() {
    let mut stack = Stack::new("Warned");
    stack.warn("Some/Path", "be careful");
    let rendered = synth(&stack).unwrap().render(Format::Json).unwrap();
    assert_eq!(rendered.warnings.len(), 1);
    assert_eq!(rendered.warnings[0].to_string(), "Some/Path: be careful");
}

#[test]
fn replace_when_changed_names_a_resource_after_its_targets_final_properties() {
    fn build(display_name: &str, remove_target: bool) -> Result<cfnkit::synth::Template, SynthError> {
        let mut stack = Stack::new("Content");
        let topic = stack.add(&stack.root(), "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
        stack.add_property_override(&topic, "DisplayName", display_name).unwrap();
        let snapshot = stack.add(&stack.root(), "Snapshot", RawResource::new("AWS::SQS::Queue")).unwrap();
        stack.options_mut(&snapshot).unwrap().replace_when_changed.push(topic.target().clone());
        if remove_target {
            stack.remove(&topic).unwrap();
        }
        synth(&stack)
    }
    let first = build("one", false).unwrap();
    let id = first.logical_id("Snapshot").unwrap().to_owned();
    assert!(id.starts_with("Snapshot") && id.len() == "Snapshot".len() + 8, "{id}");
    assert_eq!(build("one", false).unwrap().logical_id("Snapshot").unwrap(), id);
    assert_ne!(build("two", false).unwrap().logical_id("Snapshot").unwrap(), id);
    assert_eq!(first.logical_id("Topic"), Some("Topic"), "only the dependent is renamed");
    assert_eq!(
        build("one", true).unwrap_err(),
        SynthError::DanglingReference { from: "Snapshot".into(), to: "Topic".into() }
    );
}

#[test]
fn replace_when_changed_ignores_the_order_of_the_targets_keys() {
    let id = |properties: &[(&str, &str)]| {
        let mut stack = Stack::new("Order");
        let mut topic = RawResource::new("AWS::SNS::Topic");
        for (name, value) in properties {
            topic = topic.property(*name, *value);
        }
        let topic = stack.add(&stack.root(), "Topic", topic).unwrap();
        let snapshot = stack.add(&stack.root(), "Snapshot", RawResource::new("AWS::SQS::Queue")).unwrap();
        stack.options_mut(&snapshot).unwrap().replace_when_changed.push(topic.target().clone());
        synth(&stack).unwrap().logical_id("Snapshot").unwrap().to_owned()
    };
    let forward = id(&[("DisplayName", "d"), ("TopicName", "t")]);
    assert_eq!(id(&[("TopicName", "t"), ("DisplayName", "d")]), forward, "same meaning, same snapshot");
    assert_ne!(id(&[("TopicName", "t"), ("DisplayName", "e")]), forward);
}

#[test]
fn fn_sub_may_name_only_its_variables_and_pseudo_parameters() {
    let mut stack = Stack::new("Subs");
    let topic = stack.add(&stack.root(), "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    let fine = RawResource::new("AWS::SSM::Parameter")
        .property(
            "Value",
            Value::sub_with("${Topic.TopicName}-${AWS::Region}-${!Literal}", [("Topic", topic.reference())]),
        )
        .property("Name", Value::sub("/app/${AWS::StackName}"))
        .property("Type", "String");
    stack.add(&stack.root(), "Fine", fine).unwrap();
    assert!(synth(&stack).is_ok());

    for template in ["${NoSuchThing}-q", "${Topic}", "x-${Other.Arn}"] {
        let mut stack = Stack::new("Subs");
        stack
            .add(
                &stack.root(),
                "Bad",
                RawResource::new("AWS::SNS::Topic").property("DisplayName", Value::sub(template)),
            )
            .unwrap();
        match synth(&stack).unwrap_err() {
            SynthError::UnknownSubVariable { from, name } => {
                assert_eq!(from, "Bad");
                assert!(template.contains(&name), "{template}: {name}");
            }
            other => panic!("{template}: {other:?}"),
        }
    }
}

#[test]
fn overrides_into_a_list_take_only_existing_indexes() {
    /// A VPC with one tag, overridden at `path`.
    fn synth_with_override(path: &str, value: &str) -> Result<cfnkit::synth::Template, SynthError> {
        let mut stack = Stack::new("Lists");
        let vpc = ec2::Vpc {
            tags: vec![cfnkit_tests::names::Tag::new("Name", "a")].into(),
            cidr_block: Some("10.0.0.0/16".into()),
            ..ec2::Vpc::new()
        };
        let vpc = stack.add(&stack.root(), "Vpc", vpc).unwrap();
        stack.add_property_override(&vpc, path, value).unwrap();
        synth(&stack)
    }
    assert_eq!(
        synth_with_override("Tags.0.Value", "b").unwrap().json()["Resources"]["Vpc"]["Properties"]["Tags"],
        json!([{ "Key": "Name", "Value": "b" }])
    );
    for path in ["Tags.3.Value", "Tags.x", "Tags.1"] {
        match synth_with_override(path, "x").unwrap_err() {
            SynthError::InvalidOverride { path: at, reason: message, .. } => {
                assert_eq!(at, "Vpc");
                assert!(message.contains("not an index of a list of 1"), "{path}: {message}");
            }
            other => panic!("{path}: {other:?}"),
        }
    }
}

/// The target a handle-made value points at, so that a test can put it
/// where its kind does not belong (the typed API never does).
fn target_of(value: Value) -> cfnkit_tests::names::Target {
    match value {
        Value::Ref(target) | Value::GetAtt(target, _) | Value::If(target, ..) | Value::FindInMap(target, ..) => target,
        other => panic!("{other:?} holds no target"),
    }
}

/// Synthesises a stack with a queue, a parameter `Env`, a condition `IsProd`
/// and a mapping `Sizes`, plus a probe at `Probes/Probe` whose property
/// `Value` is what `make` builds from them.
fn synth_probe(make: impl FnOnce(&StackParts) -> Value) -> Result<cfnkit::synth::Template, SynthError> {
    let mut stack = Stack::new("Kinds");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let env = stack.add_parameter("Env", Parameter::new(ParameterType::String)).unwrap();
    let is_prod = stack.add_condition("IsProd", Condition::equals(env.value(), "prod")).unwrap();
    let sizes = stack
        .add_mapping("Sizes", [("prod".to_owned(), [("type".to_owned(), Value::from("m5.large"))].into())].into())
        .unwrap();
    let parts = StackParts {
        queue: queue.target().clone(),
        parameter: target_of(env.value()),
        condition: target_of(is_prod.if_else("a", "b")),
        mapping: target_of(sizes.find("prod", "type")),
    };
    let scope = stack.scope(&stack.root(), "Probes").unwrap();
    let probe = RawResource::new("Custom::Probe")
        .property("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:probe");
    stack.add(&scope, "Probe", probe.property("Value", make(&parts))).unwrap();
    synth(&stack)
}

/// The targets of one stack of each kind, for [`synth_probe`].
struct StackParts {
    queue: cfnkit_tests::names::Target,
    parameter: cfnkit_tests::names::Target,
    condition: cfnkit_tests::names::Target,
    mapping: cfnkit_tests::names::Target,
}

/// Checks the error names the holder and the target by construct path and
/// says what the position takes.
fn assert_wrong_kind(result: Result<cfnkit::synth::Template, SynthError>, to: &str, expected: &'static str) {
    let error = result.expect_err("a wrongly placed handle must not synthesise");
    assert_eq!(error, SynthError::WrongReferenceKind { from: "Probes/Probe".into(), to: to.into(), reason: expected });
    let message = error.to_string();
    assert!(message.starts_with("Probes/Probe: "), "{message}");
    assert!(message.contains(to) && message.contains(expected), "{message}");
}

#[test]
fn a_resource_where_fn_if_needs_a_condition_is_the_wrong_kind() {
    let result = synth_probe(|parts| Value::If(parts.queue.clone(), Box::new("a".into()), Box::new("b".into())));
    assert_wrong_kind(result, "Queue", "Fn::If and Condition take a condition");
}

#[test]
fn a_resource_where_fn_find_in_map_needs_a_mapping_is_the_wrong_kind() {
    let result =
        synth_probe(|parts| Value::FindInMap(parts.queue.clone(), Box::new("prod".into()), Box::new("type".into())));
    assert_wrong_kind(result, "Queue", "Fn::FindInMap takes a mapping");
}

#[test]
fn a_parameter_where_fn_get_att_needs_a_resource_is_the_wrong_kind() {
    let result = synth_probe(|parts| Value::GetAtt(parts.parameter.clone(), "Arn".into()));
    assert_wrong_kind(result, "Env", "Fn::GetAtt and DependsOn take a resource");
}

#[test]
fn a_condition_or_mapping_where_ref_needs_a_resource_or_parameter_is_the_wrong_kind() {
    assert_wrong_kind(
        synth_probe(|parts| Value::Ref(parts.condition.clone())),
        "IsProd",
        "Ref takes a resource or a parameter",
    );
    assert_wrong_kind(
        synth_probe(|parts| Value::Ref(parts.mapping.clone())),
        "Sizes",
        "Ref takes a resource or a parameter",
    );
}

/// The check follows the tree: a misplaced handle deep inside other
/// intrinsics is found too, while the same handles in their own positions
/// synthesise.
#[test]
fn wrong_kinds_are_found_inside_other_intrinsics_and_right_kinds_pass() {
    let nested = synth_probe(|parts| {
        Value::join(
            ",",
            [Value::select(
                0,
                Value::list([Value::If(parts.mapping.clone(), Box::new("a".into()), Box::new("b".into()))]),
            )],
        )
    });
    assert_wrong_kind(nested, "Sizes", "Fn::If and Condition take a condition");
    let right = synth_probe(|parts| {
        Value::If(
            parts.condition.clone(),
            Box::new(Value::FindInMap(
                parts.mapping.clone(),
                Box::new(Value::Ref(parts.parameter.clone())),
                Box::new("type".into()),
            )),
            Box::new(Value::GetAtt(parts.queue.clone(), "Arn".into())),
        )
    });
    let template = right.unwrap();
    assert_eq!(
        template.json()["Resources"][logical_id("Probes/Probe")]["Properties"]["Value"],
        json!({ "Fn::If": ["IsProd", { "Fn::FindInMap": ["Sizes", { "Ref": "Env" }, "type"] }, { "Fn::GetAtt": ["Queue", "Arn"] }] })
    );
}

#[test]
fn an_output_holding_the_wrong_kind_is_named_by_its_own_path() {
    let mut stack = Stack::new("KindsOut");
    let queue = stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    stack
        .add_output("Mode", Output::new(Value::If(queue.target().clone(), Box::new("a".into()), Box::new("b".into()))))
        .unwrap();
    assert_eq!(
        synth(&stack).unwrap_err(),
        SynthError::WrongReferenceKind {
            from: "Mode".into(),
            to: "Queue".into(),
            reason: "Fn::If and Condition take a condition"
        }
    );
}
