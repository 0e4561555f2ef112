//! The errors a construct raises while a stack is being built.
//!
//! An [`Error`] is a construct path and an [`ErrorKind`]; the kinds are
//! grouped by service ([`Ec2Error`], [`IamError`], [`LambdaError`],
//! [`ApiGatewayError`]), and each says what is wrong and how to fix it.
//! None of them is ever a panic.
use thiserror::Error;

use crate::apigateway::ApiGatewayError;
use crate::dynamodb::DynamoDbError;
use crate::ec2::Ec2Error;
use crate::iam::IamError;
use crate::lambda::LambdaError;
use crate::rds::RdsError;
use crate::s3::S3Error;
use crate::sqs::SqsError;

/// A mistake in the stack definition, caught while building it: the
/// construct path it is about (never empty) and what is wrong.
///
/// ```
/// use cfnkit_constructs::ec2::{Ec2Error, Vpc};
/// use cfnkit_constructs::{Error, ErrorKind};
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let error = Vpc::builder().cidr("banana").build(&mut stack, "Vpc").unwrap_err();
/// assert!(matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::InvalidCidr { .. }) } if path == "Vpc"));
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{path}: {kind}")]
pub struct Error {
    /// The construct path the error is about.
    pub path: String,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error about the construct at `path`.
    pub fn new(path: impl Into<String>, kind: impl Into<ErrorKind>) -> Error {
        Error { path: path.into(), kind: kind.into() }
    }

    /// The construct path the error is about.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl From<cfnkit_core::Error> for Error {
    fn from(error: cfnkit_core::Error) -> Error {
        Error { path: error.path, kind: ErrorKind::Core(error.kind) }
    }
}

/// What is wrong, by service.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A misuse of the construct tree (duplicate id, foreign handle, ...).
    #[error(transparent)]
    Core(cfnkit_core::ErrorKind),
    /// A number outside what CloudFormation or the service accepts.
    #[error("{field} must be between {min} and {max}, got {value}")]
    OutOfRange {
        /// The setting, as the builder names it.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The smallest value accepted.
        min: i64,
        /// The largest value accepted.
        max: i64,
    },
    /// A network that cannot be built or cannot route as asked.
    #[error(transparent)]
    Ec2(#[from] Ec2Error),
    /// A role or policy IAM would refuse, or one too broad.
    #[error(transparent)]
    Iam(#[from] IamError),
    /// A function Lambda would refuse, or one that cannot work where placed.
    #[error(transparent)]
    Lambda(#[from] LambdaError),
    /// A REST API, route or CORS policy API Gateway would refuse.
    #[error(transparent)]
    ApiGateway(#[from] ApiGatewayError),
    /// A bucket S3 would refuse.
    #[error(transparent)]
    S3(#[from] S3Error),
    /// A queue that would not work as asked.
    #[error(transparent)]
    Sqs(#[from] SqsError),
    /// A table DynamoDB would refuse.
    #[error(transparent)]
    DynamoDb(#[from] DynamoDbError),
    /// A database RDS would refuse, or one placed where it should not be.
    #[error(transparent)]
    Rds(#[from] RdsError),
}

/// `Ok` when `value` is within `min..=max`, else [`ErrorKind::OutOfRange`]
/// naming the construct and the setting: the one range check every
/// builder uses.
pub(crate) fn check_range(path: &str, field: &'static str, value: i64, min: i64, max: i64) -> Result<(), Error> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Error::new(path, ErrorKind::OutOfRange { field, value, min, max }))
    }
}
