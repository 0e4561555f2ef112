//! The web backend's companions: buckets (and, as they land, tables,
//! queues, secrets, databases), secure by default, with grants that name
//! exactly the resource's ARN.
use std::time::Duration;

use cfnkit::synth::{synth, Format};
use cfnkit_assertions as assertions;
use cfnkit_assertions::{pattern, Match};
use cfnkit_tests::names::*;
use cfnkit_tests::snapshot;
use serde_json::{json, Value as Json};

fn function(stack: &mut Stack) -> VpcFunction {
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(stack, "Vpc").unwrap();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .timeout(Duration::from_secs(10))
        .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
        .build(stack, "Fn")
        .unwrap()
}

/// The statements of every policy attached to the function's role.
fn statements(template: &cfnkit::synth::Template) -> Vec<Json> {
    template
        .resources_of_type("AWS::IAM::Policy")
        .flat_map(|(_, policy)| {
            policy["Properties"]["PolicyDocument"]["Statement"].as_array().cloned().unwrap_or_default()
        })
        .collect()
}

#[test]
fn a_bucket_is_private_encrypted_tls_only_and_retained() {
    let mut stack = Stack::new("Storage");
    Bucket::builder()
        .versioned(true)
        .lifecycle_rule(LifecycleRule::new().expire_noncurrent_after_days(30).abort_incomplete_uploads_after_days(7))
        .build(&mut stack, "Uploads")
        .unwrap();
    let template = synth(&stack).unwrap();
    let tested = assertions::Template::from_synthesised(&template);
    tested.resource_at("Uploads/Resource").has_definition(pattern!({
        "Properties": {
            "PublicAccessBlockConfiguration": Match::exact(json!({
                "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true
            })),
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }]
            },
            "VersioningConfiguration": { "Status": "Enabled" },
        },
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
    }));
    tested.resource_at("Uploads/Policy").has_properties(pattern!({
        "PolicyDocument": {
            "Statement": [{
                "Effect": "Deny",
                "Condition": Match::exact(json!({ "Bool": { "aws:SecureTransport": "false" } })),
            }]
        }
    }));
    snapshot!("storage_bucket.json", template.render(Format::Json).unwrap().body);
}

#[test]
fn bucket_grants_name_exactly_the_buckets_arn_and_objects() {
    let mut stack = Stack::new("Grants");
    let function = function(&mut stack);
    let bucket = Bucket::builder().build(&mut stack, "Files").unwrap();
    bucket.grant_read(&mut stack, &function).unwrap();
    bucket.grant_write(&mut stack, &function).unwrap();
    let template = synth(&stack).unwrap();
    let id = template.logical_id("Files/Resource").unwrap();
    let expected =
        json!([{ "Fn::GetAtt": [id, "Arn"] }, { "Fn::Sub": ["${Arn}/*", { "Arn": { "Fn::GetAtt": [id, "Arn"] } }] }]);
    let grants = statements(&template);
    let read = grants.iter().find(|s| s["Action"] == json!(["s3:GetObject*", "s3:GetBucket*", "s3:List*"])).unwrap();
    assert_eq!(read["Resource"], expected);
    let write =
        grants.iter().find(|s| s["Action"].as_array().is_some_and(|a| a.contains(&json!("s3:PutObject")))).unwrap();
    assert_eq!(write["Resource"], expected);
    assert!(grants.iter().all(|s| s["Resource"] != json!("*")));
}

#[test]
fn an_empty_lifecycle_rule_or_a_zero_day_one_is_refused_before_building() {
    let mut stack = Stack::new("Bad");
    let error = Bucket::builder().lifecycle_rule(LifecycleRule::new()).build(&mut stack, "B").unwrap_err();
    assert!(error.to_string().contains("lifecycle rule 0 has no action"), "{error}");
    let error =
        Bucket::builder().lifecycle_rule(LifecycleRule::new().expire_after_days(0)).build(&mut stack, "B").unwrap_err();
    assert!(error.to_string().contains("lifecycle expiration days must be between 1 and 36500"), "{error}");
    assert_eq!(stack.entries().count(), 0);
}

#[test]
fn a_queue_is_encrypted_with_a_dead_letter_queue_and_a_consumer_whose_timeout_it_fits() {
    let mut stack = Stack::new("Work");
    let function = function(&mut stack);
    let jobs = Queue::builder()
        .visibility_timeout(Duration::from_secs(60))
        .dead_letter_queue(5)
        .build(&mut stack, "Jobs")
        .unwrap();
    jobs.add_consumer(&mut stack, &function, 10).unwrap();
    jobs.grant_send(&mut stack, &function).unwrap();
    let template = synth(&stack).unwrap();
    let tested = assertions::Template::from_synthesised(&template);
    let dead_letter_arn = tested.resource_at("Jobs/DeadLetterQueue").get_att("Arn");
    tested.resource_at("Jobs/Resource").has_properties(pattern!({
        "SqsManagedSseEnabled": true,
        "VisibilityTimeout": 60,
        "RedrivePolicy": Match::exact(json!({ "deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": 5 })),
    }));
    tested.resource_count_is("AWS::Lambda::EventSourceMapping", 1);
    tested.has_resource_properties("AWS::Lambda::EventSourceMapping", pattern!({ "BatchSize": 10 }));
    let queue_arn = json!({ "Fn::GetAtt": [template.logical_id("Jobs/Resource").unwrap(), "Arn"] });
    let grants = statements(&template);
    for action in ["sqs:ReceiveMessage", "sqs:SendMessage"] {
        let statement =
            grants.iter().find(|s| s["Action"].as_array().is_some_and(|a| a.contains(&json!(action)))).unwrap();
        assert_eq!(statement["Resource"], queue_arn, "{action}");
    }
    snapshot!("storage_queue.json", template.render(Format::Json).unwrap().body);
}

#[test]
fn a_visibility_timeout_shorter_than_six_function_timeouts_is_refused() {
    let mut stack = Stack::new("Short");
    let function = function(&mut stack);
    let jobs = Queue::builder().visibility_timeout(Duration::from_secs(59)).build(&mut stack, "Jobs").unwrap();
    let before = stack.entries().count();
    let error = jobs.add_consumer(&mut stack, &function, 10).unwrap_err();
    assert!(matches!(
        &error.kind,
        ErrorKind::Sqs(SqsError::VisibilityTimeoutTooShort { visibility: 59, function_timeout: 10, .. })
    ));
    assert!(error.to_string().contains("at least six times the function's timeout (60 s)"), "{error}");
    assert_eq!(stack.entries().count(), before);
}

#[test]
fn a_table_is_on_demand_recoverable_encrypted_protected_and_retained() {
    let mut stack = Stack::new("Data");
    let function = function(&mut stack);
    let orders = Table::builder(Attribute::string("pk"))
        .sort_key(Attribute::string("sk"))
        .global_index(
            GlobalIndex::new("ByCustomer", Attribute::string("customer")).sort_key(Attribute::number("placedAt")),
        )
        .build(&mut stack, "Orders")
        .unwrap();
    orders.grant_read_write(&mut stack, &function).unwrap();
    let template = synth(&stack).unwrap();
    let tested = assertions::Template::from_synthesised(&template);
    let any = Match::any_value;
    tested.resource_at("Orders/Resource").has_definition(pattern!({
        "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true },
            "SSESpecification": Match::exact(json!({ "SSEEnabled": true, "SSEType": "KMS" })),
            "DeletionProtectionEnabled": true,
            // pk, sk and the index's two keys.
            "AttributeDefinitions": [any(), any(), any(), any()],
        },
        "DeletionPolicy": "Retain",
    }));
    let id = template.logical_id("Orders/Resource").unwrap();
    let grant = statements(&template)
        .into_iter()
        .find(|s| s["Action"].as_array().is_some_and(|a| a.contains(&json!("dynamodb:PutItem"))))
        .unwrap();
    assert_eq!(
        grant["Resource"],
        json!([{ "Fn::GetAtt": [id, "Arn"] }, { "Fn::Sub": ["${Arn}/index/*", { "Arn": { "Fn::GetAtt": [id, "Arn"] } }] }])
    );
    snapshot!("storage_table.json", template.render(Format::Json).unwrap().body);
}

#[test]
fn a_key_attribute_with_two_types_or_two_indexes_of_one_name_are_refused() {
    let mut stack = Stack::new("Bad");
    let error = Table::builder(Attribute::string("pk"))
        .global_index(GlobalIndex::new("ByPk", Attribute::number("pk")))
        .build(&mut stack, "T")
        .unwrap_err();
    assert!(matches!(error.kind, ErrorKind::DynamoDb(DynamoDbError::ConflictingAttributeType { .. })), "{error}");
    let error = Table::builder(Attribute::string("pk"))
        .global_index(GlobalIndex::new("A", Attribute::string("x")))
        .global_index(GlobalIndex::new("A", Attribute::string("y")))
        .build(&mut stack, "T")
        .unwrap_err();
    assert!(matches!(error.kind, ErrorKind::DynamoDb(DynamoDbError::DuplicateIndex { .. })), "{error}");
    assert_eq!(stack.entries().count(), 0);
}

#[test]
fn a_secret_is_generated_at_deploy_and_read_by_grant_only() {
    let mut stack = Stack::new("Secrets");
    let function = function(&mut stack);
    let secret = Secret::builder().username("app").build(&mut stack, "Credentials").unwrap();
    secret.grant_read(&mut stack, &function).unwrap();
    let template = synth(&stack).unwrap();
    assertions::Template::from_synthesised(&template).resource_at("Credentials/Resource").has_properties(pattern!({
        "GenerateSecretString": {
            "GenerateStringKey": "password",
            "SecretStringTemplate": r#"{"username":"app"}"#,
            "PasswordLength": 32,
        }
    }));
    let grant = statements(&template)
        .into_iter()
        .find(|s| s["Action"].as_array().is_some_and(|a| a.contains(&json!("secretsmanager:GetSecretValue"))))
        .unwrap();
    assert_eq!(grant["Resource"], json!({ "Ref": template.logical_id("Credentials/Resource").unwrap() }));
    assert!(!template.render(Format::Json).unwrap().body.contains("\"SecretString\""), "no value in the template");
}

fn database_stack() -> (Stack, DatabaseInstance, VpcFunction) {
    let mut stack = Stack::new("Relational");
    let vpc = Vpc::builder()
        .max_azs(2)
        .subnet_group(SubnetGroup::public("Public"))
        .subnet_group(SubnetGroup::private_with_egress("App"))
        .subnet_group(SubnetGroup::isolated("Data"))
        .nat_gateways(1)
        .build(&mut stack, "Vpc")
        .unwrap();
    let function = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .timeout(Duration::from_secs(10))
        .build(&mut stack, "Api")
        .unwrap();
    let database = DatabaseInstance::builder(&vpc, Engine::postgres("17.6"))
        .database_name("app")
        .build(&mut stack, "Database")
        .unwrap();
    database.allow_from(&mut stack, &function).unwrap();
    database.secret().grant_read(&mut stack, &function).unwrap();
    (stack, database, function)
}

#[test]
fn a_database_is_isolated_encrypted_protected_and_reachable_from_the_function_only() {
    let (mut stack, database, function) = database_stack();
    stack.add_intent(Intent::reaches(&function, database.handle(), Port::tcp(5432))).unwrap();
    stack.add_intent(Intent::only_reaches(&function, database.handle(), Port::tcp(5432))).unwrap();
    stack.add_intent(Intent::unreachable_from_internet(database.handle())).unwrap();
    let template = synth(&stack).unwrap();
    let tested = assertions::Template::from_synthesised(&template);
    let secret = tested.resource_at("Database/Credentials/Resource").reference();
    tested.resource_at("Database/Resource").has_definition(pattern!({
        "Properties": {
            "StorageEncrypted": true,
            "DeletionProtection": true,
            "PubliclyAccessible": false,
            "MasterUserPassword": Match::exact(json!({
                "Fn::Sub": ["{{resolve:secretsmanager:${Secret}:SecretString:password}}", { "Secret": secret }]
            })),
        },
        "DeletionPolicy": "Snapshot",
        "UpdateReplacePolicy": "Snapshot",
    }));
    let subnets = &template.resource("Database/SubnetGroup").unwrap()["Properties"]["SubnetIds"];
    for subnet in subnets.as_array().unwrap() {
        assert!(subnet["Ref"].as_str().unwrap().starts_with("VpcDataSubnet"), "{subnet}");
    }
    snapshot!("storage_database.json", template.render(Format::Json).unwrap().body);
}

#[test]
fn a_database_in_public_subnets_or_one_zone_is_refused() {
    let mut stack = Stack::new("Bad");
    let vpc = Vpc::builder().max_azs(2).subnet_group(SubnetGroup::public("Public")).build(&mut stack, "Vpc").unwrap();
    let error = DatabaseInstance::builder(&vpc, Engine::mysql("8.4.6"))
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .build(&mut stack, "Db")
        .unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Rds(RdsError::PublicSubnet { .. })), "{error}");
    let mut stack = Stack::new("OneZone");
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    let before = stack.entries().count();
    let error = DatabaseInstance::builder(&vpc, Engine::mysql("8.4.6")).build(&mut stack, "Db").unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Rds(RdsError::SubnetsInOneZone { subnets: 1 })), "{error}");
    assert_eq!(stack.entries().count(), before);
}

#[test]
fn a_deprecated_engine_version_is_a_warning_as_in_cfn_lint() {
    let mut stack = Stack::new("Old");
    let vpc = Vpc::builder().max_azs(2).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    DatabaseInstance::builder(&vpc, Engine::postgres("16.4")).build(&mut stack, "Database").unwrap();
    let template = synth(&stack).unwrap();
    // cfn-lint's W3691 (a deprecated engine version), at its level.
    assert!(
        template.warnings().iter().any(|w| w.path == "Database/Resource" && w.message.contains("W3691")),
        "{:?}",
        template.warnings()
    );
}

/// The checkov rules a resource's `Metadata` suppresses, each with its
/// reason.
fn suppressed(resource: &Json) -> Vec<(String, String)> {
    let skips = resource["Metadata"]["checkov"]["skip"].as_array().cloned().unwrap_or_default();
    skips.iter().map(|s| (s["id"].as_str().unwrap().to_owned(), s["comment"].as_str().unwrap().to_owned())).collect()
}

fn suppressed_ids(resource: &Json) -> Vec<String> {
    suppressed(resource).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn accepted_scanner_findings_carry_a_reason_and_go_when_the_option_is_set() {
    let mut stack = Stack::new("Accepted");
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    let dead_letters = Queue::builder().build(&mut stack, "FailedEvents").unwrap();
    let key = stack.add(&stack.root(), "Key", RawResource::new("AWS::KMS::Key")).unwrap();
    let base = || {
        VpcFunction::builder(&vpc)
            .runtime(Runtime::Nodejs24x)
            .handler("index.handler")
            .code(Code::inline("exports.handler = async () => ({});"))
            .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
    };
    base().build(&mut stack, "Plain").unwrap();
    base()
        .dead_letter_queue(&dead_letters)
        .reserved_concurrency(5)
        .env("STAGE", "prod")
        .build(&mut stack, "Configured")
        .unwrap();
    Table::builder(Attribute::string("id")).build(&mut stack, "AwsKeyTable").unwrap();
    Table::builder(Attribute::string("id")).kms_key(key.get_att("Arn")).build(&mut stack, "OwnKeyTable").unwrap();
    Queue::builder().kms_key(key.get_att("Arn")).build(&mut stack, "OwnKeyQueue").unwrap();
    let template = synth(&stack).unwrap();
    let resource = |path: &str| template.resource(path).unwrap().clone();

    assert_eq!(suppressed_ids(&resource("Plain/Resource")), ["CKV_AWS_116", "CKV_AWS_115"]);
    assert!(suppressed(&resource("Plain/Resource")).iter().all(|(_, reason)| reason.len() > 40));
    assert_eq!(suppressed_ids(&resource("Configured/Resource")), ["CKV_AWS_173"]);
    let configured = &resource("Configured/Resource")["Properties"];
    assert_eq!(
        configured["DeadLetterConfig"]["TargetArn"],
        json!({ "Fn::GetAtt": [template.logical_id("FailedEvents/Resource").unwrap(), "Arn"] })
    );
    let role_statements: Vec<Json> = template
        .resources_of_type("AWS::IAM::Role")
        .flat_map(|(_, role)| role["Properties"]["Policies"].as_array().cloned().unwrap_or_default())
        .flat_map(|p| p["PolicyDocument"]["Statement"].as_array().cloned().unwrap())
        .collect();
    assert!(
        role_statements
            .iter()
            .any(|s| s["Action"] == json!("sqs:SendMessage")
                && s["Resource"] == configured["DeadLetterConfig"]["TargetArn"]),
        "{role_statements:?}"
    );
    assert_eq!(suppressed_ids(&resource("Plain/LogGroup")), ["CKV_AWS_158"]);
    assert_eq!(suppressed_ids(&resource("AwsKeyTable/Resource")), ["CKV_AWS_119"]);
    assert!(suppressed_ids(&resource("OwnKeyTable/Resource")).is_empty());
    assert_eq!(suppressed_ids(&resource("FailedEvents/Resource")), ["CKV_AWS_27"]);
    assert!(suppressed_ids(&resource("OwnKeyQueue/Resource")).is_empty());
}

#[test]
fn a_secret_resolved_into_a_functions_environment_is_a_warning() {
    let mut stack = Stack::new("Leaky");
    let secret = Secret::builder().build(&mut stack, "Credentials").unwrap();
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
        .env("DB_PASSWORD", secret.field("password"))
        .env("SECRET_ARN", secret.arn())
        .build(&mut stack, "Fn")
        .unwrap();
    let warnings: Vec<String> = synth(&stack).unwrap().warnings().iter().map(ToString::to_string).collect();
    let leaks: Vec<&String> = warnings.iter().filter(|w| w.contains("resolves a secret")).collect();
    assert_eq!(leaks.len(), 1, "{warnings:?}");
    assert!(leaks[0].contains("Fn") && leaks[0].contains("DB_PASSWORD"), "{}", leaks[0]);
}
