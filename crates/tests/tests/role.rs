//! The `Role` L2 construct: what it emits and what it refuses.
use cfnkit::iam::Statement;
use cfnkit::synth::synth;
use cfnkit_tests::names::*;
use serde_json::json;

#[test]
fn a_role_has_a_service_trust_policy_partition_agnostic_managed_policies_and_an_inline_policy() {
    let mut stack = Stack::new("Roles");
    let role = Role::builder("lambda.amazonaws.com")
        .description("handler")
        .managed_policy(ManagedPolicy::aws("service-role/AWSLambdaVPCAccessExecutionRole"))
        .managed_policy(ManagedPolicy::arn("arn:aws:iam::123456789012:policy/custom"))
        .statement(Statement::allow(["dynamodb:GetItem", "dynamodb:PutItem"]).resource("arn:aws:dynamodb:::table/t"))
        .max_session_duration(7200)
        .build(&mut stack, "Handler")
        .unwrap();
    assert_eq!(role.path(), "Handler");
    assert_eq!(role.handle().path(), "Handler/Resource");
    let template = synth(&stack).unwrap();
    let id = template.logical_id("Handler/Resource").unwrap().to_owned();
    assert!(id.starts_with("Handler") && id.len() == "Handler".len() + 8, "{id}");
    assert_eq!(
        template.json()["Resources"][&id],
        json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]
                },
                "Description": "handler",
                "ManagedPolicyArns": [
                    { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" },
                    "arn:aws:iam::123456789012:policy/custom"
                ],
                "Policies": [{
                    "PolicyName": "Default",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{ "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:::table/t" }]
                    }
                }],
                "MaxSessionDuration": 7200
            }
        })
    );
    assert_eq!(role.arn().to_json_with_paths().unwrap()["Fn::GetAtt"][1], json!("Arn"));
}

#[test]
fn statements_added_later_are_separate_policies_attached_by_role_name() {
    let mut stack = Stack::new("Later");
    let role = Role::builder("ecs-tasks.amazonaws.com").build(&mut stack, "Task").unwrap();
    let first = role.add_statement(&mut stack, Statement::allow(["sqs:SendMessage"]).resource("arn:q")).unwrap();
    let second = role.clone().add_statement(&mut stack, Statement::allow(["sns:Publish"]).resource("arn:t")).unwrap();
    assert_eq!((first.path(), second.path()), ("Task/Policy1", "Task/Policy2"));

    let template = synth(&stack).unwrap();
    let role_id = template.logical_id("Task/Resource").unwrap().to_owned();
    let policy_id = template.logical_id("Task/Policy2").unwrap().to_owned();
    assert_eq!(
        template.json()["Resources"][&policy_id],
        json!({
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyName": "TaskPolicy2",
                "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:t" }] },
                "Roles": [{ "Ref": role_id }]
            }
        })
    );
    assert!(template.json()["Resources"][&role_id]["Properties"].get("Policies").is_none());
}

#[test]
fn write_and_wildcard_actions_on_every_resource_are_refused() {
    let mut stack = Stack::new("LeastPrivilege");
    for action in ["*", "s3:*", "s3:PutObject", "secretsmanager:GetSecretValue"] {
        let error = Role::builder("lambda.amazonaws.com")
            .statement(Statement::allow(["ec2:DescribeInstances", action]).resources(["arn:a", "*"]))
            .build(&mut stack, "Broad")
            .unwrap_err();
        assert_eq!(error, Error::new("Broad", IamError::WildcardPermission { action: action.into() }));
        assert!(error.to_string().contains("allow_wildcard_resource"), "{error}");
    }
    // Nothing was added by the failed builds.
    assert_eq!(stack.entries().count(), 0);

    let role = Role::builder("lambda.amazonaws.com")
        .statement(Statement::allow(["ec2:DescribeNetworkInterfaces", "logs:List*"]).resource("*"))
        .statement(Statement::deny(["*"]).resource("*"))
        .build(&mut stack, "ReadOnly")
        .unwrap();
    let later = role.add_statement(&mut stack, Statement::allow(["xray:PutTraceSegments"]).resource("*"));
    assert_eq!(
        later.unwrap_err(),
        Error::new("ReadOnly", IamError::WildcardPermission { action: "xray:PutTraceSegments".into() })
    );

    let opted_in = Role::builder("lambda.amazonaws.com")
        .allow_wildcard_resource()
        .statement(Statement::allow(["xray:PutTraceSegments"]).resource("*"))
        .build(&mut stack, "Tracing")
        .unwrap();
    assert!(opted_in.add_statement(&mut stack, Statement::allow(["xray:PutTelemetryRecords"]).resource("*")).is_ok());
}

#[test]
fn malformed_input_is_an_error_naming_the_construct() {
    let mut stack = Stack::new("Malformed");
    let build = |builder: cfnkit_tests::names::RoleBuilder, stack: &mut Stack| builder.build(stack, "Bad").unwrap_err();
    let errors = [
        build(Role::builder("lambda"), &mut stack),
        build(Role::builder("Lambda.amazonaws.com"), &mut stack),
        build(Role::builder("lambda.amazonaws.com").managed_policy(ManagedPolicy::aws("/service-role/X")), &mut stack),
        build(
            Role::builder("lambda.amazonaws.com").managed_policy(ManagedPolicy::aws("arn:aws:iam::aws:policy/X")),
            &mut stack,
        ),
        build(
            Role::builder("lambda.amazonaws.com").statement(Statement::allow(Vec::<String>::new()).resource("arn:a")),
            &mut stack,
        ),
        build(
            Role::builder("lambda.amazonaws.com").statement(Statement::allow(["GetObject"]).resource("arn:a")),
            &mut stack,
        ),
        build(Role::builder("lambda.amazonaws.com").statement(Statement::allow(["s3:GetObject"])), &mut stack),
        build(Role::builder("lambda.amazonaws.com").description("d".repeat(1001)), &mut stack),
    ];
    for error in &errors {
        assert!(matches!(error, Error { kind: ErrorKind::Iam(_), .. }), "{error:?}");
        assert_eq!(error.path(), "Bad");
    }
    assert_eq!(
        build(Role::builder("lambda.amazonaws.com").max_session_duration(60), &mut stack),
        Error::new("Bad", ErrorKind::OutOfRange { field: "max_session_duration", value: 60, min: 3600, max: 43200 })
    );
    Role::builder("lambda.amazonaws.com").build(&mut stack, "Bad").unwrap();
    assert_eq!(
        build(Role::builder("lambda.amazonaws.com"), &mut stack),
        Error::from(CoreError::new("Bad", CoreErrorKind::DuplicateId))
    );
}

#[test]
fn policies_of_a_role_with_a_long_path_keep_distinct_names() {
    let mut stack = Stack::new("Long");
    let role = Role::builder("lambda.amazonaws.com").build(&mut stack, &"R".repeat(130)).unwrap();
    let first = role
        .add_statement(&mut stack, Statement::allow(["sqs:SendMessage"]).resource("arn:aws:sqs:us-east-1:1:a"))
        .unwrap();
    let second = role
        .add_statement(&mut stack, Statement::allow(["sqs:SendMessage"]).resource("arn:aws:sqs:us-east-1:1:b"))
        .unwrap();
    let template = synth(&stack).unwrap();
    let name = |path: &str| {
        template.json()["Resources"][template.logical_id(path).unwrap()]["Properties"]["PolicyName"].clone()
    };
    let (a, b) = (name(first.path()), name(second.path()));
    assert_ne!(a, b);
    assert!(a.as_str().unwrap().len() <= 128 && b.as_str().unwrap().len() <= 128);
}
