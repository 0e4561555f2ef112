//! Assertions on synthesised templates, for the tests of a cfnkit user's
//! stacks and constructs: the AWS CDK's `assertions` module, in Rust.
//!
//! [`Template::from_stack`] synthesises a stack (a synth error is
//! returned, not panicked); its assertions ask whether some resource of a
//! type has properties like a pattern ([`Template::has_resource_properties`]),
//! a whole definition like one ([`Template::has_resource`]), how many there
//! are ([`Template::resource_count_is`]), or about an Output
//! ([`Template::has_output`]); [`Template::resource_at`] asserts on the
//! resource of one construct path. A pattern is JSON with [`Match`]ers in
//! it, written with [`pattern!`]. Objects match partially, arrays and
//! scalars exactly ([How literals match](Match#how-literals-match)).
//!
//! A failure says what the template has instead: the three resources of
//! the type closest to the pattern, each with its logical ID, its construct
//! path and every mismatch (`/Properties/Runtime: expected "nodejs24.x",
//! found "python3.13"`), or, when there is none of the type, the types
//! there are. Each assertion panics with that message (for `#[test]`s) and
//! has a `try_` form returning it as an [`AssertionError`].
//!
//! ```
//! use cfnkit_assertions::{pattern, Match, Template};
//! use cfnkit_core::{RawResource, Stack};
//! use cfnkit_l1_s3::bucket::Bucket;
//!
//! let mut stack = Stack::new("Storage");
//! let uploads = stack.scope(&stack.root(), "Uploads").unwrap();
//! stack.add(&uploads, "Resource", RawResource::new("AWS::S3::Bucket").property("BucketName", "uploads")).unwrap();
//! stack.add(&stack.root(), "Logs", RawResource::new("AWS::S3::Bucket")).unwrap();
//! let template = Template::from_stack(&stack).unwrap();
//!
//! template.resource_count_is("AWS::S3::Bucket", 2);
//! assert_eq!(template.resources_of::<Bucket>().len(), 2);
//! template.has_resource_properties("AWS::S3::Bucket", pattern!({ "BucketName": Match::string_like_regex("^up") }));
//! template.resource_at("Logs").has_properties(pattern!({ "BucketName": Match::absent() }));
//!
//! let error = template.try_has_resource_properties("AWS::S3::Bucket", pattern!({ "BucketName": "downloads" }));
//! let message = error.unwrap_err().to_string();
//! assert!(message.contains(r#"/Properties/BucketName: expected "downloads", found "uploads""#), "{message}");
//! assert!(message.contains("(construct Uploads/Resource)"), "{message}");
//! ```
#![warn(missing_docs)]

mod error;
mod matcher;
mod pattern;
mod template;

pub use error::{AssertionError, Candidate, Mismatch};
pub use matcher::Match;
pub use template::{ResourceAt, Template};

/// What [`pattern!`] needs from this crate's dependencies, so that a test
/// using it needs none of them itself.
#[doc(hidden)]
pub mod __private {
    pub use serde_json::Value as Json;

    use crate::Match;

    /// An object's entries, filled one push per key. A function, not
    /// `Vec::new()`, so that clippy's `vec_init_then_push` (which cannot
    /// see that the pushes come from a token muncher) stays quiet.
    pub fn entries() -> Vec<(String, Match)> {
        Vec::new()
    }

    /// An array's items, as [`entries`] for objects.
    pub fn items() -> Vec<Match> {
        Vec::new()
    }
}
