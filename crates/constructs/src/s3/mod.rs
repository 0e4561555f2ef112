//! S3 constructs: `Bucket`, private, encrypted and TLS-only by default,
//! with least-privilege grants.
pub(crate) mod bucket;
mod error;

pub use bucket::{Bucket, BucketBuilder, LifecycleRule};
pub use error::S3Error;
