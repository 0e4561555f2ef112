//! The deployment and the stage: published with the first route, renewed when a method changes.

use super::RestApi;
use crate::error::Error;
use crate::l1::apigateway::stage::AccessLogSetting;
use crate::l1::apigateway::{Deployment, Method, Stage};
use cfnkit_core::Handle;
use cfnkit_core::Stack;

/// One JSON object per request. API Gateway requires `$context.requestId`
/// (or `extendedRequestId`) in the format.
pub const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationLatency":"$context.integrationLatency"}"#;

impl RestApi {
    /// Makes the deployment include `method`, creating the deployment and
    /// the stage with the first route. The deployment lists every method in
    /// `replace_when_changed`, so synth names it after their final
    /// properties: any change to a method, however it was made, gives a new
    /// deployment that the stage then points at.
    pub(super) fn deploy(&mut self, stack: &mut Stack, method: &Handle<Method>) -> Result<(), Error> {
        let deployment = match &self.deployment {
            Some(deployment) => deployment.clone(),
            None => {
                let deployment = Deployment {
                    description: Some(
                        format!("{} routes; replaced by a new deployment whenever they change", self.path()).into(),
                    ),
                    ..Deployment::new(self.handle.rest_api_id())
                };
                let deployment = stack.add(&self.scope, "Deployment", deployment)?;
                for response in &self.gateway_responses {
                    let options = stack.options_mut(&deployment)?;
                    options.depends_on.push(response.target().clone());
                    options.replace_when_changed.push(response.target().clone());
                }
                let stage = Stage {
                    deployment_id: Some(deployment.deployment_id()),
                    stage_name: Some(self.stage_name.clone().into()),
                    tracing_enabled: Some(self.tracing.into()),
                    access_log_setting: self.log_group.as_ref().map(|group| AccessLogSetting {
                        destination_arn: Some(group.arn()),
                        format: Some(ACCESS_LOG_FORMAT.into()),
                    }),
                    ..Stage::new(self.handle.rest_api_id())
                };
                let stage = stack.add(&self.scope, "Stage", stage)?;
                stack.options_mut(&stage)?.suppress_checkov(
                    "CKV_AWS_120",
                    "no stage cache: it is billed by the hour whether used or not, caches only GET methods unless \
                     others are turned on, and answers without calling the integration (stale data); turn it on \
                     per method where that is wanted",
                );
                if let Some(account) = &self.account {
                    stack.add_dependency(&stage, account)?;
                }
                self.stage = Some(stage);
                self.deployment = Some(deployment.clone());
                deployment
            }
        };
        // Each method is new, so pushing keeps both lists free of repeats
        // without a linear search per route.
        let options = stack.options_mut(&deployment)?;
        options.depends_on.push(method.target().clone());
        options.replace_when_changed.push(method.target().clone());
        Ok(())
    }
}
