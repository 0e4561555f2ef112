//! What can be wrong with a role or its policies.
use thiserror::Error;

/// A role or policy IAM would refuse, or one broader than least privilege
/// allows; the [`Error`](crate::Error) around it names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum IamError {
    /// A statement that grants a wildcard or write action on every resource
    /// (`"Resource": "*"`), which least privilege forbids unless the
    /// construct was told that this is intended.
    #[error("the statement allows {action:?} on Resource \"*\"; name the resources it needs, or call .allow_wildcard_resource() on the builder if the service has no resource-level permissions for it")]
    WildcardPermission {
        /// The first offending action.
        action: String,
    },
    /// A role given to a construct for a service its trust policy does not admit.
    #[error("role {role_path} is not assumable by {service} (its trust policy names another service), so {service} would refuse it at deploy; build the role with Role::builder(\"{service}\")")]
    UntrustedRole {
        /// The role.
        role_path: String,
        /// The service that must assume it.
        service: &'static str,
    },
    /// A managed policy name that is not one.
    #[error("{name:?} is not an AWS managed policy name; pass the name with its path and no leading slash, e.g. \"service-role/AWSLambdaVPCAccessExecutionRole\", or use ManagedPolicy::arn for a full ARN")]
    InvalidManagedPolicyName {
        /// The name given.
        name: String,
    },
    /// More policies than a role can hold.
    #[error("a role can have at most {max} added policies; merge statements into fewer calls")]
    TooManyPolicies {
        /// The limit.
        max: u32,
    },
    /// A role description over IAM's limit.
    #[error("the description is {length} characters, over IAM's {max}; shorten it")]
    DescriptionTooLong {
        /// Its length in characters.
        length: usize,
        /// IAM's limit.
        max: usize,
    },
    /// A service principal that is not a service's host name.
    #[error("{name:?} is not a service principal; use the service's host name, e.g. \"lambda.amazonaws.com\"")]
    InvalidServicePrincipal {
        /// The name given.
        name: String,
    },
    /// A statement without actions.
    #[error("a statement needs at least one action, e.g. \"s3:GetObject\"")]
    NoActions,
    /// An action not written `service:Action`.
    #[error("{action:?} is not an IAM action; write it as \"service:Action\", e.g. \"s3:GetObject\"")]
    InvalidAction {
        /// The action given.
        action: String,
    },
    /// An identity-policy statement without resources.
    #[error("a statement of a role's policy needs at least one resource ARN")]
    NoResources,
    /// A principal in an identity policy, where the role is the principal.
    #[error("a statement of a role's policy has no principal; the role is the principal")]
    PrincipalInIdentityPolicy,
}
