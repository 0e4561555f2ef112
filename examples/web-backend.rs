//! The web backend of the aws-lambda-vpc tutorial.
//!
//! For now: the VPC alone, while the constructs for the rest are built.
//! `cargo run --example web-backend > template.json`
use cfnkit::constructs::l1::ec2;
use cfnkit::constructs::{Error, Output, Stack};

fn build() -> Result<Stack, Error> {
    let mut stack = Stack::new("WebBackend");
    stack.set_description("Web backend: API Gateway and a Lambda function in a VPC, next to MongoDB");
    let vpc = ec2::Vpc { enable_dns_support: Some(true), enable_dns_hostnames: Some(true), ..ec2::Vpc::new("10.0.0.0/16") };
    let vpc = stack.add(&stack.root(), "Vpc", vpc)?;
    stack.add_output("VpcId", Output::new(vpc.vpc_id()).description("The VPC"))?;
    Ok(stack)
}

fn main() -> std::process::ExitCode {
    cfnkit::synth::cli::run(build)
}
