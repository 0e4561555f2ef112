//! `Vpc`: a network with subnet groups across Availability Zones, its
//! internet gateway, NAT gateways and routes, planned and checked at synth.
use ipnet::Ipv4Net;

use super::Ec2Error;
use crate::ec2::cidr_plan::{self, CidrPlan};
use crate::ec2::nat_gateway::NatGateway;
use crate::ec2::security_group::SecurityGroup;
use crate::ec2::subnet::{AvailabilityZone, Subnet, SubnetKind};
use crate::error::{check_range, Error};
use crate::l1::ec2;
use cfnkit_core::Handle;
use cfnkit_core::Tag;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// The VPC range when none is given.
pub const DEFAULT_VPC_CIDR: &str = "10.0.0.0/16";
/// How many AZs a VPC spans when not told.
pub const DEFAULT_MAX_AZS: u32 = 2;

/// One subnet per Availability Zone, all of one kind and size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetGroup {
    name: String,
    kind: SubnetKind,
    prefix: u8,
    cidrs: Option<Vec<String>>,
}

impl SubnetGroup {
    /// Public subnets, /24 each unless told (251 usable addresses: room for
    /// load balancers and NAT gateways).
    pub fn public(name: impl Into<String>) -> SubnetGroup {
        SubnetGroup { name: name.into(), kind: SubnetKind::Public, prefix: 24, cidrs: None }
    }

    /// Private subnets with a NAT route, /20 each unless told (4,091 usable
    /// addresses: Lambda functions take an ENI address per subnet and
    /// security group combination, and scaling needs free ones).
    pub fn private_with_egress(name: impl Into<String>) -> SubnetGroup {
        SubnetGroup { name: name.into(), kind: SubnetKind::PrivateWithEgress, prefix: 20, cidrs: None }
    }

    /// Isolated subnets, /24 each unless told.
    pub fn isolated(name: impl Into<String>) -> SubnetGroup {
        SubnetGroup { name: name.into(), kind: SubnetKind::Isolated, prefix: 24, cidrs: None }
    }

    /// The prefix length of each subnet, 16..=28.
    pub fn cidr_mask(mut self, prefix: u8) -> SubnetGroup {
        self.prefix = prefix;
        self
    }

    /// Explicit blocks, one per AZ in order, instead of planned ones. They are
    /// checked to lie inside the VPC and clear of every other subnet.
    pub fn cidrs<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> SubnetGroup {
        self.cidrs = Some(cidrs.into_iter().map(Into::into).collect());
        self
    }

    /// The group's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The group's kind.
    pub fn kind(&self) -> SubnetKind {
        self.kind
    }
}

/// Which subnets of a VPC to use.
#[derive(Clone, Debug, PartialEq)]
pub enum SubnetSelection {
    /// Every subnet of a kind.
    Kind(SubnetKind),
    /// Every subnet of a named group.
    Group(String),
    /// Exactly these subnets.
    Subnets(Vec<Subnet>),
}

/// A VPC created in this stack or imported.
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
/// assert_eq!(vpc.subnets_of_kind(SubnetKind::PrivateWithEgress).len(), 2);
/// assert_eq!(vpc.nat_gateways().len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Vpc {
    scope: Scope,
    vpc_id: Value,
    cidr: Option<Ipv4Net>,
    handle: Option<Handle<ec2::Vpc>>,
    pub(crate) subnets: Vec<Subnet>,
    nat_gateways: Vec<NatGateway>,
    internet: Option<(Handle<ec2::InternetGateway>, Handle<ec2::VpcGatewayAttachment>)>,
    pub(crate) plan: Option<CidrPlan>,
}

/// Builds a [`Vpc`]; see [`Vpc::builder`].
#[derive(Clone, Debug)]
pub struct VpcBuilder {
    cidr: String,
    max_azs: u32,
    availability_zones: Option<Vec<String>>,
    groups: Option<Vec<SubnetGroup>>,
    nat_gateways: Option<u32>,
    gateway_endpoints: Vec<GatewayService>,
}

/// The AWS services a gateway VPC endpoint serves: "Gateway endpoints ...
/// are supported for Amazon S3 and DynamoDB" and cost nothing
/// (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GatewayService {
    /// Amazon S3.
    S3,
    /// Amazon DynamoDB.
    DynamoDb,
}

impl GatewayService {
    fn suffix(self) -> &'static str {
        match self {
            GatewayService::S3 => "s3",
            GatewayService::DynamoDb => "dynamodb",
        }
    }

    fn id(self) -> &'static str {
        match self {
            GatewayService::S3 => "S3Endpoint",
            GatewayService::DynamoDb => "DynamoDbEndpoint",
        }
    }
}

impl From<GatewayService> for cfnkit_core::AwsService {
    fn from(service: GatewayService) -> cfnkit_core::AwsService {
        match service {
            GatewayService::S3 => cfnkit_core::AwsService::S3,
            GatewayService::DynamoDb => cfnkit_core::AwsService::DynamoDb,
        }
    }
}

impl Vpc {
    /// A new VPC. Defaults, as the AWS CDK's:
    /// - CIDR `10.0.0.0/16`;
    /// - 2 AZs, chosen with `Fn::GetAZs` so the template deploys in any region;
    /// - DNS support and DNS hostnames on;
    /// - subnet groups `Public` (/24) and `Private` (private with egress, /20);
    /// - one NAT gateway per AZ when there are private subnets with egress
    ///   (`nat_gateways(1)` is the cheap choice).
    pub fn builder() -> VpcBuilder {
        VpcBuilder {
            cidr: DEFAULT_VPC_CIDR.to_owned(),
            max_azs: DEFAULT_MAX_AZS,
            availability_zones: None,
            groups: None,
            nat_gateways: None,
            gateway_endpoints: Vec::new(),
        }
    }

    /// Adds a gateway endpoint for `service` (`<vpc>/S3Endpoint`), routed
    /// from the route table of every private and isolated subnet: their
    /// traffic to the service then stays off the NAT gateway (free, and
    /// possible without one). "A gateway endpoint ... [adds] a route ... with
    /// the prefix list for the service as the destination" to the route
    /// tables given
    /// (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html);
    /// security groups still need egress to it on 443 (the default
    /// allow-all egress has it).
    pub fn add_gateway_endpoint(
        &self,
        stack: &mut Stack,
        service: GatewayService,
    ) -> Result<Handle<ec2::VpcEndpoint>, Error> {
        let tables: Vec<_> = self
            .subnets
            .iter()
            .filter(|s| s.kind() != SubnetKind::Public)
            .filter_map(|s| s.route_table().map(|t| t.route_table_id()))
            .collect();
        if tables.is_empty() {
            return Err(Error::new(self.path(), Ec2Error::NoRouteTablesForEndpoint));
        }
        let endpoint = ec2::VpcEndpoint {
            service_name: Some(Value::sub(format!("com.amazonaws.${{AWS::Region}}.{}", service.suffix())).into()),
            vpc_endpoint_type: Some("Gateway".into()),
            route_table_ids: tables.into(),
            ..ec2::VpcEndpoint::new(self.vpc_id.clone())
        };
        Ok(stack.add(&self.scope, service.id(), endpoint)?)
    }

    /// A VPC that already exists, by a literal id or a parameter of type
    /// `AWS::EC2::VPC::Id`, with the subnets the caller knows of.
    ///
    /// ```
    /// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
    /// use cfnkit_core::*;
    ///
    /// let mut stack = Stack::new("Demo");
    /// let vpc_id = stack.add_parameter("VpcId", Parameter::new(ParameterType::VpcId)).unwrap();
    /// let subnet_a = stack.add_parameter("SubnetA", Parameter::new(ParameterType::SubnetId)).unwrap();
    /// let vpc = Vpc::import(vpc_id.value())
    ///     .subnet(SubnetKind::PrivateWithEgress, subnet_a.value(), None)
    ///     .build(&mut stack, "Vpc")
    ///     .unwrap();
    /// assert_eq!(vpc.subnets().len(), 1);
    /// ```
    pub fn import(vpc_id: impl Into<Value>) -> ImportedVpcBuilder {
        ImportedVpcBuilder { vpc_id: vpc_id.into(), cidr: None, subnets: Vec::new() }
    }

    /// The VPC id.
    pub fn vpc_id(&self) -> Value {
        self.vpc_id.clone()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The VPC's IPv4 range, where known.
    pub fn cidr(&self) -> Option<Ipv4Net> {
        self.cidr
    }

    /// The L1 VPC, for a VPC created in this stack.
    pub fn handle(&self) -> Option<&Handle<ec2::Vpc>> {
        self.handle.as_ref()
    }

    /// Every subnet, in the order created.
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// The subnets of one kind.
    pub fn subnets_of_kind(&self, kind: SubnetKind) -> Vec<&Subnet> {
        self.subnets.iter().filter(|s| s.kind() == kind).collect()
    }

    /// The NAT gateways.
    pub fn nat_gateways(&self) -> &[NatGateway] {
        &self.nat_gateways
    }

    /// The internet gateway, if the VPC has public subnets.
    pub fn internet_gateway(&self) -> Option<&Handle<ec2::InternetGateway>> {
        self.internet.as_ref().map(|(gateway, _)| gateway)
    }

    /// The subnets a selection names; an empty result is an error that says
    /// what the VPC does have.
    pub fn select_subnets(&self, selection: &SubnetSelection) -> Result<Vec<Subnet>, Error> {
        let chosen: Vec<Subnet> = match selection {
            SubnetSelection::Kind(kind) => self.subnets.iter().filter(|s| s.kind() == *kind).cloned().collect(),
            SubnetSelection::Group(name) => {
                self.subnets.iter().filter(|s| s.group_name() == Some(name.as_str())).cloned().collect()
            }
            SubnetSelection::Subnets(subnets) => subnets.clone(),
        };
        if chosen.is_empty() {
            let kinds: Vec<String> = self
                .subnets
                .iter()
                .map(|s| format!("{} ({})", s.group_name().unwrap_or(s.path()), s.kind().label()))
                .collect();
            let kind = Ec2Error::NoSubnetsMatch {
                vpc_path: self.path().to_owned(),
                selection: format!("{selection:?}"),
                available: kinds,
            };
            return Err(Error::new(self.path(), kind));
        }
        Ok(chosen)
    }

    /// [`Vpc::select_subnets`] for the construct at `path`, which the error
    /// names; subnets of another VPC are refused.
    pub(crate) fn select_subnets_for(&self, path: &str, selection: &SubnetSelection) -> Result<Vec<Subnet>, Error> {
        let subnets = self.select_subnets(selection).map_err(|e| Error { path: path.to_owned(), kind: e.kind })?;
        if let Some(stranger) = subnets.iter().find(|s| s.vpc_id() != self.vpc_id) {
            let kind = Ec2Error::SubnetOfAnotherVpc {
                subnet_path: stranger.path().to_owned(),
                vpc_path: self.path().to_owned(),
            };
            return Err(Error::new(path, kind));
        }
        Ok(subnets)
    }

    /// Refuses security groups of another VPC for the construct at `path`.
    pub(crate) fn check_security_groups(&self, path: &str, groups: &[SecurityGroup]) -> Result<(), Error> {
        match groups.iter().find(|g| g.vpc_id().is_some_and(|vpc| *vpc != self.vpc_id)) {
            Some(stranger) => {
                let kind = Ec2Error::SecurityGroupOfAnotherVpc {
                    group_path: stranger.path().to_owned(),
                    vpc_path: self.path().to_owned(),
                };
                Err(Error::new(path, kind))
            }
            None => Ok(()),
        }
    }

    /// The NAT gateway a private subnet in `az` routes through: the one in
    /// the same AZ, else the first.
    pub(crate) fn nat_for(&self, az: &AvailabilityZone) -> Option<&NatGateway> {
        self.nat_gateways.iter().find(|nat| nat.availability_zone() == Some(az)).or(self.nat_gateways.first())
    }

    pub(crate) fn internet_gateway_and_attachment(
        &self,
    ) -> Option<(Handle<ec2::InternetGateway>, Handle<ec2::VpcGatewayAttachment>)> {
        self.internet.clone()
    }
}

impl VpcBuilder {
    /// The VPC's IPv4 range, /16 to /28 (default `10.0.0.0/16`).
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.cidr = cidr.into();
        self
    }

    /// How many AZs to span, chosen with `Fn::GetAZs` (default 2).
    ///
    /// Subnets are planned group by group, one per AZ, so changing this on
    /// a deployed VPC moves the blocks of every group after the first and
    /// CloudFormation replaces those subnets; choose it before the first
    /// deploy, or give later groups explicit [`SubnetGroup::cidrs`].
    pub fn max_azs(mut self, max_azs: u32) -> Self {
        self.max_azs = max_azs;
        self
    }

    /// Use these AZs by name instead (ties the template to their region).
    pub fn availability_zones<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.availability_zones = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a subnet group; the first call replaces the default groups.
    /// Groups are planned in the order added, so adding one at the end never
    /// moves existing subnets.
    pub fn subnet_group(mut self, group: SubnetGroup) -> Self {
        self.groups.get_or_insert_with(Vec::new).push(group);
        self
    }

    /// How many NAT gateways (default: one per AZ when there are private
    /// subnets with egress). NATs go in the first public group's subnets,
    /// one per AZ from the first; private subnets route to the NAT in their
    /// own AZ, and AZs without one share the NATs round-robin (AZ 3 of 3 with
    /// 2 NATs uses the first).
    pub fn nat_gateways(mut self, count: u32) -> Self {
        self.nat_gateways = Some(count);
        self
    }

    /// Adds a gateway endpoint for `service` once the VPC is built (see
    /// [`Vpc::add_gateway_endpoint`]).
    pub fn gateway_endpoint(mut self, service: GatewayService) -> Self {
        if !self.gateway_endpoints.contains(&service) {
            self.gateway_endpoints.push(service);
        }
        self
    }

    /// Creates the VPC and everything in it under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Vpc, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Vpc, Error> {
        let path = parent.child_path(id);
        let cidr = cidr_plan::parse_block(&path, &self.cidr)?;
        let zones = self.zones(&path)?;
        let groups = self
            .groups
            .clone()
            .unwrap_or_else(|| vec![SubnetGroup::public("Public"), SubnetGroup::private_with_egress("Private")]);
        check_groups(&path, &groups, zones.len())?;
        let has_public = groups.iter().any(|g| g.kind == SubnetKind::Public);
        let has_private_egress = groups.iter().any(|g| g.kind == SubnetKind::PrivateWithEgress);
        let nat_count = self.nat_gateways.unwrap_or(if has_private_egress { zones.len() as u32 } else { 0 });
        check_nat_count(&path, nat_count, has_public, has_private_egress, zones.len())?;
        if !self.gateway_endpoints.is_empty() && groups.iter().all(|g| g.kind == SubnetKind::Public) {
            return Err(Error::new(&path, Ec2Error::NoRouteTablesForEndpoint));
        }

        // Plan every block before creating anything, so that bad input
        // leaves the stack untouched.
        let mut plan = CidrPlan::new(&path, cidr);
        let mut planned = Vec::new();
        for group in &groups {
            for (index, zone) in zones.iter().enumerate() {
                let subnet_id = format!("{}Subnet{}", group.name, index + 1);
                let subnet_path = format!("{path}/{subnet_id}");
                let block = match &group.cidrs {
                    Some(cidrs) => {
                        let block = cidr_plan::parse_block(&subnet_path, &cidrs[index])?;
                        plan.reserve(&subnet_path, block)?;
                        block
                    }
                    None => plan.allocate(&subnet_path, group.prefix)?,
                };
                planned.push((group, subnet_id, zone.clone(), block));
            }
        }

        let scope = stack.scope(parent, id)?;
        let name = Tag::new("Name", format!("{}/{}", stack.name(), scope.path()));
        let resource = ec2::Vpc {
            enable_dns_support: Some(true.into()),
            enable_dns_hostnames: Some(true.into()),
            cidr_block: Some(cidr.to_string().into()),
            tags: vec![name.clone()].into(),
            ..ec2::Vpc::new()
        };
        let handle = stack.add(&scope, "Resource", resource)?;
        let mut vpc = Vpc {
            vpc_id: handle.vpc_id().into(),
            scope: scope.clone(),
            cidr: Some(cidr),
            handle: Some(handle.clone()),
            subnets: Vec::new(),
            nat_gateways: Vec::new(),
            internet: None,
            plan: None,
        };
        if has_public {
            let gateway = stack.add(&scope, "IGW", ec2::InternetGateway { tags: vec![name].into() })?;
            let attachment = ec2::VpcGatewayAttachment {
                internet_gateway_id: Some(gateway.internet_gateway_id()),
                ..ec2::VpcGatewayAttachment::new(handle.vpc_id())
            };
            let attachment = stack.add(&scope, "VPCGW", attachment)?;
            vpc.internet = Some((gateway, attachment));
        }
        for (group, subnet_id, zone, block) in planned {
            let subnet_scope = stack.scope(&scope, &subnet_id)?;
            let subnet = Subnet::create(stack, subnet_scope, &vpc, group.kind, Some(group.name.clone()), zone, block)?;
            vpc.subnets.push(subnet);
        }
        if let Some((gateway, attachment)) = vpc.internet.clone() {
            for subnet in vpc.subnets.iter_mut().filter(|s| s.kind() == SubnetKind::Public) {
                subnet.route_to_internet_gateway(stack, &gateway, &attachment)?;
            }
        }
        let first_public_group = groups.iter().find(|g| g.kind == SubnetKind::Public).map(|g| g.name.clone());
        let nat_hosts: Vec<Subnet> = vpc
            .subnets
            .iter()
            .filter(|s| s.group_name() == first_public_group.as_deref())
            .take(nat_count as usize)
            .cloned()
            .collect();
        for host in &nat_hosts {
            let nat = NatGateway::create(stack, host.scope.clone(), host)?;
            vpc.nat_gateways.push(nat);
        }
        let nats = vpc.nat_gateways.clone();
        for subnet in vpc.subnets.iter_mut().filter(|s| s.kind() == SubnetKind::PrivateWithEgress) {
            // The NAT in the subnet's own AZ; where there is none, AZs share
            // the NATs round-robin.
            let zone = zones.iter().position(|z| subnet.availability_zone() == Some(z)).unwrap_or_default();
            let nat = nats
                .iter()
                .find(|nat| nat.availability_zone() == subnet.availability_zone())
                .unwrap_or(&nats[zone % nats.len()]);
            subnet.route_to_nat_gateway(stack, nat)?;
        }
        vpc.plan = Some(plan);
        for service in &self.gateway_endpoints {
            vpc.add_gateway_endpoint(stack, *service)?;
        }
        if self.availability_zones.is_none() && zones.len() > 2 {
            stack.warn(
                path,
                format!("{} AZs are chosen with Fn::GetAZs, but some regions (us-west-1) offer new accounts only 2; deploy there fails", zones.len()),
            );
        }
        Ok(vpc)
    }

    fn zones(&self, path: &str) -> Result<Vec<AvailabilityZone>, Error> {
        match &self.availability_zones {
            Some(names) => {
                if names.is_empty() || names.iter().any(|n| n.trim().is_empty()) {
                    return Err(Error::new(path, Ec2Error::EmptyAvailabilityZone));
                }
                let mut seen = std::collections::HashSet::new();
                if let Some(duplicate) = names.iter().find(|n| !seen.insert(n.as_str())) {
                    return Err(Error::new(path, Ec2Error::DuplicateAvailabilityZone { zone: duplicate.clone() }));
                }
                Ok(names.iter().map(|n| AvailabilityZone::Name(n.clone())).collect())
            }
            None => {
                check_range(path, "max_azs", i64::from(self.max_azs), 1, 6)?;
                Ok((0..self.max_azs).map(AvailabilityZone::Index).collect())
            }
        }
    }
}

fn check_groups(path: &str, groups: &[SubnetGroup], zones: usize) -> Result<(), Error> {
    let mut seen = std::collections::HashSet::new();
    for group in groups {
        let valid_name = !group.name.is_empty() && group.name.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid_name {
            return Err(Error::new(path, Ec2Error::InvalidSubnetGroupName { name: group.name.clone() }));
        }
        if !seen.insert(group.name.as_str()) {
            return Err(Error::new(path, Ec2Error::DuplicateSubnetGroupName { name: group.name.clone() }));
        }
        cidr_plan::check_prefix(&format!("{path}/{}", group.name), group.prefix)?;
        if let Some(cidrs) = &group.cidrs {
            if cidrs.len() != zones {
                let kind = Ec2Error::CidrCountMismatch { given: cidrs.len(), zones };
                return Err(Error::new(format!("{path}/{}", group.name), kind));
            }
        }
    }
    Ok(())
}

fn check_nat_count(
    path: &str,
    nats: u32,
    has_public: bool,
    has_private_egress: bool,
    zones: usize,
) -> Result<(), Error> {
    let error = |kind: Ec2Error| Err(Error::new(path, kind));
    if nats > 0 && !has_public {
        return error(Ec2Error::NatGatewaysWithoutPublicSubnets { nats });
    }
    if nats == 0 && has_private_egress {
        return error(Ec2Error::PrivateEgressWithoutNat);
    }
    if nats as usize > zones {
        return error(Ec2Error::MoreNatGatewaysThanZones { nats, zones });
    }
    Ok(())
}

/// Builds an imported [`Vpc`]; see [`Vpc::import`].
#[derive(Clone, Debug)]
pub struct ImportedVpcBuilder {
    vpc_id: Value,
    cidr: Option<String>,
    subnets: Vec<(SubnetKind, Value, Option<AvailabilityZone>)>,
}

impl ImportedVpcBuilder {
    /// The VPC's range, if known: subnets added to it later are checked against it.
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.cidr = Some(cidr.into());
        self
    }

    /// An existing subnet: its kind (how it routes), its id, and its AZ if known.
    pub fn subnet(
        mut self,
        kind: SubnetKind,
        subnet_id: impl Into<Value>,
        availability_zone: Option<AvailabilityZone>,
    ) -> Self {
        self.subnets.push((kind, subnet_id.into(), availability_zone));
        self
    }

    /// Records the imported VPC under `id` (no resources are created).
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Vpc, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Vpc, Error> {
        let path = parent.child_path(id);
        let cidr = self.cidr.as_deref().map(|text| cidr_plan::parse_block(&path, text)).transpose()?;
        let scope = stack.scope(parent, id)?;
        let mut counts = std::collections::HashMap::new();
        let mut subnets = Vec::new();
        for (kind, subnet_id, zone) in self.subnets {
            let n = counts.entry(kind).and_modify(|n| *n += 1).or_insert(1);
            let subnet_scope = stack.scope(&scope, &format!("{}Subnet{n}", kind.label()))?;
            subnets.push(Subnet::imported(subnet_scope, self.vpc_id.clone(), subnet_id, kind, zone));
        }
        Ok(Vpc {
            scope,
            vpc_id: self.vpc_id,
            cidr,
            handle: None,
            subnets,
            nat_gateways: Vec::new(),
            internet: None,
            plan: cidr.map(|block| CidrPlan::new(&path, block)),
        })
    }
}
