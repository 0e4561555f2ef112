//! The web backend with its data in RDS PostgreSQL: API Gateway takes
//! `POST /graphql` (with CORS) and invokes a Lambda function in the private
//! subnets of a VPC. The database sits in isolated subnets of two AZs,
//! reachable on 5432 from the function alone; its credentials are a
//! generated secret in Secrets Manager, which the function reads at run
//! time (never through its environment). Uploads go to an S3 bucket through
//! the VPC's S3 gateway endpoint, the internet through a NAT gateway.
//!
//! ```sh
//! cargo run --example web-backend-postgres > template.json
//! aws cloudformation deploy --template-file template.json --stack-name web-backend-postgres --capabilities CAPABILITY_IAM
//! ```
use std::process::ExitCode;
use std::time::Duration;

use cfnkit::ec2::{GatewayService, SubnetGroup};
use cfnkit::prelude::*;

const HANDLER: &str = include_str!("web-backend-postgres/handler.js");

pub fn web_backend_postgres() -> Result<Stack, Error> {
    let mut stack = Stack::new("WebBackendPostgres");
    stack.set_description("A GraphQL API on Lambda in a VPC, its data in RDS PostgreSQL and its uploads in S3");

    // Public subnets for the NAT gateway, private ones for the function,
    // isolated ones (no route out) for the database; S3 without the NAT.
    let vpc = Vpc::builder()
        .max_azs(2)
        .subnet_group(SubnetGroup::public("Public"))
        .subnet_group(SubnetGroup::private_with_egress("App"))
        .subnet_group(SubnetGroup::isolated("Data"))
        .nat_gateways(1)
        .gateway_endpoint(GatewayService::S3)
        .build(&mut stack, "Vpc")?;

    // Encrypted, deletion-protected, snapshotted on removal; credentials
    // generated into a Secret the template never holds.
    let database =
        DatabaseInstance::builder(&vpc, Engine::postgres("17.6")).database_name("app").build(&mut stack, "Database")?;
    let uploads = Bucket::builder().versioned(true).build(&mut stack, "Uploads")?;

    let graphql = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.graphql")
        .code(Code::inline(HANDLER))
        .memory_mb(256)
        .timeout(Duration::from_secs(10))
        .env("DB_HOST", database.endpoint_address())
        .env("DB_PORT", database.port().to_string())
        .env("DB_SECRET_ARN", database.secret().arn())
        .env("UPLOADS_BUCKET", uploads.bucket_name())
        .build(&mut stack, "Graphql")?;
    database.allow_from(&mut stack, &graphql)?;
    database.secret().grant_read(&mut stack, &graphql)?;
    uploads.grant_write(&mut stack, &graphql)?;

    let mut api = RestApi::builder()
        .cors(Cors::any_origin())
        .public_reason("a public GraphQL endpoint: requests are authenticated in the resolver")
        .build(&mut stack, "Api")?;
    api.route(&mut stack, "/graphql", HttpMethod::Post, &graphql)?;

    // What the network must do, proven at synth: the function reaches the
    // internet, S3 and the database; the database is reachable from the
    // function alone, never from the internet, and has no way out.
    let postgres = Port::tcp(database.port());
    stack.add_intent(Intent::reaches_internet(&graphql, Port::tcp(443)))?;
    stack.add_intent(Intent::reaches_service(&graphql, AwsService::S3, Port::tcp(443)))?;
    stack.add_intent(Intent::reaches(&graphql, database.handle(), postgres))?;
    stack.add_intent(Intent::only_reaches(&graphql, database.handle(), postgres))?;
    stack.add_intent(Intent::unreachable_from_internet(database.handle()))?;
    stack.add_intent(Intent::no_internet_egress(database.handle()))?;

    stack.add_output("GraphqlUrl", Output::new(api.url_for("/graphql")).description("POST GraphQL queries here"))?;
    stack.add_output(
        "DatabaseSecretArn",
        Output::new(database.secret().arn()).description("The database's credentials"),
    )?;
    stack.add_output("UploadsBucket", Output::new(uploads.bucket_name()).description("Where uploads go"))?;
    Ok(stack)
}

fn main() -> ExitCode {
    cfnkit::cli::run(web_backend_postgres)
}
