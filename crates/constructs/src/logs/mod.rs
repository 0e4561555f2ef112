//! CloudWatch Logs: the retention of the log groups other constructs make.
pub(crate) mod retention;

pub use retention::RetentionDays;
