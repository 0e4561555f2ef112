//! `cfnkit`: typed CloudFormation constructs for Rust.
//!
//! This umbrella crate re-exports each layer under a name of its own, and
//! the names a stack program needs in [`prelude`]:
//!
//! - [`core`]: values and intrinsics, handles, the `Resource` trait, the
//!   construct tree (`Stack`, `App`, `Scope`), parameters, outputs,
//!   conditions, mappings.
//! - [`l1`]: one Rust type per CloudFormation resource type, by service,
//!   generated from AWS's schemas; a service's types come with its feature
//!   (`features = ["s3"]`; `l1-all` for every one).
//! - [`spec`]: the resource schemas as data (create-only and read-only
//!   properties, primary identifiers) and the validator synth runs.
//! - [`ec2`], [`iam`], [`lambda`], [`apigateway`], [`logs`]: the L2
//!   constructs and their helpers (policy documents, log retention).
//! - [`template`]: the template model, rendered and parsed.
//! - [`synth`]: from a built stack to a checked template.
//! - `assertions` (feature `assertions`, for `[dev-dependencies]`): for
//!   the tests of a stack: whether a resource, a count or an output is as a
//!   pattern says, with failures that show the closest resources and where
//!   they differ.
//! - [`cli`] (feature `cli`, on by default): the command line every stack
//!   program's `main` hands its stack to.
//!
//! ```
//! use cfnkit::prelude::*;
//!
//! let mut stack = Stack::new("Demo");
//! let vpc = Vpc::builder().max_azs(2).build(&mut stack, "Vpc").unwrap();
//! let template = cfnkit::synth::synth(&stack).unwrap();
//! assert!(template.logical_id(vpc.path()).is_none()); // a scope, not a resource
//! assert!(template.logical_id("Vpc/Resource").is_some());
//! ```
#[cfg(feature = "assertions")]
pub use cfnkit_assertions as assertions;
#[cfg(feature = "cli")]
pub use cfnkit_cli as cli;
pub use cfnkit_constructs::{
    apigateway, dynamodb, ec2, iam, lambda, logs, rds, s3, secretsmanager, sqs, Error, ErrorKind,
};
pub use cfnkit_core as core;
pub use cfnkit_diff as diff;
pub use cfnkit_l1 as l1;
pub use cfnkit_reach as reach;
pub use cfnkit_spec as spec;
pub use cfnkit_synth as synth;
pub use cfnkit_template as template;

/// What a stack program usually needs, in one `use cfnkit::prelude::*;`.
pub mod prelude {
    pub use cfnkit_constructs::apigateway::{Authorization, Cors, HttpMethod, RestApi, RouteOptions};
    pub use cfnkit_constructs::dynamodb::{Attribute, GlobalIndex, Table};
    pub use cfnkit_constructs::ec2::{
        AvailabilityZone, Connectable, Instance, MachineImage, NatGateway, Peer, Port, SecurityGroup, Subnet,
        SubnetKind, SubnetSelection, Vpc,
    };
    pub use cfnkit_constructs::iam::{Grantable, ManagedPolicy, Role, ServicePrincipal};
    pub use cfnkit_constructs::lambda::{Architecture, Code, LambdaTarget, Runtime, VpcFunction};
    pub use cfnkit_constructs::rds::{DatabaseInstance, Engine};
    pub use cfnkit_constructs::s3::{Bucket, LifecycleRule};
    pub use cfnkit_constructs::secretsmanager::Secret;
    pub use cfnkit_constructs::sqs::Queue;
    pub use cfnkit_constructs::{Error, ErrorKind};
    pub use cfnkit_core::{
        App, AwsService, Condition, Handle, Intent, Output, Parameter, ParameterType, Pseudo, Quota, RawResource,
        Scope, Stack, Traffic, Value,
    };
    pub use cfnkit_synth::{synth, synth_app, Format};
}
