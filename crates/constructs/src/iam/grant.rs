//! `Grantable`: what a permission can be granted to.
//!
//! A resource construct grants access through it (`bucket.grant_read(&function)`)
//! without knowing whether it was handed a role or a function: both give the
//! role whose policies the grant extends, and every statement goes through
//! the role's least-privilege check.
use crate::iam::Statement;
use crate::l1::iam::Policy;
use cfnkit_core::{Handle, Stack};

use crate::error::Error;
use crate::iam::role::Role;

/// Something permissions can be granted to: a role, or a construct that
/// runs as one (a function).
pub trait Grantable {
    /// The role whose policies a grant extends.
    fn grant_role(&self) -> &Role;

    /// Grants the statement: an `AWS::IAM::Policy` on the role, after the
    /// role's least-privilege check (no write or wildcard action on `"*"`).
    fn grant(&self, stack: &mut Stack, statement: Statement) -> Result<Handle<Policy>, Error> {
        self.grant_role().add_statement(stack, statement)
    }
}

impl Grantable for Role {
    fn grant_role(&self) -> &Role {
        self
    }
}
