//! CloudFormation's resource schemas as data, and the validator synth runs
//! every resource's properties through.
//!
//! The data is the vendored cfn-lint schemas (`schemas/` at the repository
//! root), trimmed to what validates and what the diff needs, generated into
//! `data/resource-types.jsonl` by `cfnkit-l1-gen`. A type's schema is parsed
//! the first time it is asked for, so a stack pays only for the types it uses.
//!
//! ```
//! use cfnkit_spec::{resource_type, validate};
//! use cfnkit_template::Expr;
//!
//! let subnet = resource_type("AWS::EC2::Subnet").unwrap();
//! assert!(subnet.create_only_properties().iter().any(|p| p == "/properties/CidrBlock"));
//!
//! let properties = Expr::from_json(serde_json::json!({"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33"})).unwrap();
//! let violations = validate(subnet, &properties);
//! assert!(violations.iter().any(|v| v.property_path == "VpcId" && v.keyword == "format"));
//! assert!(violations.iter().any(|v| v.property_path == "CidrBlock" && v.keyword == "format"));
//! ```
mod compile;
mod data;
mod formats;
mod generated;
mod patterns;
mod validate;

pub use compile::KEYWORDS;
pub use data::{closest_type_name, resource_type, type_names, ResourceSpec};
pub use generated::{CFN_LINT_VERSION, SCHEMA_DATE};
pub use patterns::{is_match as pattern_matches, translate as rust_pattern, unsupported_pattern};
pub use validate::{edit_distance, validate, Level, Violation};
