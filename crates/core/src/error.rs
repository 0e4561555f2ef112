//! The errors the construct tree raises, and warnings.
//!
//! Every error names the construct path it is about (the stack's name for
//! the stack itself, never an empty path) and says how to fix it.
use thiserror::Error;

/// A mistake in how the construct tree is used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{path}: {kind}")]
pub struct Error {
    /// The construct path the error is about.
    pub path: String,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error about the construct at `path`.
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Error {
        Error { path: path.into(), kind }
    }

    /// The construct path the error is about.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// What is wrong with a use of the construct tree.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Two children of one scope share an id.
    #[error("a construct with this id already exists in its scope; give each child of a scope a distinct id")]
    DuplicateId,
    /// An id that cannot be part of a construct path.
    #[error("invalid construct id {id:?}: {reason}")]
    InvalidId {
        /// The rejected id.
        id: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A handle or scope from another stack, or to something removed.
    #[error("{handle_path} is not part of stack {stack:?} (it belongs to another stack or was removed); pass a handle from this stack")]
    ForeignHandle {
        /// The path the handle points at.
        handle_path: String,
        /// The stack it was given to.
        stack: String,
    },
    /// Two stacks of an app with the same name.
    #[error("the app already has a stack with this name; stack names must be unique")]
    DuplicateStack,
    /// A property override with an empty path segment.
    #[error("invalid property override path {override_path:?}: use dot-separated property names such as \"VpcConfig.SubnetIds\"")]
    InvalidOverridePath {
        /// The rejected override path.
        override_path: String,
    },
    /// Resource options or overrides asked of a node that is no resource.
    #[error("this node is not a resource; pass a resource's handle")]
    NotAResource,
    /// A child added under a leaf.
    #[error("only scopes have children; add it under a scope")]
    NotAScope,
    /// The stack root given to `remove_scope`.
    #[error("the stack root cannot be removed; remove the stack from the app instead")]
    RootNotRemovable,
    /// More nodes than an index holds.
    #[error("too many constructs in one stack; split the stack")]
    TooManyConstructs,
    /// A nested stack asked for inside another.
    #[error("a nested stack cannot be inside another nested stack; add it under the stack's own scopes")]
    NestedStackInNestedStack,
    /// A value given to `keep_export` that is not a reference.
    #[error("only a Ref or Fn::GetAtt of one of this stack's resources can be exported; pass handle.reference() or an attribute of a handle")]
    NotExportable,
    /// A raised quota AWS would not grant.
    #[error("cannot record {value} as the account's {quota}: {reason}")]
    InvalidQuota {
        /// The quota.
        quota: crate::Quota,
        /// The value asked for.
        value: u32,
        /// Why it was refused.
        reason: &'static str,
    },
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
