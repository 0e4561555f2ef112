//! The core of `cfnkit`: what every other layer builds on.
//!
//! - [`Value`]: a property value, literals and intrinsic functions as a typed
//!   tree; [`Str`], [`Int`] and [`Bool`] type a property by its schema.
//! - [`Handle`]: a typed reference to a resource, dereferencing to that
//!   type's [`Attributes`]; [`ParameterHandle`], [`ConditionHandle`],
//!   [`MappingHandle`] for the other sections. A reference is a handle, never
//!   a logical ID.
//! - [`Resource`]: what an L1 resource type provides (its type name, tag
//!   shape, attributes type and typed `Properties`), so that any crate can
//!   define resource types.
//! - [`Stack`] and [`App`]: the construct tree. A [`Scope`] groups the
//!   constructs of one L2 construct, or of a user's own.
//!
//! This crate knows nothing of synthesis or of templates, and of AWS
//! services only the names and defaults of the account quotas a stack can
//! record as raised ([`Quota`]) and the network intents it can declare
//! ([`Intent`]).
//!
//! ```
//! use cfnkit_core::{Output, RawResource, Stack};
//!
//! let mut stack = Stack::new("Demo");
//! let bucket = stack.add(&stack.root(), "Assets", RawResource::new("AWS::S3::Bucket")).unwrap();
//! stack.add_output("AssetsBucket", Output::new(bucket.reference())).unwrap();
//! assert_eq!(stack.entries().count(), 2);
//! ```
#![warn(missing_docs)]

mod condition;
mod error;
mod handle;
mod intent;
mod output;
mod parameter;
mod quota;
mod resource;
mod stable_hash;
mod stack;
mod value;

pub use condition::Condition;
pub use error::{Error, ErrorKind, Warning};
pub use handle::{AnyAttributes, Attributes, ConditionHandle, Handle, MappingHandle, ParameterHandle, StackId, Target};
pub use intent::{AwsService, Endpoint, Intent, Traffic};
pub use output::Output;
pub use parameter::{Parameter, ParameterType};
pub use quota::{Quota, Quotas};
pub use resource::{DeletionPolicy, OverrideError, RawResource, Resource, ResourceOptions, Tag, TagShape};
pub use stable_hash::StableHash;
pub use stack::{App, Entry, EntryKind, Environment, Mapping, ResourceView, Scope, Stack};
pub use value::{Bool, Double, Int, List, Namer, Position, PropertyMap, Pseudo, Str, ToValue, Typed, Value};

/// The map type of map-valued properties, re-exported so that L1 crates
/// need no dependency of their own.
pub use indexmap::IndexMap;
