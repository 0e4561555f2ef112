//! SQS constructs: `Queue`, encrypted, with a dead-letter queue and
//! function consumers whose timeout it fits.
mod error;
pub(crate) mod queue;

pub use error::SqsError;
pub use queue::{Queue, QueueBuilder};
