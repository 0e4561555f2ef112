//! CORS: the policy, its checks, and the preflight method on each routed path.

use super::{HttpMethod, RestApi};
use crate::apigateway::ApiGatewayError;
use crate::error::Error;
use crate::l1::apigateway::method::{Integration, IntegrationResponse, MethodResponse};
use crate::l1::apigateway::Method;
use cfnkit_core::{Stack, Value};

/// The headers a CORS preflight allows unless told otherwise: what
/// browsers send to an API Gateway API with IAM or API-key auth.
pub const DEFAULT_CORS_HEADERS: [&str; 5] =
    ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token"];

#[derive(Clone, Debug, PartialEq, Eq)]
enum Origins {
    Any,
    List(Vec<String>),
}

/// The CORS policy of an API: a preflight `OPTIONS` method on every routed
/// path, answered by API Gateway itself (a `MOCK` integration).
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let open = Cors::any_origin();
/// let strict = Cors::origins(["https://app.example.com"])
///     .allow_methods([HttpMethod::Get, HttpMethod::Post])
///     .allow_headers(["Content-Type", "Authorization"]);
/// # let _ = (open, strict);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cors {
    origins: Origins,
    allow_methods: Option<Vec<HttpMethod>>,
    pub(super) allow_headers: Vec<String>,
}

impl Cors {
    /// Any origin (`Access-Control-Allow-Origin: *`).
    pub fn any_origin() -> Cors {
        Cors {
            origins: Origins::Any,
            allow_methods: None,
            allow_headers: DEFAULT_CORS_HEADERS.map(String::from).to_vec(),
        }
    }

    /// Only these origins (`https://app.example.com`, no path). With more
    /// than one, the preflight echoes the request's origin when it is listed.
    pub fn origins<S: Into<String>>(origins: impl IntoIterator<Item = S>) -> Cors {
        Cors { origins: Origins::List(origins.into_iter().map(Into::into).collect()), ..Cors::any_origin() }
    }

    /// The methods the preflight allows; by default the methods routed on
    /// the path (and `OPTIONS`).
    pub fn allow_methods(mut self, methods: impl IntoIterator<Item = HttpMethod>) -> Cors {
        self.allow_methods = Some(methods.into_iter().collect());
        self
    }

    /// The request headers the preflight allows, replacing [`DEFAULT_CORS_HEADERS`].
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Cors {
        self.allow_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    pub(super) fn check(&self, path: &str) -> Result<(), Error> {
        let invalid = |kind: ApiGatewayError| Err(Error::new(path, kind));
        if let Origins::List(origins) = &self.origins {
            if origins.is_empty() {
                return invalid(ApiGatewayError::NoCorsOrigins);
            }
            for origin in origins {
                if origin == "*" {
                    return invalid(ApiGatewayError::WildcardInCorsOrigins);
                }
                let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
                let valid = host.is_some_and(|h| {
                    !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
                });
                if !valid {
                    return invalid(ApiGatewayError::InvalidCorsOrigin { origin: origin.clone() });
                }
            }
        }
        if let Some(methods) = &self.allow_methods {
            if methods.is_empty() {
                return invalid(ApiGatewayError::NoCorsMethods);
            }
        }
        if self.allow_headers.is_empty() {
            return invalid(ApiGatewayError::NoCorsHeaders);
        }
        for header in &self.allow_headers {
            if header.is_empty() || !header.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return invalid(ApiGatewayError::InvalidCorsHeader { header: header.clone() });
            }
        }
        Ok(())
    }

    /// The value of `Access-Control-Allow-Origin` as API Gateway takes it:
    /// a single-quoted literal. With several origins, the first is the
    /// static answer and a template replaces it with the caller's own.
    pub(super) fn static_origin(&self) -> String {
        match &self.origins {
            Origins::Any => "'*'".into(),
            Origins::List(origins) => format!("'{}'", origins[0]),
        }
    }

    pub(super) fn origin_override_template(&self) -> Option<String> {
        let Origins::List(origins) = &self.origins else { return None };
        if origins.len() < 2 {
            return None;
        }
        let condition: Vec<String> = origins.iter().map(|o| format!("$origin == \"{o}\"")).collect();
        Some(format!(
            "#set($origin = $input.params().header.get(\"Origin\"))\n\
             #if($origin == \"\")#set($origin = $input.params().header.get(\"origin\"))#end\n\
             #if({})\n\
             #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n\
             #end",
            condition.join(" || ")
        ))
    }

    pub(super) fn varies_by_origin(&self) -> bool {
        matches!(&self.origins, Origins::List(origins) if origins.len() > 1)
    }
}

impl RestApi {
    /// Creates or rewrites the path's CORS preflight method, so that its
    /// `Access-Control-Allow-Methods` lists every method routed on the path.
    pub(super) fn update_preflight(&mut self, stack: &mut Stack, node_path: &str) -> Result<(), Error> {
        let Some(cors) = &self.cors else { return Ok(()) };
        let node = &self.nodes[node_path];
        let methods = cors.allow_methods.clone().unwrap_or_else(|| node.methods.clone());
        let mut allowed = vec!["OPTIONS"];
        for method in methods {
            let names: &[&str] = match method {
                HttpMethod::Any => &["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"],
                other => &[other.as_str()],
            };
            for name in names {
                if !allowed.contains(name) {
                    allowed.push(name);
                }
            }
        }
        let mut response = IntegrationResponse::new("200");
        let mut declared = MethodResponse::new("200");
        let mut headers = vec![
            ("Access-Control-Allow-Origin", cors.static_origin()),
            ("Access-Control-Allow-Headers", format!("'{}'", cors.allow_headers.join(","))),
            ("Access-Control-Allow-Methods", format!("'{}'", allowed.join(","))),
        ];
        if cors.varies_by_origin() {
            headers.push(("Vary", "'Origin'".into()));
        }
        let mut declared_headers = Vec::new();
        for (name, value) in headers {
            let key = format!("method.response.header.{name}");
            response.response_parameters.insert(key.clone(), value.into());
            declared_headers.push((key, Value::Bool(true)));
        }
        declared.response_parameters = Some(Value::map(declared_headers));
        response
            .response_templates
            .insert("application/json".into(), cors.origin_override_template().unwrap_or_default().into());
        let mut integration = Integration::new("MOCK");
        integration.passthrough_behavior = Some("WHEN_NO_MATCH".into());
        integration.request_templates.insert("application/json".into(), r#"{"statusCode": 200}"#.into());
        integration.integration_responses = vec![response].into();
        let method = Method {
            authorization_type: Some("NONE".into()),
            integration: Some(integration),
            method_responses: vec![declared].into(),
            ..Method::new("OPTIONS", node.resource_id.clone(), self.handle.rest_api_id())
        };
        match node.preflight.clone() {
            Some(handle) => {
                let slot = stack
                    .get_mut(&handle)
                    .ok_or_else(|| Error::new(handle.path(), ApiGatewayError::PreflightRemoved))?;
                *slot = method;
            }
            None => {
                let scope = stack.scope(&node.scope, "OPTIONS")?;
                let handle = stack.add(&scope, "Resource", method)?;
                self.methods.push(handle.clone());
                self.nodes.get_mut(node_path).expect("looked up above").preflight = Some(handle);
            }
        }
        Ok(())
    }
}
