//! `Subnet`: a range of a VPC in one Availability Zone, with its route table.
use ipnet::Ipv4Net;

use super::Ec2Error;
use crate::ec2::cidr_plan;
use crate::ec2::nat_gateway::NatGateway;
use crate::ec2::vpc::Vpc;
use crate::error::Error;
use crate::l1::ec2;
use cfnkit_core::Tag;
use cfnkit_core::Value;
use cfnkit_core::{Handle, Target};
use cfnkit_core::{Scope, Stack};

/// How a subnet reaches (or does not reach) the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubnetKind {
    /// Default route to the VPC's internet gateway; instances get public IPs.
    /// Lambda functions cannot use these: their ENIs have private IPs only.
    Public,
    /// Default route to a NAT gateway: outbound to the internet, nothing inbound.
    PrivateWithEgress,
    /// No route out of the VPC.
    Isolated,
}

impl SubnetKind {
    /// The label used in construct ids and tags.
    pub fn label(self) -> &'static str {
        match self {
            SubnetKind::Public => "Public",
            SubnetKind::PrivateWithEgress => "Private",
            SubnetKind::Isolated => "Isolated",
        }
    }
}

/// An Availability Zone: by position in the region's list (region-agnostic,
/// `Fn::Select` of `Fn::GetAZs`), or by name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AvailabilityZone {
    /// The n-th AZ of the stack's region, counted from 0.
    Index(u32),
    /// An AZ by name, e.g. `us-east-1a` (ties the template to one region).
    Name(String),
}

impl AvailabilityZone {
    /// The value for a subnet's `AvailabilityZone` property.
    pub fn value(&self) -> Value {
        match self {
            AvailabilityZone::Index(index) => Value::select(*index, Value::azs_of_stack_region()),
            AvailabilityZone::Name(name) => Value::String(name.clone()),
        }
    }
}

/// A subnet: created by a [`Vpc`], built on its own, or imported by id.
#[derive(Clone, Debug, PartialEq)]
pub struct Subnet {
    pub(crate) scope: Scope,
    pub(crate) subnet_id: Value,
    pub(crate) vpc_id: Value,
    pub(crate) kind: SubnetKind,
    pub(crate) group: Option<String>,
    pub(crate) availability_zone: Option<AvailabilityZone>,
    pub(crate) cidr: Option<Ipv4Net>,
    pub(crate) handle: Option<Handle<ec2::Subnet>>,
    pub(crate) route_table: Option<Handle<ec2::RouteTable>>,
    pub(crate) association: Option<Handle<ec2::SubnetRouteTableAssociation>>,
    pub(crate) default_route: Option<Handle<ec2::Route>>,
    pub(crate) gateway_attachment: Option<Handle<ec2::VpcGatewayAttachment>>,
}

impl Subnet {
    /// A subnet of `kind` added to an existing VPC, with an explicit CIDR
    /// block, checked against the VPC's range and its other subnets.
    ///
    /// ```
    /// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
    /// use cfnkit_core::*;
    ///
    /// let mut stack = Stack::new("Demo");
    /// let mut vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    /// let extra = Subnet::builder(&mut vpc, SubnetKind::Isolated)
    ///     .cidr("10.0.200.0/24")
    ///     .availability_zone(AvailabilityZone::Index(1))
    ///     .build(&mut stack, "Reporting")
    ///     .unwrap();
    /// assert_eq!(extra.kind(), SubnetKind::Isolated);
    /// ```
    pub fn builder(vpc: &mut Vpc, kind: SubnetKind) -> SubnetBuilder<'_> {
        SubnetBuilder { vpc, kind, cidr: None, availability_zone: AvailabilityZone::Index(0), nat_gateway: None }
    }

    /// The subnet id (`Ref` for a created subnet).
    pub fn subnet_id(&self) -> Value {
        self.subnet_id.clone()
    }

    /// The id of the VPC it belongs to.
    pub fn vpc_id(&self) -> Value {
        self.vpc_id.clone()
    }

    /// Public, private with egress, or isolated.
    pub fn kind(&self) -> SubnetKind {
        self.kind
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The subnet group it belongs to, for subnets a VPC created.
    pub fn group_name(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// Its Availability Zone, where known.
    pub fn availability_zone(&self) -> Option<&AvailabilityZone> {
        self.availability_zone.as_ref()
    }

    /// Its IPv4 range, where known.
    pub fn cidr(&self) -> Option<Ipv4Net> {
        self.cidr
    }

    /// How many addresses an ENI can take: AWS keeps five of every subnet.
    pub fn usable_addresses(&self) -> Option<u64> {
        self.cidr.map(|cidr| (1u64 << (32 - cidr.prefix_len())).saturating_sub(5))
    }

    /// The L1 subnet, for a subnet created in this stack.
    pub fn handle(&self) -> Option<&Handle<ec2::Subnet>> {
        self.handle.as_ref()
    }

    /// The route table, for a subnet created in this stack.
    pub fn route_table(&self) -> Option<&Handle<ec2::RouteTable>> {
        self.route_table.as_ref()
    }

    /// The route to the internet gateway or NAT gateway.
    pub fn default_route(&self) -> Option<&Handle<ec2::Route>> {
        self.default_route.as_ref()
    }

    /// What must exist before traffic from this subnet reaches the internet:
    /// its route table association and its default route (which in turn
    /// waits for the NAT gateway and, through it, the public subnet's own
    /// route). Something that needs the internet as soon as it starts (an
    /// instance's user data) depends on all of them, as the CDK's
    /// `internetConnectivityEstablished`. Empty for isolated and imported
    /// subnets.
    pub fn internet_connectivity(&self) -> Vec<Target> {
        match &self.default_route {
            Some(route) => {
                self.association.iter().map(|a| a.target().clone()).chain([route.target().clone()]).collect()
            }
            None => Vec::new(),
        }
    }

    /// A subnet that already exists, by a literal id or a parameter of type
    /// `AWS::EC2::Subnet::Id`. The kind is what the caller knows of its
    /// routing; synth cannot check it.
    pub(crate) fn imported(
        scope: Scope,
        vpc_id: Value,
        subnet_id: Value,
        kind: SubnetKind,
        az: Option<AvailabilityZone>,
    ) -> Subnet {
        Subnet {
            scope,
            subnet_id,
            vpc_id,
            kind,
            group: None,
            availability_zone: az,
            cidr: None,
            handle: None,
            route_table: None,
            association: None,
            default_route: None,
            gateway_attachment: None,
        }
    }

    /// Creates the subnet, its route table and the association in `scope`.
    /// The default route comes later, once its target exists.
    pub(crate) fn create(
        stack: &mut Stack,
        scope: Scope,
        vpc: &Vpc,
        kind: SubnetKind,
        group: Option<String>,
        availability_zone: AvailabilityZone,
        cidr: Ipv4Net,
    ) -> Result<Subnet, Error> {
        let name = format!("{}/{}", stack.name(), scope.path());
        let subnet = ec2::Subnet {
            cidr_block: Some(cidr.to_string().into()),
            availability_zone: Some(availability_zone.value().into()),
            map_public_ip_on_launch: Some((kind == SubnetKind::Public).into()),
            tags: vec![
                Tag::new("Name", name.clone()),
                Tag::new("cfnkit:subnet-name", group.clone().unwrap_or_else(|| scope.path().to_owned())),
                Tag::new("cfnkit:subnet-type", kind.label()),
            ]
            .into(),
            ..ec2::Subnet::new(vpc.vpc_id())
        };
        let handle = stack.add(&scope, "Subnet", subnet)?;
        let table = ec2::RouteTable { tags: vec![Tag::new("Name", name)].into(), ..ec2::RouteTable::new(vpc.vpc_id()) };
        let route_table = stack.add(&scope, "RouteTable", table)?;
        let association = ec2::SubnetRouteTableAssociation {
            route_table_id: route_table.route_table_id(),
            subnet_id: handle.subnet_id(),
        };
        let association = stack.add(&scope, "RouteTableAssociation", association)?;
        Ok(Subnet {
            subnet_id: handle.subnet_id().into(),
            vpc_id: vpc.vpc_id(),
            scope,
            kind,
            group,
            availability_zone: Some(availability_zone),
            cidr: Some(cidr),
            handle: Some(handle),
            route_table: Some(route_table),
            association: Some(association),
            default_route: None,
            gateway_attachment: None,
        })
    }

    /// Adds `0.0.0.0/0` to the internet gateway (public subnets). The route
    /// waits for the gateway's attachment, which no reference implies.
    pub(crate) fn route_to_internet_gateway(
        &mut self,
        stack: &mut Stack,
        gateway: &Handle<ec2::InternetGateway>,
        attachment: &Handle<ec2::VpcGatewayAttachment>,
    ) -> Result<(), Error> {
        let route = self.add_default_route(stack, |route| route.gateway_id = Some(gateway.internet_gateway_id()))?;
        stack.add_dependency(&route, attachment)?;
        self.gateway_attachment = Some(attachment.clone());
        Ok(())
    }

    /// Adds `0.0.0.0/0` to a NAT gateway (private subnets with egress).
    pub(crate) fn route_to_nat_gateway(&mut self, stack: &mut Stack, nat: &NatGateway) -> Result<(), Error> {
        let nat_id = nat.nat_gateway_id();
        self.add_default_route(stack, |route| route.nat_gateway_id = Some(nat_id.into()))?;
        Ok(())
    }

    fn add_default_route(
        &mut self,
        stack: &mut Stack,
        target: impl FnOnce(&mut ec2::Route),
    ) -> Result<Handle<ec2::Route>, Error> {
        let table = self.route_table.as_ref().ok_or_else(|| Error::new(self.path(), Ec2Error::ImportedSubnetRoutes))?;
        let mut route =
            ec2::Route { destination_cidr_block: Some("0.0.0.0/0".into()), ..ec2::Route::new(table.route_table_id()) };
        target(&mut route);
        let handle = stack.add(&self.scope, "DefaultRoute", route)?;
        self.default_route = Some(handle.clone());
        Ok(handle)
    }
}

/// Builds a [`Subnet`] in an existing [`Vpc`]; see [`Subnet::builder`].
#[derive(Debug)]
pub struct SubnetBuilder<'a> {
    vpc: &'a mut Vpc,
    kind: SubnetKind,
    cidr: Option<String>,
    availability_zone: AvailabilityZone,
    nat_gateway: Option<NatGateway>,
}

impl SubnetBuilder<'_> {
    /// The subnet's IPv4 range (required), inside the VPC's and clear of its
    /// other subnets.
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.cidr = Some(cidr.into());
        self
    }

    /// The Availability Zone (default: the region's first, `AvailabilityZone::Index(0)`).
    pub fn availability_zone(mut self, availability_zone: AvailabilityZone) -> Self {
        self.availability_zone = availability_zone;
        self
    }

    /// The NAT gateway a private subnet with egress routes through (default:
    /// the VPC's NAT gateway in the same AZ, else its first).
    pub fn nat_gateway(mut self, nat: &NatGateway) -> Self {
        self.nat_gateway = Some(nat.clone());
        self
    }

    /// Creates the subnet at the stack root under `id` and records it in the VPC.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Subnet, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Subnet, Error> {
        let path = parent.child_path(id);
        let text = self.cidr.ok_or_else(|| Error::new(&path, Ec2Error::SubnetWithoutCidr))?;
        let cidr = cidr_plan::parse_block(&path, &text)?;
        // Reserved in a copy, kept only once the subnet exists, so that a
        // failed build leaves no phantom reservation behind.
        let mut plan = self.vpc.plan.clone();
        if let Some(plan) = plan.as_mut() {
            plan.reserve(&path, cidr)?;
        }
        let nat = match self.kind {
            SubnetKind::PrivateWithEgress => Some(match self.nat_gateway {
                Some(nat) => nat,
                None => self.vpc.nat_for(&self.availability_zone).cloned().ok_or_else(|| {
                    Error::new(&path, Ec2Error::NoNatGateway { vpc_path: self.vpc.path().to_owned() })
                })?,
            }),
            _ => None,
        };
        let internet = match self.kind {
            SubnetKind::Public => Some(self.vpc.internet_gateway_and_attachment().ok_or_else(|| {
                Error::new(&path, Ec2Error::NoInternetGateway { vpc_path: self.vpc.path().to_owned() })
            })?),
            _ => None,
        };
        let scope = stack.scope(parent, id)?;
        let mut subnet = Subnet::create(stack, scope, self.vpc, self.kind, None, self.availability_zone, cidr)?;
        if let Some((gateway, attachment)) = internet {
            subnet.route_to_internet_gateway(stack, &gateway, &attachment)?;
        }
        if let Some(nat) = nat {
            subnet.route_to_nat_gateway(stack, &nat)?;
        }
        self.vpc.subnets.push(subnet.clone());
        self.vpc.plan = plan;
        Ok(subnet)
    }
}
