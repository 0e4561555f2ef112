//! `LambdaTarget`: a function that another service invokes, whatever
//! construct made it. It lives with Lambda so that API Gateway (and the
//! event sources to come) depend on Lambda, never the other way round.
use crate::l1::lambda::Function;
use cfnkit_core::{Handle, Value};

/// A Lambda function that a route can invoke.
///
/// Implemented for the L1 [`Handle<Function>`]; L2 function constructs
/// implement it too, so `api.route(..., &function)` takes either.
pub trait LambdaTarget {
    /// The function's ARN, for the integration URI and the invoke permission.
    fn function_arn(&self) -> Value;
    /// The function's construct path, for messages and for telling routes apart.
    fn function_path(&self) -> &str;
    /// The function's timeout in seconds, to warn when API Gateway would cut it short.
    fn timeout_seconds(&self) -> u32;
}

/// A bare L1 function handle cannot see the function's properties, so it
/// reports Lambda's default timeout of 3 seconds. A function with a longer
/// `Timeout` should be routed through a type that knows it (an L2 function
/// construct, or your own [`LambdaTarget`]) for the 29-second warning to work.
impl LambdaTarget for Handle<Function> {
    fn function_arn(&self) -> Value {
        self.arn().into()
    }
    fn function_path(&self) -> &str {
        self.path()
    }
    fn timeout_seconds(&self) -> u32 {
        3
    }
}
