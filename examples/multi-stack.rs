//! An app of two stacks and a nested one: `Network` holds the VPC and the
//! application's security group; `Application` runs a function in that
//! VPC's private subnets, with that group, and keeps its queue in a nested
//! stack (`Application/Jobs`). The handles of `Network` used in
//! `Application` become exports and imports, and `Application` deploys
//! after `Network`; the queue's URL and ARN cross into the parent as the
//! nested stack's outputs.
//!
//! ```sh
//! cargo run --example multi-stack -- list
//! cargo run --example multi-stack -- --output-dir out   # every template and manifest.json
//! ```
use std::process::ExitCode;
use std::time::Duration;

use cfnkit::core::DeletionPolicy;
use cfnkit::prelude::*;

pub fn multi_stack() -> Result<App, Error> {
    let mut network = Stack::new("Network");
    network.set_description("multi-stack: the network, shared by the application stacks");
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut network, "Vpc")?;
    let app_sg =
        SecurityGroup::builder(&vpc).description("functions of the application").build(&mut network, "AppSg")?;

    let mut application = Stack::new("Application");
    application.set_description("multi-stack: a function in the network stack's VPC, its queue in a nested stack");
    let jobs = application.nested_stack(&application.root(), "Jobs")?;
    // Jobs are transient: losing the queue with the stack is intended.
    let queue = Queue::builder().removal_policy(DeletionPolicy::Delete).build_in(&mut application, &jobs, "Queue")?;
    let worker = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({ statusCode: 200 });"))
        .timeout(Duration::from_secs(10))
        .security_group(&app_sg)
        .env("QUEUE_URL", queue.queue_url())
        .build(&mut application, "Worker")?;
    queue.grant_send(&mut application, &worker)?;

    let mut app = App::new();
    app.add_stack(network)?;
    app.add_stack(application)?;
    Ok(app)
}

fn main() -> ExitCode {
    cfnkit::cli::run(multi_stack)
}
