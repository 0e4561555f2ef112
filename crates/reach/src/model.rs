//! The network a template declares, read from its resources: VPCs,
//! subnets, route tables, gateways, security groups, network ACLs,
//! endpoints and the network interfaces of functions and instances.
//!
//! Whatever the template does not say (an imported subnet id, a parameter,
//! a literal `sg-...`) is kept as unknown with what would decide it, so
//! that the analysis answers "unknown" rather than guessing.
use std::collections::HashMap;

use cfnkit_template::{Expr, Template};
use indexmap::IndexMap;

use crate::sets::{cidr_range, Traffic};

/// What a value is when the template does not say: the text that would
/// decide it ("parameter SubnetIds", "the literal subnet-0abc").
pub type Unknown = String;

/// A reference to a resource of the template, or what else it is.
pub type Reference<'t> = Result<&'t str, Unknown>;

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
pub(crate) struct VpcInfo {
    pub(crate) cidrs: Vec<(u32, u32)>,
    pub(crate) internet_gateway: Option<String>,
}

#[derive(Debug)]
pub(crate) struct SubnetInfo<'t> {
    pub(crate) vpc: Reference<'t>,
    pub(crate) cidr: Option<(u32, u32)>,
    pub(crate) zone: Option<String>,
    pub(crate) public_ip_on_launch: Option<bool>,
    pub(crate) route_table: Option<&'t str>,
    pub(crate) acl: Option<&'t str>,
}

/// Where a route sends traffic.
#[derive(Clone, Debug)]
pub(crate) enum RouteTarget<'t> {
    InternetGateway(Reference<'t>),
    NatGateway(Reference<'t>),
    GatewayEndpoint(Service),
    /// A target this analysis does not follow (peering, transit gateway,
    /// an instance, ...), by kind.
    Other(&'static str, String),
}

#[derive(Clone, Debug)]
pub(crate) enum Destination {
    Cidr((u32, u32)),
    Service(Service),
    Ipv6,
    Unknown(Unknown),
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

#[derive(Debug)]
pub(crate) struct NatInfo<'t> {
    pub(crate) subnet: Reference<'t>,
    pub(crate) public: bool,
    pub(crate) has_elastic_ip: bool,
    /// `AvailabilityMode: regional`: it spans the VPC's AZs and needs no
    /// public subnet ("with a regional NAT Gateway, you don't need to
    /// create a public subnet to host it",
    /// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html).
    pub(crate) regional: Option<Reference<'t>>,
}

/// Who a security group rule names.
#[derive(Clone, Debug)]
pub(crate) enum Peer<'t> {
    Cidr((u32, u32)),
    Ipv6,
    Group(Reference<'t>),
    PrefixList(Unknown),
    Unknown(Unknown),
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
    pub(crate) number: Option<u32>,
    pub(crate) egress: bool,
    pub(crate) allow: bool,
    pub(crate) traffic: Option<Traffic>,
    /// `None` when not known; IPv6 entries are left out.
    pub(crate) cidr: Option<(u32, u32)>,
    pub(crate) conditional: bool,
}

#[derive(Debug, Default)]
pub(crate) struct AclInfo<'t> {
    /// In rule-number order.
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
    pub(crate) groups: Vec<Reference<'t>>,
    /// Whether it has a public IPv4 address (or an Elastic IP); `None`
    /// when that is not known at synth.
    pub(crate) public_ip: Option<bool>,
}

/// The network of one template.
#[derive(Debug, Default)]
pub struct Network<'t> {
    pub(crate) paths: HashMap<&'t str, &'t str>,
    pub(crate) vpcs: IndexMap<&'t str, VpcInfo>,
    pub(crate) subnets: IndexMap<&'t str, SubnetInfo<'t>>,
    pub(crate) route_tables: IndexMap<&'t str, RouteTableInfo<'t>>,
    pub(crate) internet_gateways: IndexMap<&'t str, Option<Reference<'t>>>,
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
                    network.vpcs.insert(id, VpcInfo { cidrs, internet_gateway: None });
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
                    network.internet_gateways.insert(id, None);
                }
                _ => {}
            }
        }
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
                        route_table: None,
                        acl: None,
                    };
                    network.subnets.insert(id, subnet);
                }
                "AWS::EC2::VPCGatewayAttachment" => {
                    let gateway = reader.reference(property("InternetGatewayId"), "AWS::EC2::InternetGateway");
                    let vpc = reader.reference(property("VpcId"), "AWS::EC2::VPC");
                    if let Ok(gateway) = gateway {
                        network.internet_gateways.insert(gateway, Some(vpc.clone()));
                        if let Ok(vpc) = vpc {
                            if let Some(vpc) = network.vpcs.get_mut(vpc) {
                                vpc.internet_gateway = Some(gateway.to_owned());
                            }
                        }
                    }
                }
                "AWS::EC2::NatGateway" => {
                    let public = property("ConnectivityType").and_then(Expr::as_str) != Some("private");
                    network.nats.insert(
                        id,
                        NatInfo {
                            subnet: reader.reference(property("SubnetId"), "AWS::EC2::Subnet"),
                            public,
                            has_elastic_ip: property("AllocationId").is_some()
                                || property("AvailabilityMode").and_then(Expr::as_str) == Some("regional"),
                            regional: (property("AvailabilityMode").and_then(Expr::as_str) == Some("regional"))
                                .then(|| reader.reference(property("VpcId"), "AWS::EC2::VPC")),
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
                        public_ip: Some(public && property("AllocationId").is_some()),
                    });
                }
                "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                    if let Ok(group) = reader.reference(property("GroupId"), "AWS::EC2::SecurityGroup") {
                        let egress = resource.resource_type == "AWS::EC2::SecurityGroupEgress";
                        let rule = reader.group_rule(id, &resource.properties, egress, conditional);
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
                    if let Ok(acl) = reader.reference(property("NetworkAclId"), "AWS::EC2::NetworkAcl") {
                        let entry = reader.acl_entry(id, &resource.properties, conditional);
                        if let (Some(acl), Some(entry)) = (network.acls.get_mut(acl), entry) {
                            acl.entries.push(entry);
                        }
                    }
                }
                "AWS::EC2::VPCEndpoint" => {
                    let service = property("ServiceName").and_then(gateway_service);
                    let gateway = property("VpcEndpointType").and_then(Expr::as_str).map_or(true, |t| t == "Gateway");
                    if gateway {
                        for table in list_items(property("RouteTableIds")) {
                            let (Ok(table), Some(service)) =
                                (reader.reference(Some(table), "AWS::EC2::RouteTable"), &service)
                            else {
                                continue;
                            };
                            if let Some(table) = network.route_tables.get_mut(table) {
                                table.routes.push(Route {
                                    id,
                                    destination: Destination::Service(service.clone()),
                                    target: RouteTarget::GatewayEndpoint(service.clone()),
                                    conditional,
                                });
                            }
                        }
                    } else {
                        let groups: Vec<Reference<'t>> = list_items(property("SecurityGroupIds"))
                            .map(|g| reader.reference(Some(g), "AWS::EC2::SecurityGroup"))
                            .collect();
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
                    let groups: Vec<Reference<'t>> = list_items(config.get("SecurityGroupIds"))
                        .map(|g| reader.reference(Some(g), "AWS::EC2::SecurityGroup"))
                        .collect();
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
                        network.interfaces.push(Interface {
                            owner: id,
                            kind: InterfaceKind::Lambda,
                            subnet: Err(describe(subnets)),
                            groups,
                            public_ip: Some(false),
                        });
                    }
                }
                "AWS::EC2::Instance" => network.interfaces.push(reader.instance(id, &resource.properties)),
                "AWS::RDS::DBInstance" => {
                    // The instance's interface is in one subnet of its
                    // subnet group, which one is RDS's choice: each is a
                    // place it may be. "PubliclyAccessible ... false"
                    // gives it no public address.
                    let groups: Vec<Reference<'t>> = list_items(property("VPCSecurityGroups"))
                        .map(|g| reader.reference(Some(g), "AWS::EC2::SecurityGroup"))
                        .collect();
                    let public_ip = property("PubliclyAccessible").and_then(literal_bool);
                    let subnet_group = reader.reference(property("DBSubnetGroupName"), "AWS::RDS::DBSubnetGroup");
                    let subnets: Vec<Reference<'t>> = match subnet_group {
                        Ok(group) => list_items(template.resources[group].properties.get("SubnetIds"))
                            .map(|s| reader.reference(Some(s), "AWS::EC2::Subnet"))
                            .collect(),
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
        // Associations and routes last: they need the subnets and tables.
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
                    let subnet = reader.reference(property("SubnetId"), "AWS::EC2::Subnet");
                    let other = reader.reference(property(key), other_type);
                    if let (Ok(subnet), Ok(other)) = (subnet, other) {
                        if let Some(subnet) = network.subnets.get_mut(subnet) {
                            if route_table {
                                subnet.route_table = Some(other);
                            } else {
                                subnet.acl = Some(other);
                            }
                        }
                    }
                }
                "AWS::EC2::Route" => {
                    let Ok(table) = reader.reference(property("RouteTableId"), "AWS::EC2::RouteTable") else {
                        continue;
                    };
                    let route = Route {
                        id,
                        destination: reader.destination(resource),
                        target: reader.route_target(resource),
                        conditional,
                    };
                    if let Some(table) = network.route_tables.get_mut(table) {
                        table.routes.push(route);
                    }
                }
                "AWS::EC2::SecurityGroup" => {
                    let rules = |key: &str, egress: bool| -> Vec<GroupRule<'t>> {
                        list_items(property(key))
                            .filter_map(Expr::as_map)
                            .map(|rule| reader.group_rule(id, rule, egress, conditional))
                            .collect()
                    };
                    let ingress = rules("SecurityGroupIngress", false);
                    // "When you specify a VPC security group, Amazon EC2
                    // creates a default egress rule that allows egress
                    // traffic on all ports and IP protocols to any
                    // location. The default rule is removed only when you
                    // specify one or more egress rules"
                    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html).
                    let egress = match property("SecurityGroupEgress") {
                        None => vec![GroupRule {
                            id,
                            peer: Peer::Cidr((0, u32::MAX)),
                            traffic: Some(Traffic::all()),
                            conditional: false,
                        }],
                        Some(_) => rules("SecurityGroupEgress", true),
                    };
                    if let Some(group) = network.groups.get_mut(id) {
                        group.ingress.splice(0..0, ingress);
                        group.egress.splice(0..0, egress);
                    }
                }
                "AWS::EC2::EIP" | "AWS::EC2::EIPAssociation" => {
                    if let Ok(instance) = reader.reference(property("InstanceId"), "AWS::EC2::Instance") {
                        for interface in network.interfaces.iter_mut().filter(|i| i.owner == instance) {
                            interface.public_ip = Some(true);
                        }
                    }
                }
                _ => {}
            }
        }
        for acl in network.acls.values_mut() {
            acl.entries.sort_by_key(|entry| entry.number.unwrap_or(u32::MAX));
        }
        // An instance without a say of its own takes its subnet's setting.
        let subnets = &network.subnets;
        for interface in &mut network.interfaces {
            if interface.kind == InterfaceKind::Instance && interface.public_ip.is_none() {
                interface.public_ip = match interface.subnet {
                    Ok(subnet) => subnets.get(subnet).and_then(|s| s.public_ip_on_launch),
                    Err(_) => None,
                };
            }
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
        let Some(expr) = expr else { return Err("nothing (the property is not set)".to_owned()) };
        match expr {
            Expr::Ref(id) | Expr::GetAtt(id, _) => match self.template.resources.get_key_value(id.as_str()) {
                Some((id, resource)) if resource.resource_type == resource_type => Ok(id.as_str()),
                _ => Err(describe(Some(expr))),
            },
            _ => Err(describe(Some(expr))),
        }
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
            number: entry.get("RuleNumber").and_then(literal_i64).map(|n| n as u32),
            egress: entry.get("Egress").is_some_and(|e| literal_bool(e) == Some(true)),
            allow: entry.get("RuleAction").and_then(Expr::as_str) == Some("allow"),
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
                Err(what) if what.contains("igw-") => RouteTarget::InternetGateway(Err(what)),
                Err(what) => RouteTarget::Other("gateway", what),
            };
        }
        if let Some(nat) = property("NatGatewayId") {
            return RouteTarget::NatGateway(self.reference(Some(nat), "AWS::EC2::NatGateway"));
        }
        for (key, kind) in [
            ("VpcPeeringConnectionId", "VPC peering connection"),
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

    fn instance(&self, id: &'t str, properties: &'t IndexMap<String, Expr>) -> Interface<'t> {
        let property = |name: &str| properties.get(name);
        let primary = list_items(property("NetworkInterfaces"))
            .filter_map(Expr::as_map)
            .find(|interface| interface.get("DeviceIndex").and_then(literal_i64) == Some(0));
        let (subnet, groups, public_ip) = match primary {
            Some(interface) => (
                interface.get("SubnetId"),
                list_items(interface.get("GroupSet")).collect::<Vec<_>>(),
                interface.get("AssociatePublicIpAddress").and_then(literal_bool),
            ),
            None => (
                property("SubnetId"),
                list_items(property("SecurityGroupIds")).chain(list_items(property("SecurityGroups"))).collect(),
                None,
            ),
        };
        Interface {
            owner: id,
            kind: InterfaceKind::Instance,
            subnet: self.reference(subnet, "AWS::EC2::Subnet"),
            groups: groups.into_iter().map(|g| self.reference(Some(g), "AWS::EC2::SecurityGroup")).collect(),
            public_ip,
        }
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
