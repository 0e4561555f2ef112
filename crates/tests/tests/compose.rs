//! The core redesign's promises, through the public API: constructs compose
//! inside a user's own construct with path-derived logical IDs; hand-written
//! intrinsics are parsed and their names checked; constructs that AWS would
//! refuse to put together are errors at synth.
use std::time::Duration;

use cfnkit::ec2::Ec2Error;
use cfnkit::iam::IamError;
use cfnkit::prelude::*;
use cfnkit::synth::{logical_id, synth, SynthError};
use serde_json::json;

/// A user's own construct: a VPC and a function in it, under one scope.
struct Backend {
    vpc: Vpc,
    function: VpcFunction,
}

impl Backend {
    fn new(stack: &mut Stack, parent: &Scope, id: &str) -> Result<Backend, Error> {
        let scope = stack.scope(parent, id)?;
        let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build_in(stack, &scope, "Vpc")?;
        let function = VpcFunction::builder(&vpc)
            .runtime(Runtime::Nodejs24x)
            .handler("index.handler")
            .code(Code::inline("exports.handler = async () => 1;"))
            .timeout(Duration::from_secs(5))
            .build_in(stack, &scope, "Fn")?;
        Ok(Backend { vpc, function })
    }
}

#[test]
fn our_constructs_build_inside_a_users_construct_with_ids_from_its_path() {
    let mut stack = Stack::new("Composed");
    let outer = stack.scope(&stack.root(), "Team").unwrap();
    let backend = Backend::new(&mut stack, &outer, "Backend").unwrap();
    assert_eq!(backend.vpc.path(), "Team/Backend/Vpc");
    assert_eq!(backend.function.path(), "Team/Backend/Fn");
    let mut api = RestApi::builder().public_reason("a test API").build_in(&mut stack, &outer, "Api").unwrap();
    api.route(&mut stack, "/items", HttpMethod::Get, &backend.function).unwrap();

    let template = synth(&stack).unwrap();
    for (path, readable) in [
        ("Team/Backend/Vpc/Resource", "TeamBackendVpc"),
        ("Team/Backend/Vpc/PublicSubnet1/Subnet", "TeamBackendVpcPublicSubnet1Subnet"),
        ("Team/Backend/Fn/Resource", "TeamBackendFn"),
        ("Team/Backend/Fn/ServiceRole/Resource", "TeamBackendFnServiceRole"),
        ("Team/Api/Resource", "TeamApi"),
    ] {
        let id = template.logical_id(path).unwrap_or_else(|| panic!("no resource at {path}"));
        assert_eq!(id, logical_id(path), "{path}: the ID is the path's, as for any other construct");
        assert!(id.starts_with(readable), "{path}: {id}");
        assert!(template.json()["Resources"][id].is_object(), "{path}: {id} is not in the template");
    }
    // The function's network interfaces go in the composed VPC's private subnets.
    let function = &template.json()["Resources"][template.logical_id("Team/Backend/Fn/Resource").unwrap()];
    let private = template.logical_id("Team/Backend/Vpc/PrivateSubnet1/Subnet").unwrap();
    assert!(function["Properties"]["VpcConfig"]["SubnetIds"].as_array().unwrap().contains(&json!({ "Ref": private })));
}

#[test]
fn a_construct_built_twice_under_different_scopes_keeps_both() {
    let mut stack = Stack::new("Twice");
    let a = stack.scope(&stack.root(), "A").unwrap();
    let b = stack.scope(&stack.root(), "B").unwrap();
    Backend::new(&mut stack, &a, "Backend").unwrap();
    Backend::new(&mut stack, &b, "Backend").unwrap();
    let template = synth(&stack).unwrap();
    let a_vpc = template.logical_id("A/Backend/Vpc/Resource").unwrap();
    let b_vpc = template.logical_id("B/Backend/Vpc/Resource").unwrap();
    assert_ne!(a_vpc, b_vpc);
}

fn topic_stack() -> (Stack, Handle<RawResource>) {
    let mut stack = Stack::new("Raw");
    let topic = stack.add(&stack.root(), "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    (stack, topic)
}

#[test]
fn a_raw_ref_to_an_undeclared_name_is_a_synth_error_naming_the_path() {
    let (mut stack, _) = topic_stack();
    let queue = probe().property("Topic", Value::map([("Ref", "NoSuchTopic".into())]));
    stack.add(&stack.root(), "Queue", queue).unwrap();
    match synth(&stack).unwrap_err() {
        SynthError::UndeclaredName { from, name, .. } => {
            assert_eq!(from, "Queue");
            assert_eq!(name, "NoSuchTopic");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_raw_get_att_from_json_to_an_undeclared_name_is_a_synth_error() {
    let (mut stack, _) = topic_stack();
    let value = Value::from_json(json!({ "Fn::GetAtt": ["Ghost", "Arn"] }));
    stack.add(&stack.root(), "Queue", probe().property("Arn", value)).unwrap();
    let error = synth(&stack).unwrap_err();
    assert!(
        matches!(&error, SynthError::UndeclaredName { from, name, .. } if from == "Queue" && name == "Ghost"),
        "{error}"
    );
    assert!(error.to_string().contains("handle"), "the message says how to fix it: {error}");
}

#[test]
fn a_raw_ref_to_a_declared_name_is_read_as_the_intrinsic_and_orders_the_resources() {
    let (mut stack, _) = topic_stack();
    let value =
        Value::map([("Fn::Join", Value::list([",".into(), Value::list([Value::map([("Ref", "Topic".into())])])]))]);
    stack.add(&stack.root(), "Queue", probe().property("Topics", value)).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.json()["Resources"]["Queue"]["Properties"]["Topics"],
        json!({ "Fn::Join": [",", [{ "Ref": "Topic" }]] })
    );
    assert!(matches!(template.model().resources["Queue"].properties["Topics"], cfnkit::template::Expr::Join(..)));
}

#[test]
fn a_raw_ref_to_a_name_of_the_wrong_section_is_refused() {
    let (mut stack, _) = topic_stack();
    stack.add_condition("IsProd", Condition::equals("a", "b")).unwrap();
    let value = Value::map([("Fn::GetAtt", Value::list(["IsProd".into(), "Arn".into()]))]);
    stack.add(&stack.root(), "Queue", probe().property("Arn", value)).unwrap();
    assert!(matches!(synth(&stack).unwrap_err(), SynthError::WrongReferenceKind { to, .. } if to == "IsProd"));
}

#[test]
fn malformed_or_unknown_literal_intrinsics_are_refused() {
    for value in [
        Value::map([("Fn::GetAtt", "NoDot".into())]),
        Value::map([("Fn::If", Value::list(["only".into(), "two".into()]))]),
        Value::map([("Fn::NoSuchFunction", 1.into())]),
        Value::map([("Ref", Value::list(["a".into()]))]),
    ] {
        let (mut stack, _) = topic_stack();
        stack.add(&stack.root(), "Queue", probe().property("P", value.clone())).unwrap();
        assert!(
            matches!(synth(&stack).unwrap_err(), SynthError::MalformedIntrinsic { ref from, .. } if from == "Queue"),
            "{value:?} was accepted"
        );
    }
}

#[test]
fn pseudo_parameters_by_name_and_iam_condition_blocks_stay_as_written() {
    let (mut stack, _) = topic_stack();
    let statement = Value::from_json(json!({
        "Effect": "Deny",
        "Condition": { "Bool": { "aws:SecureTransport": "false" } },
        "Resource": { "Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*" },
        "Region": { "Ref": "AWS::Region" }
    }));
    stack.add(&stack.root(), "Queue", probe().property("S", statement)).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(template.json()["Resources"]["Queue"]["Properties"]["S"]["Region"], json!({ "Ref": "AWS::Region" }));
}

#[test]
fn a_function_given_a_role_another_service_assumes_is_refused() {
    let mut stack = Stack::new("Trust");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let role = Role::builder("ec2.amazonaws.com").build(&mut stack, "Ec2Role").unwrap();
    let error = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = 1;"))
        .role(&role)
        .build(&mut stack, "Fn")
        .unwrap_err();
    assert!(
        matches!(&error, Error { path, kind: ErrorKind::Iam(IamError::UntrustedRole { role_path, .. }) } if path == "Fn" && role_path == "Ec2Role"),
        "{error}"
    );
    assert!(!stack.has_child(&stack.root(), "Fn"), "a refused builder leaves the stack as it was");
    let lambda_role = Role::builder("lambda.amazonaws.com").build(&mut stack, "LambdaRole").unwrap();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = 1;"))
        .role(&lambda_role)
        .build(&mut stack, "Fn")
        .unwrap();
}

#[test]
fn rules_between_groups_of_different_vpcs_are_refused() {
    let mut stack = Stack::new("TwoVpcs");
    let one = Vpc::builder().build(&mut stack, "One").unwrap();
    let two = Vpc::builder().cidr("10.1.0.0/16").build(&mut stack, "Two").unwrap();
    let a = SecurityGroup::builder(&one).build(&mut stack, "A").unwrap();
    let b = SecurityGroup::builder(&two).build(&mut stack, "B").unwrap();
    for error in [
        a.allow_from(&mut stack, &b, Port::tcp(443)).unwrap_err(),
        a.allow_to(&mut stack, &b, Port::tcp(443)).unwrap_err(),
    ] {
        assert!(
            matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::ForeignVpc { other_path }) } if path == "A" && other_path == "B"),
            "{error}"
        );
    }
    let template = synth(&stack).unwrap();
    assert!(
        template.json()["Resources"]
            .as_object()
            .unwrap()
            .values()
            .all(|r| r["Type"] != "AWS::EC2::SecurityGroupIngress"),
        "no rule was added"
    );
    let c = SecurityGroup::builder(&one).build(&mut stack, "C").unwrap();
    a.allow_from(&mut stack, &c, Port::tcp(443)).unwrap();
}

#[test]
fn handles_of_another_vpc_are_refused_for_subnets_and_groups() {
    let mut stack = Stack::new("Mixed");
    let one = Vpc::builder().build(&mut stack, "One").unwrap();
    let two = Vpc::builder().cidr("10.1.0.0/16").build(&mut stack, "Two").unwrap();
    let foreign_group = SecurityGroup::builder(&two).build(&mut stack, "Foreign").unwrap();
    let function = VpcFunction::builder(&one)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = 1;"))
        .security_group(&foreign_group)
        .build(&mut stack, "Fn");
    assert!(function.is_err(), "a group of another VPC was accepted");
    let instance = Instance::builder(&one).security_group(&foreign_group).build(&mut stack, "Host");
    assert!(instance.is_err(), "a group of another VPC was accepted");
}

/// A resource type defined outside cfnkit's own crates, as a user (or a
/// generated crate) would: its attributes type and typed accessor included.
struct Topic {
    display_name: cfnkit::core::Str,
}

cfnkit::core::attributes! {
    /// What a `Handle<Topic>` gives.
    pub struct TopicAttributes;
}

impl TopicAttributes {
    fn topic_arn(&self) -> Value {
        cfnkit::core::Attributes::reference(self)
    }
    fn topic_name(&self) -> Value {
        cfnkit::core::Attributes::get_att(self, "TopicName")
    }
}

impl cfnkit::core::Resource for Topic {
    const TYPE_NAME: &'static str = "AWS::SNS::Topic";
    type Attributes = TopicAttributes;

    fn properties(&self) -> Value {
        cfnkit::core::PropertyMap::new().required("DisplayName", &self.display_name).build()
    }
}

#[test]
fn a_crate_other_than_core_can_add_a_resource_type_with_typed_attributes() {
    let mut stack = Stack::new("Own");
    let topic = stack.add(&stack.root(), "Alerts", Topic { display_name: "alerts".into() }).unwrap();
    stack.add_output("Arn", Output::new(topic.topic_arn())).unwrap();
    stack.add_output("Name", Output::new(topic.topic_name())).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        template.resource("Alerts").unwrap(),
        &json!({ "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": "alerts" } })
    );
    assert_eq!(template.json()["Outputs"]["Arn"]["Value"], json!({ "Ref": "Alerts" }));
    assert_eq!(template.json()["Outputs"]["Name"]["Value"], json!({ "Fn::GetAtt": ["Alerts", "TopicName"] }));
}

/// A resource type whose `properties` is not an object.
struct Broken;

impl cfnkit::core::Resource for Broken {
    const TYPE_NAME: &'static str = "AWS::SNS::Topic";
    type Attributes = cfnkit::core::AnyAttributes;

    fn properties(&self) -> Value {
        Value::from("not an object")
    }
}

#[test]
fn a_resource_type_whose_properties_are_not_an_object_is_refused() {
    let mut stack = Stack::new("Broken");
    stack.add(&stack.root(), "Topic", Broken).unwrap();
    assert!(matches!(synth(&stack).unwrap_err(), SynthError::PropertiesNotAnObject { path } if path == "Topic"));
}

#[test]
fn a_grant_to_a_function_goes_to_its_role_and_is_checked_for_least_privilege() {
    let mut stack = Stack::new("Grants");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let function = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = 1;"))
        .build(&mut stack, "Fn")
        .unwrap();
    let queue = "arn:aws:sqs:eu-west-1:123456789012:jobs";
    let statement = cfnkit::iam::Statement::allow(["sqs:SendMessage"]).resource(queue);
    let policy = function.grant(&mut stack, statement).unwrap();
    assert!(policy.path().starts_with(function.role().path()), "{} is not on the function's role", policy.path());
    let template = synth(&stack).unwrap();
    let body = template.resource(policy.path()).unwrap();
    assert_eq!(body["Properties"]["PolicyDocument"]["Statement"][0]["Resource"], json!(queue));
    assert_eq!(body["Properties"]["Roles"][0], template.reference(function.role().handle().path()).unwrap());

    let everything = cfnkit::iam::Statement::allow(["sqs:SendMessage"]).resource("*");
    assert!(matches!(
        function.grant(&mut stack, everything).unwrap_err(),
        Error { kind: ErrorKind::Iam(IamError::WildcardPermission { .. }), .. }
    ));
}

/// A resource of a third-party type, whose properties synth checks against
/// no schema: these tests are about what intrinsics resolve to.
fn probe() -> RawResource {
    RawResource::third_party("Test::Probe::Value")
}
