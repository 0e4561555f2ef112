//! `NatGateway`: outbound internet access for private subnets.
use super::Ec2Error;
use crate::ec2::subnet::{AvailabilityZone, Subnet, SubnetKind};
use crate::error::Error;
use crate::l1::ec2;
use cfnkit_core::Handle;
use cfnkit_core::Tag;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// A public NAT gateway with its Elastic IP, in a public subnet.
#[derive(Clone, Debug, PartialEq)]
pub struct NatGateway {
    scope: Scope,
    handle: Handle<ec2::NatGateway>,
    elastic_ip: Handle<ec2::Eip>,
    availability_zone: Option<AvailabilityZone>,
}

/// Builds a [`NatGateway`]; see [`NatGateway::builder`].
#[derive(Clone, Debug)]
pub struct NatGatewayBuilder {
    subnet: Subnet,
}

impl NatGateway {
    /// A NAT gateway in `subnet`, which must be public: the gateway sends
    /// traffic out through the subnet's route to the internet gateway.
    ///
    /// ```
    /// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
    /// use cfnkit_core::*;
    ///
    /// let mut stack = Stack::new("Demo");
    /// let vpc = Vpc::builder().nat_gateways(0).subnet_group(cfnkit_constructs::ec2::SubnetGroup::public("Public"))
    ///     .build(&mut stack, "Vpc").unwrap();
    /// let public = vpc.subnets_of_kind(SubnetKind::Public)[0].clone();
    /// let nat = NatGateway::builder(&public).build(&mut stack, "Nat").unwrap();
    /// let _id = nat.nat_gateway_id();
    /// ```
    pub fn builder(subnet: &Subnet) -> NatGatewayBuilder {
        NatGatewayBuilder { subnet: subnet.clone() }
    }

    /// The NAT gateway id (`Ref`).
    pub fn nat_gateway_id(&self) -> Value {
        self.handle.nat_gateway_id().into()
    }

    /// The public address it sends traffic from.
    pub fn public_ip(&self) -> Value {
        self.elastic_ip.public_ip().into()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The Availability Zone of its subnet, where known.
    pub fn availability_zone(&self) -> Option<&AvailabilityZone> {
        self.availability_zone.as_ref()
    }

    /// The L1 NAT gateway.
    pub fn handle(&self) -> &Handle<ec2::NatGateway> {
        &self.handle
    }

    /// Creates the Elastic IP and the gateway in `scope`.
    pub(crate) fn create(stack: &mut Stack, scope: Scope, subnet: &Subnet) -> Result<NatGateway, Error> {
        check_public(scope.path(), subnet)?;
        let name = Tag::new("Name", format!("{}/{}", stack.name(), scope.path()));
        let elastic_ip = stack.add(
            &scope,
            "EIP",
            ec2::Eip { domain: Some("vpc".into()), tags: vec![name.clone()].into(), ..ec2::Eip::new() },
        )?;
        let nat = ec2::NatGateway {
            allocation_id: Some(elastic_ip.allocation_id()),
            subnet_id: Some(subnet.subnet_id().into()),
            tags: vec![name].into(),
            ..ec2::NatGateway::new()
        };
        let handle = stack.add(&scope, "NATGateway", nat)?;
        // Neither the Elastic IP nor the NAT gateway can be used before the
        // VPC has an attached internet gateway, and no reference says so.
        // The gateway waits for the address, so one dependency orders both.
        if let Some(attachment) = &subnet.gateway_attachment {
            stack.add_dependency(&elastic_ip, attachment)?;
        }
        // Private subnets reach the internet through this gateway only once
        // its own subnet routes to the internet gateway.
        for step in subnet.internet_connectivity() {
            stack.add_dependency(&handle, &step)?;
        }
        Ok(NatGateway { scope, handle, elastic_ip, availability_zone: subnet.availability_zone().cloned() })
    }
}

fn check_public(path: &str, subnet: &Subnet) -> Result<(), Error> {
    if subnet.kind() == SubnetKind::Public {
        return Ok(());
    }
    Err(Error::new(path, Ec2Error::NatGatewayNotInPublicSubnet { subnet_path: subnet.path().to_owned() }))
}

impl NatGatewayBuilder {
    /// Creates the gateway at the stack root under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<NatGateway, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<NatGateway, Error> {
        check_public(&parent.child_path(id), &self.subnet)?;
        let scope = stack.scope(parent, id)?;
        NatGateway::create(stack, scope, &self.subnet)
    }
}

/// A NAT gateway is an endpoint of network intents (it takes no
/// unsolicited inbound traffic).
impl From<&NatGateway> for cfnkit_core::Endpoint {
    fn from(nat: &NatGateway) -> cfnkit_core::Endpoint {
        cfnkit_core::Endpoint::from(nat.handle())
    }
}
