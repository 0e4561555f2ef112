//! [`RestApiBuilder`]: the API's settings, checked, and what `build` adds.
use indexmap::IndexMap;

use super::paths::PathNode;
use super::{Cors, Integration, RestApi};
use crate::apigateway::ApiGatewayError;
use crate::error::Error;
use crate::iam::role::ManagedPolicy;
use crate::iam::PolicyDocument;
use crate::l1::apigateway::rest_api::EndpointConfiguration;
use crate::l1::apigateway::{self, Account, GatewayResponse};
use crate::l1::iam;
use crate::l1::logs::LogGroup;
use crate::logs::RetentionDays;
use cfnkit_core::DeletionPolicy;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// Builds a [`RestApi`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until .build(stack, id) is called"]
pub struct RestApiBuilder {
    pub(super) name: Option<Value>,
    pub(super) description: Option<String>,
    pub(super) stage_name: String,
    pub(super) cors: Option<Cors>,
    pub(super) tracing: bool,
    pub(super) access_logs: bool,
    pub(super) access_log_retention: RetentionDays,
    pub(super) cloud_watch_role: Option<bool>,
    pub(super) integration: Integration,
    pub(super) public_reason: Option<String>,
}

impl RestApiBuilder {
    /// The API's name; `${AWS::StackName}-<id>` when unset.
    pub fn name(mut self, name: impl Into<Value>) -> RestApiBuilder {
        self.name = Some(name.into());
        self
    }

    /// What the API is for.
    pub fn description(mut self, description: impl Into<String>) -> RestApiBuilder {
        self.description = Some(description.into());
        self
    }

    /// The stage name (letters, digits, `-` and `_`); `prod` by default.
    pub fn stage_name(mut self, stage_name: impl Into<String>) -> RestApiBuilder {
        self.stage_name = stage_name.into();
        self
    }

    /// Answers CORS preflight requests on every routed path.
    pub fn cors(mut self, cors: Cors) -> RestApiBuilder {
        self.cors = Some(cors);
        self
    }

    /// X-Ray tracing on the stage; on by default.
    pub fn tracing(mut self, tracing: bool) -> RestApiBuilder {
        self.tracing = tracing;
        self
    }

    /// Access logging to a log group; on by default.
    pub fn access_logs(mut self, access_logs: bool) -> RestApiBuilder {
        self.access_logs = access_logs;
        self
    }

    /// How long access logs are kept; a month by default, long enough to
    /// look into a report from the last billing cycle.
    pub fn access_log_retention(mut self, retention: RetentionDays) -> RestApiBuilder {
        self.access_log_retention = retention;
        self
    }

    /// Whether this API sets the account-level CloudWatch role. Defaults to
    /// whether access logging is on; see [`RestApi`] for why.
    pub fn cloud_watch_role(mut self, cloud_watch_role: bool) -> RestApiBuilder {
        self.cloud_watch_role = Some(cloud_watch_role);
        self
    }

    /// The integration of routes that do not choose one; Lambda proxy by default.
    pub fn integration(mut self, integration: Integration) -> RestApiBuilder {
        self.integration = integration;
        self
    }

    /// Why routes without authorization are public, for every route that
    /// does not give its own reason. See [`RestApi`].
    pub fn public_reason(mut self, reason: impl Into<String>) -> RestApiBuilder {
        self.public_reason = Some(reason.into());
        self
    }

    /// Checks the settings and adds the API (`<id>/Resource`), its access-log
    /// group, the CloudWatch role and account setting (unless an earlier API
    /// of the stack made them) and, with CORS, the gateway responses.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<RestApi, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<RestApi, Error> {
        let path = parent.child_path(id);
        let stage_ok = (1..=128).contains(&self.stage_name.len())
            && self.stage_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !stage_ok {
            return Err(Error::new(path, ApiGatewayError::InvalidStageName { stage_name: self.stage_name }));
        }
        if let Some(cors) = &self.cors {
            cors.check(&path)?;
        }
        if self.public_reason.as_ref().is_some_and(|r| r.trim().is_empty()) {
            return Err(Error::new(path, ApiGatewayError::EmptyPublicReason));
        }
        let cloud_watch_role = self.cloud_watch_role.unwrap_or(self.access_logs);

        let scope = stack.scope(parent, id)?;
        let api = apigateway::RestApi {
            name: Some(
                self.name
                    .unwrap_or_else(|| Value::sub(format!("${{AWS::StackName}}-{}", id.replace("${", "${!"))))
                    .into(),
            ),
            description: self.description.map(Into::into),
            endpoint_configuration: Some(EndpointConfiguration {
                types: vec!["REGIONAL"].into(),
                ..EndpointConfiguration::new()
            }),
            ..apigateway::RestApi::new()
        };
        let handle = stack.add(&scope, "Resource", api)?;

        let log_group = if self.access_logs {
            let group = LogGroup { retention_in_days: Some(self.access_log_retention.into()), ..LogGroup::default() };
            let group = stack.add(&scope, "AccessLogs", group)?;
            let options = stack.options_mut(&group)?;
            options.set_removal_policy(DeletionPolicy::Delete);
            options.suppress_checkov("CKV_AWS_158", crate::logs::SERVICE_ENCRYPTION_REASON);
            Some(group)
        } else {
            None
        };

        let existing_account = stack.first_of_type::<Account>();
        let (role, account) = if let (true, Some(account)) = (cloud_watch_role, existing_account) {
            // The setting is one per account and region: a second API in the
            // stack waits for the first one's instead of writing its own.
            (None, Some(account))
        } else if cloud_watch_role {
            let mut role = iam::Role::new(PolicyDocument::assumed_by_service("apigateway.amazonaws.com"));
            role.managed_policy_arns =
                vec![ManagedPolicy::aws("service-role/AmazonAPIGatewayPushToCloudWatchLogs").policy_arn()].into();
            let role = stack.add(&scope, "CloudWatchRole", role)?;
            stack.options_mut(&role)?.deletion_policy = Some(DeletionPolicy::Retain);
            let account = stack.add(&scope, "Account", Account { cloud_watch_role_arn: Some(role.arn()) })?;
            stack.options_mut(&account)?.deletion_policy = Some(DeletionPolicy::Retain);
            // Mirrors the CDK, which orders the account setting after the API it serves.
            stack.add_dependency(&account, &handle)?;
            (Some(role), Some(account))
        } else {
            (None, None)
        };

        let mut gateway_responses = Vec::new();
        if let Some(cors) = &self.cors {
            for response_type in ["DEFAULT_4XX", "DEFAULT_5XX"] {
                let mut response = GatewayResponse::new(response_type, handle.rest_api_id());
                for (header, value) in [
                    ("Access-Control-Allow-Origin", cors.static_origin()),
                    ("Access-Control-Allow-Headers", format!("'{}'", cors.allow_headers.join(","))),
                ] {
                    response.response_parameters.insert(format!("gatewayresponse.header.{header}"), value.into());
                }
                gateway_responses.push(stack.add(&scope, &format!("GatewayResponse{response_type}"), response)?);
            }
        }

        let root_scope = stack.scope(&scope, "Default")?;
        let mut nodes = IndexMap::new();
        nodes.insert(
            "/".to_owned(),
            PathNode {
                scope: root_scope,
                resource_id: handle.root_resource_id().into(),
                resource: None,
                methods: Vec::new(),
                preflight: None,
            },
        );
        Ok(RestApi {
            scope,
            handle,
            stage_name: self.stage_name,
            cors: self.cors,
            tracing: self.tracing,
            integration: self.integration,
            public_reason: self.public_reason,
            log_group,
            cloud_watch_role: role,
            account,
            nodes,
            methods: Vec::new(),
            deployed: 0,
            gateway_responses,
            permissions: IndexMap::new(),
            deployment: None,
            stage: None,
        })
    }
}
