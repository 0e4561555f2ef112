//! Reachability at synth: scenarios whose answers AWS documents, each
//! cited, built through the public API (L2 constructs where they exist,
//! L1 resources where a scenario needs what the constructs refuse to
//! build), and intents that fail with their messages snapshot-tested.
use std::collections::HashMap;
use std::time::Duration;

#[allow(dead_code)]
#[path = "../../../examples/web-backend.rs"]
mod example;

use cfnkit::reach::{Analysis, Network, Service, Traffic as Flows};
use cfnkit::synth::{synth, SynthError, Template};
use cfnkit_tests::names::*;
use cfnkit_tests::snapshot;

/// The analysis of a synthesised template, queried by construct path.
struct Net<'t> {
    template: &'t Template,
}

impl<'t> Net<'t> {
    fn with<R>(&self, query: impl FnOnce(&Analysis<'_, '_>, &dyn Fn(&str) -> String) -> R) -> R {
        let paths: HashMap<&str, &str> = self.template.logical_ids().map(|(path, id)| (id, path)).collect();
        let network = Network::read(self.template.model(), paths);
        let analysis = Analysis::new(&network);
        let id = |path: &str| self.template.logical_id(path).unwrap_or_else(|| panic!("no {path}")).to_owned();
        query(&analysis, &id)
    }

    /// What every interface of `path` certainly sends to the internet.
    fn egress(&self, path: &str) -> Flows {
        self.with(|a, id| meet(a.internet_egress(&id(path)).iter().map(|o| o.certain())))
    }

    /// What may reach `path` from the internet, on any interface.
    fn ingress(&self, path: &str) -> Flows {
        self.with(|a, id| join(a.internet_ingress(&id(path)).iter().map(|o| o.possible())))
    }

    fn flow(&self, from: &str, to: &str) -> Flows {
        self.with(|a, id| meet(a.flows(&id(from), &id(to)).iter().map(|o| o.certain())))
    }

    fn possible_flow(&self, from: &str, to: &str) -> Flows {
        self.with(|a, id| join(a.flows(&id(from), &id(to)).iter().map(|o| o.possible())))
    }

    fn service(&self, from: &str, service: Service) -> Flows {
        self.with(|a, id| meet(a.service_paths(&id(from), &service).iter().map(|o| o.certain())))
    }

    /// The blockers of `wanted` on the way from `path` to the internet, as
    /// `component (what)`.
    fn egress_blockers(&self, path: &str, wanted: &Flows) -> Vec<String> {
        self.with(|a, id| {
            a.internet_egress(&id(path))
                .iter()
                .flat_map(|o| o.blockers(wanted).into_iter().map(|l| format!("{} ({})", l.component, l.what)))
                .collect()
        })
    }
}

fn meet(sets: impl Iterator<Item = Flows>) -> Flows {
    let mut all: Option<Flows> = None;
    for set in sets {
        all = Some(match all {
            Some(acc) => acc.intersect(&set),
            None => set,
        });
    }
    all.expect("the endpoint has interfaces")
}

fn join(sets: impl Iterator<Item = Flows>) -> Flows {
    sets.fold(Flows::none(), |acc, set| acc.union(&set))
}

fn https() -> Flows {
    Flows::tcp(443, 443)
}

fn function(stack: &mut Stack, vpc: &Vpc, id: &str, selection: SubnetSelection) -> VpcFunction {
    VpcFunction::builder(vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .timeout(Duration::from_secs(10))
        .subnets(selection)
        .build(stack, id)
        .unwrap()
}

/// "Enable internet access for VPC-connected Lambda functions": private
/// subnets whose default route goes to a NAT gateway in a public subnet
/// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html).
#[test]
fn a_function_in_private_subnets_behind_a_nat_reaches_the_internet_and_is_never_reached() {
    let mut stack = Stack::new("Nat");
    let vpc = Vpc::builder().max_azs(2).build(&mut stack, "Vpc").unwrap();
    function(&mut stack, &vpc, "Fn", SubnetSelection::Kind(SubnetKind::PrivateWithEgress));
    let template = synth(&stack).unwrap();
    let net = Net { template: &template };
    assert_eq!(net.egress("Fn/Resource"), Flows::all());
    assert!(net.ingress("Fn/Resource").is_empty());
    let report = template.network_report();
    assert_eq!(report.egress.len(), 2, "one interface per private subnet");
    assert!(report.egress.iter().all(|row| row.nat.is_some()));
    assert!(report.warnings.is_empty(), "a NAT per AZ: {:?}", report.warnings);
}

/// "Connecting a function to a public subnet doesn't give it internet
/// access or a public IP address"
/// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html).
#[test]
fn a_function_only_in_a_public_subnet_has_no_internet() {
    let mut stack = Stack::new("Public");
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::public("Public")).build(&mut stack, "Vpc").unwrap();
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .allow_public_subnet()
        .build(&mut stack, "Fn")
        .unwrap();
    let template = synth(&stack).unwrap();
    let net = Net { template: &template };
    assert!(net.egress("Fn/Resource").is_empty());
    assert_eq!(net.egress_blockers("Fn/Resource", &https()), ["Fn/Resource (public IP)"]);
}

/// Private subnets with only an S3 gateway endpoint: the endpoint adds a
/// route to S3's prefix list, and nothing routes to the internet
/// (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html;
/// the Lambda guide's `vpc-private.yaml` sample is this network).
#[test]
fn isolated_subnets_with_a_gateway_endpoint_reach_s3_and_not_the_internet() {
    let mut stack = Stack::new("Endpoints");
    let vpc = Vpc::builder()
        .max_azs(2)
        .subnet_group(SubnetGroup::isolated("Data"))
        .gateway_endpoint(GatewayService::S3)
        .build(&mut stack, "Vpc")
        .unwrap();
    function(&mut stack, &vpc, "Fn", SubnetSelection::Kind(SubnetKind::Isolated));
    let template = synth(&stack).unwrap();
    let net = Net { template: &template };
    assert!(net.egress("Fn/Resource").is_empty());
    assert!(net.service("Fn/Resource", Service::S3).covers(&https()));
    assert!(net.service("Fn/Resource", Service::DynamoDb).is_empty(), "no DynamoDB endpoint, no internet");
}

/// A network ACL entry: number, egress, action, protocol, ports, CIDR.
type AclRow<'a> = (u32, bool, &'a str, i64, (i64, i64), &'a str);

/// A small L1 network: one VPC, subnets as asked, each with its own route
/// table; `routes` are (subnet index, destination, target kind, target
/// index) with kinds "igw" and "nat".
struct L1Net {
    stack: Stack,
    vpc: Handle<RawResource>,
    subnets: Vec<Handle<RawResource>>,
    tables: Vec<Handle<RawResource>>,
    gateway: Handle<RawResource>,
}

impl L1Net {
    fn new(subnets: &[(&str, &str)]) -> L1Net {
        let mut stack = Stack::new("L1");
        let root = stack.root();
        let vpc =
            stack.add(&root, "Vpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16")).unwrap();
        let gateway = stack.add(&root, "Igw", RawResource::new("AWS::EC2::InternetGateway")).unwrap();
        let attachment = RawResource::new("AWS::EC2::VPCGatewayAttachment")
            .property("VpcId", vpc.reference())
            .property("InternetGatewayId", gateway.reference());
        stack.add(&root, "IgwAttachment", attachment).unwrap();
        let mut handles = Vec::new();
        let mut tables = Vec::new();
        for (index, (cidr, zone)) in subnets.iter().enumerate() {
            let subnet = RawResource::new("AWS::EC2::Subnet")
                .property("VpcId", vpc.reference())
                .property("CidrBlock", *cidr)
                .property("AvailabilityZone", *zone);
            let subnet = stack.add(&root, &format!("Subnet{index}"), subnet).unwrap();
            let table = stack
                .add(
                    &root,
                    &format!("Table{index}"),
                    RawResource::new("AWS::EC2::RouteTable").property("VpcId", vpc.reference()),
                )
                .unwrap();
            let association = RawResource::new("AWS::EC2::SubnetRouteTableAssociation")
                .property("SubnetId", subnet.reference())
                .property("RouteTableId", table.reference());
            stack.add(&root, &format!("Association{index}"), association).unwrap();
            handles.push(subnet);
            tables.push(table);
        }
        L1Net { stack, vpc, subnets: handles, tables, gateway }
    }

    fn route(&mut self, id: &str, table: usize, destination: &str, key: &str, target: Value) {
        let route = RawResource::new("AWS::EC2::Route")
            .property("RouteTableId", self.tables[table].reference())
            .property("DestinationCidrBlock", destination)
            .property(key, target);
        let root = self.stack.root();
        self.stack.add(&root, id, route).unwrap();
    }

    fn nat(&mut self, id: &str, subnet: usize) -> Handle<RawResource> {
        let root = self.stack.root();
        let eip = self
            .stack
            .add(&root, &format!("{id}Eip"), RawResource::new("AWS::EC2::EIP").property("Domain", "vpc"))
            .unwrap();
        let nat = RawResource::new("AWS::EC2::NatGateway")
            .property("SubnetId", self.subnets[subnet].reference())
            .property("AllocationId", eip.get_att("AllocationId"));
        self.stack.add(&root, id, nat).unwrap()
    }

    fn group(&mut self, id: &str, egress: Option<(i64, i64)>) -> Handle<RawResource> {
        let mut group = RawResource::new("AWS::EC2::SecurityGroup")
            .property("GroupDescription", id)
            .property("VpcId", self.vpc.reference());
        if let Some((from, to)) = egress {
            group = group.property(
                "SecurityGroupEgress",
                Value::List(vec![Value::map([
                    ("IpProtocol", Value::from("tcp")),
                    ("FromPort", Value::from(from)),
                    ("ToPort", Value::from(to)),
                    ("CidrIp", Value::from("0.0.0.0/0")),
                ])]),
            );
        }
        let root = self.stack.root();
        self.stack.add(&root, id, group).unwrap()
    }

    fn instance(&mut self, id: &str, subnet: usize, groups: &[&Handle<RawResource>], public_ip: bool) {
        let interface = Value::map([
            ("DeviceIndex", Value::from("0")),
            ("SubnetId", self.subnets[subnet].reference()),
            ("GroupSet", Value::List(groups.iter().map(|g| g.get_att("GroupId")).collect())),
            ("AssociatePublicIpAddress", Value::Bool(public_ip)),
        ]);
        let instance = RawResource::new("AWS::EC2::Instance")
            .property("ImageId", "ami-0123456789abcdef0")
            .property("InstanceType", "t3.micro")
            .property("NetworkInterfaces", Value::List(vec![interface]));
        let root = self.stack.root();
        self.stack.add(&root, id, instance).unwrap();
    }

    fn function(&mut self, id: &str, subnets: &[usize], groups: &[&Handle<RawResource>]) {
        let root = self.stack.root();
        let role = self.stack.add(&root, &format!("{id}Role"), lambda_role()).unwrap();
        let subnets: Vec<Value> = subnets.iter().map(|i| self.subnets[*i].reference()).collect();
        let groups: Vec<Value> = groups.iter().map(|g| g.get_att("GroupId")).collect();
        let function = RawResource::new("AWS::Lambda::Function")
            .property("Role", role.get_att("Arn"))
            .property("Runtime", "nodejs22.x")
            .property("Handler", "index.handler")
            .property("Code", Value::map([("ZipFile", Value::from("exports.handler = async () => ({});"))]))
            .property(
                "VpcConfig",
                Value::map([("SubnetIds", Value::List(subnets)), ("SecurityGroupIds", Value::List(groups))]),
            );
        self.stack.add(&root, id, function).unwrap();
    }

    fn acl(&mut self, subnet: usize, entries: &[AclRow]) {
        let root = self.stack.root();
        let acl = self
            .stack
            .add(&root, "Acl", RawResource::new("AWS::EC2::NetworkAcl").property("VpcId", self.vpc.reference()))
            .unwrap();
        for (number, egress, action, protocol, (from, to), cidr) in entries {
            let entry = RawResource::new("AWS::EC2::NetworkAclEntry")
                .property("NetworkAclId", acl.reference())
                .property("RuleNumber", *number)
                .property("Egress", *egress)
                .property("RuleAction", *action)
                .property("Protocol", *protocol)
                .property("CidrBlock", *cidr)
                .property("PortRange", Value::map([("From", Value::from(*from)), ("To", Value::from(*to))]));
            let direction = if *egress { "Out" } else { "In" };
            self.stack.add(&root, &format!("Acl{direction}{number}"), entry).unwrap();
        }
        let association = RawResource::new("AWS::EC2::SubnetNetworkAclAssociation")
            .property("SubnetId", self.subnets[subnet].reference())
            .property("NetworkAclId", acl.reference());
        self.stack.add(&root, "AclAssociation", association).unwrap();
    }

    /// Subnet 0 public (0.0.0.0/0 to the internet gateway), subnet 1
    /// private (0.0.0.0/0 to a NAT gateway in subnet 0).
    fn public_and_private() -> L1Net {
        let mut net = L1Net::new(&[("10.0.0.0/24", "us-east-1a"), ("10.0.1.0/24", "us-east-1a")]);
        let gateway = net.gateway.reference();
        net.route("PublicDefault", 0, "0.0.0.0/0", "GatewayId", gateway);
        let nat = net.nat("Nat", 0);
        net.route("PrivateDefault", 1, "0.0.0.0/0", "NatGatewayId", nat.reference());
        net
    }
}

/// "A public NAT gateway ... must [be created] in a public subnet"; a NAT
/// gateway whose subnet routes nothing to an internet gateway gives no
/// internet (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
#[test]
fn a_nat_gateway_in_a_subnet_without_an_internet_gateway_route_gives_no_internet() {
    let mut net = L1Net::new(&[("10.0.0.0/24", "us-east-1a"), ("10.0.1.0/24", "us-east-1a")]);
    let nat = net.nat("Nat", 0);
    net.route("PrivateDefault", 1, "0.0.0.0/0", "NatGatewayId", nat.reference());
    let group = net.group("FnSg", None);
    net.function("Fn", &[1], &[&group]);
    let template = synth(&net.stack).unwrap();
    let net = Net { template: &template };
    assert!(net.egress("Fn").is_empty());
    assert_eq!(
        net.egress_blockers("Fn", &https()),
        ["Table0 (the NAT gateway's subnet, route)".replace("the NAT gateway's subnet, ", "")]
    );
}

/// "To enable access to or from the internet for instances in a subnet
/// ... ensure that instances in your subnet have a public IPv4 address or
/// an Elastic IP address"
/// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
#[test]
fn an_instance_in_a_public_subnet_reaches_and_is_reached_only_with_a_public_ip() {
    for public_ip in [true, false] {
        let mut net = L1Net::public_and_private();
        let mut group = RawResource::new("AWS::EC2::SecurityGroup")
            .property("GroupDescription", "web")
            .property("VpcId", net.vpc.reference());
        group = group.property(
            "SecurityGroupIngress",
            Value::List(vec![Value::map([
                ("IpProtocol", Value::from("tcp")),
                ("FromPort", Value::from(443)),
                ("ToPort", Value::from(443)),
                ("CidrIp", Value::from("0.0.0.0/0")),
            ])]),
        );
        let root = net.stack.root();
        let group = net.stack.add(&root, "WebSg", group).unwrap();
        net.instance("Web", 0, &[&group], public_ip);
        let template = synth(&net.stack).unwrap();
        let analysis = Net { template: &template };
        if public_ip {
            assert_eq!(analysis.egress("Web"), Flows::all());
            assert_eq!(analysis.ingress("Web"), https());
        } else {
            assert!(analysis.egress("Web").is_empty());
            assert!(analysis.ingress("Web").is_empty());
            assert_eq!(analysis.egress_blockers("Web", &https()), ["Web (public IP)"]);
        }
    }
}

/// "Example: VPC for web and database servers": the database group allows
/// "TCP 3306 ... from the web servers" by the web group's ID
/// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-example-web-database-servers.html).
#[test]
fn the_web_tier_reaches_the_database_on_3306_and_nothing_else_does() {
    let mut stack = Stack::new("Tiers");
    let vpc = Vpc::builder()
        .max_azs(2)
        .subnet_group(SubnetGroup::public("Public"))
        .subnet_group(SubnetGroup::private_with_egress("App"))
        .subnet_group(SubnetGroup::isolated("Data"))
        .nat_gateways(1)
        .build(&mut stack, "Vpc")
        .unwrap();
    let web_sg = SecurityGroup::builder(&vpc).description("web").build(&mut stack, "WebSg").unwrap();
    let web = Instance::builder(&vpc)
        .subnets(SubnetSelection::Group("App".into()))
        .security_group(&web_sg)
        .build(&mut stack, "Web")
        .unwrap();
    let db_sg = SecurityGroup::builder(&vpc).description("database").build(&mut stack, "DbSg").unwrap();
    let db = Instance::builder(&vpc)
        .subnets(SubnetSelection::Group("Data".into()))
        .security_group(&db_sg)
        .build(&mut stack, "Db")
        .unwrap();
    db_sg.allow_from(&mut stack, &web_sg, Port::tcp(3306)).unwrap();
    let other = function(&mut stack, &vpc, "Other", SubnetSelection::Kind(SubnetKind::PrivateWithEgress));
    stack.add_intent(Intent::reaches(&web, &db, Port::tcp(3306))).unwrap();
    stack.add_intent(Intent::only_reaches(&web, &db, Port::tcp(3306))).unwrap();
    stack.add_intent(Intent::unreachable_from_internet(&db)).unwrap();
    let template = synth(&stack).unwrap();
    let net = Net { template: &template };
    assert_eq!(net.flow("Web/Resource", "Db/Resource"), Flows::tcp(3306, 3306));
    assert!(net.possible_flow("Other/Resource", "Db/Resource").is_empty());
    let _ = other;
}

/// A group whose only egress is tcp/27017 sends nothing to the internet
/// on 443, NAT or not: "you can add rules that allow outbound traffic ...
/// [it] doesn't allow [other] outbound traffic"
/// (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
#[test]
fn a_group_whose_only_egress_is_27017_gets_no_internet_behind_a_nat() {
    let mut net = L1Net::public_and_private();
    let group = net.group("FnSg", Some((27017, 27017)));
    net.function("Fn", &[1], &[&group]);
    let template = synth(&net.stack).unwrap();
    let analysis = Net { template: &template };
    assert_eq!(analysis.egress("Fn"), Flows::tcp(27017, 27017));
    assert_eq!(analysis.egress_blockers("Fn", &https()), ["FnSg (security group egress)"]);
}

/// A custom network ACL "denies all inbound and outbound traffic until you
/// add rules"; the replies to a function's calls come back to ports
/// 1024-65535 and need an inbound entry
/// (https://docs.aws.amazon.com/vpc/latest/userguide/custom-network-acl.html,
/// https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-networking.html).
#[test]
fn a_custom_acl_without_the_ephemeral_ports_stops_the_replies() {
    let mut net = L1Net::public_and_private();
    let group = net.group("FnSg", None);
    net.function("Fn", &[1], &[&group]);
    net.acl(1, &[(100, true, "allow", 6, (443, 443), "0.0.0.0/0")]);
    let template = synth(&net.stack).unwrap();
    let analysis = Net { template: &template };
    assert!(analysis.egress("Fn").is_empty());
    let blockers = analysis.egress_blockers("Fn", &https());
    assert_eq!(blockers, ["Acl (network ACL inbound (replies from ports 1024-65535, the internet))"]);

    let mut fixed = L1Net::public_and_private();
    let group = fixed.group("FnSg", None);
    fixed.function("Fn", &[1], &[&group]);
    fixed.acl(
        1,
        &[(100, true, "allow", 6, (443, 443), "0.0.0.0/0"), (100, false, "allow", 6, (1024, 65535), "0.0.0.0/0")],
    );
    let template = synth(&fixed.stack).unwrap();
    assert_eq!(Net { template: &template }.egress("Fn"), https());
}

/// "Rules are evaluated starting with the lowest numbered rule. As soon as
/// a rule matches traffic, it's applied"
/// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
#[test]
fn a_lower_numbered_deny_wins_over_a_later_allow() {
    let mut net = L1Net::public_and_private();
    let group = net.group("FnSg", None);
    net.function("Fn", &[1], &[&group]);
    net.acl(
        1,
        &[
            (90, true, "deny", 6, (443, 443), "0.0.0.0/0"),
            (100, true, "allow", -1, (0, 65535), "0.0.0.0/0"),
            (100, false, "allow", -1, (0, 65535), "0.0.0.0/0"),
        ],
    );
    let template = synth(&net.stack).unwrap();
    let analysis = Net { template: &template };
    let egress = analysis.egress("Fn");
    assert!(!egress.covers(&https()) && egress.covers(&Flows::tcp(80, 80)), "{egress}");
    let message = analysis.with(|a, id| {
        a.internet_egress(&id("Fn"))[0].blockers(&https()).iter().map(|l| l.reason.clone()).collect::<Vec<_>>()
    });
    assert!(message[0].contains("denied by AclOut90"), "{message:?}");
}

/// A NAT gateway "in each Availability Zone ... [so that] if a NAT gateway's
/// Availability Zone is down, resources in the other Availability Zones
/// lose internet access" otherwise
/// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html):
/// a private subnet routed to another AZ's NAT reaches the internet, with a
/// warning.
#[test]
fn a_private_subnet_routed_to_a_nat_in_another_zone_reaches_the_internet_with_a_warning() {
    let mut stack = Stack::new("OneNat");
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    function(&mut stack, &vpc, "Fn", SubnetSelection::Kind(SubnetKind::PrivateWithEgress));
    let template = synth(&stack).unwrap();
    assert_eq!(Net { template: &template }.egress("Fn/Resource"), Flows::all());
    let report = template.network_report();
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].starts_with("Fn/Resource in Vpc/PrivateSubnet2/Subnet (AZ #1) reaches the internet through NAT gateway Vpc/PublicSubnet1/NATGateway in AZ #0"));
}

/// "We use the most specific route in your route table that matches the
/// traffic to determine how to route the traffic (longest prefix match)"
/// (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html):
/// a /1 pair to a peering connection takes every internet address from the
/// 0.0.0.0/0 route to the NAT gateway.
#[test]
fn a_more_specific_route_wins_over_the_default_route() {
    let mut net = L1Net::public_and_private();
    let group = net.group("FnSg", None);
    net.function("Fn", &[1], &[&group]);
    let peering = Value::from("pcx-0123456789abcdef0");
    net.route("LowHalf", 1, "0.0.0.0/1", "VpcPeeringConnectionId", peering.clone());
    net.route("HighHalf", 1, "128.0.0.0/1", "VpcPeeringConnectionId", peering);
    let template = synth(&net.stack).unwrap();
    let analysis = Net { template: &template };
    assert!(analysis.egress("Fn").is_empty(), "the peering route wins");
    let hops = analysis.with(|a, id| a.internet_egress(&id("Fn"))[0].hops.clone());
    assert!(hops.iter().any(|h| h.contains("0.0.0.0/1") || h.contains("128.0.0.0/1")), "{hops:?}");
}

/// A subnet id from a parameter: the analysis says unknown, never yes.
#[test]
fn a_parameter_subnet_gives_unknown_never_yes() {
    let mut stack = Stack::new("Imported");
    let vpc_id = stack.add_parameter("VpcId", Parameter::new(ParameterType::VpcId)).unwrap();
    let subnet_id = stack.add_parameter("SubnetId", Parameter::new(ParameterType::SubnetId)).unwrap();
    let vpc = Vpc::import(vpc_id.value())
        .subnet(SubnetKind::PrivateWithEgress, subnet_id.value(), None)
        .build(&mut stack, "Vpc")
        .unwrap();
    let function = function(&mut stack, &vpc, "Fn", SubnetSelection::Kind(SubnetKind::PrivateWithEgress));
    let report = synth(&stack).unwrap().network_report();
    let row = report.egress[0].allowed.to_string();
    assert!(
        row.starts_with("unknown (all traffic depends on Fn/Resource (subnet): its subnet is the value of SubnetId"),
        "{row}"
    );
    stack.add_intent(Intent::reaches_internet(&function, Port::tcp(443))).unwrap();
    let error = synth(&stack).unwrap_err().to_string();
    assert!(error.contains("not known at synth"), "{error}");
    assert!(error.contains("its subnet is the value of SubnetId"), "{error}");
}

/// The tutorial's trap: a function put in public subnets (allowed
/// explicitly) with an intent to reach the internet fails synth naming the
/// function and the fix.
#[test]
fn failing_intents_print_every_path_and_blocker() {
    let mut stack = Stack::new("Broken");
    let vpc = Vpc::builder().max_azs(2).subnet_group(SubnetGroup::public("Public")).build(&mut stack, "Vpc").unwrap();
    let db_sg = SecurityGroup::builder(&vpc).description("database").build(&mut stack, "DbSg").unwrap();
    db_sg.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::tcp(27017), "the VPC").unwrap();
    let db = Instance::builder(&vpc)
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .security_group(&db_sg)
        .build(&mut stack, "Db")
        .unwrap();
    let api = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .subnets(SubnetSelection::Kind(SubnetKind::Public))
        .allow_public_subnet()
        .build(&mut stack, "Api")
        .unwrap();
    stack.add_intent(Intent::reaches_internet(&api, Port::tcp(443))).unwrap();
    stack.add_intent(Intent::only_reaches(&api, &db, Port::tcp(27017))).unwrap();
    stack.add_intent(Intent::no_internet_egress(&db)).unwrap();
    let error = synth(&stack).unwrap_err();
    let SynthError::IntentsFailed { violations } = &error else { panic!("{error}") };
    assert_eq!(violations.len(), 3);
    snapshot!("reachability_failing_intents.txt", error.to_string());
}

#[test]
fn the_web_backend_report_and_diagrams() {
    let stack = example::web_backend().unwrap();
    let template = synth(&stack).unwrap();
    snapshot!("web_backend_network.txt", template.network_report().to_text());
    snapshot!("web_backend_network.mmd", template.network_diagram(cfnkit::synth::Diagram::Mermaid));
    snapshot!("web_backend_network.dot", template.network_diagram(cfnkit::synth::Diagram::Dot));
}

// ---------------------------------------------------------------------
// The property: on random networks, the analysis agrees with a naive
// check that follows concrete packets (one address per endpoint, sample
// ports) through the spec the network was built from.
// ---------------------------------------------------------------------

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// The CIDRs rules and entries pick from: each either holds a whole /24
/// subnet of 10.0.0.0/16 or misses it, so one address per subnet decides.
const CIDRS: [&str; 5] = ["0.0.0.0/0", "10.0.0.0/16", "10.0.1.0/24", "8.0.0.0/8", "10.0.0.0/24"];
/// Port ranges; the sample ports below sit on every boundary.
const RANGES: [(u32, u32); 5] = [(443, 443), (1024, 65535), (32768, 65535), (0, 65535), (80, 80)];
const SAMPLE_PORTS: [u32; 9] = [0, 80, 443, 1023, 1024, 32767, 32768, 49152, 65535];
/// The internet address the naive check uses: no CIDR above names it but
/// 0.0.0.0/0.
const INTERNET: u32 = 0x0101_0101;

#[derive(Clone, Debug)]
enum PeerSpec {
    Cidr(usize),
    Group(usize),
}

#[derive(Clone, Debug)]
struct RuleSpec {
    protocol: i64,
    ports: usize,
    peer: PeerSpec,
}

#[derive(Clone, Debug)]
struct GroupSpec {
    ingress: Vec<RuleSpec>,
    /// `None`: CloudFormation's default allow-all egress.
    egress: Option<Vec<RuleSpec>>,
}

#[derive(Clone, Debug)]
struct EntrySpec {
    number: u32,
    egress: bool,
    allow: bool,
    protocol: i64,
    ports: usize,
    cidr: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Next {
    None,
    Gateway,
    Nat(usize),
    Peering,
}

#[derive(Clone, Debug)]
struct NetSpec {
    zones: Vec<u8>,
    attached: bool,
    nats: Vec<usize>,
    /// Per subnet: its 0.0.0.0/0 target and its 8.0.0.0/8 target.
    routes: Vec<(Next, Next)>,
    groups: Vec<GroupSpec>,
    acl: Option<(usize, Vec<EntrySpec>)>,
    functions: Vec<(Vec<usize>, Vec<usize>)>,
    instances: Vec<(usize, Vec<usize>, bool)>,
}

fn rule_spec(groups: usize) -> impl Strategy<Value = RuleSpec> {
    let peer = prop_oneof![(0..CIDRS.len()).prop_map(PeerSpec::Cidr), (0..groups).prop_map(PeerSpec::Group)];
    (prop::sample::select(vec![-1i64, 6, 17]), 0..RANGES.len(), peer).prop_map(|(protocol, ports, peer)| RuleSpec {
        protocol,
        ports,
        peer,
    })
}

fn group_spec(groups: usize) -> impl Strategy<Value = GroupSpec> {
    (prop::collection::vec(rule_spec(groups), 0..=3), prop::option::of(prop::collection::vec(rule_spec(groups), 0..=3)))
        .prop_map(|(ingress, egress)| GroupSpec { ingress, egress })
}

fn entry_spec() -> impl Strategy<Value = EntrySpec> {
    (1u32..=6, any::<bool>(), any::<bool>(), prop::sample::select(vec![-1i64, 6, 17]), 0..RANGES.len(), 0..CIDRS.len())
        .prop_map(|(n, egress, allow, protocol, ports, cidr)| EntrySpec {
            number: n * 10,
            egress,
            allow,
            protocol,
            ports,
            cidr,
        })
}

fn net_spec() -> impl Strategy<Value = NetSpec> {
    (1usize..=3, 1usize..=3).prop_flat_map(|(subnets, groups)| {
        let next = move |nats: usize| {
            let mut options = vec![Just(Next::None).boxed(), Just(Next::Gateway).boxed(), Just(Next::Peering).boxed()];
            if nats > 0 {
                options.push((0..nats).prop_map(Next::Nat).boxed());
            }
            prop::strategy::Union::new(options)
        };
        let subset = move |max: usize| {
            prop::collection::btree_set(0..max, 1..=max).prop_map(|s| s.into_iter().collect::<Vec<_>>())
        };
        (prop::collection::vec(0u8..2, subnets), any::<bool>(), prop::collection::vec(0..subnets, 0..=2))
            .prop_flat_map(move |(zones, attached, nats)| {
                let count = nats.len();
                (
                    Just(zones),
                    Just(attached),
                    Just(nats),
                    prop::collection::vec((next(count), next(count)), subnets),
                    prop::collection::vec(group_spec(groups), groups),
                    prop::option::of((0..subnets, prop::collection::vec(entry_spec(), 0..=6))),
                    prop::collection::vec((subset(subnets), subset(groups)), 1..=2),
                    prop::collection::vec((0..subnets, subset(groups), any::<bool>()), 0..=2),
                )
            })
            .prop_map(|(zones, attached, nats, routes, groups, acl, functions, instances)| {
                let acl = acl.map(|(subnet, entries)| {
                    let mut seen = std::collections::HashSet::new();
                    (subnet, entries.into_iter().filter(|e| seen.insert((e.egress, e.number))).collect())
                });
                NetSpec { zones, attached, nats, routes, groups, acl, functions, instances }
            })
    })
}

fn cidr(index: usize) -> (u32, u32) {
    cfnkit::reach::sets::cidr_range(CIDRS[index]).unwrap()
}

fn subnet_range(subnet: usize) -> (u32, u32) {
    let start = 0x0a00_0000 + ((subnet as u32) << 8);
    (start, start + 255)
}

fn in_range(range: (u32, u32), address: u32) -> bool {
    range.0 <= address && address <= range.1
}

fn rule_value(rule: &RuleSpec, egress: bool, groups: &[Handle<RawResource>]) -> Value {
    let (from, to) = RANGES[rule.ports];
    let mut map = vec![
        ("IpProtocol", Value::from(rule.protocol.to_string())),
        ("FromPort", Value::from(from as i64)),
        ("ToPort", Value::from(to as i64)),
    ];
    match rule.peer {
        PeerSpec::Cidr(index) => map.push(("CidrIp", Value::from(CIDRS[index]))),
        PeerSpec::Group(index) => {
            let key = if egress { "DestinationSecurityGroupId" } else { "SourceSecurityGroupId" };
            map.push((key, groups[index].get_att("GroupId")));
        }
    }
    Value::map(map)
}

fn build_net(spec: &NetSpec) -> Stack {
    let subnets: Vec<(String, String)> = spec
        .zones
        .iter()
        .enumerate()
        .map(|(i, zone)| (format!("10.0.{i}.0/24"), format!("us-east-1{}", (b'a' + zone) as char)))
        .collect();
    let subnet_refs: Vec<(&str, &str)> = subnets.iter().map(|(c, z)| (c.as_str(), z.as_str())).collect();
    let mut net = L1Net::new(&subnet_refs);
    if !spec.attached {
        // L1Net attaches its gateway; an unattached one is a second gateway.
        let root = net.stack.root();
        net.gateway = net.stack.add(&root, "LoneIgw", RawResource::new("AWS::EC2::InternetGateway")).unwrap();
    }
    let nats: Vec<Handle<RawResource>> =
        spec.nats.iter().enumerate().map(|(i, subnet)| net.nat(&format!("Nat{i}"), *subnet)).collect();
    for (subnet, (default, eight)) in spec.routes.iter().enumerate() {
        for (next, destination, name) in [(default, "0.0.0.0/0", "Default"), (eight, "8.0.0.0/8", "Eight")] {
            let id = format!("{name}{subnet}");
            match next {
                Next::None => {}
                Next::Gateway => {
                    let gateway = net.gateway.reference();
                    net.route(&id, subnet, destination, "GatewayId", gateway);
                }
                Next::Nat(k) => net.route(&id, subnet, destination, "NatGatewayId", nats[*k].reference()),
                Next::Peering => {
                    net.route(&id, subnet, destination, "VpcPeeringConnectionId", "pcx-0123456789abcdef0".into())
                }
            }
        }
    }
    let root = net.stack.root();
    let groups: Vec<Handle<RawResource>> = (0..spec.groups.len())
        .map(|i| {
            let group = RawResource::new("AWS::EC2::SecurityGroup")
                .property("GroupDescription", format!("group {i}"))
                .property("VpcId", net.vpc.reference());
            net.stack.add(&root, &format!("Sg{i}"), group).unwrap()
        })
        .collect();
    // Rules as standalone resources, so that groups may name each other.
    for (i, group) in spec.groups.iter().enumerate() {
        for (j, rule) in group.ingress.iter().enumerate() {
            let mut resource =
                RawResource::new("AWS::EC2::SecurityGroupIngress").property("GroupId", groups[i].get_att("GroupId"));
            if let Value::Map(map) = rule_value(rule, false, &groups) {
                for (key, value) in map {
                    resource = resource.property(key, value);
                }
            }
            net.stack.add(&root, &format!("Sg{i}In{j}"), resource).unwrap();
        }
    }
    for (i, group) in spec.groups.iter().enumerate() {
        let Some(egress) = &group.egress else { continue };
        // Declaring any inline egress removes the default allow-all; the
        // one declared here (ping to the loopback) allows nothing the
        // queries ask about, and the real rules are standalone resources.
        let placeholder = Value::map([
            ("IpProtocol", Value::from("icmp")),
            ("FromPort", Value::from(8)),
            ("ToPort", Value::from(-1)),
            ("CidrIp", Value::from("127.0.0.1/32")),
        ]);
        net.stack.add_property_override(&groups[i], "SecurityGroupEgress", Value::List(vec![placeholder])).unwrap();
        for (j, rule) in egress.iter().enumerate() {
            let mut resource =
                RawResource::new("AWS::EC2::SecurityGroupEgress").property("GroupId", groups[i].get_att("GroupId"));
            if let Value::Map(map) = rule_value(rule, true, &groups) {
                for (key, value) in map {
                    resource = resource.property(key, value);
                }
            }
            net.stack.add(&root, &format!("Sg{i}Out{j}"), resource).unwrap();
        }
    }
    if let Some((subnet, entries)) = &spec.acl {
        let rows: Vec<AclRow> = entries
            .iter()
            .map(|e| {
                let (from, to) = RANGES[e.ports];
                (
                    e.number,
                    e.egress,
                    if e.allow { "allow" } else { "deny" },
                    e.protocol,
                    (from as i64, to as i64),
                    CIDRS[e.cidr],
                )
            })
            .collect();
        net.acl(*subnet, &rows);
    }
    for (i, (subnets, group_indexes)) in spec.functions.iter().enumerate() {
        let chosen: Vec<&Handle<RawResource>> = group_indexes.iter().map(|g| &groups[*g]).collect();
        net.function(&format!("Fn{i}"), subnets, &chosen);
    }
    for (i, (subnet, group_indexes, public)) in spec.instances.iter().enumerate() {
        let chosen: Vec<&Handle<RawResource>> = group_indexes.iter().map(|g| &groups[*g]).collect();
        net.instance(&format!("Host{i}"), *subnet, &chosen, *public);
    }
    net.stack
}

/// The naive model: concrete packets through the spec.
struct Naive<'a> {
    spec: &'a NetSpec,
}

/// An endpoint's interface: its address, subnet, groups and public IP.
#[derive(Clone, Copy)]
struct Iface<'a> {
    address: u32,
    subnet: usize,
    groups: &'a [usize],
    public: bool,
}

impl Naive<'_> {
    fn rule_allows(
        &self,
        rule: &RuleSpec,
        protocol: i64,
        port: u32,
        other: u32,
        other_groups: Option<&[usize]>,
    ) -> bool {
        let (from, to) = RANGES[rule.ports];
        let protocol_ok = rule.protocol == -1 || rule.protocol == protocol;
        let port_ok = rule.protocol == -1 || (from <= port && port <= to);
        let peer_ok = match rule.peer {
            PeerSpec::Cidr(index) => in_range(cidr(index), other),
            PeerSpec::Group(index) => other_groups.is_some_and(|groups| groups.contains(&index)),
        };
        protocol_ok && port_ok && peer_ok
    }

    fn groups_allow(
        &self,
        iface: Iface<'_>,
        egress: bool,
        protocol: i64,
        port: u32,
        other: u32,
        other_groups: Option<&[usize]>,
    ) -> bool {
        iface.groups.iter().any(|g| {
            let group = &self.spec.groups[*g];
            if egress {
                match &group.egress {
                    None => true,
                    Some(rules) => rules.iter().any(|r| self.rule_allows(r, protocol, port, other, other_groups)),
                }
            } else {
                group.ingress.iter().any(|r| self.rule_allows(r, protocol, port, other, other_groups))
            }
        })
    }

    /// Whether the subnet's ACL lets the packet cross; no ACL allows all.
    fn acl_allows(&self, subnet: usize, egress: bool, protocol: i64, port: u32, other: u32) -> bool {
        let Some((acl_subnet, entries)) = &self.spec.acl else { return true };
        if *acl_subnet != subnet {
            return true;
        }
        let mut ordered: Vec<&EntrySpec> = entries.iter().filter(|e| e.egress == egress).collect();
        ordered.sort_by_key(|e| e.number);
        for entry in ordered {
            let (from, to) = RANGES[entry.ports];
            let matches = in_range(cidr(entry.cidr), other)
                && (entry.protocol == -1 || (entry.protocol == protocol && from <= port && port <= to));
            if matches {
                return entry.allow;
            }
        }
        false
    }

    /// The replies come back to every ephemeral port: all must pass.
    fn replies_pass(&self, subnet: usize, egress: bool, protocol: i64, other: u32) -> bool {
        [1024, 32767, 32768, 49152, 65535].iter().all(|port| self.acl_allows(subnet, egress, protocol, *port, other))
    }

    /// Some client on the internet, whose ephemeral port we do not choose,
    /// gets its replies: one passing port is enough (what "may be
    /// reachable from the internet" means).
    fn some_replies_pass(&self, subnet: usize, egress: bool, protocol: i64, other: u32) -> bool {
        [1024, 32767, 32768, 49152, 65535].iter().any(|port| self.acl_allows(subnet, egress, protocol, *port, other))
    }

    /// The most specific route of `subnet` for `address`; the local route
    /// (10.0.0.0/16) wins inside the VPC.
    fn next(&self, subnet: usize, address: u32) -> Next {
        if in_range((0x0a00_0000, 0x0a00_ffff), address) {
            return Next::None;
        }
        let (default, eight) = self.spec.routes[subnet];
        if in_range((0x0800_0000, 0x08ff_ffff), address) && eight != Next::None {
            return eight;
        }
        default
    }

    fn egress(&self, iface: Iface<'_>, protocol: i64, port: u32) -> bool {
        let a = INTERNET;
        if !self.groups_allow(iface, true, protocol, port, a, None) {
            return false;
        }
        match self.next(iface.subnet, a) {
            Next::Gateway => {
                self.spec.attached
                    && iface.public
                    && self.acl_allows(iface.subnet, true, protocol, port, a)
                    && self.replies_pass(iface.subnet, false, protocol, a)
            }
            Next::Nat(k) => {
                let nat_subnet = self.spec.nats[k];
                let nat_ok = self.next(nat_subnet, a) == Next::Gateway && self.spec.attached;
                let crossing = nat_subnet == iface.subnet
                    || (self.acl_allows(iface.subnet, true, protocol, port, a)
                        && self.acl_allows(nat_subnet, false, protocol, port, iface.address)
                        && self.replies_pass(nat_subnet, true, protocol, iface.address)
                        && self.replies_pass(iface.subnet, false, protocol, a));
                nat_ok
                    && crossing
                    && self.acl_allows(nat_subnet, true, protocol, port, a)
                    && self.replies_pass(nat_subnet, false, protocol, a)
            }
            Next::None | Next::Peering => false,
        }
    }

    fn between(&self, from: Iface<'_>, to: Iface<'_>, protocol: i64, port: u32) -> bool {
        let groups_ok = self.groups_allow(from, true, protocol, port, to.address, Some(to.groups))
            && self.groups_allow(to, false, protocol, port, from.address, Some(from.groups));
        let acls_ok = from.subnet == to.subnet
            || (self.acl_allows(from.subnet, true, protocol, port, to.address)
                && self.acl_allows(to.subnet, false, protocol, port, from.address)
                && self.replies_pass(to.subnet, true, protocol, from.address)
                && self.replies_pass(from.subnet, false, protocol, to.address));
        groups_ok && acls_ok
    }

    fn ingress(&self, to: Iface<'_>, protocol: i64, port: u32) -> bool {
        let a = INTERNET;
        to.public
            && self.spec.attached
            && self.next(to.subnet, a) == Next::Gateway
            && self.acl_allows(to.subnet, false, protocol, port, a)
            && self.some_replies_pass(to.subnet, true, protocol, a)
            && self.groups_allow(to, false, protocol, port, a, None)
    }
}

fn lambda_role() -> RawResource {
    RawResource::new("AWS::IAM::Role").property(
        "AssumeRolePolicyDocument",
        Value::map([
            ("Version", Value::from("2012-10-17")),
            (
                "Statement",
                Value::List(vec![Value::map([
                    ("Effect", Value::from("Allow")),
                    ("Principal", Value::map([("Service", Value::from("lambda.amazonaws.com"))])),
                    ("Action", Value::from("sts:AssumeRole")),
                ])]),
            ),
        ]),
    )
}

/// A single-port query.
fn one(protocol: i64, port: u32) -> Flows {
    Flows::protocol(protocol, port, port)
}

#[test]
fn the_analysis_agrees_with_a_naive_packet_walk_on_random_networks() {
    let config = Config { cases: 96, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[13; 32]));
    runner
        .run(&net_spec(), |spec| {
            let stack = build_net(&spec);
            let template = synth(&stack).map_err(|e| TestCaseError::fail(format!("synth: {e}")))?;
            let naive = Naive { spec: &spec };
            let net = Net { template: &template };
            // One interface per function subnet (address .10), one per
            // instance (.20 + i); a function is judged on every interface.
            let functions: Vec<Vec<Iface<'_>>> = spec
                .functions
                .iter()
                .map(|(subnets, groups)| {
                    subnets
                        .iter()
                        .map(|s| Iface { address: subnet_range(*s).0 + 10, subnet: *s, groups, public: false })
                        .collect()
                })
                .collect();
            let instances: Vec<Iface<'_>> = spec
                .instances
                .iter()
                .enumerate()
                .map(|(i, (s, groups, public))| Iface {
                    address: subnet_range(*s).0 + 20 + i as u32,
                    subnet: *s,
                    groups,
                    public: *public,
                })
                .collect();
            for protocol in [6i64, 17] {
                for port in SAMPLE_PORTS {
                    let query = one(protocol, port);
                    for (i, interfaces) in functions.iter().enumerate() {
                        let expected = interfaces.iter().all(|iface| naive.egress(*iface, protocol, port));
                        let got = net.egress(&format!("Fn{i}"));
                        prop_assert_eq!(
                            got.covers(&query),
                            expected,
                            "Fn{} egress {}/{}\n{:?}",
                            i,
                            protocol,
                            port,
                            spec
                        );
                        for (j, host) in instances.iter().enumerate() {
                            let expected = interfaces.iter().all(|iface| naive.between(*iface, *host, protocol, port));
                            let got = net.flow(&format!("Fn{i}"), &format!("Host{j}"));
                            prop_assert_eq!(
                                got.covers(&query),
                                expected,
                                "Fn{} -> Host{} {}/{}\n{:?}",
                                i,
                                j,
                                protocol,
                                port,
                                spec
                            );
                        }
                    }
                    for (j, host) in instances.iter().enumerate() {
                        let expected = naive.egress(*host, protocol, port);
                        prop_assert_eq!(
                            net.egress(&format!("Host{j}")).covers(&query),
                            expected,
                            "Host{} egress\n{:?}",
                            j,
                            spec
                        );
                        let expected = naive.ingress(*host, protocol, port);
                        prop_assert_eq!(
                            net.ingress(&format!("Host{j}")).covers(&query),
                            expected,
                            "Host{} ingress\n{:?}",
                            j,
                            spec
                        );
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}
