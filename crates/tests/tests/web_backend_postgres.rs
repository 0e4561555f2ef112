//! The `web-backend-postgres` example: the same API with its data in RDS
//! PostgreSQL and its uploads in S3. Its template is a snapshot, its
//! intents hold, and the secret reaches the function by ARN only.
#[allow(dead_code)]
#[path = "../../../examples/web-backend-postgres.rs"]
mod example;

use cfnkit::synth::{synth, Format, Template};
use cfnkit_tests::snapshot;
use serde_json::{json, Value as Json};

fn template() -> Template {
    synth(&example::web_backend_postgres().unwrap()).unwrap()
}

fn resource<'a>(template: &'a Template, path: &str) -> &'a Json {
    template.resource(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

#[test]
fn json_snapshot() {
    snapshot!("web_backend_postgres.json", template().render(Format::Json).unwrap().body);
}

#[test]
fn the_example_synthesises_without_warnings_and_its_intents_hold() {
    // synth checks the six intents; a failing one would be an error here.
    let template = template();
    assert!(template.warnings().is_empty(), "{:?}", template.warnings());
    let report = template.network_report().to_text();
    assert!(report.contains("Database/Resource") && report.contains("tcp/5432"), "{report}");
}

#[test]
fn the_function_gets_the_secrets_arn_and_the_database_its_value() {
    let template = template();
    let secret = template.logical_id("Database/Credentials/Resource").unwrap();
    let function = &resource(&template, "Graphql/Resource")["Properties"];
    let variables = &function["Environment"]["Variables"];
    assert_eq!(variables["DB_SECRET_ARN"], json!({ "Ref": secret }));
    assert_eq!(variables["DB_PORT"], "5432");
    let body = template.render(Format::Json).unwrap().body;
    let in_environment = serde_json::to_string(variables).unwrap();
    assert!(!in_environment.contains("resolve:secretsmanager"), "no secret value in the environment");
    assert!(body.contains("{{resolve:secretsmanager:${Secret}:SecretString:password}}"), "the database resolves it");
}

#[test]
fn the_function_may_read_the_secret_and_write_uploads_and_nothing_else_of_them() {
    let template = template();
    let statements: Vec<Json> = template
        .resources_of_type("AWS::IAM::Policy")
        .flat_map(|(_, policy)| policy["Properties"]["PolicyDocument"]["Statement"].as_array().cloned().unwrap())
        .collect();
    let secret = template.logical_id("Database/Credentials/Resource").unwrap();
    let bucket = template.logical_id("Uploads/Resource").unwrap();
    assert!(statements.iter().any(|s| s["Resource"] == json!({ "Ref": secret })), "{statements:?}");
    let writes = statements
        .iter()
        .find(|s| s["Action"].as_array().is_some_and(|a| a.contains(&json!("s3:PutObject"))))
        .expect("a write grant");
    let arn = json!({ "Fn::GetAtt": [bucket, "Arn"] });
    assert_eq!(writes["Resource"], json!([arn, { "Fn::Sub": ["${Arn}/*", { "Arn": arn }] }]));
}
