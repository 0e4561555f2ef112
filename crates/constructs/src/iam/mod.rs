//! IAM constructs: roles, and the `Grantable` protocol through which other
//! constructs grant permissions.
mod error;
pub(crate) mod grant;
pub(crate) mod policy;
pub(crate) mod role;

pub use error::IamError;
pub use grant::Grantable;
pub use policy::{Effect, PolicyDocument, Principal, Statement, POLICY_VERSION};
pub use role::{ManagedPolicy, Role, RoleBuilder, ServicePrincipal};
