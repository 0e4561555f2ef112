//! What can be wrong with a queue.
use thiserror::Error;

/// A queue that would not work as asked; the [`Error`](crate::Error) around
/// it names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SqsError {
    /// A visibility timeout shorter than six times a consumer's timeout.
    #[error("the queue's visibility timeout is {visibility} s, but {function_path} runs for up to {function_timeout} s: a message still being processed would reappear and run twice; set the visibility timeout to at least six times the function's timeout ({} s), as Lambda recommends", u64::from(*function_timeout) * 6)]
    VisibilityTimeoutTooShort {
        /// The queue's visibility timeout, in seconds.
        visibility: u64,
        /// The consuming function.
        function_path: String,
        /// Its timeout, in seconds.
        function_timeout: u32,
    },
}
