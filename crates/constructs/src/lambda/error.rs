//! What can be wrong with a function.
use thiserror::Error;

/// A function Lambda would refuse, or one that cannot work where it is
/// placed; the [`Error`](crate::Error) around it names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum LambdaError {
    /// No runtime was chosen.
    #[error("no runtime: call .runtime(Runtime::Nodejs24x) or another")]
    MissingRuntime,
    /// No handler was given for a runtime that needs one.
    #[error("no handler: call .handler(\"index.handler\") (file.export)")]
    MissingHandler,
    /// No code was given.
    #[error("no code: call .code(Code::inline(..)), Code::s3(..) or Code::local_path(..)")]
    MissingCode,
    /// Inline code for a runtime that cannot take it.
    #[error("inline code works only for Node.js and Python runtimes, not {runtime}; use Code::s3 or Code::local_path")]
    InlineCodeUnsupported {
        /// The runtime's name.
        runtime: &'static str,
    },
    /// An environment variable name Lambda refuses.
    #[error("environment variable name {name:?} must start with a letter and hold only letters, digits and '_'")]
    InvalidEnvironmentName {
        /// The name given.
        name: String,
    },
    /// An environment variable name Lambda keeps for itself.
    #[error("environment variable {name} is reserved by Lambda; choose another name")]
    ReservedEnvironmentName {
        /// The name given.
        name: String,
    },
    /// A function in a VPC placed in a public subnet, which it cannot use to reach the internet.
    #[error("{subnet_path} is a public subnet: a Lambda function in a VPC gets only a private network interface, so it cannot reach the internet from a public subnet even through the internet gateway; place it in private subnets with a NAT gateway (the default), or call .allow_public_subnet() if it needs nothing outside the VPC")]
    PublicSubnet {
        /// The public subnet chosen.
        subnet_path: String,
    },
}
