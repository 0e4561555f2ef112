//! Every resource's resolved properties against its type's CloudFormation
//! schema (`cfnkit-spec`): what the schema states and cfn-lint checks of a
//! single resource, for literal values (intrinsics are known at deploy).
use cfnkit_core::Warning;
use cfnkit_spec::{Level, ResourceSpec};
use cfnkit_template::Expr;

use crate::error::SynthError;

/// Checks one resource and returns its type's spec (none for an allowed
/// third-party type), for the checks that follow. Errors refuse the
/// template; warnings (cfn-lint's `W` rules) go with it.
pub(crate) fn check(
    path: &str,
    type_name: &str,
    unregistered_allowed: bool,
    properties: &Expr,
    warnings: &mut Vec<Warning>,
) -> Result<Option<&'static ResourceSpec>, SynthError> {
    let Some(spec) = cfnkit_spec::resource_type(type_name) else {
        if unregistered_allowed {
            return Ok(None);
        }
        return Err(SynthError::UnknownResourceType {
            path: path.to_owned(),
            type_name: type_name.to_owned(),
            suggestion: cfnkit_spec::closest_type_name(type_name).map(str::to_owned),
        });
    };
    if let Some((status, date)) = spec.lifecycle() {
        match status {
            // E3710: https://docs.aws.amazon.com/general/latest/gr/full_shutdown_services.html
            "shutdown" => {
                return Err(SynthError::ServiceShutDown {
                    path: path.to_owned(),
                    type_name: type_name.to_owned(),
                    date: date.unwrap_or("?").to_owned(),
                })
            }
            // W3696: https://docs.aws.amazon.com/general/latest/gr/sunset_services.html
            "sunset" => warnings.push(Warning {
                path: path.to_owned(),
                message: format!(
                    "{type_name} is from a service that will be shut down{}; plan to migrate to an alternative",
                    date.map(|d| format!(" on {d}")).unwrap_or_default()
                ),
            }),
            // W3697: https://docs.aws.amazon.com/general/latest/gr/maintenance_services.html
            "maintenance" => warnings.push(Warning {
                path: path.to_owned(),
                message: format!(
                    "{type_name} is from a service in maintenance mode{}; consider migrating to an alternative",
                    date.map(|d| format!(" since {d}")).unwrap_or_default()
                ),
            }),
            _ => {}
        }
    }
    let (errors, other): (Vec<_>, Vec<_>) =
        cfnkit_spec::validate(spec, properties).into_iter().partition(|v| v.level == Level::Error);
    warnings.extend(other.into_iter().map(|v| Warning { path: path.to_owned(), message: format!("{type_name}: {v}") }));
    if errors.is_empty() {
        return Ok(Some(spec));
    }
    Err(SynthError::InvalidProperties { path: path.to_owned(), type_name: type_name.to_owned(), violations: errors })
}

/// I3011: a stateful resource (a database, a volume, a key) takes its data
/// with it when CloudFormation deletes or replaces it, which is the default
/// of both policies; cfn-lint asks that both be set on purpose.
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html>)
pub(crate) fn check_policies(
    path: &str,
    spec: Option<&ResourceSpec>,
    deletion_policy: Option<&str>,
    update_replace_policy: Option<&str>,
    warnings: &mut Vec<Warning>,
) {
    let Some(spec) = spec.filter(|s| s.is_stateful()) else { return };
    let type_name = spec.type_name();
    if deletion_policy.is_none() || update_replace_policy.is_none() {
        warnings.push(Warning {
            path: path.to_owned(),
            message: format!(
                "{type_name} holds data, which a deletion or a replacement destroys by default; set its DeletionPolicy and UpdateReplacePolicy (Retain or Snapshot to keep the data, Delete to say you mean it) with ResourceOptions"
            ),
        });
    }
}
