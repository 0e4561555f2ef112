//! API Gateway constructs: a REST API routed to Lambda functions.
mod error;
pub(crate) mod rest_api;

pub use error::ApiGatewayError;

pub use rest_api::{
    Authorization, Cors, HttpMethod, Integration, RestApi, RestApiBuilder, Route, RouteOptions, ACCESS_LOG_FORMAT,
    DEFAULT_CORS_HEADERS, INTEGRATION_TIMEOUT_SECONDS,
};
