//! The CloudFormation template model of `cfnkit`.
//!
//! A [`Template`] is a template section by section; an [`Expr`] is a value in
//! it, literals and intrinsic functions as a typed tree whose references are
//! logical IDs. Synth produces a `Template`; [`Template::render`] writes it
//! as JSON or YAML, and [`Template::parse`] reads either back (YAML's
//! short-form tags included), so that a previous template can be compared
//! with a new one.
//!
//! This crate knows nothing of constructs or handles: it is the layer
//! under synth and over nothing but serde.
#![warn(missing_docs)]

mod error;
mod expr;
mod model;
mod text;

pub use error::ParseError;
pub use expr::{sub_names, Expr, Reference, OPAQUE_INTRINSICS};
pub use model::{Output, Parameter, Resource, Template, FORMAT_VERSION};
pub use text::{expr_from_yaml, Format};
