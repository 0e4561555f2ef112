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

macro_rules! snapshot {
    ($name:expr, $body:expr) => {
        insta::with_settings!({ snapshot_path => "../../../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $body);
        })
    };
}

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

    fn instance(&mut self, id: &str, subnet: usize, group: &Handle<RawResource>, public_ip: bool) {
        let interface = Value::map([
            ("DeviceIndex", Value::from("0")),
            ("SubnetId", self.subnets[subnet].reference()),
            ("GroupSet", Value::List(vec![group.get_att("GroupId")])),
            ("AssociatePublicIpAddress", Value::Bool(public_ip)),
        ]);
        let instance = RawResource::new("AWS::EC2::Instance")
            .property("ImageId", "ami-0123456789abcdef0")
            .property("InstanceType", "t3.micro")
            .property("NetworkInterfaces", Value::List(vec![interface]));
        let root = self.stack.root();
        self.stack.add(&root, id, instance).unwrap();
    }

    fn function(&mut self, id: &str, subnets: &[usize], group: &Handle<RawResource>) {
        let role = RawResource::new("AWS::IAM::Role").property(
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
        );
        let root = self.stack.root();
        let role = self.stack.add(&root, &format!("{id}Role"), role).unwrap();
        let subnets: Vec<Value> = subnets.iter().map(|i| self.subnets[*i].reference()).collect();
        let function = RawResource::new("AWS::Lambda::Function")
            .property("Role", role.get_att("Arn"))
            .property("Runtime", "nodejs22.x")
            .property("Handler", "index.handler")
            .property("Code", Value::map([("ZipFile", Value::from("exports.handler = async () => ({});"))]))
            .property(
                "VpcConfig",
                Value::map([
                    ("SubnetIds", Value::List(subnets)),
                    ("SecurityGroupIds", Value::List(vec![group.get_att("GroupId")])),
                ]),
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
    net.function("Fn", &[1], &group);
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
        net.instance("Web", 0, &group, public_ip);
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
    net.function("Fn", &[1], &group);
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
    net.function("Fn", &[1], &group);
    net.acl(1, &[(100, true, "allow", 6, (443, 443), "0.0.0.0/0")]);
    let template = synth(&net.stack).unwrap();
    let analysis = Net { template: &template };
    assert!(analysis.egress("Fn").is_empty());
    let blockers = analysis.egress_blockers("Fn", &https());
    assert_eq!(blockers, ["Acl (network ACL inbound (replies from ports 1024-65535, the internet))"]);

    let mut fixed = L1Net::public_and_private();
    let group = fixed.group("FnSg", None);
    fixed.function("Fn", &[1], &group);
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
    net.function("Fn", &[1], &group);
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
    net.function("Fn", &[1], &group);
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
