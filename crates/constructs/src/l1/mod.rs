//! L1 resources: one Rust type per CloudFormation resource type, with the
//! property names CloudFormation uses (as in its resource reference).
//!
//! Required properties are constructor arguments; optional ones are
//! `Option` or empty collections, skipped when unset. Each type's return
//! values and `Fn::GetAtt` attributes are typed accessors on
//! [`Handle<ThatType>`](crate::Handle).
pub mod apigateway;
pub mod ec2;
pub mod iam;
pub mod lambda;
pub mod logs;
