//! The errors a construct raises while a stack is being built.
//!
//! Every variant names the construct path it is about, and says how to fix
//! the problem; none of them is ever a panic.
use thiserror::Error;

/// A mistake in the stack definition, caught while building it.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Two children of one scope share an id.
    #[error("{path}: a construct with this id already exists in its scope; give each child of a scope a distinct id")]
    DuplicateId {
        /// The path both constructs would have.
        path: String,
    },
    /// An id that cannot be part of a construct path.
    #[error("{path}: invalid construct id {id:?}: {reason}")]
    InvalidId {
        /// The path of the scope the id was given in.
        path: String,
        /// The rejected id.
        id: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A handle or scope from another stack, or to something removed.
    #[error("{path}: {handle_path} is not part of stack {stack:?} (it belongs to another stack or was removed); pass a handle from this stack")]
    ForeignHandle {
        /// The construct that was given the handle.
        path: String,
        /// The path the handle points at.
        handle_path: String,
        /// The stack it was given to.
        stack: String,
    },
    /// Two stacks of an app with the same name.
    #[error("{path}: the app already has a stack with this name; stack names must be unique")]
    DuplicateStack {
        /// The stack name.
        path: String,
    },
    /// A property override with an empty path segment.
    #[error("{path}: invalid property override path {override_path:?}: use dot-separated property names such as \"VpcConfig.SubnetIds\"")]
    InvalidOverridePath {
        /// The resource.
        path: String,
        /// The rejected override path.
        override_path: String,
    },
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
            Error::DuplicateId { path }
            | Error::InvalidId { path, .. }
            | Error::ForeignHandle { path, .. }
            | Error::DuplicateStack { path }
            | Error::InvalidOverridePath { path, .. }
            | Error::OutOfRange { path, .. }
            | Error::WildcardPermission { path, .. }
            | Error::InvalidApiPath { path, .. }
            | Error::DuplicateRoute { path, .. }
            | Error::Invalid { path, .. } => path,
        }
    }
}

/// Something that will deploy but that the user probably does not want.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The construct path the warning is about.
    pub path: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
