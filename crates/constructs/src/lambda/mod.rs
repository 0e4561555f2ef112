//! Lambda constructs: functions, their runtimes, and `LambdaTarget`, what
//! other services (API Gateway, event sources) invoke.
pub(crate) mod code;
mod error;
pub(crate) mod function;
pub(crate) mod runtime;
pub(crate) mod target;

pub use code::Code;
pub use error::LambdaError;
pub use function::{VpcFunction, VpcFunctionBuilder, MAX_INLINE_CODE_BYTES};
pub use runtime::{Architecture, Runtime};
pub use target::LambdaTarget;
