//! Every resource's resolved properties against its type's CloudFormation
//! schema (`cfnkit-spec`): what the schema states and cfn-lint checks of a
//! single resource, for literal values (intrinsics are known at deploy).
use cfnkit_core::Warning;
use cfnkit_spec::Level;
use cfnkit_template::Expr;

use crate::error::SynthError;

/// Checks one resource. Errors refuse the template; warnings (cfn-lint's
/// `W` rules) go with it.
pub(crate) fn check(
    path: &str,
    type_name: &str,
    unregistered_allowed: bool,
    properties: &Expr,
    warnings: &mut Vec<Warning>,
) -> Result<(), SynthError> {
    let Some(spec) = cfnkit_spec::resource_type(type_name) else {
        if unregistered_allowed {
            return Ok(());
        }
        return Err(SynthError::UnknownResourceType {
            path: path.to_owned(),
            type_name: type_name.to_owned(),
            suggestion: cfnkit_spec::closest_type_name(type_name).map(str::to_owned),
        });
    };
    let (errors, other): (Vec<_>, Vec<_>) =
        cfnkit_spec::validate(spec, properties).into_iter().partition(|v| v.level == Level::Error);
    warnings.extend(other.into_iter().map(|v| Warning { path: path.to_owned(), message: format!("{type_name}: {v}") }));
    if errors.is_empty() {
        return Ok(());
    }
    Err(SynthError::InvalidProperties { path: path.to_owned(), type_name: type_name.to_owned(), violations: errors })
}
