//! Secrets Manager constructs: `Secret`, a generated credential with
//! least-privilege reads.
pub(crate) mod secret;

pub use secret::{Secret, SecretBuilder, EXCLUDED_CHARACTERS};
