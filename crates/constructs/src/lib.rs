//! The construct model of `cfnkit`.
//!
//! A [`Stack`] owns a tree of constructs. Its leaves are typed L1 resources
//! (one Rust type per CloudFormation resource type, in [`l1`]), parameters,
//! outputs, conditions and mappings. Every reference between them is a typed
//! [`Handle`], never a logical ID: `cfnkit-synth` names the resources and
//! resolves the handles.
//!
//! ```
//! use cfnkit_constructs::{Output, RawResource, Stack};
//!
//! let mut stack = Stack::new("Demo");
//! let bucket = stack.add(&stack.root(), "Assets", RawResource::new("AWS::S3::Bucket")).unwrap();
//! stack.add_output("AssetsBucket", Output::new(bucket.reference())).unwrap();
//! assert_eq!(stack.entries().count(), 2);
//! ```
#![warn(missing_docs)]

mod cidr_plan;
mod condition;
mod description;
mod error;
mod handle;
mod instance;
pub mod l1;
mod nat_gateway;
mod output;
mod parameter;
mod peer;
mod port;
mod resource;
mod rest_api;
mod role;
mod runtime;
mod security_group;
mod stable_hash;
mod stack;
mod subnet;
mod value;
mod vpc;
mod vpc_function;

pub use condition::Condition;
pub use error::{Error, Warning};
pub use handle::{
    replace_targets_with_paths, ConditionHandle, Handle, MappingHandle, ParameterHandle, StackId, Target,
};
pub use output::Output;
pub use parameter::{Parameter, ParameterType};
pub use resource::{DeletionPolicy, RawResource, Resource, ResourceOptions, Tag, TagShape};
pub use rest_api::{
    Authorization, Cors, HttpMethod, Integration, LambdaTarget, RestApi, RestApiBuilder, Route, RouteOptions,
    ACCESS_LOG_FORMAT, DEFAULT_CORS_HEADERS, INTEGRATION_TIMEOUT_SECONDS,
};
pub use role::{ManagedPolicy, Role, RoleBuilder, ServicePrincipal};
pub use stable_hash::StableHash;
pub use stack::{App, Entry, EntryKind, Mapping, ResourceView, Scope, Stack};
pub use value::{Pseudo, Value};

pub use instance::{Instance, InstanceBuilder, MachineImage, AMAZON_LINUX_2023_ARM64, AMAZON_LINUX_2023_X86_64};
pub use nat_gateway::{NatGateway, NatGatewayBuilder};
pub use peer::Peer;
pub use port::Port;
pub use runtime::{Architecture, Runtime};
pub use security_group::{Connectable, SecurityGroup, SecurityGroupBuilder};
pub use subnet::{AvailabilityZone, Subnet, SubnetBuilder, SubnetKind};
pub use vpc::{ImportedVpcBuilder, SubnetGroup, SubnetSelection, Vpc, VpcBuilder, DEFAULT_MAX_AZS, DEFAULT_VPC_CIDR};
pub use vpc_function::{VpcFunction, VpcFunctionBuilder, MAX_INLINE_CODE_BYTES};
