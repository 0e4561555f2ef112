//! The errors a construct raises while a stack is being built.
//!
//! Every variant names the construct path it is about, and says how to fix
//! the problem; none of them is ever a panic.
use thiserror::Error;

/// A mistake in the stack definition, caught while building it.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A misuse of the construct tree (duplicate id, foreign handle, ...).
    #[error(transparent)]
    Core(#[from] cfnkit_core::Error),
    /// A number outside what CloudFormation or the service accepts.
    #[error("{path}: {field} must be between {min} and {max}, got {value}")]
    OutOfRange {
        /// The construct.
        path: String,
        /// The setting, as the builder names it.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The smallest value accepted.
        min: i64,
        /// The largest value accepted.
        max: i64,
    },
    /// A CIDR block that does not parse, or of a size AWS does not accept.
    #[error("{path}: invalid CIDR block {cidr:?}: {reason}")]
    InvalidCidr {
        /// The construct.
        path: String,
        /// The block as given.
        cidr: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Two subnets whose ranges overlap.
    #[error("{path}: CIDR block {cidr} overlaps {other_cidr} of {other_path}; give each subnet its own range")]
    CidrOverlap {
        /// The later subnet.
        path: String,
        /// Its block.
        cidr: String,
        /// The earlier subnet.
        other_path: String,
        /// Its block.
        other_cidr: String,
    },
    /// A subnet range outside its VPC's, or no room left in the VPC.
    #[error("{path}: {message}")]
    CidrOutOfRange {
        /// The subnet.
        path: String,
        /// What does not fit and how to make it fit.
        message: String,
    },
    /// A port range that is empty or outside 0..=65535.
    #[error("{path}: invalid port range {from}-{to}: {reason}")]
    InvalidPort {
        /// The security group.
        path: String,
        /// First port.
        from: i64,
        /// Last port.
        to: i64,
        /// What is wrong.
        reason: &'static str,
    },
    /// Ingress from the whole internet that was not asked for explicitly.
    #[error("{path}: ingress from {cidr} opens the port to the whole internet; if that is intended, use Peer::anywhere_ipv4() or Peer::anywhere_ipv6()")]
    OpenIngress {
        /// The security group.
        path: String,
        /// 0.0.0.0/0 or ::/0.
        cidr: String,
    },
    /// A network layout that cannot route traffic as asked.
    #[error("{path}: {message}")]
    Network {
        /// The construct.
        path: String,
        /// What cannot work and how to fix it.
        message: String,
    },
    /// An IAM statement that grants a wildcard or write action on every
    /// resource (`"Resource": "*"`), which least privilege forbids unless
    /// the construct was told that this is intended.
    #[error("{path}: the statement allows {action:?} on Resource \"*\"; name the resources it needs, or call .allow_wildcard_resource() on the builder if the service has no resource-level permissions for it")]
    WildcardPermission {
        /// The construct the statement was given to.
        path: String,
        /// The first offending action.
        action: String,
    },
    /// An API Gateway path that API Gateway would reject.
    #[error("{path}: invalid API path {api_path:?}: {reason}")]
    InvalidApiPath {
        /// The API construct.
        path: String,
        /// The path given, e.g. `/users/{id}`.
        api_path: String,
        /// What is wrong with it and how to fix it.
        reason: String,
    },
    /// The same HTTP method routed twice on one path.
    #[error("{path}: {method} {api_path} is already routed; route each method of a path once")]
    DuplicateRoute {
        /// The API construct.
        path: String,
        /// The HTTP method.
        method: String,
        /// The path.
        api_path: String,
    },
    /// A role given to a construct for a service its trust policy does not admit.
    #[error("{path}: role {role_path} is not assumable by {service} (its trust policy names another service), so {service} would refuse it at deploy; build the role with Role::builder(\"{service}\")")]
    UntrustedRole {
        /// The construct the role was given to.
        path: String,
        /// The role.
        role_path: String,
        /// The service that must assume it.
        service: &'static str,
    },
    /// Two constructs of different VPCs put together where AWS needs one VPC.
    #[error("{path}: {other_path} belongs to another VPC; security group rules between groups work only within one VPC (or across a peering, which this library does not model): use a CIDR peer instead")]
    ForeignVpc {
        /// The construct being configured.
        path: String,
        /// The construct from the other VPC.
        other_path: String,
    },
    /// A setting that cannot work, with the reason and the fix.
    #[error("{path}: {message}")]
    Invalid {
        /// The construct.
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl Error {
    /// The construct path the error is about.
    pub fn path(&self) -> &str {
        match self {
            Error::Core(error) => error.path(),
            Error::OutOfRange { path, .. }
            | Error::InvalidCidr { path, .. }
            | Error::CidrOverlap { path, .. }
            | Error::CidrOutOfRange { path, .. }
            | Error::InvalidPort { path, .. }
            | Error::OpenIngress { path, .. }
            | Error::Network { path, .. }
            | Error::WildcardPermission { path, .. }
            | Error::InvalidApiPath { path, .. }
            | Error::DuplicateRoute { path, .. }
            | Error::UntrustedRole { path, .. }
            | Error::ForeignVpc { path, .. }
            | Error::Invalid { path, .. } => path,
        }
    }
}

/// `Ok` when `value` is within `min..=max`, else [`Error::OutOfRange`]
/// naming the construct and the setting: the one range check every
/// builder uses.
pub(crate) fn check_range(path: &str, field: &'static str, value: i64, min: i64, max: i64) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::OutOfRange { path: path.to_owned(), field, value, min, max })
    }
}
