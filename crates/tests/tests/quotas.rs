//! AWS account quotas a template can exceed, checked at synth: each case is
//! built through the public API, over the quota by one, and the error must
//! name the construct, the count and the quota; at the quota it synthesises.
use std::time::Duration;

use cfnkit::synth::{synth, synth_app, QuotaFinding, SynthError};
use cfnkit_tests::names::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// A standalone TCP ingress rule of `group` on `port` from `peer`.
fn ingress<T: cfnkit::core::Resource>(group: &Handle<T>, port: i64, peer_key: &str, peer: Value) -> RawResource {
    RawResource::new("AWS::EC2::SecurityGroupIngress")
        .property("GroupId", group.get_att("GroupId"))
        .property("IpProtocol", "tcp")
        .property("FromPort", port)
        .property("ToPort", port)
        .property(peer_key, peer)
}

fn findings(stack: &Stack) -> Vec<QuotaFinding> {
    match synth(stack) {
        Err(SynthError::QuotaExceeded { findings }) => findings,
        Err(other) => panic!("expected a quota error, got: {other}"),
        Ok(_) => panic!("expected a quota error, got a template"),
    }
}

fn warnings(stack: &Stack) -> Vec<String> {
    synth(stack).expect("under the quota").warnings().iter().map(ToString::to_string).collect()
}

fn function(stack: &mut Stack, vpc: &Vpc, id: &str, groups: &[SecurityGroup]) -> VpcFunction {
    let mut builder = VpcFunction::builder(vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .timeout(Duration::from_secs(10))
        .subnets(SubnetSelection::Kind(SubnetKind::Isolated));
    for group in groups {
        builder = builder.security_group(group);
    }
    builder.build(stack, id).unwrap()
}

fn isolated_vpc(stack: &mut Stack) -> Vpc {
    Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(stack, "Vpc").unwrap()
}

/// `clients` groups, each allowed into one database group on 5432.
fn fan_in(clients: usize) -> Stack {
    let mut stack = Stack::new("FanIn");
    let vpc = isolated_vpc(&mut stack);
    let database = SecurityGroup::builder(&vpc).description("database").build(&mut stack, "Database").unwrap();
    for n in 0..clients {
        let client = SecurityGroup::builder(&vpc)
            .description(format!("client {n}"))
            .build(&mut stack, &format!("C{n}"))
            .unwrap();
        database.allow_from(&mut stack, &client, Port::tcp(5432)).unwrap();
    }
    stack
}

#[test]
fn a_group_allowed_from_sixty_one_groups_is_refused_naming_the_group() {
    let found = findings(&fan_in(61));
    // A rule naming a group counts once for IPv4 and once for IPv6.
    assert_eq!(found.len(), 2, "{found:?}");
    for (finding, family) in found.iter().zip(["IPv4", "IPv6"]) {
        assert_eq!(finding.path, "Database/Resource");
        assert_eq!(finding.quota, Quota::InboundRulesPerSecurityGroup);
        assert_eq!((finding.count, finding.limit), (61, 60));
        assert_eq!(finding.detail, format!("{family} inbound rules"));
    }
    let message = SynthError::QuotaExceeded { findings: found }.to_string();
    assert!(
        message.contains(
            "Database/Resource: 61 IPv4 inbound rules, over the account's quota of 60 inbound rules per security group"
        ),
        "{message}"
    );
    assert!(message.contains("amazon-vpc-limits.html"), "{message}");
    assert!(message.contains("shared security group"), "{message}");
    assert!(message.contains("raise_quota(Quota::InboundRulesPerSecurityGroup"), "{message}");
}

#[test]
fn sixty_rules_synthesise_and_from_forty_nine_synth_warns() {
    assert!(synth(&fan_in(60)).is_ok());
    let warned = warnings(&fan_in(49));
    assert!(warned.iter().any(|w| w.starts_with("Database/Resource: 49 IPv4 inbound rules, over 80 %")), "{warned:?}");
    assert!(!warnings(&fan_in(48)).iter().any(|w| w.contains("inbound rules")));
}

#[test]
fn a_raised_quota_on_the_stack_or_the_app_is_used() {
    let mut stack = fan_in(61);
    stack.raise_quota(Quota::InboundRulesPerSecurityGroup, 100).unwrap();
    assert!(synth(&stack).is_ok());

    let mut app = App::new();
    app.add_stack(fan_in(61)).unwrap();
    app.raise_quota(Quota::InboundRulesPerSecurityGroup, 61).unwrap();
    let templates = synth_app(&app).unwrap();
    // 61 of 61 is over 80 %.
    assert!(templates[0].warnings().iter().any(|w| w.message.contains("61 IPv4 inbound rules")));

    // The stack's own value wins over the app's.
    let mut app = App::new();
    let mut stack = fan_in(61);
    stack.raise_quota(Quota::InboundRulesPerSecurityGroup, 60).unwrap();
    app.add_stack(stack).unwrap();
    app.raise_quota(Quota::InboundRulesPerSecurityGroup, 200).unwrap();
    assert!(matches!(synth_app(&app), Err(SynthError::QuotaExceeded { .. })));
}

#[test]
fn a_quota_aws_does_not_raise_or_a_value_out_of_range_is_refused() {
    let mut stack = Stack::new("S");
    for (quota, value) in [
        (Quota::ManagedPolicyCharacters, 10_000),
        (Quota::LambdaResourcePolicyBytes, 40_000),
        (Quota::SecurityGroupsPerNetworkInterface, 17),
        (Quota::RoutesPerRouteTable, 10),
    ] {
        let error = stack.raise_quota(quota, value).unwrap_err();
        assert_eq!(error.path, "S");
        assert!(
            matches!(error.kind, CoreErrorKind::InvalidQuota { quota: q, value: v, .. } if q == quota && v == value)
        );
    }
    stack.raise_quota(Quota::SecurityGroupsPerNetworkInterface, 16).unwrap();
}

#[test]
fn cidr_rules_count_by_family() {
    let mut stack = Stack::new("Cidrs");
    let vpc = isolated_vpc(&mut stack);
    let group = SecurityGroup::builder(&vpc).description("web").build(&mut stack, "Web").unwrap();
    for n in 0..61u32 {
        let v4 = Peer::ipv4(format!("10.{}.{}.0/24", n / 256, n % 256));
        group.add_ingress_rule(&mut stack, v4, Port::tcp(443), "v4").unwrap();
    }
    for n in 0..60u32 {
        group.add_ingress_rule(&mut stack, Peer::ipv6(format!("2001:db8:{n:x}::/48")), Port::tcp(443), "v6").unwrap();
    }
    let found = findings(&stack);
    assert_eq!(found.len(), 1, "IPv6 is at 60, not over: {found:?}");
    assert_eq!((found[0].detail.as_str(), found[0].count), ("IPv4 inbound rules", 61));
}

#[test]
fn a_customer_prefix_list_counts_as_its_max_entries() {
    let mut stack = Stack::new("Lists");
    let vpc = isolated_vpc(&mut stack);
    let list = stack
        .add(
            &stack.root(),
            "Offices",
            RawResource::new("AWS::EC2::PrefixList")
                .property("PrefixListName", "offices")
                .property("AddressFamily", "IPv4")
                .property("MaxEntries", 61),
        )
        .unwrap();
    let group = SecurityGroup::builder(&vpc).description("web").build(&mut stack, "Web").unwrap();
    group
        .add_ingress_rule(&mut stack, Peer::prefix_list(list.get_att("PrefixListId")), Port::tcp(443), "offices")
        .unwrap();
    let found = findings(&stack);
    assert_eq!((found[0].path.as_str(), found[0].count), ("Web/Resource", 61));
}

#[test]
fn an_instance_with_six_security_groups_is_refused() {
    let mut stack = Stack::new("Groups");
    let vpc = isolated_vpc(&mut stack);
    let mut builder = Instance::builder(&vpc).subnets(SubnetSelection::Kind(SubnetKind::Isolated));
    for n in 0..6 {
        let group =
            SecurityGroup::builder(&vpc).description(format!("g{n}")).build(&mut stack, &format!("G{n}")).unwrap();
        builder = builder.security_group(&group);
    }
    builder.build(&mut stack, "Host").unwrap();
    let found = findings(&stack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "Host/Resource");
    assert_eq!((found[0].quota, found[0].count, found[0].limit), (Quota::SecurityGroupsPerNetworkInterface, 6, 5));

    stack.raise_quota(Quota::SecurityGroupsPerNetworkInterface, 6).unwrap();
    assert!(synth(&stack).is_ok());
}

#[test]
fn a_function_takes_five_groups_whatever_the_account_quota() {
    // Lambda's own schema caps VpcConfig.SecurityGroupIds at 5, so the
    // schema check refuses a sixth before the quota is counted.
    let mut stack = Stack::new("Groups");
    let vpc = isolated_vpc(&mut stack);
    let groups: Vec<SecurityGroup> = (0..6)
        .map(|n| SecurityGroup::builder(&vpc).description(format!("g{n}")).build(&mut stack, &format!("G{n}")).unwrap())
        .collect();
    function(&mut stack, &vpc, "Api", &groups);
    stack.raise_quota(Quota::SecurityGroupsPerNetworkInterface, 16).unwrap();
    assert!(matches!(synth(&stack), Err(SynthError::InvalidProperties { .. })));
}

#[test]
fn six_nat_gateways_need_six_elastic_ips() {
    let mut stack = Stack::new("Nats");
    Vpc::builder().max_azs(6).nat_gateways(6).build(&mut stack, "Vpc").unwrap();
    let found = findings(&stack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "Nats");
    assert_eq!((found[0].quota, found[0].count), (Quota::ElasticIpsPerRegion, 6));
    assert!(found[0].to_string().contains("nat_gateways(1)"));
}

#[test]
fn six_nat_gateways_in_one_zone_are_refused() {
    let mut stack = Stack::new("Zone");
    let vpc = Vpc::builder().max_azs(1).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    stack.raise_quota(Quota::ElasticIpsPerRegion, 10).unwrap();
    let public = vpc.subnets_of_kind(SubnetKind::Public)[0].clone();
    for n in 0..5 {
        NatGateway::builder(&public).build(&mut stack, &format!("Extra{n}")).unwrap();
    }
    let found = findings(&stack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].quota, Quota::NatGatewaysPerAvailabilityZone);
    assert_eq!(found[0].count, 6);
    assert!(found[0].detail.contains("Availability Zone #0 of the Region"), "{}", found[0].detail);
}

/// A route table (L1 only) with `routes` routes to distinct /24s.
fn routes(routes: u32) -> Stack {
    let mut stack = Stack::new("Routes");
    let root = stack.root();
    let vpc = stack.add(&root, "Vpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16")).unwrap();
    let table =
        stack.add(&root, "Table", RawResource::new("AWS::EC2::RouteTable").property("VpcId", vpc.reference())).unwrap();
    let peering = Value::from("pcx-0123456789abcdef0");
    for n in 0..routes {
        let route = RawResource::new("AWS::EC2::Route")
            .property("RouteTableId", table.reference())
            .property("DestinationCidrBlock", format!("172.16.{n}.0/24"))
            .property("VpcPeeringConnectionId", peering.clone());
        stack.add(&root, &format!("Route{n}"), route).unwrap();
    }
    stack
}

#[test]
fn a_route_table_with_fifty_one_routes_is_refused() {
    assert!(synth(&routes(50)).is_ok());
    let found = findings(&routes(51));
    assert_eq!((found[0].path.as_str(), found[0].quota, found[0].count), ("Table", Quota::RoutesPerRouteTable, 51));
}

#[test]
fn a_vpc_with_two_hundred_and_one_subnets_is_refused() {
    let mut stack = Stack::new("Subnets");
    let root = stack.root();
    let vpc = stack.add(&root, "Vpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16")).unwrap();
    for n in 0..201u32 {
        let subnet = RawResource::new("AWS::EC2::Subnet")
            .property("VpcId", vpc.reference())
            .property("CidrBlock", format!("10.0.{n}.0/24"));
        stack.add(&root, &format!("S{n}"), subnet).unwrap();
    }
    let found = findings(&stack);
    assert_eq!((found[0].path.as_str(), found[0].quota, found[0].count), ("Vpc", Quota::SubnetsPerVpc, 201));
}

#[test]
fn a_role_whose_inline_policies_pass_ten_thousand_characters_is_refused() {
    let mut stack = Stack::new("Policies");
    let role = Role::builder("lambda.amazonaws.com").build(&mut stack, "Worker").unwrap();
    // Each statement is over 100 characters; 100 of them are over 10,240.
    for n in 0..100 {
        let statement = Statement::allow(["s3:GetObject"])
            .resource(format!("arn:aws:s3:::a-bucket-with-a-long-name-for-the-quota-test-{n:03}/*"));
        role.add_statement(&mut stack, statement).unwrap();
    }
    let found = findings(&stack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].path.as_str(), found[0].quota), ("Worker/Resource", Quota::RoleInlinePolicyCharacters));
    assert!(found[0].count > 10_240);
    assert!(found[0].to_string().contains("AWS does not raise this quota"));
}

#[test]
fn a_managed_policy_over_six_thousand_characters_is_refused() {
    let mut stack = Stack::new("Managed");
    let resources: Vec<Value> =
        (0..150).map(|n| Value::from(format!("arn:aws:s3:::bucket-number-{n:03}-of-the-test/*"))).collect();
    let document = Value::map([
        ("Version", Value::from("2012-10-17")),
        (
            "Statement",
            Value::List(vec![Value::map([
                ("Effect", Value::from("Allow")),
                ("Action", Value::from("s3:GetObject")),
                ("Resource", Value::List(resources)),
            ])]),
        ),
    ]);
    stack
        .add(&stack.root(), "Readers", RawResource::new("AWS::IAM::ManagedPolicy").property("PolicyDocument", document))
        .unwrap();
    let found = findings(&stack);
    assert_eq!((found[0].path.as_str(), found[0].quota), ("Readers", Quota::ManagedPolicyCharacters));
}

#[test]
fn a_rest_api_with_three_hundred_resources_and_its_root_is_refused() {
    let build = |resources: u32| {
        let mut stack = Stack::new("Api");
        let root = stack.root();
        let api =
            stack.add(&root, "Api", RawResource::new("AWS::ApiGateway::RestApi").property("Name", "api")).unwrap();
        for n in 0..resources {
            let resource = RawResource::new("AWS::ApiGateway::Resource")
                .property("RestApiId", api.reference())
                .property("ParentId", api.get_att("RootResourceId"))
                .property("PathPart", format!("r{n}"));
            stack.add(&root, &format!("R{n}"), resource).unwrap();
        }
        stack
    };
    assert!(synth(&build(299)).is_ok());
    let found = findings(&build(300));
    assert_eq!((found[0].path.as_str(), found[0].quota, found[0].count), ("Api", Quota::ResourcesPerRestApi, 301));
}

#[test]
fn every_finding_is_reported_not_only_the_first() {
    let mut stack = fan_in(61);
    Vpc::builder().max_azs(6).nat_gateways(6).build(&mut stack, "Second").unwrap();
    let quotas: Vec<Quota> = findings(&stack).iter().map(|f| f.quota).collect();
    assert!(quotas.contains(&Quota::InboundRulesPerSecurityGroup) && quotas.contains(&Quota::ElasticIpsPerRegion));
}

#[test]
fn a_conditional_rule_over_the_quota_only_warns() {
    let mut stack = fan_in(60);
    let condition =
        stack.add_condition("InUsEast1", Condition::equals(Value::pseudo(Pseudo::Region), "us-east-1")).unwrap();
    let database = stack.first_of_type::<cfnkit_l1_ec2::security_group::SecurityGroup>().unwrap();
    let rule = ingress(&database, 22, "CidrIp", "10.0.0.0/8".into());
    let rule = stack.add(&stack.root(), "ExtraRule", rule).unwrap();
    stack.options_mut(&rule).unwrap().set_condition(&condition);
    let warned = warnings(&stack);
    assert!(warned.iter().any(|w| w.starts_with("Database/Resource: up to 61 IPv4 inbound rules")), "{warned:?}");
}

/// The generated fan-in stacks: whatever the mix of group rules, CIDR rules
/// and prefix lists, synth refuses exactly the stacks a naive count puts
/// over 60 in one family, and names the group.
#[test]
fn generated_rule_sets_are_refused_exactly_when_over_the_quota() {
    let config = Config { cases: 48, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let spec = (0usize..=40, 0usize..=40, 0usize..=40, prop::option::of(1u32..=40));
    runner
        .run(&spec, |(groups, ipv4, ipv6, list_entries)| {
            let mut stack = fan_in(groups);
            let (v4, v6) = add_cidr_rules(&mut stack, ipv4, ipv6, list_entries);
            let naive_v4 = groups + v4;
            let naive_v6 = groups + v6;
            match synth(&stack) {
                Ok(_) => prop_assert!(naive_v4 <= 60 && naive_v6 <= 60, "{naive_v4}/{naive_v6} synthesised"),
                Err(SynthError::QuotaExceeded { findings }) => {
                    let over: Vec<(String, u64)> = findings.iter().map(|f| (f.detail.clone(), f.count)).collect();
                    let mut expected = Vec::new();
                    if naive_v4 > 60 {
                        expected.push(("IPv4 inbound rules".to_owned(), naive_v4 as u64));
                    }
                    if naive_v6 > 60 {
                        expected.push(("IPv6 inbound rules".to_owned(), naive_v6 as u64));
                    }
                    prop_assert_eq!(over, expected);
                    prop_assert!(findings.iter().all(|f| f.path == "Database/Resource"));
                }
                Err(other) => prop_assert!(false, "{other}"),
            }
            Ok(())
        })
        .unwrap();
}

/// Adds CIDR rules (and a prefix list of `list_entries`) to the database
/// group of a [`fan_in`] stack; returns the IPv4 and IPv6 rules they count as.
fn add_cidr_rules(stack: &mut Stack, ipv4: usize, ipv6: usize, list_entries: Option<u32>) -> (usize, usize) {
    let root = stack.root();
    let group =
        stack.first_of_type::<cfnkit_l1_ec2::security_group::SecurityGroup>().expect("fan_in has its database group");
    let rule = |peer_key: &str, peer: Value| ingress(&group, 443, peer_key, peer);
    for n in 0..ipv4 {
        stack.add(&root, &format!("V4Rule{n}"), rule("CidrIp", format!("10.1.{n}.0/24").into())).unwrap();
    }
    for n in 0..ipv6 {
        stack.add(&root, &format!("V6Rule{n}"), rule("CidrIpv6", format!("2001:db8:{n:x}::/48").into())).unwrap();
    }
    let mut v4 = ipv4;
    if let Some(entries) = list_entries {
        let list = RawResource::new("AWS::EC2::PrefixList")
            .property("PrefixListName", "generated")
            .property("AddressFamily", "IPv4")
            .property("MaxEntries", entries);
        let list = stack.add(&root, "List", list).unwrap();
        stack.add(&root, "ListRule", rule("SourcePrefixListId", list.get_att("PrefixListId"))).unwrap();
        v4 += entries as usize;
    }
    (v4, ipv6)
}

/// A network ACL (L1 only) with `entries` inbound IPv4 entries.
fn acl(entries: u32) -> Stack {
    let mut stack = Stack::new("Acl");
    let root = stack.root();
    let vpc = stack.add(&root, "Vpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16")).unwrap();
    let acl =
        stack.add(&root, "Acl", RawResource::new("AWS::EC2::NetworkAcl").property("VpcId", vpc.reference())).unwrap();
    for n in 0..entries {
        let entry = RawResource::new("AWS::EC2::NetworkAclEntry")
            .property("NetworkAclId", acl.reference())
            .property("RuleNumber", 100 + n)
            .property("Protocol", 6)
            .property("RuleAction", "allow")
            .property("Egress", false)
            .property("CidrBlock", format!("10.{n}.0.0/16"))
            .property("PortRange", Value::map([("From", Value::from(443)), ("To", Value::from(443))]));
        stack.add(&root, &format!("Entry{n}"), entry).unwrap();
    }
    stack
}

#[test]
fn a_network_acl_counts_its_default_deny_rule() {
    // "This quota includes the default deny rules": 19 entries and the
    // deny make 20.
    assert!(synth(&acl(19)).is_ok());
    let found = findings(&acl(20));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].path.as_str(), found[0].detail.as_str(), found[0].count), ("Acl", "IPv4 inbound rules", 21));
}

#[test]
fn a_prefix_list_of_another_template_only_may_count() {
    let mut stack = fan_in(60);
    let database = stack.first_of_type::<cfnkit_l1_ec2::security_group::SecurityGroup>().unwrap();
    let rule = ingress(&database, 443, "SourcePrefixListId", "pl-63a5400a".into());
    stack.add(&stack.root(), "S3Rule", rule).unwrap();
    let warned = warnings(&stack);
    assert!(warned.iter().any(|w| w.starts_with("Database/Resource: up to 61 IPv6 inbound rules")), "{warned:?}");
}

/// `count` VPCs added at `scope` of `stack`.
fn vpcs(stack: &mut Stack, scope: &Scope, prefix: &str, count: usize) {
    for n in 0..count {
        let vpc = RawResource::new("AWS::EC2::VPC").property("CidrBlock", format!("10.{n}.0.0/16"));
        stack.add(scope, &format!("{prefix}{n}"), vpc).unwrap();
    }
}

/// "VPCs per Region: 5" counts every VPC of the Region, whichever template
/// declares it (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html):
/// a stack and its nested stacks add up, and so do the stacks of an app
/// that name one Region and account.
#[test]
fn region_wide_quotas_add_up_across_nested_stacks_and_an_apps_stacks_in_one_region() {
    let mut stack = Stack::new("Split");
    let root = stack.root();
    let nested = stack.nested_stack(&root, "Inner").unwrap();
    vpcs(&mut stack, &root, "Outer", 3);
    vpcs(&mut stack, &nested, "Inner", 3);
    let found = findings(&stack);
    assert_eq!((found[0].path.as_str(), found[0].quota, found[0].count), ("Split", Quota::VpcsPerRegion, 6));
    assert!(found[0].detail.contains("in this stack and its nested stacks"), "{}", found[0].detail);

    let app = |first: (Option<&str>, Option<&str>), second: (Option<&str>, Option<&str>)| {
        let mut app = App::new();
        for (name, (account, region)) in [("First", first), ("Second", second)] {
            let mut stack = Stack::new(name);
            let root = stack.root();
            vpcs(&mut stack, &root, "Vpc", 3);
            stack.set_environment(account, region);
            app.add_stack(stack).unwrap();
        }
        synth_app(&app)
    };
    let one_region = (Some("123456789012"), Some("eu-west-1"));
    match app(one_region, one_region) {
        Err(SynthError::QuotaExceeded { findings }) => {
            assert_eq!((findings[0].path.as_str(), findings[0].count), ("First + Second", 6));
            assert!(findings[0].detail.contains("account 123456789012, eu-west-1"), "{}", findings[0].detail);
        }
        other => panic!("expected a quota error, got {other:?}"),
    }
    // Other Regions: nothing adds up.
    let templates = app(one_region, (Some("123456789012"), Some("us-east-1"))).unwrap();
    assert!(templates.iter().all(|t| t.warnings().is_empty()));
    // No Region named: they may share one, so only a warning.
    let templates = app((None, None), (None, None)).unwrap();
    let warnings: Vec<String> = templates.iter().flat_map(|t| t.warnings()).map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("up to 6 VPCs across stacks First, Second, if they deploy to one Region")),
        "{warnings:?}"
    );
}
