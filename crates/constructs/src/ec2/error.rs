//! What can be wrong with a network: its ranges, routes, groups and rules.
use thiserror::Error;

/// A network that cannot be built, or cannot route as asked; the
/// [`Error`](crate::Error) around it names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ec2Error {
    /// A CIDR block that does not parse as the address family expected.
    #[error("invalid CIDR block {cidr:?}: write it as {expected}")]
    InvalidCidr {
        /// The block as given.
        cidr: String,
        /// The form expected, with an example.
        expected: &'static str,
    },
    /// A VPC or subnet block of a size AWS does not accept.
    #[error("invalid CIDR block {cidr:?}: the prefix /{prefix} is outside /16../28, the sizes AWS accepts")]
    CidrPrefixNotAccepted {
        /// The block as given.
        cidr: String,
        /// Its prefix length.
        prefix: u8,
    },
    /// A block with host bits set (`10.0.0.1/16`), which AWS refuses.
    #[error("invalid CIDR block {cidr:?}: host bits are set; did you mean {network}?")]
    CidrHostBitsSet {
        /// The block as given.
        cidr: String,
        /// The block it probably meant.
        network: String,
    },
    /// Two subnets whose ranges overlap.
    #[error("CIDR block {cidr} overlaps {other_cidr} of {other_path}; give each subnet its own range")]
    CidrOverlap {
        /// The later subnet's block.
        cidr: String,
        /// The earlier subnet.
        other_path: String,
        /// Its block.
        other_cidr: String,
    },
    /// A subnet block outside its VPC's range.
    #[error("CIDR block {cidr} is not inside {vpc_cidr} of {vpc_path}; choose a block within it")]
    CidrOutsideVpc {
        /// The subnet's block.
        cidr: String,
        /// The VPC's range.
        vpc_cidr: String,
        /// The VPC.
        vpc_path: String,
    },
    /// A subnet size larger than the whole VPC.
    #[error("a /{prefix} subnet is larger than the VPC's {vpc_cidr}; use a longer prefix")]
    SubnetLargerThanVpc {
        /// The subnet's prefix length.
        prefix: u8,
        /// The VPC's range.
        vpc_cidr: String,
    },
    /// No free block of the size asked for is left in the VPC.
    #[error(
        "no room left in {vpc_cidr} of {vpc_path} for a /{prefix} subnet; use a larger VPC range or longer prefixes"
    )]
    NoRoomInVpc {
        /// The subnet's prefix length.
        prefix: u8,
        /// The VPC's range.
        vpc_cidr: String,
        /// The VPC.
        vpc_path: String,
    },
    /// A gateway endpoint asked of a VPC with no private or isolated
    /// subnet of its own to route from.
    #[error("the VPC has no private or isolated subnet with a route table of this stack to route the endpoint from; add a subnet group, or route it from the tables you have with an AWS::EC2::VPCEndpoint")]
    NoRouteTablesForEndpoint,
    /// A network ACL entry number outside 1..=32766, or used twice in one
    /// direction.
    #[error("network ACL rule number {number}: {reason}")]
    InvalidAclRuleNumber {
        /// The number given.
        number: u32,
        /// What is wrong.
        reason: &'static str,
    },
    /// A subnet given to a second network ACL: a subnet has exactly one.
    #[error("{subnet_path} is associated with this network ACL twice; a subnet has exactly one network ACL")]
    SubnetAclTwice {
        /// The subnet.
        subnet_path: String,
    },
    /// A port range that is empty or outside 0..=65535.
    #[error("invalid port range {from}-{to}: {reason}")]
    InvalidPort {
        /// First port.
        from: i64,
        /// Last port.
        to: i64,
        /// What is wrong.
        reason: &'static str,
    },
    /// Ingress from the whole internet that was not asked for explicitly.
    #[error("ingress from {cidr} opens the port to the whole internet; if that is intended, use Peer::anywhere_ipv4() or Peer::anywhere_ipv6()")]
    OpenIngress {
        /// 0.0.0.0/0 or ::/0.
        cidr: String,
    },
    /// A security group rule between groups of two VPCs.
    #[error("{other_path} belongs to another VPC; security group rules between groups work only within one VPC (or across a peering, which this library does not model): use a CIDR peer instead")]
    ForeignVpc {
        /// The group from the other VPC.
        other_path: String,
    },
    /// Subnets of another VPC chosen for a construct of this one.
    #[error("{subnet_path} belongs to another VPC than {vpc_path}; choose subnets of one VPC")]
    SubnetOfAnotherVpc {
        /// The stranger subnet.
        subnet_path: String,
        /// The construct's VPC.
        vpc_path: String,
    },
    /// A security group of another VPC given to a construct of this one.
    #[error("security group {group_path} belongs to another VPC than {vpc_path}; use groups of the same VPC")]
    SecurityGroupOfAnotherVpc {
        /// The stranger group.
        group_path: String,
        /// The construct's VPC.
        vpc_path: String,
    },
    /// A subnet selection that matches nothing.
    #[error("no subnets of {vpc_path} match {selection}; the VPC has: {}", if available.is_empty() { "none".to_owned() } else { available.join(", ") })]
    NoSubnetsMatch {
        /// The VPC.
        vpc_path: String,
        /// The selection, as written.
        selection: String,
        /// The VPC's subnets: group (or path) and kind.
        available: Vec<String>,
    },
    /// A NAT gateway placed in a subnet without a route to the internet.
    #[error("a NAT gateway must be in a public subnet, and {subnet_path} is not: the gateway reaches the internet through the subnet's route to the internet gateway")]
    NatGatewayNotInPublicSubnet {
        /// The subnet given.
        subnet_path: String,
    },
    /// A route added to an imported subnet, whose route table is not ours.
    #[error("an imported subnet's routes are not managed by this stack; add the route in the stack that owns its route table")]
    ImportedSubnetRoutes,
    /// A subnet built on its own without a range.
    #[error("a subnet built on its own needs a CIDR block: call .cidr(\"10.0.x.0/24\")")]
    SubnetWithoutCidr,
    /// A private subnet with egress in a VPC that has no NAT gateway for it.
    #[error("a private subnet with egress routes through a NAT gateway, and {vpc_path} has none; give it one with .nat_gateway(..) or make the subnet isolated")]
    NoNatGateway {
        /// The VPC.
        vpc_path: String,
    },
    /// A public subnet in a VPC without an internet gateway.
    #[error(
        "a public subnet routes to an internet gateway, and {vpc_path} has none; give the VPC a public subnet group"
    )]
    NoInternetGateway {
        /// The VPC.
        vpc_path: String,
    },
    /// An empty list of AZs, or an empty AZ name.
    #[error("availability_zones needs at least one non-empty AZ name")]
    EmptyAvailabilityZone,
    /// An AZ listed twice.
    #[error("AZ {zone} is listed twice; list each AZ once")]
    DuplicateAvailabilityZone {
        /// The AZ.
        zone: String,
    },
    /// A subnet group name that cannot be part of a construct path.
    #[error("subnet group name {name:?} must be non-empty letters and digits (it becomes part of construct paths)")]
    InvalidSubnetGroupName {
        /// The name given.
        name: String,
    },
    /// Two subnet groups of one VPC with one name.
    #[error("two subnet groups are named {name:?}; names must be unique")]
    DuplicateSubnetGroupName {
        /// The name.
        name: String,
    },
    /// A subnet group's explicit blocks do not match the AZs.
    #[error("{given} CIDR blocks given for {zones} AZs; give one per AZ")]
    CidrCountMismatch {
        /// How many blocks were given.
        given: usize,
        /// How many AZs the VPC spans.
        zones: usize,
    },
    /// NAT gateways asked for in a VPC without public subnets.
    #[error("{nats} NAT gateway(s) asked for, but NAT gateways live in public subnets and there is no public subnet group; add SubnetGroup::public(..)")]
    NatGatewaysWithoutPublicSubnets {
        /// How many were asked for.
        nats: u32,
    },
    /// Private subnets with egress and no NAT gateway to route through.
    #[error("private subnets with egress route to the internet through a NAT gateway, and nat_gateways is 0; set nat_gateways(1) or more, or make the group isolated")]
    PrivateEgressWithoutNat,
    /// More NAT gateways than AZs to put them in.
    #[error("{nats} NAT gateways asked for, but there are only {zones} AZs to place them in (one per public subnet)")]
    MoreNatGatewaysThanZones {
        /// How many were asked for.
        nats: u32,
        /// How many AZs the VPC spans.
        zones: usize,
    },
    /// A description with characters EC2 refuses.
    #[error("EC2 refuses the {field} {description:?}: use letters, digits, spaces and . _-:/()#,@[]+=&;{{}}!$* only")]
    InvalidDescription {
        /// Which description: the group's or a rule's.
        field: &'static str,
        /// The description given.
        description: String,
    },
    /// An instance type not written as `family.size`.
    #[error("{instance_type:?} is not an instance type; write it as family.size, e.g. \"t3.micro\"")]
    InvalidInstanceType {
        /// The type given.
        instance_type: String,
    },
}
