//! cfnkit's integration, snapshot and property tests and its benchmarks
//! live in this package (`tests/`, `benches/`), so that a stack program
//! compiles none of their dependencies.
//!
//! [`names`] gathers every public name of the layers in one flat
//! namespace, as the tests were first written against one crate.

/// Every public name of cfnkit's layers, flat.
pub mod names {
    pub use cfnkit::apigateway::*;
    pub use cfnkit::core::Error as CoreError;
    pub use cfnkit::core::ErrorKind as CoreErrorKind;
    pub use cfnkit::core::*;
    pub use cfnkit::dynamodb::*;
    pub use cfnkit::ec2::*;
    pub use cfnkit::iam::*;
    pub use cfnkit::lambda::*;
    pub use cfnkit::rds::*;
    pub use cfnkit::s3::*;
    pub use cfnkit::secretsmanager::*;
    pub use cfnkit::sqs::*;
    pub use cfnkit::{Error, ErrorKind};
}

/// Asserts a snapshot kept in the repository's `snapshots/` directory,
/// named as given (no module prefix), as every snapshot test here does.
/// The calling test crate brings `insta`.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $body:expr) => {
        insta::with_settings!({ snapshot_path => "../../../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $body);
        })
    };
}
