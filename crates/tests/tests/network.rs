//! Network constructs: Vpc, Subnet, NatGateway, SecurityGroup, synthesised.
use cfnkit::synth::{synth, Format, Template};
use cfnkit_tests::names::*;
use cfnkit_tests::snapshot;
use serde_json::{json, Value as Json};

/// The resource at a construct path.
fn resource<'a>(template: &'a Template, path: &str) -> &'a Json {
    template.resource(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

fn props<'a>(template: &'a Template, path: &str) -> &'a Json {
    &resource(template, path)["Properties"]
}

fn id(template: &Template, path: &str) -> String {
    template.logical_id(path).unwrap().to_owned()
}

fn count_of_type(template: &Template, resource_type: &str) -> usize {
    template.resources_of_type(resource_type).count()
}

fn two_az_one_nat() -> Stack {
    let mut stack = Stack::new("Network");
    Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    stack
}

fn three_az_nat_per_az_isolated() -> Stack {
    let mut stack = Stack::new("Network");
    Vpc::builder()
        .max_azs(3)
        .subnet_group(SubnetGroup::public("Public"))
        .subnet_group(SubnetGroup::private_with_egress("App"))
        .subnet_group(SubnetGroup::isolated("Data").cidr_mask(26))
        .build(&mut stack, "Vpc")
        .unwrap();
    stack
}

#[test]
fn two_az_public_private_one_nat_snapshots() {
    let template = synth(&two_az_one_nat()).unwrap();
    snapshot!("network_two_az_one_nat.json", template.render(Format::Json).unwrap().body);
    snapshot!("network_two_az_one_nat.yaml", template.render(Format::Yaml).unwrap().body);
}

#[test]
fn three_az_nat_per_az_with_isolated_group_snapshots() {
    let template = synth(&three_az_nat_per_az_isolated()).unwrap();
    snapshot!("network_three_az_nat_per_az_isolated.json", template.render(Format::Json).unwrap().body);
    snapshot!("network_three_az_nat_per_az_isolated.yaml", template.render(Format::Yaml).unwrap().body);
}

#[test]
fn defaults_are_those_of_the_cdk() {
    let mut stack = Stack::new("Defaults");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    assert_eq!(vpc.cidr().unwrap().to_string(), "10.0.0.0/16");
    assert_eq!(vpc.subnets_of_kind(SubnetKind::Public).len(), 2);
    assert_eq!(vpc.subnets_of_kind(SubnetKind::PrivateWithEgress).len(), 2);
    assert_eq!(vpc.nat_gateways().len(), 2, "one NAT gateway per AZ by default");
    let template = synth(&stack).unwrap();
    let vpc_props = props(&template, "Vpc/Resource");
    assert_eq!(vpc_props["CidrBlock"], "10.0.0.0/16");
    assert_eq!(vpc_props["EnableDnsSupport"], true);
    assert_eq!(vpc_props["EnableDnsHostnames"], true);
    assert_eq!(vpc_props["Tags"], json!([{ "Key": "Name", "Value": "Defaults/Vpc" }]));
    for (path, index, cidr, public) in [
        ("Vpc/PublicSubnet1/Subnet", 0, "10.0.0.0/24", true),
        ("Vpc/PublicSubnet2/Subnet", 1, "10.0.1.0/24", true),
        ("Vpc/PrivateSubnet1/Subnet", 0, "10.0.16.0/20", false),
        ("Vpc/PrivateSubnet2/Subnet", 1, "10.0.32.0/20", false),
    ] {
        let subnet = props(&template, path);
        assert_eq!(subnet["CidrBlock"], cidr, "{path}");
        assert_eq!(subnet["AvailabilityZone"], json!({ "Fn::Select": [index, { "Fn::GetAZs": "" }] }), "{path}");
        assert_eq!(subnet["MapPublicIpOnLaunch"], public, "{path}");
        assert_eq!(subnet["VpcId"], json!({ "Ref": id(&template, "Vpc/Resource") }));
    }
    assert_eq!(count_of_type(&template, "AWS::EC2::InternetGateway"), 1);
    assert_eq!(count_of_type(&template, "AWS::EC2::VPCGatewayAttachment"), 1);
    assert_eq!(count_of_type(&template, "AWS::EC2::RouteTable"), 4);
    assert_eq!(count_of_type(&template, "AWS::EC2::SubnetRouteTableAssociation"), 4);
    assert_eq!(count_of_type(&template, "AWS::EC2::Route"), 4);
    assert!(template.warnings().is_empty());
}

#[test]
fn public_routes_go_to_the_internet_gateway_after_its_attachment() {
    let template = synth(&two_az_one_nat()).unwrap();
    for n in 1..=2 {
        let route = resource(&template, &format!("Vpc/PublicSubnet{n}/DefaultRoute"));
        assert_eq!(route["Properties"]["DestinationCidrBlock"], "0.0.0.0/0");
        assert_eq!(route["Properties"]["GatewayId"], json!({ "Ref": id(&template, "Vpc/IGW") }));
        assert_eq!(route["DependsOn"], json!([id(&template, "Vpc/VPCGW")]));
        assert_eq!(
            route["Properties"]["RouteTableId"],
            json!({ "Ref": id(&template, &format!("Vpc/PublicSubnet{n}/RouteTable")) })
        );
    }
}

#[test]
fn one_nat_serves_every_private_subnet() {
    let template = synth(&two_az_one_nat()).unwrap();
    let nat = id(&template, "Vpc/PublicSubnet1/NATGateway");
    let eip = id(&template, "Vpc/PublicSubnet1/EIP");
    let nat_resource = resource(&template, "Vpc/PublicSubnet1/NATGateway");
    assert_eq!(nat_resource["Properties"]["AllocationId"], json!({ "Fn::GetAtt": [eip, "AllocationId"] }));
    assert_eq!(nat_resource["Properties"]["SubnetId"], json!({ "Ref": id(&template, "Vpc/PublicSubnet1/Subnet") }));
    assert_eq!(resource(&template, "Vpc/PublicSubnet1/EIP")["DependsOn"], json!([id(&template, "Vpc/VPCGW")]));
    assert_eq!(
        nat_resource["DependsOn"],
        json!([
            id(&template, "Vpc/PublicSubnet1/RouteTableAssociation"),
            id(&template, "Vpc/PublicSubnet1/DefaultRoute")
        ]),
        "the NAT waits for its subnet's way out (and for the attachment through the EIP)"
    );
    assert_eq!(props(&template, "Vpc/PublicSubnet1/EIP")["Domain"], "vpc");
    for n in 1..=2 {
        let route = props(&template, &format!("Vpc/PrivateSubnet{n}/DefaultRoute"));
        assert_eq!(route["NatGatewayId"], json!({ "Ref": nat }));
        assert_eq!(route["DestinationCidrBlock"], "0.0.0.0/0");
    }
    assert_eq!(count_of_type(&template, "AWS::EC2::NatGateway"), 1);
}

#[test]
fn a_nat_per_az_routes_each_private_subnet_to_its_own_az() {
    let template = synth(&three_az_nat_per_az_isolated()).unwrap();
    assert_eq!(count_of_type(&template, "AWS::EC2::NatGateway"), 3);
    for n in 1..=3 {
        let route = props(&template, &format!("Vpc/AppSubnet{n}/DefaultRoute"));
        assert_eq!(route["NatGatewayId"], json!({ "Ref": id(&template, &format!("Vpc/PublicSubnet{n}/NATGateway")) }));
    }
}

#[test]
fn fewer_nats_than_azs_spread_the_rest_round_robin() {
    let mut stack = Stack::new("Spread");
    Vpc::builder().max_azs(3).nat_gateways(2).build(&mut stack, "Vpc").unwrap();
    let template = synth(&stack).unwrap();
    let nat_of = |n: u32| props(&template, &format!("Vpc/PrivateSubnet{n}/DefaultRoute"))["NatGatewayId"].clone();
    assert_eq!(nat_of(1), json!({ "Ref": id(&template, "Vpc/PublicSubnet1/NATGateway") }));
    assert_eq!(nat_of(2), json!({ "Ref": id(&template, "Vpc/PublicSubnet2/NATGateway") }));
    assert_eq!(nat_of(3), json!({ "Ref": id(&template, "Vpc/PublicSubnet1/NATGateway") }));
}

#[test]
fn isolated_subnets_have_no_route_out() {
    let template = synth(&three_az_nat_per_az_isolated()).unwrap();
    for n in 1..=3 {
        assert!(template.logical_id(&format!("Vpc/DataSubnet{n}/DefaultRoute")).is_none());
        assert!(template.logical_id(&format!("Vpc/DataSubnet{n}/RouteTable")).is_some());
        assert_eq!(props(&template, &format!("Vpc/DataSubnet{n}/Subnet"))["MapPublicIpOnLaunch"], false);
    }
    let data: Vec<String> = (1..=3)
        .map(|n| props(&template, &format!("Vpc/DataSubnet{n}/Subnet"))["CidrBlock"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(data, ["10.0.64.0/26", "10.0.64.64/26", "10.0.64.128/26"]);
}

#[test]
fn three_azs_from_getazs_warn_about_two_az_regions() {
    let template = synth(&three_az_nat_per_az_isolated()).unwrap();
    assert_eq!(template.warnings().len(), 1);
    assert!(template.warnings()[0].message.contains("us-west-1"));
}

#[test]
fn explicit_az_names_are_used_as_given() {
    let mut stack = Stack::new("Named");
    Vpc::builder().availability_zones(["eu-west-1a", "eu-west-1b"]).build(&mut stack, "Vpc").unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(props(&template, "Vpc/PrivateSubnet2/Subnet")["AvailabilityZone"], "eu-west-1b");
    let mut stack = Stack::new("Named");
    assert!(matches!(
        Vpc::builder().availability_zones(["a", "a"]).build(&mut stack, "Vpc"),
        Err(Error { kind: ErrorKind::Ec2(Ec2Error::DuplicateAvailabilityZone { .. }), .. })
    ));
    assert!(matches!(
        Vpc::builder().availability_zones(Vec::<String>::new()).build(&mut stack, "Vpc"),
        Err(Error { kind: ErrorKind::Ec2(Ec2Error::EmptyAvailabilityZone), .. })
    ));
    assert!(matches!(
        Vpc::builder().max_azs(0).build(&mut stack, "Vpc"),
        Err(Error { kind: ErrorKind::OutOfRange { field: "max_azs", .. }, .. })
    ));
    assert!(matches!(
        Vpc::builder().max_azs(7).build(&mut stack, "Vpc"),
        Err(Error { kind: ErrorKind::OutOfRange { field: "max_azs", .. }, .. })
    ));
}

fn cidrs_of(vpc: &Vpc) -> Vec<(String, String)> {
    vpc.subnets().iter().map(|s| (s.path().to_owned(), s.cidr().unwrap().to_string())).collect()
}

#[test]
fn adding_a_group_at_the_end_never_moves_existing_subnets() {
    let groups = [
        SubnetGroup::public("Web").cidr_mask(26),
        SubnetGroup::private_with_egress("App").cidr_mask(22),
        SubnetGroup::isolated("Db").cidr_mask(28),
    ];
    let mut before = Stack::new("Same");
    let mut builder = Vpc::builder().max_azs(3);
    for group in groups.iter().cloned() {
        builder = builder.subnet_group(group);
    }
    let small = builder.clone().build(&mut before, "Vpc").unwrap();
    let mut after = Stack::new("Same");
    let large = builder.subnet_group(SubnetGroup::isolated("Cache").cidr_mask(24)).build(&mut after, "Vpc").unwrap();
    let old = cidrs_of(&small);
    let new = cidrs_of(&large);
    assert_eq!(&new[..old.len()], &old[..]);
    assert_eq!(new.len(), old.len() + 3);
    let before_ids = synth(&before).unwrap();
    let after_ids = synth(&after).unwrap();
    for (path, _) in &old {
        let subnet = format!("{path}/Subnet");
        assert_eq!(before_ids.logical_id(&subnet), after_ids.logical_id(&subnet));
        assert_eq!(props(&before_ids, &subnet), props(&after_ids, &subnet), "{subnet} changed");
    }
}

#[test]
fn planned_subnets_are_inside_the_vpc_and_disjoint() {
    let mut stack = Stack::new("Plan");
    let vpc = Vpc::builder()
        .cidr("172.16.0.0/20")
        .max_azs(3)
        .subnet_group(SubnetGroup::public("Public").cidr_mask(27))
        .subnet_group(SubnetGroup::private_with_egress("Private").cidr_mask(23))
        .subnet_group(SubnetGroup::isolated("Isolated").cidr_mask(28))
        .nat_gateways(1)
        .build(&mut stack, "Vpc")
        .unwrap();
    let blocks: Vec<ipnet::Ipv4Net> = vpc.subnets().iter().map(|s| s.cidr().unwrap()).collect();
    for (i, a) in blocks.iter().enumerate() {
        assert!(vpc.cidr().unwrap().contains(a));
        for b in &blocks[i + 1..] {
            assert!(!a.contains(&b.network()) && !b.contains(&a.network()), "{a} overlaps {b}");
        }
    }
}

#[test]
fn explicit_group_cidrs_are_accepted_and_checked() {
    let mut stack = Stack::new("Explicit");
    let vpc = Vpc::builder()
        .subnet_group(SubnetGroup::public("Public").cidrs(["10.0.100.0/24", "10.0.101.0/24"]))
        .subnet_group(SubnetGroup::private_with_egress("Private"))
        .nat_gateways(1)
        .build(&mut stack, "Vpc")
        .unwrap();
    assert_eq!(cidrs_of(&vpc)[0].1, "10.0.100.0/24");
    assert_eq!(cidrs_of(&vpc)[2].1, "10.0.0.0/20", "planned groups fill in around earlier explicit blocks");

    type Expected = fn(&Error) -> bool;
    let cases: Vec<(SubnetGroup, Expected)> = vec![
        (SubnetGroup::isolated("Iso").cidrs(["10.0.100.0/24", "10.0.200.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { .. }), .. })
        }),
        (SubnetGroup::isolated("Iso").cidrs(["10.0.150.0/24", "10.0.150.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { .. }), .. })
        }),
        (SubnetGroup::isolated("Iso").cidrs(["10.1.0.0/24", "10.0.150.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::CidrOutsideVpc { .. }), .. })
        }),
        (SubnetGroup::isolated("Iso").cidrs(["10.0.150.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::CidrCountMismatch { given: 1, zones: 2 }), .. })
        }),
        (SubnetGroup::isolated("Iso").cidrs(["10.0.150.7/24", "10.0.151.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::CidrHostBitsSet { .. }), .. })
        }),
        (SubnetGroup::isolated("Iso").cidrs(["banana", "10.0.151.0/24"]), |e| {
            matches!(e, Error { kind: ErrorKind::Ec2(Ec2Error::InvalidCidr { .. }), .. })
        }),
    ];
    for (group, expected) in cases {
        let mut stack = Stack::new("Explicit");
        let error = Vpc::builder()
            .subnet_group(SubnetGroup::public("Public").cidrs(["10.0.100.0/24", "10.0.101.0/24"]))
            .subnet_group(group.clone())
            .nat_gateways(0)
            .build(&mut stack, "Vpc")
            .unwrap_err();
        assert!(expected(&error), "{group:?}: {error}");
        assert!(error.path().starts_with("Vpc"), "{error}");
        assert_eq!(stack.entries().count(), 0, "a failed build leaves nothing behind");
    }
}

#[test]
fn overlap_errors_name_both_subnets() {
    let mut stack = Stack::new("Overlap");
    let error = Vpc::builder()
        .subnet_group(SubnetGroup::isolated("A").cidrs(["10.0.0.0/24", "10.0.1.0/24"]))
        .subnet_group(SubnetGroup::isolated("B").cidrs(["10.0.1.128/25", "10.0.2.0/24"]))
        .build(&mut stack, "Vpc")
        .unwrap_err();
    assert_eq!(
        error,
        Error::new(
            "Vpc/BSubnet1",
            Ec2Error::CidrOverlap {
                cidr: "10.0.1.128/25".into(),
                other_path: "Vpc/ASubnet2".into(),
                other_cidr: "10.0.1.0/24".into()
            }
        )
    );
}

#[test]
fn vpc_ranges_and_prefixes_outside_aws_limits_are_errors() {
    let mut stack = Stack::new("Ranges");
    for bad in ["10.0.0.0/8", "10.0.0.0/29", "10.0.0.0", "10.0.0.1/16", "300.0.0.0/16"] {
        assert!(
            matches!(
                Vpc::builder().cidr(bad).build(&mut stack, "Vpc"),
                Err(Error {
                    kind: ErrorKind::Ec2(
                        Ec2Error::InvalidCidr { .. }
                            | Ec2Error::CidrPrefixNotAccepted { .. }
                            | Ec2Error::CidrHostBitsSet { .. }
                    ),
                    ..
                })
            ),
            "{bad}"
        );
    }
    for prefix in [15, 29] {
        let error = Vpc::builder()
            .subnet_group(SubnetGroup::isolated("X").cidr_mask(prefix))
            .build(&mut stack, "Vpc")
            .unwrap_err();
        assert!(
            matches!(error, Error { kind: ErrorKind::OutOfRange { field: "prefix length", .. }, .. }),
            "{prefix}: {error}"
        );
    }
    let error = Vpc::builder()
        .cidr("10.0.0.0/24")
        .subnet_group(SubnetGroup::isolated("X").cidr_mask(20))
        .build(&mut stack, "Vpc")
        .unwrap_err();
    assert!(
        matches!(error, Error { kind: ErrorKind::Ec2(Ec2Error::SubnetLargerThanVpc { prefix: 20, .. }), .. }),
        "{error}"
    );
    let error = Vpc::builder()
        .cidr("10.0.0.0/24")
        .max_azs(3)
        .subnet_group(SubnetGroup::isolated("X").cidr_mask(25))
        .build(&mut stack, "Vpc")
        .unwrap_err();
    assert!(matches!(error, Error { kind: ErrorKind::Ec2(Ec2Error::NoRoomInVpc { prefix: 25, .. }), .. }), "{error}");
    assert!(error.to_string().contains("no room"), "{error}");
}

#[test]
fn subnet_group_names_are_checked() {
    let mut stack = Stack::new("Groups");
    for groups in [
        vec![SubnetGroup::isolated("")],
        vec![SubnetGroup::isolated("has space")],
        vec![SubnetGroup::isolated("Same"), SubnetGroup::isolated("Same")],
    ] {
        let mut builder = Vpc::builder();
        for group in groups {
            builder = builder.subnet_group(group);
        }
        assert!(matches!(
            builder.build(&mut stack, "Vpc"),
            Err(Error {
                kind: ErrorKind::Ec2(
                    Ec2Error::InvalidSubnetGroupName { .. } | Ec2Error::DuplicateSubnetGroupName { .. }
                ),
                ..
            })
        ));
    }
}

#[test]
fn nat_configurations_that_cannot_route_are_errors_that_say_why() {
    let mut stack = Stack::new("Nat");
    let no_public =
        Vpc::builder().subnet_group(SubnetGroup::private_with_egress("App")).nat_gateways(1).build(&mut stack, "Vpc");
    assert!(
        matches!(
            &no_public,
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::NatGatewaysWithoutPublicSubnets { nats: 1 }), .. })
        ),
        "{no_public:?}"
    );
    let no_nat = Vpc::builder().nat_gateways(0).build(&mut stack, "Vpc");
    assert!(
        matches!(&no_nat, Err(Error { kind: ErrorKind::Ec2(Ec2Error::PrivateEgressWithoutNat), .. })),
        "{no_nat:?}"
    );
    let too_many = Vpc::builder().max_azs(2).nat_gateways(3).build(&mut stack, "Vpc");
    assert!(
        matches!(
            &too_many,
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::MoreNatGatewaysThanZones { nats: 3, zones: 2 }), .. })
        ),
        "{too_many:?}"
    );
    assert!(too_many.unwrap_err().to_string().contains("only 2 AZs"));
    let private_only = Vpc::builder().subnet_group(SubnetGroup::private_with_egress("App")).build(&mut stack, "Vpc");
    assert!(private_only.is_err(), "private subnets with egress and no public group cannot get a NAT");
}

#[test]
fn isolated_only_vpcs_need_no_gateways() {
    let mut stack = Stack::new("Isolated");
    let vpc = Vpc::builder().subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    assert!(vpc.internet_gateway().is_none());
    let template = synth(&stack).unwrap();
    assert_eq!(count_of_type(&template, "AWS::EC2::InternetGateway"), 0);
    assert_eq!(count_of_type(&template, "AWS::EC2::Route"), 0);
}

#[test]
fn subnets_are_selected_by_kind_group_or_list() {
    let mut stack = Stack::new("Select");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let private = vpc.select_subnets(&SubnetSelection::Kind(SubnetKind::PrivateWithEgress)).unwrap();
    assert_eq!(private.iter().map(Subnet::path).collect::<Vec<_>>(), ["Vpc/PrivateSubnet1", "Vpc/PrivateSubnet2"]);
    assert_eq!(vpc.select_subnets(&SubnetSelection::Group("Public".into())).unwrap().len(), 2);
    let one = vec![private[0].clone()];
    assert_eq!(vpc.select_subnets(&SubnetSelection::Subnets(one.clone())).unwrap(), one);
    let error = vpc.select_subnets(&SubnetSelection::Kind(SubnetKind::Isolated)).unwrap_err();
    assert!(error.to_string().contains("Public (Public)"), "{error}");
    assert_eq!(private[0].usable_addresses(), Some(4091));
}

#[test]
fn imported_vpcs_and_subnets_work_where_created_ones_do() {
    let mut stack = Stack::new("Imported");
    let vpc_id = stack.add_parameter("VpcId", Parameter::new(ParameterType::VpcId)).unwrap();
    let a = stack.add_parameter("SubnetA", Parameter::new(ParameterType::SubnetId)).unwrap();
    let sg_id = stack.add_parameter("DbSg", Parameter::new(ParameterType::SecurityGroupId)).unwrap();
    let mut vpc = Vpc::import(vpc_id.value())
        .cidr("10.1.0.0/16")
        .subnet(SubnetKind::PrivateWithEgress, a.value(), Some(AvailabilityZone::Name("us-east-1a".into())))
        .subnet(SubnetKind::PrivateWithEgress, "subnet-0123456789abcdef0", None)
        .build(&mut stack, "Vpc")
        .unwrap();
    let private = vpc.select_subnets(&SubnetSelection::Kind(SubnetKind::PrivateWithEgress)).unwrap();
    assert_eq!(private[1].path(), "Vpc/PrivateSubnet2");
    assert_eq!(private[1].subnet_id(), "subnet-0123456789abcdef0".into());
    let db = SecurityGroup::import(&mut stack, "Db", sg_id.value()).unwrap();
    let app = SecurityGroup::builder(&vpc).description("app").build(&mut stack, "AppSg").unwrap();
    db.allow_from(&mut stack, &app, Port::tcp(5432)).unwrap();
    Subnet::builder(&mut vpc, SubnetKind::Isolated).cidr("10.1.9.0/24").build(&mut stack, "Extra").unwrap();
    let outside = Subnet::builder(&mut vpc, SubnetKind::Isolated).cidr("10.2.0.0/24").build(&mut stack, "Outside");
    assert!(matches!(outside, Err(Error { kind: ErrorKind::Ec2(Ec2Error::CidrOutsideVpc { .. }), .. })));
    let public = Subnet::builder(&mut vpc, SubnetKind::Public).cidr("10.1.10.0/24").build(&mut stack, "Pub");
    assert!(
        matches!(public, Err(Error { kind: ErrorKind::Ec2(Ec2Error::NoInternetGateway { .. }), .. })),
        "an imported VPC has no internet gateway of ours"
    );

    let template = synth(&stack).unwrap();
    let rule = props(&template, "Db/IngressFromAppSgTcp5432");
    assert_eq!(rule["GroupId"], json!({ "Ref": "DbSg" }));
    assert_eq!(rule["SourceSecurityGroupId"], json!({ "Fn::GetAtt": [id(&template, "AppSg/Resource"), "GroupId"] }));
    assert_eq!(props(&template, "AppSg/Resource")["VpcId"], json!({ "Ref": "VpcId" }));
    assert_eq!(props(&template, "Extra/Subnet")["VpcId"], json!({ "Ref": "VpcId" }));
    assert_eq!(count_of_type(&template, "AWS::EC2::VPC"), 0);
}

#[test]
fn standalone_subnets_are_checked_against_the_vpc() {
    let mut stack = Stack::new("Standalone");
    let mut vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    let extra = Subnet::builder(&mut vpc, SubnetKind::PrivateWithEgress)
        .cidr("10.0.200.0/24")
        .availability_zone(AvailabilityZone::Index(1))
        .build(&mut stack, "Extra")
        .unwrap();
    assert_eq!(vpc.subnets().last().unwrap(), &extra);
    let overlap = Subnet::builder(&mut vpc, SubnetKind::Isolated).cidr("10.0.16.0/24").build(&mut stack, "Overlap");
    assert!(
        matches!(&overlap, Err(Error { kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { other_path, .. }), .. }) if other_path == "Vpc/PrivateSubnet1"),
        "{overlap:?}"
    );
    let again = Subnet::builder(&mut vpc, SubnetKind::Isolated).cidr("10.0.200.0/25").build(&mut stack, "Again");
    assert!(
        matches!(&again, Err(Error { kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { other_path, .. }), .. }) if other_path == "Extra"),
        "{again:?}"
    );
    let missing = Subnet::builder(&mut vpc, SubnetKind::Isolated).build(&mut stack, "NoCidr");
    assert!(matches!(missing, Err(Error { kind: ErrorKind::Ec2(Ec2Error::SubnetWithoutCidr), .. })));
    let public =
        Subnet::builder(&mut vpc, SubnetKind::Public).cidr("10.0.201.0/24").build(&mut stack, "MorePublic").unwrap();

    let template = synth(&stack).unwrap();
    assert_eq!(
        props(&template, "Extra/DefaultRoute")["NatGatewayId"],
        json!({ "Ref": id(&template, "Vpc/PublicSubnet1/NATGateway") }),
        "the only NAT serves the extra subnet in AZ 2"
    );
    assert_eq!(resource(&template, "MorePublic/DefaultRoute")["DependsOn"], json!([id(&template, "Vpc/VPCGW")]));
    assert_eq!(public.kind(), SubnetKind::Public);
}

#[test]
fn standalone_nat_gateways_must_be_in_public_subnets() {
    let mut stack = Stack::new("Nat");
    let mut vpc = Vpc::builder()
        .subnet_group(SubnetGroup::public("Public"))
        .subnet_group(SubnetGroup::isolated("Data"))
        .build(&mut stack, "Vpc")
        .unwrap();
    let isolated = vpc.subnets_of_kind(SubnetKind::Isolated)[0].clone();
    let error = NatGateway::builder(&isolated).build(&mut stack, "BadNat").unwrap_err();
    assert!(error.to_string().contains("must be in a public subnet"), "{error}");
    assert_eq!(error.path(), "BadNat");
    let public = vpc.subnets_of_kind(SubnetKind::Public)[1].clone();
    let nat = NatGateway::builder(&public).build(&mut stack, "Nat").unwrap();
    Subnet::builder(&mut vpc, SubnetKind::PrivateWithEgress)
        .cidr("10.0.128.0/20")
        .nat_gateway(&nat)
        .build(&mut stack, "Workers")
        .unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(
        props(&template, "Workers/DefaultRoute")["NatGatewayId"],
        json!({ "Ref": id(&template, "Nat/NATGateway") })
    );
    assert_eq!(resource(&template, "Nat/EIP")["DependsOn"], json!([id(&template, "Vpc/VPCGW")]));
}

#[test]
fn security_groups_allow_all_outbound_and_no_inbound_by_default() {
    let mut stack = Stack::new("Sg");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    SecurityGroup::builder(&vpc).build(&mut stack, "Open").unwrap();
    SecurityGroup::builder(&vpc).description("locked").allow_all_outbound(false).build(&mut stack, "Locked").unwrap();
    let template = synth(&stack).unwrap();
    let open = props(&template, "Open/Resource");
    assert_eq!(open["GroupDescription"], "Sg/Open");
    assert_eq!(
        open["SecurityGroupEgress"],
        json!([{ "IpProtocol": "-1", "CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default" }])
    );
    assert!(open.get("SecurityGroupIngress").is_none());
    let locked = props(&template, "Locked/Resource");
    assert_eq!(locked["SecurityGroupEgress"][0]["CidrIp"], "255.255.255.255/32");
    let long = SecurityGroup::builder(&vpc).description("x".repeat(256)).build(&mut stack, "Long");
    assert!(matches!(long, Err(Error { kind: ErrorKind::OutOfRange { .. }, .. })));
}

#[test]
fn rules_take_typed_peers_and_ports() {
    let mut stack = Stack::new("Rules");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let web = SecurityGroup::builder(&vpc).description("web").build(&mut stack, "Web").unwrap();
    web.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::tcp_range(8000, 8080), "internal").unwrap();
    web.add_ingress_rule(&mut stack, Peer::anywhere_ipv4(), Port::tcp(443), "HTTPS from anywhere").unwrap();
    web.add_ingress_rule(&mut stack, Peer::anywhere_ipv6(), Port::tcp(443), "HTTPS from anywhere").unwrap();
    web.add_ingress_rule(&mut stack, Peer::prefix_list("pl-12345678"), Port::udp(53), "dns").unwrap();
    web.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::icmp_ping(), "ping").unwrap();
    web.add_egress_rule(&mut stack, Peer::ipv6("2001:db8::/32"), Port::all_traffic(), "v6 out").unwrap();
    let template = synth(&stack).unwrap();
    let group = json!({ "Fn::GetAtt": [id(&template, "Web/Resource"), "GroupId"] });
    assert_eq!(
        props(&template, "Web/IngressFrom10.0.0.0_16Tcp8000To8080"),
        &json!({ "GroupId": group, "IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8080, "CidrIp": "10.0.0.0/16", "Description": "internal" })
    );
    assert_eq!(props(&template, "Web/IngressFromAnyIpv4Tcp443")["CidrIp"], "0.0.0.0/0");
    assert_eq!(props(&template, "Web/IngressFromAnyIpv6Tcp443")["CidrIpv6"], "::/0");
    assert_eq!(props(&template, "Web/IngressFrompl-12345678Udp53")["SourcePrefixListId"], "pl-12345678");
    assert_eq!(props(&template, "Web/IngressFrom10.0.0.0_16Icmp8")["ToPort"], -1);
    let egress = props(&template, "Web/EgressTo2001:db8::_32AllTraffic");
    assert_eq!(egress["IpProtocol"], "-1");
    assert!(egress.get("FromPort").is_none(), "ports with protocol -1 are a cfn-lint warning");
}

#[test]
fn bad_ports_and_open_ingress_are_errors() {
    let mut stack = Stack::new("Bad");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let sg = SecurityGroup::builder(&vpc).build(&mut stack, "Sg").unwrap();
    for port in [Port::tcp_range(90, 80), Port::tcp_range(0, 70000), Port::udp_range(-5, 10)] {
        let error = sg.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/8"), port, "x").unwrap_err();
        assert!(matches!(error, Error { kind: ErrorKind::Ec2(Ec2Error::InvalidPort { .. }), .. }), "{port:?}");
        assert_eq!(error.path(), "Sg");
    }
    for open in ["0.0.0.0/0", "::/0", "0:0::/0"] {
        let peer = if open.contains(':') { Peer::ipv6(open) } else { Peer::ipv4(open) };
        let error = sg.add_ingress_rule(&mut stack, peer, Port::tcp(22), "ssh").unwrap_err();
        assert!(matches!(error, Error { kind: ErrorKind::Ec2(Ec2Error::OpenIngress { .. }), .. }), "{open}");
        assert!(error.to_string().contains("anywhere_ipv"));
    }
    sg.add_egress_rule(&mut stack, Peer::ipv4("0.0.0.0/0"), Port::tcp(443), "egress may be open").unwrap();
    for bad in ["10.0.0.0", "fe80::/10"] {
        assert!(matches!(
            sg.add_ingress_rule(&mut stack, Peer::ipv4(bad), Port::tcp(1), "x"),
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::InvalidCidr { .. }), .. })
        ));
    }
}

#[test]
fn peers_that_read_alike_get_rules_of_their_own() {
    let mut stack = Stack::new("Alike");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let db = SecurityGroup::builder(&vpc).description("db").build(&mut stack, "Db").unwrap();
    let dashed = SecurityGroup::builder(&vpc).description("a").build(&mut stack, "App-Sg").unwrap();
    let plain = SecurityGroup::builder(&vpc).description("b").build(&mut stack, "AppSg").unwrap();
    db.add_ingress_rule(&mut stack, Peer::ipv4("10.1.10.0/24"), Port::tcp(5432), "office A").unwrap();
    db.add_ingress_rule(&mut stack, Peer::ipv4("10.11.0.0/24"), Port::tcp(5432), "office B").unwrap();
    db.allow_from(&mut stack, &dashed, Port::tcp(5432)).unwrap();
    db.allow_from(&mut stack, &plain, Port::tcp(5432)).unwrap();
    let template = synth(&stack).unwrap();
    let sources: Vec<Json> = template
        .resources()
        .filter(|(_, r)| r["Type"] == "AWS::EC2::SecurityGroupIngress")
        .map(|(_, r)| {
            let p = &r["Properties"];
            if p["CidrIp"].is_null() {
                p["SourceSecurityGroupId"].clone()
            } else {
                p["CidrIp"].clone()
            }
        })
        .collect();
    assert_eq!(
        sources,
        [
            json!("10.1.10.0/24"),
            json!("10.11.0.0/24"),
            json!({ "Fn::GetAtt": [id(&template, "App-Sg/Resource"), "GroupId"] }),
            json!({ "Fn::GetAtt": [id(&template, "AppSg/Resource"), "GroupId"] }),
        ]
    );
}

#[test]
fn groups_that_allow_each_other_make_no_cycle() {
    let mut stack = Stack::new("Mutual");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let a = SecurityGroup::builder(&vpc).description("a").build(&mut stack, "A").unwrap();
    let b = SecurityGroup::builder(&vpc).description("b").build(&mut stack, "B").unwrap();
    a.allow_from(&mut stack, &b, Port::tcp(80)).unwrap();
    b.allow_from(&mut stack, &a, Port::tcp(80)).unwrap();
    a.allow_from(&mut stack, &a, Port::all_traffic()).unwrap();
    b.allow_to(&mut stack, &a, Port::tcp(80)).unwrap();
    a.allow_from(&mut stack, &b, Port::tcp(80)).unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(count_of_type(&template, "AWS::EC2::SecurityGroupIngress"), 3, "the repeated rule is added once");
    assert_eq!(count_of_type(&template, "AWS::EC2::SecurityGroupEgress"), 1);
    assert_eq!(props(&template, "A/IngressFromBTcp80")["Description"], "from B on tcp 80");
}

#[test]
fn network_output_is_deterministic() {
    let first = synth(&three_az_nat_per_az_isolated()).unwrap().render(Format::Json).unwrap().body;
    let second = synth(&three_az_nat_per_az_isolated()).unwrap().render(Format::Json).unwrap().body;
    assert_eq!(first, second);
}

#[test]
fn a_failed_standalone_subnet_leaves_no_reservation_behind() {
    let mut stack = Stack::new("Retry");
    let mut vpc = Vpc::builder().subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    let public = Subnet::builder(&mut vpc, SubnetKind::Public).cidr("10.0.100.0/24").build(&mut stack, "P");
    assert!(
        matches!(public, Err(Error { kind: ErrorKind::Ec2(Ec2Error::NoInternetGateway { .. }), .. })),
        "no internet gateway: {public:?}"
    );
    Subnet::builder(&mut vpc, SubnetKind::Isolated).cidr("10.0.100.0/24").build(&mut stack, "P").unwrap();
}

#[test]
fn a_failed_vpc_records_no_warning() {
    let mut stack = Stack::new("NoWarning");
    let failed = Vpc::builder().max_azs(3).cidr("10.0.0.0/26").build(&mut stack, "Vpc");
    assert!(failed.is_err());
    assert!(stack.warnings().is_empty(), "{:?}", stack.warnings());
}

#[test]
fn descriptions_made_from_construct_ids_are_safe_for_ec2_and_given_ones_are_checked() {
    let mut stack = Stack::new("Unicode");
    let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
    let db = SecurityGroup::builder(&vpc).build(&mut stack, "Base→Données").unwrap();
    let app = SecurityGroup::builder(&vpc).description("app").build(&mut stack, "App's").unwrap();
    db.allow_from(&mut stack, &app, Port::tcp(5432)).unwrap();
    let template = synth(&stack).unwrap();
    let allowed = |text: &str| text.chars().all(|c| c.is_ascii_alphanumeric() || ". _-:/()#,@[]+=&;{}!$*".contains(c));
    assert_eq!(props(&template, "Base→Données/Resource")["GroupDescription"], "Unicode/Base_Donn_es");
    for (_, body) in
        template.resources().filter(|(_, r)| r["Type"].as_str().unwrap().starts_with("AWS::EC2::SecurityGroup"))
    {
        let text =
            body["Properties"]["GroupDescription"].as_str().or(body["Properties"]["Description"].as_str()).unwrap();
        assert!(allowed(text), "{text}");
    }
    for bad in ["it's", "données"] {
        let error = SecurityGroup::builder(&vpc).description(bad).build(&mut stack, "Bad").unwrap_err();
        assert!(
            matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::InvalidDescription { .. }) } if path == "Bad"),
            "{error}"
        );
        let error = db.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::tcp(1), bad).unwrap_err();
        assert!(matches!(
            error,
            Error { kind: ErrorKind::Ec2(Ec2Error::InvalidDescription { field: "rule description", .. }), .. }
        ));
    }
    let error = db.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::tcp(1), "").unwrap_err();
    assert!(matches!(error, Error { kind: ErrorKind::OutOfRange { field: "rule description", .. }, .. }));
    assert!(stack.scope(&stack.root(), "Bad").is_ok(), "the refused group left nothing behind");
}

/// Isolated subnets behind a custom network ACL, with S3 and DynamoDB
/// gateway endpoints: the template cfn-lint sees (test-all lints every
/// snapshot), and the ACL's entries as written.
#[test]
fn network_acl_and_gateway_endpoints_snapshot() {
    let mut stack = Stack::new("Guarded");
    let vpc = Vpc::builder()
        .max_azs(2)
        .subnet_group(SubnetGroup::isolated("Data"))
        .gateway_endpoint(GatewayService::S3)
        .gateway_endpoint(GatewayService::DynamoDb)
        .build(&mut stack, "Vpc")
        .unwrap();
    NetworkAcl::builder(&vpc)
        .subnets(SubnetSelection::Kind(SubnetKind::Isolated))
        .allow(100, Direction::Outbound, "0.0.0.0/0", Port::tcp(443))
        .allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp_range(1024, 65535))
        .deny(90, Direction::Inbound, "192.0.2.0/24", Port::all_traffic())
        .allow(110, Direction::Inbound, "10.0.0.0/16", Port::icmp_ping())
        .build(&mut stack, "DataAcl")
        .unwrap();
    let template = synth(&stack).unwrap();
    assert_eq!(count_of_type(&template, "AWS::EC2::NetworkAclEntry"), 4);
    assert_eq!(count_of_type(&template, "AWS::EC2::SubnetNetworkAclAssociation"), 2);
    assert_eq!(count_of_type(&template, "AWS::EC2::VPCEndpoint"), 2);
    let endpoint = props(&template, "Vpc/S3Endpoint");
    assert_eq!(endpoint["VpcEndpointType"], "Gateway");
    assert_eq!(endpoint["RouteTableIds"].as_array().unwrap().len(), 2);
    assert_eq!(props(&template, "DataAcl/Inbound90")["RuleAction"], "deny");
    assert_eq!(props(&template, "DataAcl/Outbound100")["PortRange"], serde_json::json!({"From": 443, "To": 443}));
    snapshot!("network_acl_and_gateway_endpoints.json", template.render(Format::Json).unwrap().body);
}

#[test]
fn network_acl_entries_are_checked_before_anything_is_built() {
    let mut stack = Stack::new("Bad");
    let vpc = Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
    let before = stack.entries().count();
    let cases: Vec<(NetworkAclBuilder, &str)> = vec![
        (
            NetworkAcl::builder(&vpc).allow(0, Direction::Inbound, "0.0.0.0/0", Port::tcp(1)),
            "numbers run from 1 to 32766",
        ),
        (
            NetworkAcl::builder(&vpc).allow(32767, Direction::Inbound, "0.0.0.0/0", Port::tcp(1)),
            "numbers run from 1 to 32766",
        ),
        (
            NetworkAcl::builder(&vpc).allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp(1)).deny(
                100,
                Direction::Inbound,
                "10.0.0.0/8",
                Port::tcp(2),
            ),
            "already used in this direction",
        ),
        (NetworkAcl::builder(&vpc).allow(100, Direction::Inbound, "10.0.0.1/8", Port::tcp(1)), "host bits are set"),
        (NetworkAcl::builder(&vpc).allow(100, Direction::Inbound, "ten", Port::tcp(1)), "invalid CIDR block"),
        (
            NetworkAcl::builder(&vpc).allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp_range(5, 4)),
            "the range is empty",
        ),
    ];
    for (builder, expected) in cases {
        let error = builder.build(&mut stack, "Acl").unwrap_err();
        assert_eq!(error.path, "Acl");
        assert!(error.to_string().contains(expected), "{error}");
    }
    // The same direction twice is an error; the two directions share numbers.
    NetworkAcl::builder(&vpc)
        .allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp(1))
        .allow(100, Direction::Outbound, "0.0.0.0/0", Port::tcp(1))
        .build(&mut stack, "Good")
        .unwrap();
    assert_eq!(stack.entries().count(), before + 3, "failed builders leave the stack as it was");
}

#[test]
fn a_gateway_endpoint_needs_a_private_or_isolated_route_table() {
    let mut stack = Stack::new("PublicOnly");
    let error = Vpc::builder()
        .max_azs(1)
        .subnet_group(SubnetGroup::public("Public"))
        .gateway_endpoint(GatewayService::S3)
        .build(&mut stack, "Vpc")
        .unwrap_err();
    assert!(error.to_string().contains("no private or isolated subnet"), "{error}");
    assert_eq!(stack.entries().count(), 0, "refused before anything was built");
}
