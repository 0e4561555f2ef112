//! What can be wrong with a bucket.
use thiserror::Error;

/// A bucket S3 would refuse; the [`Error`](crate::Error) around it names
/// the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum S3Error {
    /// A lifecycle rule with nothing to do, which S3 refuses.
    #[error("lifecycle rule {index} has no action; give it expire_after_days, expire_noncurrent_after_days or abort_incomplete_uploads_after_days")]
    EmptyLifecycleRule {
        /// The rule's position among the bucket's rules.
        index: usize,
    },
}
