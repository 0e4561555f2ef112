//! CloudWatch Logs: the retention of the log groups other constructs make.
pub(crate) mod retention;

pub use retention::RetentionDays;

/// Why the log groups our constructs make accept checkov's `CKV_AWS_158`
/// (a customer managed KMS key): CloudWatch Logs encrypts every log group
/// at rest already
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html),
/// and a key of one's own needs a key policy for the logs service.
pub(crate) const SERVICE_ENCRYPTION_REASON: &str = "CloudWatch Logs encrypts every log group at rest with a \
    service-managed key; a customer managed key would need a key policy for the logs service principal and \
    KMS requests on every write";
