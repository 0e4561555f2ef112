//! A route's method, authorization and options, and what it adds.

use super::Integration;
use crate::l1::apigateway::{self, Method};
use crate::l1::lambda::Permission;
use cfnkit_core::Handle;

/// An HTTP method of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS` (not on a path that has CORS: the preflight method answers it)
    Options,
    /// `ANY`: every method not routed on its own.
    Any,
}

impl HttpMethod {
    /// The name API Gateway uses.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Any => "ANY",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may call a route.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Authorization {
    /// Anyone (`AuthorizationType: NONE`); the route must say why with a
    /// public reason.
    #[default]
    None,
    /// Callers signing with IAM credentials that allow `execute-api:Invoke`.
    Iam,
}

/// Per-route settings for [`RestApi::route_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteOptions {
    pub(super) integration: Option<Integration>,
    pub(super) authorization: Authorization,
    pub(super) public_reason: Option<String>,
}

impl RouteOptions {
    /// The API's defaults.
    pub fn new() -> RouteOptions {
        RouteOptions::default()
    }

    /// The integration for this route, instead of the API's default.
    pub fn integration(mut self, integration: Integration) -> RouteOptions {
        self.integration = Some(integration);
        self
    }

    /// Requires IAM-signed requests.
    pub fn iam(mut self) -> RouteOptions {
        self.authorization = Authorization::Iam;
        self
    }

    /// Why this route needs no authorization, e.g. "auth happens in the
    /// GraphQL resolver". Recorded as checkov and cfn-nag suppressions.
    pub fn public_reason(mut self, reason: impl Into<String>) -> RouteOptions {
        self.public_reason = Some(reason.into());
        self
    }
}

/// The resources one route added.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The `AWS::ApiGateway::Method`.
    pub method: Handle<Method>,
    /// The permission for API Gateway to invoke the function from this route.
    pub permission: Handle<Permission>,
    /// The `AWS::ApiGateway::Resource` of the path; `None` for `/`.
    pub resource: Option<Handle<apigateway::Resource>>,
}
