//! The Lambda integration of a route: proxy or not, its mapping templates, and the
//! permission for the API to invoke the function.

use super::RestApi;
use crate::error::Error;
use crate::l1::apigateway::method::{self, IntegrationResponse, MethodResponse};
use crate::l1::lambda::Permission;
use crate::lambda::LambdaTarget;
use cfnkit_core::Handle;
use cfnkit_core::Stack;
use cfnkit_core::Value;

/// How a route hands requests to its function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Integration {
    /// `AWS_PROXY`: the function gets the whole request and returns
    /// `{statusCode, headers, body}`; it must set CORS headers itself.
    #[default]
    LambdaProxy,
    /// `AWS` (the Serverless Framework's `integration: lambda`): the function
    /// gets `{body, method, stage, requestPath, headers, query, path,
    /// identity: {sourceIp, userAgent}}` (for JSON bodies `body` is the parsed
    /// JSON; for form posts, the raw string; other content types get a 415),
    /// its result is the `200` response body, and an error with a message
    /// becomes a `500` with a generic one (so internals do not leak). API
    /// Gateway adds the CORS origin header to both.
    Lambda,
}

impl RestApi {
    pub(super) fn lambda_integration(
        &self,
        integration: Integration,
        uri: Value,
    ) -> (method::Integration, Vec<MethodResponse>) {
        let mut l1 = method::Integration {
            integration_http_method: Some("POST".into()),
            uri: Some(uri.into()),
            ..method::Integration::new(match integration {
                Integration::LambdaProxy => "AWS_PROXY",
                Integration::Lambda => "AWS",
            })
        };
        if integration == Integration::LambdaProxy {
            return (l1, Vec::new());
        }
        // What the function gets, for JSON and form posts alike: the body and
        // the request around it. Other content types are refused with a 415
        // rather than passed through raw, which the function could not read.
        l1.passthrough_behavior = Some("NEVER".into());
        l1.request_templates.insert("application/json".into(), request_template("$input.json('$')").into());
        l1.request_templates.insert("application/x-www-form-urlencoded".into(), request_template(FORM_BODY).into());
        let mut success = IntegrationResponse::new("200");
        let mut failure =
            IntegrationResponse { selection_pattern: Some(r"[\s\S]+".into()), ..IntegrationResponse::new("500") };
        failure.response_templates.insert("application/json".into(), r#"{"message": "Internal server error"}"#.into());
        let mut declared = vec![MethodResponse::new("200"), MethodResponse::new("500")];
        if let Some(cors) = &self.cors {
            let header = "method.response.header.Access-Control-Allow-Origin";
            for response in [&mut success, &mut failure] {
                response.response_parameters.insert(header.into(), cors.static_origin().into());
            }
            for response in &mut declared {
                response.response_parameters = Some(Value::map([(header, Value::Bool(true))]));
            }
        }
        l1.integration_responses = vec![success, failure].into();
        (l1, declared)
    }

    /// every route of the API (`${Api}/*`). A statement per route would be
    /// tighter, but Lambda caps a function's resource policy at 20 KB, about
    /// 50 such statements, and an API with more routes to one function
    /// would fail to deploy.
    pub(super) fn invoke_permission(
        &mut self,
        stack: &mut Stack,
        target: &dyn LambdaTarget,
    ) -> Result<Handle<Permission>, Error> {
        if let Some(permission) = self.permissions.get(target.function_path()) {
            return Ok(permission.clone());
        }
        let permission = Permission {
            source_arn: Some(
                Value::sub_with(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*",
                    [("Api", self.handle.rest_api_id())],
                )
                .into(),
            ),
            ..Permission::new("lambda:InvokeFunction", target.function_arn(), "apigateway.amazonaws.com")
        };
        let id = format!("Invoke{}", target.function_path().replace('_', "__").replace('/', "_"));
        let permission = stack.add(&self.scope, &id, permission)?;
        self.permissions.insert(target.function_path().to_owned(), permission.clone());
        Ok(permission)
    }
}

/// The body of a form post, as a JSON string. `escapeJavaScript` escapes
/// `'` too, which JSON does not allow, hence the `replaceAll`.
const FORM_BODY: &str = r#""$util.escapeJavaScript($input.body).replaceAll("\\'","'")""#;

/// The request mapping template of the non-proxy integration, with
/// `body_expression` as the body: a JSON object of the body and the request
/// around it, each header, query string and path parameter escaped for JSON.
fn request_template(body_expression: &str) -> String {
    let map = |name: &str, source: &str| {
        format!(
            "  \"{name}\": {{\n#foreach($key in $params.{source}.keySet())\n    \"$util.escapeJavaScript($key)\": \"$util.escapeJavaScript($params.{source}.get($key)).replaceAll(\"\\\\'\",\"'\")\"#if($foreach.hasNext),#end\n#end\n  }},\n"
        )
    };
    format!(
        "#set($params = $input.params())\n{{\n  \"body\": {body_expression},\n  \"method\": \"$context.httpMethod\",\n  \"stage\": \"$context.stage\",\n  \"requestPath\": \"$context.resourcePath\",\n{}{}{}  \"identity\": {{\n    \"sourceIp\": \"$context.identity.sourceIp\",\n    \"userAgent\": \"$util.escapeJavaScript($context.identity.userAgent).replaceAll(\"\\\\'\",\"'\")\"\n  }}\n}}\n",
        map("headers", "header"),
        map("query", "querystring"),
        map("path", "path"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_template_maps_body_request_and_parameters() {
        let template = request_template("$input.json('$')");
        assert!(template.starts_with("#set($params = $input.params())\n{\n  \"body\": $input.json('$'),\n"));
        for source in ["header", "querystring", "path"] {
            assert!(template.contains(&format!("#foreach($key in $params.{source}.keySet())")), "{source}");
        }
        assert!(
            template.contains(r#"$util.escapeJavaScript($params.path.get($key)).replaceAll("\\'","'")"#),
            "{template}"
        );
        assert!(template.contains("\"sourceIp\": \"$context.identity.sourceIp\""));
        let form = request_template(FORM_BODY);
        assert!(form.contains(r#"  "body": "$util.escapeJavaScript($input.body).replaceAll("\\'","'")","#), "{form}");
    }
}
