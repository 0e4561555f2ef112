//! L1 resources: one Rust type per CloudFormation resource type, one module
//! per AWS service, each behind a cargo feature of its own (`ec2`, `iam`,
//! `lambda`, `logs`, `apigateway`; `all` for every one).
//!
//! Field names follow CloudFormation's property names in snake case; the
//! wire names are CloudFormation's own. Required properties are constructor
//! arguments; optional ones are `Option` or empty collections, left out
//! when unset. A property's Rust type follows its schema: [`Str`], [`Int`]
//! and [`Bool`] take a literal of their type or an intrinsic.
//!
//! Each type's attributes (`Ref` and `Fn::GetAtt`) are typed accessors on
//! its `...Attributes` type, which the type's handles dereference to.
//!
//! [`Str`]: cfnkit_core::Str
//! [`Int`]: cfnkit_core::Int
//! [`Bool`]: cfnkit_core::Bool
#![warn(missing_docs)]

#[cfg(feature = "apigateway")]
pub mod apigateway;
#[cfg(feature = "ec2")]
pub mod ec2;
#[cfg(feature = "iam")]
pub mod iam;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "logs")]
pub mod logs;

#[cfg(test)]
mod test_support {
    use cfnkit_core::{Resource, ToValue, Value};

    /// What a property type or a resource writes, as JSON (references as paths).
    pub(crate) fn json_of<T: AsProperties + ?Sized>(item: &T) -> serde_json::Value {
        item.as_properties().to_json_with_paths().expect("well-formed")
    }

    /// Property types and resources alike.
    pub(crate) trait AsProperties {
        fn as_properties(&self) -> Value;
    }

    macro_rules! as_properties {
        (resources: $($resource:ty),*; values: $($value:ty),*) => {
            $(impl AsProperties for $resource {
                fn as_properties(&self) -> Value {
                    Resource::properties(self)
                }
            })*
            $(impl AsProperties for $value {
                fn as_properties(&self) -> Value {
                    ToValue::to_value(self)
                }
            })*
        };
    }

    #[cfg(feature = "apigateway")]
    as_properties!(resources: crate::apigateway::Method, crate::apigateway::Stage, crate::apigateway::RestApi, crate::apigateway::Account; values: crate::apigateway::Integration);
    #[cfg(feature = "ec2")]
    as_properties!(resources: crate::ec2::Instance; values: );
    #[cfg(feature = "iam")]
    as_properties!(resources: crate::iam::Role, crate::iam::Policy; values: crate::iam::Statement, crate::iam::PolicyDocument, crate::iam::Principal);
    #[cfg(feature = "lambda")]
    as_properties!(resources: crate::lambda::Function, crate::lambda::Permission; values: crate::lambda::Code);
    #[cfg(feature = "logs")]
    as_properties!(resources: crate::logs::LogGroup; values: crate::logs::RetentionDays);
}
