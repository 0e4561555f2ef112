//! The web backend of the aws-lambda-vpc tutorial: API Gateway takes
//! `POST /graphql` (with CORS) and invokes a Lambda function in the private
//! subnets of a VPC. The function reaches MongoDB, on an instance in a
//! private subnet, by its private IP, and the internet through a NAT gateway.
//!
//! ```sh
//! cargo run --example web-backend > template.json
//! aws cloudformation deploy --template-file template.json --stack-name web-backend --capabilities CAPABILITY_IAM
//! ```
use std::process::ExitCode;
use std::time::Duration;

use cfnkit::prelude::*;

const HANDLER: &str = include_str!("web-backend/handler.js");
const MONGO_SETUP: &str = include_str!("web-backend/mongo-setup.sh");

pub fn web_backend() -> Result<Stack, Error> {
    let mut stack = Stack::new("WebBackend");
    stack.set_description("aws-lambda-vpc: a GraphQL API on Lambda in a VPC, next to MongoDB");

    // Two AZs with a public and a private subnet each; one NAT gateway is the cheap choice.
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc")?;

    // MongoDB in a private subnet, open on 27017 to the function and nothing else.
    // Its AMI is the latest Amazon Linux 2023, re-read at every deploy: pin it with
    // MachineImage::Id before keeping data on it (see MachineImage::SsmParameter).
    let mongo_sg = SecurityGroup::builder(&vpc).description("MongoDB").build(&mut stack, "MongoSg")?;
    let mongo = Instance::builder(&vpc).security_group(&mongo_sg).user_data(MONGO_SETUP).build(&mut stack, "Mongo")?;

    let graphql = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.graphql")
        .code(Code::inline(HANDLER))
        .memory_mb(256)
        .timeout(Duration::from_secs(10))
        .env("MONGO_HOST", mongo.private_ip())
        .build(&mut stack, "Graphql")?;
    mongo_sg.allow_from(&mut stack, &graphql, Port::tcp(27017))?;

    let mut api = RestApi::builder()
        .cors(Cors::any_origin())
        .public_reason("a public GraphQL endpoint: requests are authenticated in the resolver")
        .build(&mut stack, "Api")?;
    api.route(&mut stack, "/graphql", HttpMethod::Post, &graphql)?;

    // What the network must do, proven at synth: the function reaches the
    // internet (through the NAT gateway) and MongoDB; MongoDB is reachable
    // from the function alone, never from the internet.
    stack.add_intent(Intent::reaches_internet(&graphql, Port::tcp(443)))?;
    stack.add_intent(Intent::reaches(&graphql, &mongo, Port::tcp(27017)))?;
    stack.add_intent(Intent::unreachable_from_internet(&mongo))?;
    stack.add_intent(Intent::only_reaches(&graphql, &mongo, Port::tcp(27017)))?;

    stack.add_output("GraphqlUrl", Output::new(api.url_for("/graphql")).description("POST GraphQL queries here"))?;
    stack.add_output("VpcId", Output::new(vpc.vpc_id()).description("The VPC"))?;
    stack.add_output("MongoPrivateIp", Output::new(mongo.private_ip()).description("MongoDB's private address"))?;
    Ok(stack)
}

fn main() -> ExitCode {
    cfnkit::cli::run(web_backend)
}
