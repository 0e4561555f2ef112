//! L2 constructs of `cfnkit`: hand-written, one module per AWS service, one
//! file per construct.
//!
//! A construct's builder validates everything first, then creates a scope
//! under the scope it is given (`build_in`, or `build` for the stack root)
//! and the L1 resources in it, and returns a struct of handles. A user's own
//! construct is a scope too: build ours into it and the logical IDs follow
//! its path.
//!
//! - [`ec2`]: `Vpc`, `Subnet`, `NatGateway`, `SecurityGroup` with `Peer`,
//!   `Port` and the `Connectable` protocol, `Instance`.
//! - [`iam`]: `Role` and the `Grantable` protocol.
//! - [`lambda`]: `VpcFunction`, `Runtime`, and `LambdaTarget`, what other
//!   services invoke.
//! - [`apigateway`]: `RestApi`, routed to any `LambdaTarget`.
//! - [`s3`]: `Bucket`, private, encrypted and TLS-only, with grants.
//! - [`sqs`]: `Queue`, encrypted, with a dead-letter queue and consumers.
//! - [`dynamodb`]: `Table`, typed keys and indexes, on demand, encrypted.
//! - [`secretsmanager`]: `Secret`, a generated credential.
//! - [`rds`]: `DatabaseInstance`, PostgreSQL or MySQL, `Connectable`.
//!
//! ```
//! use cfnkit_constructs::ec2::Vpc;
//! use cfnkit_core::Stack;
//!
//! let mut stack = Stack::new("Demo");
//! let backend = stack.scope(&stack.root(), "Backend").unwrap();
//! let vpc = Vpc::builder().max_azs(2).build_in(&mut stack, &backend, "Vpc").unwrap();
//! assert_eq!(vpc.path(), "Backend/Vpc");
//! ```
#![warn(missing_docs)]

pub mod apigateway;
mod description;
pub mod dynamodb;
pub mod ec2;
mod error;
pub mod iam;
pub mod lambda;
pub mod logs;
pub mod rds;
mod removal;
pub mod s3;
pub mod secretsmanager;
pub mod sqs;

pub use error::{Error, ErrorKind};

/// The L1 service crates the constructs use, under the names `cfnkit-l1`
/// gives them.
pub(crate) mod l1 {
    pub(crate) use cfnkit_l1_apigateway as apigateway;
    pub(crate) use cfnkit_l1_dynamodb as dynamodb;
    pub(crate) use cfnkit_l1_ec2 as ec2;
    pub(crate) use cfnkit_l1_iam as iam;
    pub(crate) use cfnkit_l1_lambda as lambda;
    pub(crate) use cfnkit_l1_logs as logs;
    pub(crate) use cfnkit_l1_rds as rds;
    pub(crate) use cfnkit_l1_s3 as s3;
    pub(crate) use cfnkit_l1_secretsmanager as secretsmanager;
    pub(crate) use cfnkit_l1_sqs as sqs;
}
