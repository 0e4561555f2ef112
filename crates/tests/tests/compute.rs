//! VpcFunction and Instance: defaults, options, errors, synthesised output.
use std::time::Duration;

use cfnkit::iam::Statement;
use cfnkit::lambda::Code;
use cfnkit::logs::RetentionDays;
use cfnkit::synth::{synth, Template};
use cfnkit_tests::names::*;
use serde_json::{json, Value as Json};

const HANDLER: &str = "exports.handler = async () => ({ statusCode: 200, body: 'ok' });";

fn resource<'a>(template: &'a Template, path: &str) -> &'a Json {
    template.resource(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

fn id(template: &Template, path: &str) -> String {
    template.logical_id(path).unwrap().to_owned()
}

fn node_function(vpc: &Vpc) -> VpcFunctionBuilder {
    VpcFunction::builder(vpc).runtime(Runtime::Nodejs24x).handler("index.handler").code(Code::inline(HANDLER))
}

fn network() -> (Stack, Vpc) {
    let mut stack = Stack::new("Compute");
    let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    (stack, vpc)
}

#[test]
fn function_defaults() {
    let (mut stack, vpc) = network();
    let function = node_function(&vpc).build(&mut stack, "Fn").unwrap();
    assert_eq!(function.timeout_seconds(), 3);
    let template = synth(&stack).unwrap();
    assert!(template.warnings().is_empty(), "{:?}", template.warnings());
    let props = &resource(&template, "Fn/Resource")["Properties"];
    assert_eq!(props["Runtime"], "nodejs24.x");
    assert_eq!(props["Handler"], "index.handler");
    assert_eq!(props["Code"], json!({ "ZipFile": HANDLER }));
    assert_eq!(props["MemorySize"], 128);
    assert_eq!(props["Timeout"], 3);
    assert_eq!(props["Architectures"], json!(["x86_64"]));
    assert_eq!(props["TracingConfig"], json!({ "Mode": "Active" }));
    assert_eq!(props["Role"], json!({ "Fn::GetAtt": [id(&template, "Fn/ServiceRole/Resource"), "Arn"] }));
    assert_eq!(
        props["VpcConfig"],
        json!({
            "SubnetIds": [{ "Ref": id(&template, "Vpc/PrivateSubnet1/Subnet") }, { "Ref": id(&template, "Vpc/PrivateSubnet2/Subnet") }],
            "SecurityGroupIds": [{ "Fn::GetAtt": [id(&template, "Fn/SecurityGroup/Resource"), "GroupId"] }]
        })
    );
    let role = &resource(&template, "Fn/ServiceRole/Resource")["Properties"];
    assert_eq!(
        role["ManagedPolicyArns"],
        json!([
            { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" },
            { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess" }
        ])
    );
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({ "Service": "lambda.amazonaws.com" })
    );
    let group = &resource(&template, "Fn/SecurityGroup/Resource")["Properties"];
    assert!(group.get("SecurityGroupIngress").is_none());
    let logs = resource(&template, "Fn/LogGroup");
    assert_eq!(
        logs["Properties"]["LogGroupName"],
        json!({ "Fn::Sub": ["/aws/lambda/${Function}", { "Function": { "Ref": id(&template, "Fn/Resource") } }] })
    );
    assert_eq!(logs["Properties"]["RetentionInDays"], 30);
    assert_eq!(logs["DeletionPolicy"], "Delete");
    assert_eq!(logs["UpdateReplacePolicy"], "Delete");
}

#[test]
fn function_options() {
    let (mut stack, vpc) = network();
    let db = SecurityGroup::builder(&vpc).description("db").build(&mut stack, "DbSg").unwrap();
    let shared = SecurityGroup::builder(&vpc).description("shared").build(&mut stack, "Shared").unwrap();
    let function = node_function(&vpc)
        .architecture(Architecture::Arm64)
        .memory_mb(10240)
        .timeout(Duration::from_secs(900))
        .env("MONGO_HOST", db.group_id())
        .env("STAGE", "prod")
        .reserved_concurrency(5)
        .description("GraphQL")
        .security_group(&shared)
        .statement(Statement::allow(["ssm:GetParameter"]).resource("arn:aws:ssm:us-east-1:123456789012:parameter/x"))
        .log_retention(RetentionDays::TwoWeeks)
        .tracing(false)
        .subnets(SubnetSelection::Group("Private".into()))
        .build(&mut stack, "Fn")
        .unwrap();
    db.allow_from(&mut stack, &function, Port::tcp(27017)).unwrap();
    let template = synth(&stack).unwrap();
    let props = &resource(&template, "Fn/Resource")["Properties"];
    assert_eq!(props["Architectures"], json!(["arm64"]));
    assert_eq!(props["MemorySize"], 10240);
    assert_eq!(props["Timeout"], 900);
    assert_eq!(props["ReservedConcurrentExecutions"], 5);
    assert_eq!(props["Description"], "GraphQL");
    assert_eq!(props["Environment"]["Variables"]["STAGE"], "prod");
    assert_eq!(
        props["Environment"]["Variables"]["MONGO_HOST"],
        json!({ "Fn::GetAtt": [id(&template, "DbSg/Resource"), "GroupId"] })
    );
    assert!(props.get("TracingConfig").is_none());
    assert_eq!(
        props["VpcConfig"]["SecurityGroupIds"],
        json!([{ "Fn::GetAtt": [id(&template, "Shared/Resource"), "GroupId"] }])
    );
    assert!(template.logical_id("Fn/SecurityGroup/Resource").is_none(), "no group is created when one is given");
    let role = &resource(&template, "Fn/ServiceRole/Resource")["Properties"];
    assert_eq!(role["ManagedPolicyArns"].as_array().unwrap().len(), 1);
    assert_eq!(role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"], "ssm:GetParameter");
    assert_eq!(resource(&template, "Fn/LogGroup")["Properties"]["RetentionInDays"], 14);
    let rule = &resource(&template, "DbSg/IngressFromSharedTcp27017")["Properties"];
    assert_eq!(rule["SourceSecurityGroupId"], json!({ "Fn::GetAtt": [id(&template, "Shared/Resource"), "GroupId"] }));
    assert_eq!(rule["FromPort"], 27017);
}

#[test]
fn a_given_role_gets_extra_statements_as_a_policy_the_function_waits_for() {
    let (mut stack, vpc) = network();
    let role = Role::builder("lambda.amazonaws.com").build(&mut stack, "SharedRole").unwrap();
    node_function(&vpc)
        .role(&role)
        .statement(Statement::allow(["sqs:SendMessage"]).resource("arn:aws:sqs:us-east-1:123456789012:q"))
        .build(&mut stack, "Fn")
        .unwrap();
    let template = synth(&stack).unwrap();
    assert!(template.logical_id("Fn/ServiceRole/Resource").is_none());
    let function = resource(&template, "Fn/Resource");
    assert_eq!(function["Properties"]["Role"], json!({ "Fn::GetAtt": [id(&template, "SharedRole/Resource"), "Arn"] }));
    assert_eq!(
        resource(&template, "SharedRole/Resource")["Properties"]["ManagedPolicyArns"],
        json!([
            { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" },
            { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess" }
        ]),
        "the given role gets what a traced function in a VPC needs"
    );
    assert_eq!(function["DependsOn"], json!([id(&template, "SharedRole/Policy1")]));
}

#[test]
fn wildcard_write_statements_are_refused() {
    let (mut stack, vpc) = network();
    let error = node_function(&vpc)
        .statement(Statement::allow(["s3:PutObject"]).resource("*"))
        .build(&mut stack, "Fn")
        .unwrap_err();
    assert!(matches!(error, Error { kind: ErrorKind::Iam(IamError::WildcardPermission { .. }), .. }), "{error}");
}

#[test]
fn public_subnets_are_refused_with_the_reason_unless_allowed() {
    let (mut stack, vpc) = network();
    let before = stack.entries().count();
    let error =
        node_function(&vpc).subnets(SubnetSelection::Kind(SubnetKind::Public)).build(&mut stack, "Fn").unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("Fn: Vpc/PublicSubnet1 is a public subnet"), "{message}");
    assert!(message.contains("private network interface") && message.contains("NAT gateway"), "{message}");
    assert_eq!(stack.entries().count(), before, "nothing was added");
    node_function(&vpc)
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .allow_public_subnet()
        .build(&mut stack, "Fn")
        .unwrap();
}

#[test]
fn numbers_out_of_range_are_errors() {
    let (mut stack, vpc) = network();
    for (builder, field) in [
        (node_function(&vpc).memory_mb(127), "memory_mb"),
        (node_function(&vpc).memory_mb(10241), "memory_mb"),
        (node_function(&vpc).timeout(Duration::from_secs(0)), "timeout seconds"),
        (node_function(&vpc).timeout(Duration::from_secs(901)), "timeout seconds"),
        (node_function(&vpc).timeout(Duration::from_millis(1500)), "timeout seconds"),
        (node_function(&vpc).code(Code::inline("x".repeat(4097))), "inline code bytes"),
    ] {
        match builder.build(&mut stack, "Fn") {
            Err(Error { path, kind: ErrorKind::OutOfRange { field: got, .. } }) => {
                assert_eq!(got, field);
                assert_eq!(path, "Fn");
            }
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn missing_or_invalid_settings_are_errors() {
    let (mut stack, vpc) = network();
    let cases = [
        VpcFunction::builder(&vpc).handler("index.h").code(Code::inline(HANDLER)),
        VpcFunction::builder(&vpc).runtime(Runtime::Nodejs24x).code(Code::inline(HANDLER)),
        VpcFunction::builder(&vpc).runtime(Runtime::Nodejs24x).handler("index.h"),
        VpcFunction::builder(&vpc).runtime(Runtime::Java21).handler("a.B::h").code(Code::inline("class")),
        node_function(&vpc).env("AWS_REGION", "x"),
        node_function(&vpc).env("1BAD", "x"),
        node_function(&vpc).env("has-dash", "x"),
        node_function(&vpc).env("X", "x"),
        node_function(&vpc).env("LAMBDA_RUNTIME_DIR", "x"),
    ];
    for builder in cases {
        let error = builder.build(&mut stack, "Fn").unwrap_err();
        assert!(matches!(error, Error { kind: ErrorKind::Lambda(_), .. }), "{error}");
        assert_eq!(error.path(), "Fn");
    }
}

#[test]
fn provided_runtimes_default_the_handler_and_take_s3_or_local_code() {
    let (mut stack, vpc) = network();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::ProvidedAl2023)
        .code(Code::s3("bucket", "fn.zip"))
        .build(&mut stack, "Rust")
        .unwrap();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Python313)
        .handler("app.handler")
        .code(Code::local_path("./src"))
        .build(&mut stack, "Py")
        .unwrap();
    let template = synth(&stack).unwrap();
    let rust = &resource(&template, "Rust/Resource")["Properties"];
    assert_eq!(rust["Handler"], "bootstrap");
    assert_eq!(rust["Code"], json!({ "S3Bucket": "bucket", "S3Key": "fn.zip" }));
    assert_eq!(resource(&template, "Py/Resource")["Properties"]["Code"], "./src");
}

#[test]
fn one_az_and_small_subnets_are_warnings() {
    let mut stack = Stack::new("Small");
    let vpc = Vpc::builder()
        .max_azs(1)
        .subnet_group(SubnetGroup::public("Public").cidr_mask(28))
        .subnet_group(SubnetGroup::private_with_egress("Private").cidr_mask(28))
        .build(&mut stack, "Vpc")
        .unwrap();
    node_function(&vpc).reserved_concurrency(20).build(&mut stack, "Fn").unwrap();
    let warnings: Vec<String> = synth(&stack).unwrap().warnings().iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("Fn: ") && warnings[0].contains("at least two"), "{warnings:?}");
    assert!(warnings[1].contains("11 usable addresses for a reserved concurrency of 20"), "{warnings:?}");

    let mut stack = Stack::new("Zero");
    let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    node_function(&vpc).reserved_concurrency(0).build(&mut stack, "Fn").unwrap();
    assert!(synth(&stack).unwrap().warnings()[0].message.contains("stops the function"));
}

#[test]
fn imported_subnets_without_known_azs_do_not_warn() {
    let mut stack = Stack::new("Imported");
    let vpc = Vpc::import("vpc-0123456789abcdef0")
        .subnet(SubnetKind::PrivateWithEgress, "subnet-1", None)
        .subnet(SubnetKind::PrivateWithEgress, "subnet-2", Some(AvailabilityZone::Name("eu-west-1b".into())))
        .build(&mut stack, "Vpc")
        .unwrap();
    node_function(&vpc).build(&mut stack, "Fn").unwrap();
    assert!(synth(&stack).unwrap().warnings().is_empty());
}

#[test]
fn instance_defaults_are_secure() {
    let (mut stack, vpc) = network();
    let db =
        Instance::builder(&vpc).user_data("#!/bin/bash\ndnf install -y mongodb\n").build(&mut stack, "Mongo").unwrap();
    assert_eq!(db.subnet().path(), "Vpc/PrivateSubnet1");
    let template = synth(&stack).unwrap();
    let instance = resource(&template, "Mongo/Resource");
    let props = &instance["Properties"];
    assert_eq!(props["ImageId"], json!({ "Ref": "MongoImageId" }));
    assert_eq!(
        template.json()["Parameters"]["MongoImageId"],
        json!({
            "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            "Description": "AMI of Mongo, read from SSM Parameter Store at deploy",
            "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
        })
    );
    assert_eq!(props["InstanceType"], "t3.micro");
    assert_eq!(props["SubnetId"], json!({ "Ref": id(&template, "Vpc/PrivateSubnet1/Subnet") }));
    assert_eq!(props["MetadataOptions"]["HttpTokens"], "required");
    assert_eq!(
        props["BlockDeviceMappings"],
        json!([{ "DeviceName": "/dev/xvda", "Ebs": { "Encrypted": true, "VolumeSize": 8, "VolumeType": "gp3", "DeleteOnTermination": true } }])
    );
    assert_eq!(props["UserData"], json!({ "Fn::Base64": "#!/bin/bash\ndnf install -y mongodb\n" }));
    assert_eq!(
        instance["DependsOn"],
        json!([
            id(&template, "Vpc/PrivateSubnet1/RouteTableAssociation"),
            id(&template, "Vpc/PrivateSubnet1/DefaultRoute")
        ])
    );
    assert_eq!(db.private_ip(), db.handle().get_att("PrivateIp"));
}

#[test]
fn instance_options_and_errors() {
    let (mut stack, vpc) = network();
    let sg = SecurityGroup::builder(&vpc).description("db").build(&mut stack, "DbSg").unwrap();
    Instance::builder(&vpc)
        .instance_type("m7g.large")
        .machine_image(MachineImage::Id("ami-0123456789abcdef0".into()))
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .security_group(&sg)
        .key_name("ops")
        .volume_size_gb(100)
        .build(&mut stack, "Bastion")
        .unwrap();
    let template = synth(&stack).unwrap();
    let props = &resource(&template, "Bastion/Resource")["Properties"];
    assert_eq!(props["ImageId"], "ami-0123456789abcdef0");
    assert_eq!(props["KeyName"], "ops");
    assert_eq!(props["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 100);
    assert_eq!(props["SecurityGroupIds"], json!([{ "Fn::GetAtt": [id(&template, "DbSg/Resource"), "GroupId"] }]));
    assert!(template.json().get("Parameters").is_none());

    assert!(matches!(
        Instance::builder(&vpc).instance_type("large").build(&mut stack, "X"),
        Err(Error { kind: ErrorKind::Ec2(Ec2Error::InvalidInstanceType { .. }), .. })
    ));
    assert!(matches!(
        Instance::builder(&vpc).volume_size_gb(4).build(&mut stack, "X"),
        Err(Error { kind: ErrorKind::OutOfRange { .. }, .. })
    ));
    let error = Instance::builder(&vpc)
        .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
        .build(&mut stack, "X")
        .unwrap_err();
    assert!(
        matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::NoSubnetsMatch { .. }) } if path == "X"),
        "{error}"
    );
}

#[test]
fn an_instance_whose_image_parameter_id_is_taken_creates_nothing() {
    let (mut stack, vpc) = network();
    stack
        .add_parameter("DbImageId", cfnkit_tests::names::Parameter::new(cfnkit_tests::names::ParameterType::String))
        .unwrap();
    let before = stack.entries().count();
    let error = Instance::builder(&vpc).build(&mut stack, "Db").unwrap_err();
    assert_eq!(error, Error::from(CoreError::new("DbImageId", CoreErrorKind::DuplicateId)));
    assert_eq!(stack.entries().count(), before);
    Instance::builder(&vpc).machine_image(MachineImage::Id("ami-1".into())).build(&mut stack, "Db").unwrap();
}

#[test]
fn construct_ids_of_any_script_give_descriptions_iam_and_ec2_accept() {
    let (mut stack, vpc) = network();
    node_function(&vpc).build(&mut stack, "Función→API").unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        resource(&template, "Función→API/ServiceRole/Resource")["Properties"]["Description"],
        "Execution role of Compute/Funci_n_API"
    );
    assert_eq!(
        resource(&template, "Función→API/SecurityGroup/Resource")["Properties"]["GroupDescription"],
        "Lambda function Compute/Funci_n_API"
    );
}

#[test]
fn subnets_and_groups_of_another_vpc_are_refused() {
    let mut stack = Stack::new("TwoVpcs");
    let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    let other = Vpc::builder().cidr("10.1.0.0/16").nat_gateways(1).build(&mut stack, "Other").unwrap();
    let foreign_subnet = other.subnets_of_kind(SubnetKind::PrivateWithEgress)[0].clone();
    let foreign_group = SecurityGroup::builder(&other).description("other").build(&mut stack, "OtherSg").unwrap();
    let error = node_function(&vpc)
        .subnets(SubnetSelection::Subnets(vec![foreign_subnet.clone()]))
        .build(&mut stack, "Fn")
        .unwrap_err();
    assert!(error.to_string().contains("Other/PrivateSubnet1 belongs to another VPC than Vpc"), "{error}");
    let error = node_function(&vpc).security_group(&foreign_group).build(&mut stack, "Fn").unwrap_err();
    assert!(error.to_string().contains("OtherSg belongs to another VPC"), "{error}");
    let error = Instance::builder(&vpc).security_group(&foreign_group).build(&mut stack, "Db").unwrap_err();
    assert!(
        matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::SecurityGroupOfAnotherVpc { .. }) } if path == "Db"),
        "{error}"
    );
    let imported = SecurityGroup::import(&mut stack, "Shared", "sg-0123").unwrap();
    node_function(&vpc).security_group(&imported).build(&mut stack, "Fn").unwrap();
}

#[test]
fn the_root_device_name_can_follow_the_image() {
    let (mut stack, vpc) = network();
    Instance::builder(&vpc)
        .machine_image(MachineImage::Id("ami-0123456789abcdef0".into()))
        .root_device_name("/dev/sda1")
        .build(&mut stack, "Ubuntu")
        .unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        resource(&template, "Ubuntu/Resource")["Properties"]["BlockDeviceMappings"][0]["DeviceName"],
        "/dev/sda1"
    );
}
