//! EC2 and VPC constructs: the network, its security groups, instances.
pub(crate) mod cidr_plan;
mod error;
pub(crate) mod instance;
pub(crate) mod nat_gateway;
pub(crate) mod network_acl;
pub(crate) mod peer;
pub(crate) mod port;
pub(crate) mod security_group;
pub(crate) mod subnet;
pub(crate) mod vpc;

pub use error::Ec2Error;
pub use instance::{Instance, InstanceBuilder, MachineImage, AMAZON_LINUX_2023_ARM64, AMAZON_LINUX_2023_X86_64};
pub use nat_gateway::{NatGateway, NatGatewayBuilder};
pub use network_acl::{Direction, NetworkAcl, NetworkAclBuilder};
pub use peer::Peer;
pub use port::Port;
pub use security_group::{Connectable, SecurityGroup, SecurityGroupBuilder};
pub use subnet::{AvailabilityZone, Subnet, SubnetBuilder, SubnetKind};
pub use vpc::{
    GatewayService, ImportedVpcBuilder, SubnetGroup, SubnetSelection, Vpc, VpcBuilder, DEFAULT_MAX_AZS,
    DEFAULT_VPC_CIDR,
};
