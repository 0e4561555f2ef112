//! What can be wrong with a REST API, its routes or its CORS policy.
use thiserror::Error;

/// A REST API, route or CORS policy that API Gateway would refuse or that
/// cannot work; the [`Error`](crate::Error) around it names the API.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiGatewayError {
    /// An API path that API Gateway would reject.
    #[error("invalid API path {api_path:?}: {reason}")]
    InvalidApiPath {
        /// The path given, e.g. `/users/{id}`.
        api_path: String,
        /// What is wrong with it and how to fix it.
        reason: String,
    },
    /// A path parameter beside another one at the same level.
    #[error("invalid API path {api_path:?}: {part} conflicts with the path parameter {sibling} at the same level; API Gateway allows one, so reuse {sibling}")]
    ConflictingPathParameter {
        /// The path given.
        api_path: String,
        /// Its parameter.
        part: String,
        /// The parameter already routed at that level.
        sibling: String,
    },
    /// The same HTTP method routed twice on one path.
    #[error("{method} {api_path} is already routed; route each method of a path once")]
    DuplicateRoute {
        /// The HTTP method.
        method: String,
        /// The path.
        api_path: String,
    },
    /// `OPTIONS` routed on an API whose CORS preflight answers it.
    #[error(
        "OPTIONS {api_path} is the CORS preflight of this API; route another method, or build the API without .cors()"
    )]
    PreflightRouted {
        /// The path.
        api_path: String,
    },
    /// A route without authorization and without a reason to be public.
    #[error("{method} {api_path} has no authorization; say why it is public with RouteOptions::public_reason(..) (or RestApiBuilder::public_reason(..) for every route), or require IAM with RouteOptions::iam()")]
    MissingPublicReason {
        /// The HTTP method.
        method: String,
        /// The path.
        api_path: String,
    },
    /// A public reason that says nothing.
    #[error("the public reason is empty; say why the routes need no authorization")]
    EmptyPublicReason,
    /// A non-proxy integration on an API whose CORS answer depends on the origin.
    #[error("{method} {api_path}: the non-proxy Lambda integration answers with one static Access-Control-Allow-Origin; give CORS a single origin or any_origin(), or use Integration::LambdaProxy and set the header in the function")]
    SingleOriginIntegration {
        /// The HTTP method.
        method: String,
        /// The path.
        api_path: String,
    },
    /// A preflight method the API made was removed from the stack.
    #[error("the CORS preflight method was removed from the stack; keep the resources a RestApi created")]
    PreflightRemoved,
    /// A stage name API Gateway refuses.
    #[error("{stage_name:?} is not a stage name; use 1 to 128 letters, digits, '-' or '_', e.g. \"prod\"")]
    InvalidStageName {
        /// The name given.
        stage_name: String,
    },
    /// A CORS origin list with nothing in it.
    #[error("CORS needs at least one origin; list them, or use Cors::any_origin()")]
    NoCorsOrigins,
    /// `*` in an origin list.
    #[error("use Cors::any_origin() rather than \"*\" in an origin list")]
    WildcardInCorsOrigins,
    /// A CORS origin that is not scheme and host.
    #[error("{origin:?} is not a CORS origin; write scheme and host only, e.g. \"https://app.example.com\"")]
    InvalidCorsOrigin {
        /// The origin given.
        origin: String,
    },
    /// An empty list of CORS methods.
    #[error("CORS allow_methods is empty; list at least one method or leave it unset")]
    NoCorsMethods,
    /// An empty list of CORS headers.
    #[error("CORS allow_headers is empty; list at least one header or leave it unset")]
    NoCorsHeaders,
    /// A CORS header that is not an HTTP header name.
    #[error("{header:?} is not an HTTP header name")]
    InvalidCorsHeader {
        /// The header given.
        header: String,
    },
}
