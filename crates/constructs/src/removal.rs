//! What a stack deletion or a replacement does to a resource that holds
//! data: one setting for both, as the AWS CDK's removal policy.
use cfnkit_core::{DeletionPolicy, Handle, Resource, Stack};

use crate::error::Error;

/// Sets both the `DeletionPolicy` and the `UpdateReplacePolicy` of `handle`.
pub(crate) fn set_removal_policy<T: Resource>(
    stack: &mut Stack,
    handle: &Handle<T>,
    policy: DeletionPolicy,
) -> Result<(), Error> {
    let options = stack.options_mut(handle)?;
    options.deletion_policy = Some(policy);
    options.update_replace_policy = Some(policy);
    Ok(())
}
