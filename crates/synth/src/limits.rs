//! CloudFormation's hard limits, checked before anything is emitted.

use crate::error::SynthError;

/// Resources in one template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters in one template.
pub const MAX_PARAMETERS: usize = 200;
/// Outputs in one template.
pub const MAX_OUTPUTS: usize = 200;
/// Mappings in one template.
pub const MAX_MAPPINGS: usize = 200;
/// Bytes of the template description.
pub const MAX_DESCRIPTION_BYTES: usize = 1024;
/// Bytes of a template body passed through S3 (CloudFormation's 1 MB, as
/// cfn-lint counts it).
pub const MAX_BODY_BYTES: usize = 1_000_000;
/// Bytes of a template body passed inline; `deploy` needs `--s3-bucket` above it.
pub const BODY_WARN_BYTES: usize = 51_200;

#[derive(Default)]
pub(crate) struct Counts {
    resources: usize,
    parameters: usize,
    outputs: usize,
    mappings: usize,
}

impl Counts {
    /// The entries of one template.
    pub(crate) fn of_model(template: &cfnkit_template::Template) -> Counts {
        Counts {
            resources: template.resources.len(),
            parameters: template.parameters.len(),
            outputs: template.outputs.len(),
            mappings: template.mappings.len(),
        }
    }
}

pub(crate) fn check_counts(stack: &str, counts: &Counts) -> Result<(), SynthError> {
    for (what, count, max) in [
        ("resources", counts.resources, MAX_RESOURCES),
        ("parameters", counts.parameters, MAX_PARAMETERS),
        ("outputs", counts.outputs, MAX_OUTPUTS),
        ("mappings", counts.mappings, MAX_MAPPINGS),
    ] {
        if count > max {
            return Err(SynthError::LimitExceeded { stack: stack.to_owned(), what, count, max });
        }
    }
    Ok(())
}

/// Resources from which cfn-lint says a template approaches the limit.
pub const RESOURCES_WARN: usize = 450;

/// A warning from 450 resources, as cfn-lint gives one "approaching the
/// limit", before the error at 500.
pub(crate) fn warn_near_limits(stack: &str, counts: &Counts, warnings: &mut Vec<cfnkit_core::Warning>) {
    if counts.resources >= RESOURCES_WARN {
        warnings.push(crate::stack_warning(
            stack,
            format!(
                "{} resources, near CloudFormation's {MAX_RESOURCES} per template; move a part into another stack of \
                 the app (its references become exports and imports)",
                counts.resources
            ),
        ));
    }
}

pub(crate) fn check_description(stack: &str, description: &str) -> Result<(), SynthError> {
    if description.len() > MAX_DESCRIPTION_BYTES {
        return Err(SynthError::DescriptionTooLong { stack: stack.to_owned(), len: description.len() });
    }
    Ok(())
}

/// Stack names: a letter, then letters, digits and hyphens, 128 at most.
pub(crate) fn check_stack_name(name: &str) -> Result<(), SynthError> {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.len() <= 128;
    if valid {
        Ok(())
    } else {
        Err(SynthError::InvalidStackName { stack: name.to_owned() })
    }
}
