//! The network a template declares, read from its resources: VPCs,
//! subnets, route tables, gateways, security groups, network ACLs,
//! endpoints and the network interfaces of functions and instances.
//!
//! Whatever the template does not say (an imported subnet id, a parameter,
//! a literal `sg-...`, an `Fn::If`, a resource's `Condition`) is kept as
//! unknown with what would decide it, so that the analysis answers
//! "unknown" rather than guessing.
use std::collections::HashMap;

use cfnkit_template::{sub_names, Expr, Template};
use indexmap::IndexMap;

use crate::sets::{cidr_range, Traffic};

/// A value the template does not decide: what would decide it, in words
/// ("the value of SubnetIds (a parameter ...)", "the literal subnet-0abc"),
/// and how it is written when that tells whether two such values are the
/// same.
#[derive(Clone, Debug)]
pub(crate) struct Unknown {
    what: String,
    /// The value's JSON when it is a literal, a `Ref` or an
    /// `Fn::ImportValue` of a literal name: two values written alike are
    /// then the same value. Any other value (`Fn::If`, `Fn::Select`, ...)
    /// is never certainly equal to another.
    written: Option<String>,
}

impl Unknown {
    /// An unknown that is equal to no other for certain.
    pub(crate) fn new(what: impl Into<String>) -> Unknown {
        Unknown { what: what.into(), written: None }
    }

    /// The value `expr` is, the template not deciding it.
    pub(crate) fn of(expr: Option<&Expr>) -> Unknown {
        let written = match expr {
            Some(value @ (Expr::String(_) | Expr::Ref(_))) => Some(value.to_json().to_string()),
            Some(value @ Expr::ImportValue(name)) if matches!(**name, Expr::String(_)) => {
                Some(value.to_json().to_string())
            }
            _ => None,
        };
        Unknown { what: describe(expr), written }
    }

    /// Whether `self` and `other` are certainly the same value.
    pub(crate) fn certainly_same(&self, other: &Unknown) -> bool {
        matches!((&self.written, &other.written), (Some(a), Some(b)) if a == b)
    }

    /// What would decide it, in words.
    pub(crate) fn what(&self) -> &str {
        &self.what
    }
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// A reference to a resource of the template, or what else it is.
pub(crate) type Reference<'t> = Result<&'t str, Unknown>;

/// An AWS service reached through a gateway endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Service {
    /// Amazon S3.
    S3,
    /// Amazon DynamoDB.
    DynamoDb,
}

impl Service {
    /// The service's name in messages.
    pub fn name(&self) -> &'static str {
        match self {
            Service::S3 => "Amazon S3",
            Service::DynamoDb => "Amazon DynamoDB",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct VpcInfo<'t> {
    pub(crate) cidrs: Vec<(u32, u32)>,
    /// The internet gateway attached to it, and whether the attachment is
    /// conditional (a `Condition`, or an `Fn::If` that names the VPC).
    pub(crate) internet_gateway: Option<(&'t str, bool)>,
    /// The entries the template adds to the VPC's default network ACL
    /// (`Fn::GetAtt [vpc, DefaultNetworkAcl]`), which otherwise has only
    /// its allow-all rule 100 each way.
    pub(crate) default_acl: Vec<AclEntry<'t>>,
}

/// The route table, or the network ACL, a subnet uses.
#[derive(Clone, Debug, Default)]
pub(crate) enum Association<'t> {
    /// None: the VPC's main route table, or its default network ACL.
    #[default]
    Default,
    /// One the template declares; `conditional` when the association may
    /// not exist (a `Condition`, or an `Fn::If` that names the subnet), so
    /// that the subnet may keep the default instead.
    Template { id: &'t str, conditional: bool },
    /// One the template does not declare (an imported or parameter id), or
    /// one of several: not known at synth.
    Unknown(Unknown),
}

impl<'t> Association<'t> {
    /// The template's route table or ACL, when it is one.
    pub(crate) fn template(&self) -> Option<&'t str> {
        match self {
            Association::Template { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Adds an association: a subnet has one, and a second (under other
    /// conditions, say) makes which one not known at synth.
    fn add(&mut self, association: Association<'t>) {
        *self = match self {
            Association::Default => association,
            _ => Association::Unknown(Unknown::new("one of several associations")),
        };
    }
}

#[derive(Debug)]
pub(crate) struct SubnetInfo<'t> {
    pub(crate) vpc: Reference<'t>,
    pub(crate) cidr: Option<(u32, u32)>,
    pub(crate) zone: Option<String>,
    pub(crate) public_ip_on_launch: Option<bool>,
    pub(crate) route_table: Association<'t>,
    pub(crate) acl: Association<'t>,
}

/// Where a route sends traffic.
#[derive(Clone, Debug)]
pub(crate) enum RouteTarget<'t> {
    InternetGateway(Reference<'t>),
    NatGateway(Reference<'t>),
    GatewayEndpoint(Service),
    /// A VPC peering connection, which carries nothing to or from the
    /// internet (see the analysis).
    Peering(String),
    /// A target this analysis does not follow (a transit gateway, an
    /// instance, ...), by kind.
    Other(&'static str, String),
}

#[derive(Clone, Debug)]
pub(crate) enum Destination {
    Cidr((u32, u32)),
    Service(Service),
    Ipv6,
    Unknown(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Route<'t> {
    /// The resource that declares it (the route, or the gateway endpoint).
    pub(crate) id: &'t str,
    pub(crate) destination: Destination,
    pub(crate) target: RouteTarget<'t>,
    pub(crate) conditional: bool,
}

#[derive(Debug, Default)]
pub(crate) struct RouteTableInfo<'t> {
    pub(crate) routes: Vec<Route<'t>>,
}

/// An internet gateway's attachment to a VPC.
#[derive(Clone, Debug)]
pub(crate) struct Attachment<'t> {
    pub(crate) vpc: Reference<'t>,
    /// Whether it may not exist (a `Condition`, or an `Fn::If` that names
    /// the gateway).
    pub(crate) conditional: bool,
}

#[derive(Debug)]
pub(crate) struct NatInfo<'t> {
    pub(crate) subnet: Reference<'t>,
    /// `ConnectivityType` public (the default); `None` when not known.
    pub(crate) public: Option<bool>,
    /// Whether it has an Elastic IP (`AllocationId`); `None` when not known.
    pub(crate) has_elastic_ip: Option<bool>,
    /// `AvailabilityMode: regional`: it spans the VPC's AZs and needs no
    /// public subnet ("with a regional NAT Gateway, you don't need to
    /// create a public subnet to host it",
    /// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html).
    pub(crate) regional: Option<Reference<'t>>,
    /// Whether `AvailabilityMode` is not known at synth (zonal or
    /// regional).
    pub(crate) mode_unknown: bool,
    /// Whether it has a `Condition`, so that it may not exist.
    pub(crate) conditional: bool,
}

/// Who a security group rule names.
#[derive(Clone, Debug)]
pub(crate) enum Peer<'t> {
    Cidr((u32, u32)),
    Ipv6,
    Group(Reference<'t>),
    PrefixList(String),
    Unknown(String),
}

#[derive(Clone, Debug)]
pub(crate) struct GroupRule<'t> {
    /// The resource that declares it: the standalone rule, or the group.
    pub(crate) id: &'t str,
    pub(crate) peer: Peer<'t>,
    /// `None` when the protocol or ports are not known at synth.
    pub(crate) traffic: Option<Traffic>,
    pub(crate) conditional: bool,
}

#[derive(Debug, Default)]
pub(crate) struct GroupInfo<'t> {
    pub(crate) ingress: Vec<GroupRule<'t>>,
    pub(crate) egress: Vec<GroupRule<'t>>,
}

#[derive(Clone, Debug)]
pub(crate) struct AclEntry<'t> {
    pub(crate) id: &'t str,
    /// `None` when not known at synth: the entry may come before or after
    /// any other.
    pub(crate) number: Option<u32>,
    /// `None` when not known at synth: it may be for either direction.
    pub(crate) egress: Option<bool>,
    /// `None` when not known at synth: it may allow or deny.
    pub(crate) allow: Option<bool>,
    pub(crate) traffic: Option<Traffic>,
    /// `None` when not known; IPv6 entries are left out.
    pub(crate) cidr: Option<(u32, u32)>,
    pub(crate) conditional: bool,
}

#[derive(Debug, Default)]
pub(crate) struct AclInfo<'t> {
    /// In rule-number order, those whose number is not known last (the
    /// analysis places them).
    pub(crate) entries: Vec<AclEntry<'t>>,
}

/// What owns a network interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterfaceKind {
    /// A Lambda function in a VPC: one interface per subnet it may use.
    Lambda,
    /// An EC2 instance's primary interface.
    Instance,
    /// A NAT gateway.
    NatGateway,
    /// An interface VPC endpoint, one per subnet.
    VpcEndpoint,
    /// An RDS database instance: one interface, in any subnet of its
    /// subnet group.
    Database,
}

impl InterfaceKind {
    /// The kind in words.
    pub fn name(self) -> &'static str {
        match self {
            InterfaceKind::Lambda => "Lambda function",
            InterfaceKind::Instance => "EC2 instance",
            InterfaceKind::NatGateway => "NAT gateway",
            InterfaceKind::VpcEndpoint => "VPC endpoint",
            InterfaceKind::Database => "RDS database",
        }
    }
}

/// One network interface that an endpoint has, or may get.
#[derive(Clone, Debug)]
pub(crate) struct Interface<'t> {
    pub(crate) owner: &'t str,
    pub(crate) kind: InterfaceKind,
    pub(crate) subnet: Reference<'t>,
    /// Its security groups; one that is `Err` may stand for any set of
    /// groups (a list the template does not write out, or the VPC's
    /// default group, whose rules are not in the template).
    pub(crate) groups: Vec<Reference<'t>>,
    /// Whether it has a public IPv4 address (or an Elastic IP); `None`
    /// when that is not known at synth.
    pub(crate) public_ip: Option<bool>,
}

/// The network of one template.
#[derive(Debug, Default)]
pub struct Network<'t> {
    pub(crate) paths: HashMap<&'t str, &'t str>,
    pub(crate) vpcs: IndexMap<&'t str, VpcInfo<'t>>,
    pub(crate) subnets: IndexMap<&'t str, SubnetInfo<'t>>,
    pub(crate) route_tables: IndexMap<&'t str, RouteTableInfo<'t>>,
    pub(crate) internet_gateways: IndexMap<&'t str, Vec<Attachment<'t>>>,
    pub(crate) nats: IndexMap<&'t str, NatInfo<'t>>,
    pub(crate) groups: IndexMap<&'t str, GroupInfo<'t>>,
    pub(crate) acls: IndexMap<&'t str, AclInfo<'t>>,
    pub(crate) interfaces: Vec<Interface<'t>>,
}

impl<'t> Network<'t> {
    /// Reads the network of `template`; `paths` maps logical IDs to
    /// construct paths, for messages.
    pub fn read(template: &'t Template, paths: HashMap<&'t str, &'t str>) -> Network<'t> {
        let mut network = Network { paths, ..Network::default() };
        let reader = Reader { template };
        // Containers first, so that the things in them find them whatever
        // the order of the template.
        for (id, resource) in &template.resources {
            let property = |name: &str| resource.properties.get(name);
            match resource.resource_type.as_str() {
                "AWS::EC2::VPC" => {
                    let cidrs = property("CidrBlock").and_then(literal_cidr).into_iter().collect();
                    network.vpcs.insert(id, VpcInfo { cidrs, ..VpcInfo::default() });
                }
                "AWS::EC2::RouteTable" => {
                    network.route_tables.insert(id, RouteTableInfo::default());
                }
                "AWS::EC2::SecurityGroup" => {
                    network.groups.insert(id, GroupInfo::default());
                }
                "AWS::EC2::NetworkAcl" => {
                    network.acls.insert(id, AclInfo::default());
                }
                "AWS::EC2::InternetGateway" => {
                    network.internet_gateways.insert(id, Vec::new());
                }
                _ => {}
            }
        }
        // The instances that take their public IP from their subnet's
        // MapPublicIpOnLaunch, by index in `interfaces`.
        let mut inherit_public_ip = Vec::new();
        for (id, resource) in &template.resources {
            let id = id.as_str();
            let conditional = resource.condition.is_some();
            let property = |name: &str| resource.properties.get(name);
            match resource.resource_type.as_str() {
                "AWS::EC2::VPCCidrBlock" => {
                    if let (Ok(vpc), Some(cidr)) = (
                        reader.reference(property("VpcId"), "AWS::EC2::VPC"),
                        property("CidrBlock").and_then(literal_cidr),
                    ) {
                        if let Some(vpc) = network.vpcs.get_mut(vpc) {
                            vpc.cidrs.push(cidr);
                        }
                    }
                }
                "AWS::EC2::Subnet" => {
                    let subnet = SubnetInfo {
                        vpc: reader.reference(property("VpcId"), "AWS::EC2::VPC"),
                        cidr: property("CidrBlock").and_then(literal_cidr),
                        zone: property("AvailabilityZone").or(property("AvailabilityZoneId")).and_then(zone_name),
                        public_ip_on_launch: match property("MapPublicIpOnLaunch") {
                            None => Some(false),
                            Some(value) => literal_bool(value),
                        },
                        route_table: Association::Default,
                        acl: Association::Default,
                    };
                    network.subnets.insert(id, subnet);
                }
                "AWS::EC2::VPCGatewayAttachment" => {
                    let vpc = reader.reference(property("VpcId"), "AWS::EC2::VPC");
                    let gateways = reader.named(property("InternetGatewayId"), "AWS::EC2::InternetGateway");
                    for &(gateway, surely) in &gateways {
                        let attachment = Attachment { vpc: vpc.clone(), conditional: conditional || !surely };
                        network.internet_gateways.entry(gateway).or_default().push(attachment);
                    }
                    for (vpc, surely) in reader.named(property("VpcId"), "AWS::EC2::VPC") {
                        let Some(vpc) = network.vpcs.get_mut(vpc) else { continue };
                        for &(gateway, gateway_surely) in &gateways {
                            // An attachment for certain wins over one that
                            // may not exist.
                            if vpc.internet_gateway.map_or(true, |(_, conditional)| conditional) {
                                vpc.internet_gateway = Some((gateway, conditional || !surely || !gateway_surely));
                            }
                        }
                    }
                }
                "AWS::EC2::NatGateway" => {
                    let public = match property("ConnectivityType") {
                        None => Some(true),
                        Some(kind) => kind.as_str().map(|kind| kind != "private"),
                    };
                    let regional = property("AvailabilityMode").and_then(Expr::as_str) == Some("regional");
                    // Zonal when not set; one not known at synth may be either.
                    let mode_unknown = property("AvailabilityMode").is_some_and(|mode| mode.as_str().is_none());
                    let has_elastic_ip = match property("AllocationId") {
                        _ if regional => Some(true),
                        None => Some(false),
                        // An Elastic IP that may not exist, or an `Fn::If`
                        // that may be `AWS::NoValue`.
                        Some(Expr::If(..)) => None,
                        Some(allocation) => {
                            let eips = reader.named(Some(allocation), "AWS::EC2::EIP");
                            let sure =
                                eips.iter().all(|&(eip, surely)| surely && template.resources[eip].condition.is_none());
                            sure.then_some(true)
                        }
                    };
                    network.nats.insert(
                        id,
                        NatInfo {
                            subnet: reader.reference(property("SubnetId"), "AWS::EC2::Subnet"),
                            public,
                            has_elastic_ip,
                            regional: regional.then(|| reader.reference(property("VpcId"), "AWS::EC2::VPC")),
                            mode_unknown,
                            conditional,
                        },
                    );
                    if property("SubnetId").is_none() {
                        continue;
                    }
                    network.interfaces.push(Interface {
                        owner: id,
                        kind: InterfaceKind::NatGateway,
                        subnet: reader.reference(property("SubnetId"), "AWS::EC2::Subnet"),
                        groups: Vec::new(),
                        public_ip: match (public, has_elastic_ip) {
                            (Some(false), _) | (_, Some(false)) => Some(false),
                            (Some(true), Some(true)) => Some(true),
                            _ => None,
                        },
                    });
                }
                "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                    let egress = resource.resource_type == "AWS::EC2::SecurityGroupEgress";
                    for (group, surely) in reader.named(property("GroupId"), "AWS::EC2::SecurityGroup") {
                        let rule = reader.group_rule(id, &resource.properties, egress, conditional || !surely);
                        if let Some(group) = network.groups.get_mut(group) {
                            if egress {
                                group.egress.push(rule);
                            } else {
                                group.ingress.push(rule);
                            }
                        }
                    }
                }
                "AWS::EC2::NetworkAclEntry" => {
                    let acl = property("NetworkAclId");
                    for (acl, surely) in reader.named(acl, "AWS::EC2::NetworkAcl") {
                        if let (Some(acl), Some(entry)) = (
                            network.acls.get_mut(acl),
                            reader.acl_entry(id, &resource.properties, conditional || !surely),
                        ) {
                            acl.entries.push(entry);
                        }
                    }
                    // An entry of a VPC's default network ACL.
                    let default_acls = reader.named_by(acl, |resource, attribute| {
                        attribute == Some("DefaultNetworkAcl") && resource.resource_type == "AWS::EC2::VPC"
                    });
                    for (vpc, surely) in default_acls {
                        if let (Some(vpc), Some(entry)) = (
                            network.vpcs.get_mut(vpc),
                            reader.acl_entry(id, &resource.properties, conditional || !surely),
                        ) {
                            vpc.default_acl.push(entry);
                        }
                    }
                }
                "AWS::EC2::VPCEndpoint" => {
                    // Gateway endpoints exist for S3 and DynamoDB only; a
                    // service name not known at synth (a parameter, an
                    // `Fn::If`) may be either, so it may route both.
                    let (services, service_known) = match property("ServiceName").and_then(gateway_service) {
                        Some(service) => (vec![service], true),
                        None => (vec![Service::S3, Service::DynamoDb], false),
                    };
                    // `VpcEndpointType` is Gateway when not set; one not
                    // known at synth may be either.
                    let gateway = match property("VpcEndpointType") {
                        None => Some(true),
                        Some(kind) => kind.as_str().map(|kind| kind == "Gateway"),
                    };
                    if matches!(gateway, Some(true) | None) {
                        for (table, surely) in reader.named_in_list(property("RouteTableIds"), "AWS::EC2::RouteTable") {
                            if let Some(table) = network.route_tables.get_mut(table) {
                                for service in &services {
                                    table.routes.push(Route {
                                        id,
                                        destination: Destination::Service(service.clone()),
                                        target: RouteTarget::GatewayEndpoint(service.clone()),
                                        conditional: conditional || !surely || gateway.is_none() || !service_known,
                                    });
                                }
                            }
                        }
                    }
                    if gateway == Some(false) {
                        let groups = reader.groups(property("SecurityGroupIds"));
                        for subnet in list_items(property("SubnetIds")) {
                            network.interfaces.push(Interface {
                                owner: id,
                                kind: InterfaceKind::VpcEndpoint,
                                subnet: reader.reference(Some(subnet), "AWS::EC2::Subnet"),
                                groups: groups.clone(),
                                public_ip: Some(false),
                            });
                        }
                    }
                }
                "AWS::Lambda::Function" => {
                    let Some(config) = property("VpcConfig") else { continue };
                    let groups = reader.groups(config.get("SecurityGroupIds"));
                    let subnets = config.get("SubnetIds");
                    let mut any = false;
                    for subnet in list_items(subnets) {
                        any = true;
                        // "Lambda doesn't assign public IP addresses to
                        // the network interfaces it creates"
                        // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html).
                        network.interfaces.push(Interface {
                            owner: id,
                            kind: InterfaceKind::Lambda,
                            subnet: reader.reference(Some(subnet), "AWS::EC2::Subnet"),
                            groups: groups.clone(),
                            public_ip: Some(false),
                        });
                    }
                    if !any {
                        // A configuration not written out (an `Fn::If`)
                        // is what decides, not its missing SubnetIds.
                        let what = if config.as_map().is_some() { subnets } else { Some(config) };
                        network.interfaces.push(Interface {
                            owner: id,
                            kind: InterfaceKind::Lambda,
                            subnet: Err(Unknown::of(what)),
                            groups,
                            public_ip: Some(false),
                        });
                    }
                }
                "AWS::EC2::Instance" => {
                    let (interface, inherits) = reader.instance(id, &resource.properties);
                    if inherits {
                        inherit_public_ip.push(network.interfaces.len());
                    }
                    network.interfaces.push(interface);
                }
                "AWS::RDS::DBInstance" => {
                    // The instance's interface is in one subnet of its
                    // subnet group, which one is RDS's choice: each is a
                    // place it may be. "PubliclyAccessible ... false"
                    // gives it no public address.
                    let groups = reader.groups(property("VPCSecurityGroups"));
                    let public_ip = property("PubliclyAccessible").and_then(literal_bool);
                    let subnet_group = reader.reference(property("DBSubnetGroupName"), "AWS::RDS::DBSubnetGroup");
                    let subnets: Vec<Reference<'t>> = match subnet_group {
                        Ok(group) => match template.resources[group].properties.get("SubnetIds") {
                            Some(Expr::List(subnets)) => {
                                subnets.iter().map(|s| reader.reference(Some(s), "AWS::EC2::Subnet")).collect()
                            }
                            other => vec![Err(Unknown::of(other))],
                        },
                        Err(what) => vec![Err(what)],
                    };
                    for subnet in subnets {
                        network.interfaces.push(Interface {
                            owner: id,
                            kind: InterfaceKind::Database,
                            subnet,
                            groups: groups.clone(),
                            public_ip,
                        });
                    }
                }
                _ => {}
            }
        }
        // An instance without a say of its own takes its subnet's setting.
        for index in inherit_public_ip {
            let interface = &mut network.interfaces[index];
            interface.public_ip = match interface.subnet {
                Ok(subnet) => network.subnets.get(subnet).and_then(|s| s.public_ip_on_launch),
                Err(_) => None,
            };
        }
        // "If you don't specify a security group when you launch an
        // instance, the instance is launched into the appropriate default
        // security group"; likewise an RDS instance ("Default: The default
        // EC2 VPC security group for the DB subnet group's VPC") and an
        // interface endpoint
        // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html,
        // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
        // Its rules are not in the template: a group not known at synth.
        // A NAT gateway has no security group.
        for interface in &mut network.interfaces {
            if interface.kind != InterfaceKind::NatGateway && interface.groups.is_empty() {
                interface.groups.push(Err(Unknown::new(
                    "its VPC's default security group (it names none), whose rules are not in the template",
                )));
            }
        }
        // Associations, routes and Elastic IPs last: they need the
        // subnets, tables and instances.
        for (id, resource) in &template.resources {
            let id = id.as_str();
            let conditional = resource.condition.is_some();
            let property = |name: &str| resource.properties.get(name);
            match resource.resource_type.as_str() {
                kind @ ("AWS::EC2::SubnetRouteTableAssociation" | "AWS::EC2::SubnetNetworkAclAssociation") => {
                    let route_table = kind == "AWS::EC2::SubnetRouteTableAssociation";
                    let (key, other_type) = if route_table {
                        ("RouteTableId", "AWS::EC2::RouteTable")
                    } else {
                        ("NetworkAclId", "AWS::EC2::NetworkAcl")
                    };
                    // A table or ACL the template does not declare (an
                    // import, a parameter) is not known at synth: the
                    // subnet does not keep the default for certain.
                    let other = reader.reference(property(key), other_type);
                    for (subnet, surely) in reader.named(property("SubnetId"), "AWS::EC2::Subnet") {
                        let association = match &other {
                            Ok(other) => Association::Template { id: other, conditional: conditional || !surely },
                            Err(what) => Association::Unknown(what.clone()),
                        };
                        if let Some(subnet) = network.subnets.get_mut(subnet) {
                            if route_table {
                                subnet.route_table.add(association);
                            } else {
                                subnet.acl.add(association);
                            }
                        }
                    }
                }
                "AWS::EC2::Route" => {
                    let destination = reader.destination(resource);
                    let target = reader.route_target(resource);
                    for (table, surely) in reader.named(property("RouteTableId"), "AWS::EC2::RouteTable") {
                        let route = Route {
                            id,
                            destination: destination.clone(),
                            target: target.clone(),
                            conditional: conditional || !surely,
                        };
                        if let Some(table) = network.route_tables.get_mut(table) {
                            table.routes.push(route);
                        }
                    }
                }
                "AWS::EC2::SecurityGroup" => {
                    let (ingress, _) = reader.inline_rules(id, property("SecurityGroupIngress"), false, conditional);
                    let (mut egress, declared) =
                        reader.inline_rules(id, property("SecurityGroupEgress"), true, conditional);
                    // "When you create a security group, if you do not add
                    // egress rules, we add egress rules that allow all
                    // outbound IPv4 and IPv6 traffic. Otherwise, we do not
                    // add them"
                    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html):
                    // an empty list adds none, so the default rule stays;
                    // a list not written out may or may not add one.
                    if declared != Some(true) {
                        egress.push(GroupRule {
                            id,
                            peer: Peer::Cidr((0, u32::MAX)),
                            traffic: Some(Traffic::all()),
                            conditional: declared.is_none(),
                        });
                    }
                    if let Some(group) = network.groups.get_mut(id) {
                        group.ingress.splice(0..0, ingress);
                        group.egress.splice(0..0, egress);
                    }
                }
                "AWS::EC2::EIP" | "AWS::EC2::EIPAssociation" => {
                    for (instance, surely) in reader.named(property("InstanceId"), "AWS::EC2::Instance") {
                        let certain = surely && !conditional;
                        for interface in network.interfaces.iter_mut().filter(|i| i.owner == instance) {
                            // An Elastic IP that may not exist makes an
                            // instance without a public address one that
                            // may have one.
                            interface.public_ip = match interface.public_ip {
                                _ if certain => Some(true),
                                Some(true) => Some(true),
                                _ => None,
                            };
                        }
                    }
                }
                _ => {}
            }
        }
        for acl in network.acls.values_mut() {
            acl.entries.sort_by_key(|entry| entry.number.unwrap_or(u32::MAX));
        }
        for vpc in network.vpcs.values_mut() {
            vpc.default_acl.sort_by_key(|entry| entry.number.unwrap_or(u32::MAX));
        }
        network
    }

    /// The construct path of a logical ID, for messages.
    pub(crate) fn path(&self, id: &str) -> String {
        self.paths.get(id).map_or_else(|| id.to_owned(), |path| (*path).to_owned())
    }
}

struct Reader<'t> {
    template: &'t Template,
}

impl<'t> Reader<'t> {
    /// The resource of `resource_type` that `expr` refers to, or what it is.
    fn reference(&self, expr: Option<&'t Expr>, resource_type: &str) -> Reference<'t> {
        let Some(expr) = expr else { return Err(Unknown::of(None)) };
        match expr {
            Expr::Ref(id) | Expr::GetAtt(id, _) => match self.template.resources.get_key_value(id.as_str()) {
                Some((id, resource)) if resource.resource_type == resource_type => Ok(id.as_str()),
                _ => Err(Unknown::of(Some(expr))),
            },
            _ => Err(Unknown::of(Some(expr))),
        }
    }

    /// The resources of `resource_type` that `expr` names, each with
    /// whether it certainly does: a `Ref` or `Fn::GetAtt` names one for
    /// certain; a value not known at synth (`Fn::If` between two tables,
    /// say) may name each one it mentions.
    fn named(&self, expr: Option<&'t Expr>, resource_type: &str) -> Vec<(&'t str, bool)> {
        self.named_by(expr, |resource, _| resource.resource_type == resource_type)
    }

    /// [`Reader::named`] for the resources (and attributes) `accept` takes.
    fn named_by(
        &self,
        expr: Option<&'t Expr>,
        accept: impl Fn(&cfnkit_template::Resource, Option<&str>) -> bool,
    ) -> Vec<(&'t str, bool)> {
        let Some(expr) = expr else { return Vec::new() };
        let accepted = |name: &str, attribute: Option<&str>| {
            self.template
                .resources
                .get_key_value(name)
                .filter(|(_, resource)| accept(resource, attribute))
                .map(|(id, _)| id.as_str())
        };
        match expr {
            Expr::Ref(name) => return accepted(name, None).map(|id| (id, true)).into_iter().collect(),
            Expr::GetAtt(name, attribute) => {
                return accepted(name, Some(attribute)).map(|id| (id, true)).into_iter().collect()
            }
            _ => {}
        }
        let mut found: Vec<(&'t str, bool)> = Vec::new();
        let mut add = |id: Option<&'t str>| {
            if let Some(id) = id.filter(|id| !found.iter().any(|(f, _)| f == id)) {
                found.push((id, false));
            }
        };
        expr.visit_references(&mut |reference| match reference {
            cfnkit_template::Reference::Ref(name) => add(accepted(name, None)),
            cfnkit_template::Reference::GetAtt(name, attribute) => add(accepted(name, Some(attribute))),
            _ => {}
        });
        expr.visit_subs(&mut |text, variables| {
            for (name, attribute) in sub_names(text) {
                if !variables.contains_key(name) {
                    add(accepted(name, attribute));
                }
            }
        });
        found
    }

    /// [`Reader::named`] for a list: each item's, or what a list not
    /// written out may name.
    fn named_in_list(&self, list: Option<&'t Expr>, resource_type: &str) -> Vec<(&'t str, bool)> {
        match list {
            Some(Expr::List(items)) => items.iter().flat_map(|item| self.named(Some(item), resource_type)).collect(),
            other => self.named(other, resource_type).into_iter().map(|(id, _)| (id, false)).collect(),
        }
    }

    /// The security groups a `SecurityGroupIds`-like list names: each a
    /// group of the template or not; a list not written out (a `Ref` to a
    /// list parameter, an `Fn::If`) is a set of groups not known at synth.
    fn groups(&self, list: Option<&'t Expr>) -> Vec<Reference<'t>> {
        match list {
            None => Vec::new(),
            Some(Expr::List(items)) => {
                items.iter().map(|g| self.reference(Some(g), "AWS::EC2::SecurityGroup")).collect()
            }
            Some(other) => vec![Err(Unknown::new(format!("the groups of {}", describe(Some(other)))))],
        }
    }

    /// The rules of an inline `SecurityGroupIngress` or
    /// `SecurityGroupEgress`, and whether it certainly declares one
    /// (`Some(true)`), certainly none (`Some(false)`), or may (`None`): an
    /// item or list not written out may be any rule, or none.
    fn inline_rules(
        &self,
        id: &'t str,
        list: Option<&'t Expr>,
        egress: bool,
        conditional: bool,
    ) -> (Vec<GroupRule<'t>>, Option<bool>) {
        let unknown_rule =
            |what: &Expr| GroupRule { id, peer: Peer::Unknown(describe(Some(what))), traffic: None, conditional: true };
        let items = match list {
            None => return (Vec::new(), Some(false)),
            Some(Expr::List(items)) => items,
            Some(other) => return (vec![unknown_rule(other)], None),
        };
        let mut rules = Vec::new();
        let mut declared = Some(false);
        for item in items {
            match item.as_map() {
                Some(rule) => {
                    rules.push(self.group_rule(id, rule, egress, conditional));
                    declared = Some(true);
                }
                None => {
                    rules.push(unknown_rule(item));
                    if declared == Some(false) {
                        declared = None;
                    }
                }
            }
        }
        (rules, declared)
    }

    fn group_rule(
        &self,
        id: &'t str,
        rule: &'t IndexMap<String, Expr>,
        egress: bool,
        conditional: bool,
    ) -> GroupRule<'t> {
        let (cidr_key, group_key, list_key) = if egress {
            ("CidrIp", "DestinationSecurityGroupId", "DestinationPrefixListId")
        } else {
            ("CidrIp", "SourceSecurityGroupId", "SourcePrefixListId")
        };
        let peer = if let Some(cidr) = rule.get(cidr_key) {
            match literal_cidr(cidr) {
                Some(range) => Peer::Cidr(range),
                None => Peer::Unknown(describe(Some(cidr))),
            }
        } else if rule.contains_key("CidrIpv6") {
            Peer::Ipv6
        } else if let Some(group) = rule.get(group_key) {
            Peer::Group(self.reference(Some(group), "AWS::EC2::SecurityGroup"))
        } else if let Some(list) = rule.get(list_key) {
            Peer::PrefixList(describe(Some(list)))
        } else {
            Peer::Unknown("a peer this analysis does not read".to_owned())
        };
        GroupRule {
            id,
            peer,
            traffic: rule_traffic(rule.get("IpProtocol"), rule.get("FromPort"), rule.get("ToPort")),
            conditional,
        }
    }

    fn acl_entry(&self, id: &'t str, entry: &'t IndexMap<String, Expr>, conditional: bool) -> Option<AclEntry<'t>> {
        if entry.contains_key("Ipv6CidrBlock") {
            return None;
        }
        let protocol = entry.get("Protocol").and_then(literal_i64);
        let traffic = match protocol {
            Some(1) => {
                let icmp = entry.get("Icmp");
                match icmp.and_then(|i| i.get("Type")) {
                    None => Some(Traffic::protocol(1, 0, 255)),
                    Some(kind) => match literal_i64(kind) {
                        Some(-1) => Some(Traffic::protocol(1, 0, 255)),
                        Some(t) if (0..=255).contains(&t) => Some(Traffic::protocol(1, t as u32, t as u32)),
                        _ => None,
                    },
                }
            }
            Some(p @ (6 | 17)) => {
                let range = entry.get("PortRange");
                let from = range.and_then(|r| r.get("From")).and_then(literal_i64);
                let to = range.and_then(|r| r.get("To")).and_then(literal_i64);
                match (from, to) {
                    (Some(from), Some(to)) if from >= 0 && to >= from => {
                        Some(Traffic::protocol(p, from as u32, to as u32))
                    }
                    _ => None,
                }
            }
            Some(p) => Some(Traffic::protocol(p, 0, 65535)),
            None => None,
        };
        Some(AclEntry {
            id,
            // "Rule numbers ... from 1 to 32766"
            // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
            number: entry.get("RuleNumber").and_then(literal_i64).filter(|n| (1..=32766).contains(n)).map(|n| n as u32),
            // Inbound when `Egress` is not set.
            egress: match entry.get("Egress") {
                None => Some(false),
                Some(egress) => literal_bool(egress),
            },
            allow: match entry.get("RuleAction").and_then(Expr::as_str) {
                Some("allow") => Some(true),
                Some("deny") => Some(false),
                _ => None,
            },
            traffic,
            cidr: entry.get("CidrBlock").and_then(literal_cidr),
            conditional,
        })
    }

    fn destination(&self, route: &'t cfnkit_template::Resource) -> Destination {
        let property = |name: &str| route.properties.get(name);
        if let Some(cidr) = property("DestinationCidrBlock") {
            match literal_cidr(cidr) {
                Some(range) => Destination::Cidr(range),
                None => Destination::Unknown(describe(Some(cidr))),
            }
        } else if property("DestinationIpv6CidrBlock").is_some() {
            Destination::Ipv6
        } else {
            Destination::Unknown(describe(property("DestinationPrefixListId")))
        }
    }

    fn route_target(&self, route: &'t cfnkit_template::Resource) -> RouteTarget<'t> {
        let property = |name: &str| route.properties.get(name);
        if let Some(gateway) = property("GatewayId") {
            return match self.reference(Some(gateway), "AWS::EC2::InternetGateway") {
                Ok(id) => RouteTarget::InternetGateway(Ok(id)),
                Err(what) if what.what().contains("igw-") => RouteTarget::InternetGateway(Err(what)),
                Err(what) => RouteTarget::Other("gateway", what.to_string()),
            };
        }
        if let Some(nat) = property("NatGatewayId") {
            return RouteTarget::NatGateway(self.reference(Some(nat), "AWS::EC2::NatGateway"));
        }
        if let Some(peering) = property("VpcPeeringConnectionId") {
            return RouteTarget::Peering(describe(Some(peering)));
        }
        for (key, kind) in [
            ("TransitGatewayId", "transit gateway"),
            ("InstanceId", "instance"),
            ("NetworkInterfaceId", "network interface"),
            ("VpcEndpointId", "VPC endpoint"),
            ("EgressOnlyInternetGatewayId", "egress-only internet gateway"),
            ("CarrierGatewayId", "carrier gateway"),
            ("LocalGatewayId", "local gateway"),
            ("CoreNetworkArn", "core network"),
        ] {
            if let Some(value) = property(key) {
                return RouteTarget::Other(kind, describe(Some(value)));
            }
        }
        RouteTarget::Other("nothing", "no target".to_owned())
    }

    /// An instance's primary interface, and whether it takes its public
    /// IP from its subnet (it says nothing of its own).
    fn instance(&self, id: &'t str, properties: &'t IndexMap<String, Expr>) -> (Interface<'t>, bool) {
        let property = |name: &str| properties.get(name);
        let primary = list_items(property("NetworkInterfaces"))
            .filter_map(Expr::as_map)
            .find(|interface| interface.get("DeviceIndex").and_then(literal_i64) == Some(0));
        let (subnet, groups, public_ip, inherits) = match primary {
            Some(interface) => (
                interface.get("SubnetId"),
                self.groups(interface.get("GroupSet")),
                interface.get("AssociatePublicIpAddress").and_then(literal_bool),
                !interface.contains_key("AssociatePublicIpAddress"),
            ),
            None => (
                property("SubnetId"),
                [self.groups(property("SecurityGroupIds")), self.groups(property("SecurityGroups"))].concat(),
                None,
                true,
            ),
        };
        let interface = Interface {
            owner: id,
            kind: InterfaceKind::Instance,
            subnet: self.reference(subnet, "AWS::EC2::Subnet"),
            groups,
            public_ip,
        };
        (interface, inherits)
    }
}

/// The traffic of a security group rule: `IpProtocol` by name or number,
/// `FromPort`/`ToPort` (ICMP type and code for ICMP; -1 for all).
pub(crate) fn rule_traffic(protocol: Option<&Expr>, from: Option<&Expr>, to: Option<&Expr>) -> Option<Traffic> {
    let protocol = match protocol? {
        Expr::String(name) => match name.to_ascii_lowercase().as_str() {
            "-1" | "all" => -1,
            "tcp" => 6,
            "udp" => 17,
            "icmp" => 1,
            "icmpv6" => 58,
            other => other.parse().ok()?,
        },
        Expr::Number(n) => n.as_i64()?,
        _ => return None,
    };
    match protocol {
        -1 => Some(Traffic::all()),
        6 | 17 => {
            let from = literal_i64(from?)?;
            let to = literal_i64(to?)?;
            if from == -1 && to == -1 {
                return Some(Traffic::protocol(protocol, 0, 65535));
            }
            (from >= 0 && to >= from).then(|| Traffic::protocol(protocol, from as u32, to as u32))
        }
        1 => match from.map(literal_i64) {
            None | Some(Some(-1)) => Some(Traffic::protocol(1, 0, 255)),
            Some(Some(t)) if (0..=255).contains(&t) => Some(Traffic::protocol(1, t as u32, t as u32)),
            _ => None,
        },
        // ICMPv6 and the rest: IPv6 is not analysed; another protocol is whole.
        58 => Some(Traffic::none()),
        n => Some(Traffic::protocol(n, 0, 65535)),
    }
}

/// The items of a literal list (the branches of an `Fn::If` are not
/// items: what they hold is not known at synth).
pub(crate) fn list_items(expr: Option<&Expr>) -> impl Iterator<Item = &Expr> {
    expr.and_then(Expr::as_list).unwrap_or(&[]).iter()
}

fn literal_cidr(expr: &Expr) -> Option<(u32, u32)> {
    cidr_range(expr.as_str()?)
}

fn literal_i64(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Number(n) => n.as_i64(),
        Expr::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn literal_bool(expr: &Expr) -> Option<bool> {
    match expr {
        Expr::Bool(b) => Some(*b),
        Expr::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Expr::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An Availability Zone as the template names it: literally, or as the
/// `n`th of `Fn::GetAZs` (two subnets that spell it alike share it).
fn zone_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::String(name) => Some(name.clone()),
        Expr::Select(index, list) if matches!(**list, Expr::GetAzs(_)) => {
            literal_i64(index).map(|n| format!("AZ #{n}"))
        }
        _ => None,
    }
}

/// The S3 or DynamoDB gateway endpoint's service: `com.amazonaws.<region>.s3`,
/// literal or through `Fn::Sub`/`Fn::Join`.
fn gateway_service(expr: &Expr) -> Option<Service> {
    let text = match expr {
        Expr::String(text) | Expr::Sub(text, _) => text.clone(),
        Expr::Join(_, parts) => parts.as_list()?.iter().filter_map(Expr::as_str).collect::<Vec<_>>().join("."),
        _ => return None,
    };
    if text.ends_with(".s3") || text.ends_with("s3") && text.contains("com.amazonaws") {
        Some(Service::S3)
    } else if text.ends_with(".dynamodb") || text.ends_with("dynamodb") && text.contains("com.amazonaws") {
        Some(Service::DynamoDb)
    } else {
        None
    }
}

/// What a value that the template does not decide is, for messages.
pub(crate) fn describe(expr: Option<&Expr>) -> String {
    match expr {
        None => "nothing (the property is not set)".to_owned(),
        Some(Expr::Ref(name)) => format!("the value of {name} (a parameter or another template's resource)"),
        Some(Expr::String(text)) => format!("the literal {text:?}, which this template does not declare"),
        Some(Expr::ImportValue(name)) => format!("the import {}", name.to_json()),
        Some(Expr::If(condition, _, _)) => format!("condition {condition}"),
        Some(other) => format!("{} (known only at deploy)", other.to_json()),
    }
}
