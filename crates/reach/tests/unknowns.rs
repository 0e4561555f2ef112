//! Values not known at synth (parameters, imports, `Fn::If`, a resource's
//! `Condition`) never give a certain answer: each test builds a template
//! whose answer such a value decides and checks that the analysis says
//! "possibly", neither "yes" nor "no".
use std::collections::HashMap;

use cfnkit_reach::{Analysis, Intent, Network, Traffic};
use cfnkit_template::Template;
use serde_json::{json, Map, Value};

/// One VPC (10.0.0.0/16) with an attached internet gateway; a public
/// subnet (10.0.0.0/24, 0.0.0.0/0 to the gateway) holding a NAT gateway
/// and a web instance with a public IP whose group admits tcp/443 from
/// anywhere; a private subnet (10.0.1.0/24, 0.0.0.0/0 to the NAT gateway)
/// holding a function whose group keeps the default egress. `extra`
/// resources are added, or replace those of the same logical ID.
fn network(extra: Value) -> Template {
    let mut resources: Map<String, Value> = serde_json::from_value(json!({
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Igw": {"Type": "AWS::EC2::InternetGateway"},
        "IgwAttachment": {"Type": "AWS::EC2::VPCGatewayAttachment",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "InternetGatewayId": {"Ref": "Igw"}}},
        "Public": {"Type": "AWS::EC2::Subnet",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"}},
        "PublicTable": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
        "PublicAssociation": {"Type": "AWS::EC2::SubnetRouteTableAssociation",
            "Properties": {"SubnetId": {"Ref": "Public"}, "RouteTableId": {"Ref": "PublicTable"}}},
        "PublicDefault": {"Type": "AWS::EC2::Route",
            "Properties": {"RouteTableId": {"Ref": "PublicTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                "GatewayId": {"Ref": "Igw"}}},
        "NatEip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "Nat": {"Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": {"Ref": "Public"}, "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]}}},
        "Private": {"Type": "AWS::EC2::Subnet",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}},
        "PrivateTable": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
        "PrivateAssociation": {"Type": "AWS::EC2::SubnetRouteTableAssociation",
            "Properties": {"SubnetId": {"Ref": "Private"}, "RouteTableId": {"Ref": "PrivateTable"}}},
        "PrivateDefault": {"Type": "AWS::EC2::Route",
            "Properties": {"RouteTableId": {"Ref": "PrivateTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                "NatGatewayId": {"Ref": "Nat"}}},
        "FnSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "function", "VpcId": {"Ref": "Vpc"}}},
        "Fn": {"Type": "AWS::Lambda::Function",
            "Properties": {"VpcConfig": {"SubnetIds": [{"Ref": "Private"}],
                "SecurityGroupIds": [{"Fn::GetAtt": ["FnSg", "GroupId"]}]}}},
        "WebSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "web", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}},
        "Web": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                "NetworkInterfaces": [{"DeviceIndex": "0", "SubnetId": {"Ref": "Public"},
                    "GroupSet": [{"Fn::GetAtt": ["WebSg", "GroupId"]}], "AssociatePublicIpAddress": true}]}}
    }))
    .unwrap();
    for (id, resource) in extra.as_object().expect("resources by logical ID") {
        if resource.is_null() {
            resources.shift_remove(id);
        } else {
            resources.insert(id.clone(), resource.clone());
        }
    }
    Template::from_json(json!({
        "Parameters": {
            "Number": {"Type": "Number"},
            "Flag": {"Type": "String"},
            "Action": {"Type": "String"},
            "TableId": {"Type": "String"},
            "Groups": {"Type": "List<AWS::EC2::SecurityGroup::Id>"}
        },
        "Conditions": {"Enabled": {"Fn::Equals": [{"Ref": "Flag"}, "on"]}},
        "Resources": resources
    }))
    .unwrap()
}

/// What every interface of `owner` certainly, and any possibly, sends or
/// receives on a path `paths` gives.
fn verdict(template: &Template, paths: impl Fn(&Analysis<'_, '_>) -> Vec<cfnkit_reach::Outcome>) -> (Traffic, Traffic) {
    let network = Network::read(template, HashMap::new());
    let outcomes = paths(&Analysis::new(&network));
    assert!(!outcomes.is_empty(), "the endpoint has interfaces");
    let certain = outcomes.iter().fold(Traffic::all(), |set, o| set.intersect(&o.certain()));
    let possible = outcomes.iter().fold(Traffic::none(), |set, o| set.union(&o.possible()));
    (certain, possible)
}

fn egress(template: &Template, owner: &str) -> (Traffic, Traffic) {
    verdict(template, |analysis| analysis.internet_egress(owner))
}

fn ingress(template: &Template, owner: &str) -> (Traffic, Traffic) {
    verdict(template, |analysis| analysis.internet_ingress(owner))
}

fn https() -> Traffic {
    Traffic::tcp(443, 443)
}

/// `https` may pass, and does not pass for certain.
#[track_caller]
fn possibly(verdict: (Traffic, Traffic)) {
    let (certain, possible) = verdict;
    assert!(!certain.covers(&https()), "certainly allowed: {certain}");
    assert!(possible.covers(&https()), "certainly refused: {possible}");
}

/// A network ACL on `subnet` with `entries` (logical ID, properties
/// without `NetworkAclId`), and its association.
fn acl(subnet: &str, entries: Value) -> Map<String, Value> {
    let mut resources = Map::new();
    resources.insert("Acl".into(), json!({"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": {"Ref": "Vpc"}}}));
    resources.insert(
        "AclAssociation".into(),
        json!({"Type": "AWS::EC2::SubnetNetworkAclAssociation",
            "Properties": {"SubnetId": {"Ref": subnet}, "NetworkAclId": {"Ref": "Acl"}}}),
    );
    for (id, properties) in entries.as_object().unwrap() {
        let mut properties = properties.as_object().unwrap().clone();
        properties.insert("NetworkAclId".into(), json!({"Ref": "Acl"}));
        resources.insert(id.clone(), json!({"Type": "AWS::EC2::NetworkAclEntry", "Properties": properties}));
    }
    resources
}

fn entry(number: Value, egress: Value, action: Value, protocol: i64, ports: (i64, i64)) -> Value {
    json!({"RuleNumber": number, "Egress": egress, "RuleAction": action, "Protocol": protocol,
        "CidrBlock": "0.0.0.0/0", "PortRange": {"From": ports.0, "To": ports.1}})
}

/// "Rules are evaluated starting with the lowest numbered rule": an entry
/// whose number is a parameter may come before any other
/// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
#[test]
fn an_acl_deny_numbered_by_a_parameter_may_come_first() {
    let deny = network(Value::Object(acl(
        "Private",
        json!({
            "OutAll": entry(json!(100), json!(true), json!("allow"), -1, (0, 65535)),
            "InAll": entry(json!(100), json!(false), json!("allow"), -1, (0, 65535)),
            "OutDeny": entry(json!({"Ref": "Number"}), json!(true), json!("deny"), 6, (443, 443)),
        }),
    )));
    possibly(egress(&deny, "Fn"));
}

/// An allow numbered by a parameter may come before a literal deny.
#[test]
fn an_acl_allow_numbered_by_a_parameter_may_come_first() {
    let allow = network(Value::Object(acl(
        "Private",
        json!({
            "OutDenyAll": entry(json!(100), json!(true), json!("deny"), -1, (0, 65535)),
            "InAll": entry(json!(100), json!(false), json!("allow"), -1, (0, 65535)),
            "OutAllow": entry(json!({"Ref": "Number"}), json!(true), json!("allow"), 6, (443, 443)),
        }),
    )));
    possibly(egress(&allow, "Fn"));
}

/// An entry whose `Egress` is a parameter may be of either direction.
#[test]
fn an_acl_entry_whose_direction_is_a_parameter_may_be_either() {
    let template = network(Value::Object(acl(
        "Public",
        json!({
            "OutAll": entry(json!(100), json!(true), json!("allow"), -1, (0, 65535)),
            "InAll": entry(json!(100), json!(false), json!("allow"), -1, (0, 65535)),
            "Deny": entry(json!(50), json!({"Ref": "Flag"}), json!("deny"), 6, (443, 443)),
        }),
    )));
    possibly(egress(&template, "Web"));
    possibly(ingress(&template, "Web"));
}

/// An entry whose `RuleAction` is a parameter may allow or deny.
#[test]
fn an_acl_entry_whose_action_is_a_parameter_may_allow_or_deny() {
    let template = network(Value::Object(acl(
        "Public",
        json!({
            "OutAll": entry(json!(100), json!(true), json!("allow"), -1, (0, 65535)),
            "In": entry(json!(50), json!(false), json!({"Ref": "Action"}), 6, (443, 443)),
        }),
    )));
    possibly(ingress(&template, "Web"));
}

/// A subnet associated with a network ACL or a route table the template
/// does not declare does not keep the default one for certain.
#[test]
fn an_imported_network_acl_is_unknown() {
    let imported_acl = network(json!({
        "AclAssociation": {"Type": "AWS::EC2::SubnetNetworkAclAssociation",
            "Properties": {"SubnetId": {"Ref": "Private"}, "NetworkAclId": {"Fn::ImportValue": "SharedAcl"}}}
    }));
    let (certain, possible) = egress(&imported_acl, "Fn");
    assert!(certain.is_empty(), "{certain}");
    assert_eq!(possible, Traffic::all());
}

#[test]
fn a_parameter_route_table_is_unknown() {
    let parameter_table = network(json!({
        "PrivateAssociation": {"Type": "AWS::EC2::SubnetRouteTableAssociation",
            "Properties": {"SubnetId": {"Ref": "Private"}, "RouteTableId": {"Ref": "TableId"}}}
    }));
    let (certain, possible) = egress(&parameter_table, "Fn");
    assert!(certain.is_empty(), "{certain}");
    assert_eq!(possible, Traffic::all());
}

/// The base network with its resource `id` under the condition Enabled.
fn with_condition(id: &str) -> Template {
    let mut resource = network(json!({})).to_json()["Resources"][id].clone();
    resource["Condition"] = json!("Enabled");
    let mut resources = Map::new();
    resources.insert(id.to_owned(), resource);
    network(Value::Object(resources))
}

/// A resource with a `Condition` may not exist: what it lets through is
/// possible only, and what it would stop is stopped possibly only.
#[test]
fn a_conditional_gateway_attachment_only_possibly_exists() {
    possibly(egress(&with_condition("IgwAttachment"), "Web"));
}

#[test]
fn a_conditional_nat_gateway_only_possibly_exists() {
    possibly(egress(&with_condition("Nat"), "Fn"));
}

#[test]
fn a_conditional_route_table_association_only_possibly_exists() {
    possibly(egress(&with_condition("PrivateAssociation"), "Fn"));
}

/// A network ACL that denies everything, conditionally associated.
#[test]
fn a_conditional_acl_association_only_possibly_exists() {
    let mut resources = acl("Private", json!({}));
    resources["AclAssociation"]["Condition"] = json!("Enabled");
    possibly(egress(&network(Value::Object(resources)), "Fn"));
}

/// An Elastic IP that may not be there, on an instance without a public
/// IP.
#[test]
fn a_conditional_elastic_ip_only_possibly_exists() {
    let template = network(json!({
        "Web": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                "NetworkInterfaces": [{"DeviceIndex": "0", "SubnetId": {"Ref": "Public"},
                    "GroupSet": [{"Fn::GetAtt": ["WebSg", "GroupId"]}], "AssociatePublicIpAddress": false}]}},
        "WebEip": {"Type": "AWS::EC2::EIP", "Condition": "Enabled",
            "Properties": {"Domain": "vpc", "InstanceId": {"Ref": "Web"}}}
    }));
    possibly(ingress(&template, "Web"));
}

/// An Elastic IP declared before its instance gives it a public address
/// (Elastic IPs are read after every instance, and after the instances
/// take their subnet's MapPublicIpOnLaunch).
#[test]
fn an_elastic_ip_declared_before_its_instance_counts() {
    let mut resources: Map<String, Value> = Map::new();
    resources.insert(
        "AnEip".into(),
        json!({"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc", "InstanceId": {"Ref": "Host"}}}),
    );
    resources.insert(
        "Host".into(),
        json!({"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                "NetworkInterfaces": [{"DeviceIndex": "0", "SubnetId": {"Ref": "Public"},
                    "GroupSet": [{"Fn::GetAtt": ["WebSg", "GroupId"]}], "AssociatePublicIpAddress": false}]}}),
    );
    // Both come after the base network's resources, in this order.
    let template = network(Value::Object(resources));
    assert!(template.resources.get_index_of("AnEip") < template.resources.get_index_of("Host"));
    let (certain, _) = ingress(&template, "Host");
    assert!(certain.covers(&https()), "{certain}");
}

/// Two group ids written as `Fn::If` on the same condition say alike
/// ("condition Enabled") but may be different groups: a rule naming one
/// matches a member of the other only possibly.
#[test]
fn groups_that_are_different_ifs_only_possibly_match() {
    let template = network(json!({
        "Client": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Public"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["FnSg", "GroupId"]},
                    {"Fn::If": ["Enabled", "sg-0000000000000001", "sg-0000000000000002"]}]}},
        "ServerSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "server", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "SourceSecurityGroupId": {"Fn::If": ["Enabled", "sg-0000000000000003", "sg-0000000000000004"]}}]}},
        "Server": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Public"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["ServerSg", "GroupId"]}]}}
    }));
    possibly(verdict(&template, |analysis| analysis.flows("Client", "Server")));

    // The same literal id on both sides matches for certain.
    let template = network(json!({
        "Client": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Public"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["FnSg", "GroupId"]}, "sg-0000000000000001"]}},
        "ServerSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "server", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "SourceSecurityGroupId": "sg-0000000000000001"}]}},
        "Server": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Public"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["ServerSg", "GroupId"]}]}}
    }));
    let (certain, _) = verdict(&template, |analysis| analysis.flows("Client", "Server"));
    assert_eq!(certain, https());
}

/// A group list the template does not write out is a set of groups not
/// known at synth, not "no groups"; an interface that names no group is in
/// its VPC's default group, whose rules are not in the template.
#[test]
fn a_group_list_not_written_out_is_unknown() {
    let template = network(json!({
        "Fn": {"Type": "AWS::Lambda::Function",
            "Properties": {"VpcConfig": {"SubnetIds": [{"Ref": "Private"}], "SecurityGroupIds": {"Ref": "Groups"}}}}
    }));
    possibly(egress(&template, "Fn"));
}

#[test]
fn an_interface_naming_no_group_is_in_the_unknown_default_group() {
    let template = network(json!({
        "Web": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                "NetworkInterfaces": [{"DeviceIndex": "0", "SubnetId": {"Ref": "Public"},
                    "AssociatePublicIpAddress": true}]}}
    }));
    possibly(ingress(&template, "Web"));
    possibly(egress(&template, "Web"));
}

/// "When you create a security group, if you do not add egress rules, we
/// add egress rules that allow all outbound IPv4 and IPv6 traffic": an
/// empty `SecurityGroupEgress` adds none, so the default rule stays
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html).
#[test]
fn an_empty_egress_list_keeps_the_default_rule() {
    let template = network(json!({
        "FnSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "function", "VpcId": {"Ref": "Vpc"}, "SecurityGroupEgress": []}}
    }));
    assert_eq!(egress(&template, "Fn").0, Traffic::all());
}

/// An egress list that is an `Fn::If` may keep the default rule or not.
#[test]
fn an_egress_list_not_written_out_is_unknown() {
    let template = network(json!({
        "FnSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "function", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupEgress": {"Fn::If": ["Enabled",
                    [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"}],
                    {"Ref": "AWS::NoValue"}]}}}
    }));
    possibly(egress(&template, "Fn"));
}

/// A route to a target this analysis does not follow (a transit gateway,
/// a firewall endpoint, an instance) may carry the traffic to the
/// internet; a peering connection does not ("edge to edge routing" is not
/// supported).
#[test]
fn a_nat_gateway_routed_to_a_transit_gateway_is_unknown() {
    let template = network(json!({
        "PublicDefault": {"Type": "AWS::EC2::Route",
            "Properties": {"RouteTableId": {"Ref": "PublicTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                "TransitGatewayId": "tgw-0123456789abcdef0"}}
    }));
    possibly(egress(&template, "Fn"));
}

/// The web instance's replies go to a firewall endpoint.
#[test]
fn replies_routed_to_a_firewall_endpoint_are_unknown() {
    let template = network(json!({
        "PublicDefault": {"Type": "AWS::EC2::Route",
            "Properties": {"RouteTableId": {"Ref": "PublicTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                "VpcEndpointId": "vpce-0123456789abcdef0"}}
    }));
    possibly(ingress(&template, "Web"));
}

#[test]
fn a_peering_connection_carries_nothing_to_the_internet() {
    let template = network(json!({
        "PublicDefault": {"Type": "AWS::EC2::Route",
            "Properties": {"RouteTableId": {"Ref": "PublicTable"}, "DestinationCidrBlock": "0.0.0.0/0",
                "VpcPeeringConnectionId": "pcx-0123456789abcdef0"}}
    }));
    assert!(egress(&template, "Fn").1.is_empty());
    assert!(ingress(&template, "Web").1.is_empty());
}

/// The client's port is one of 1024-65535, which one synth does not know:
/// replies allowed to some of those ports possibly pass, and certainly
/// pass only when allowed to all.
#[test]
fn replies_allowed_to_some_ephemeral_ports_possibly_pass() {
    let template = network(Value::Object(acl(
        "Public",
        json!({
            "In": entry(json!(100), json!(false), json!("allow"), 6, (443, 443)),
            "Out": entry(json!(100), json!(true), json!("allow"), 6, (32768, 65535)),
        }),
    )));
    possibly(ingress(&template, "Web"));
    let network = Network::read(&template, HashMap::new());
    let violation = Analysis::new(&network).check(&Intent::UnreachableFromInternet { target: "Web".into() });
    let violation = violation.expect("the internet may reach it").to_string();
    assert!(violation.contains("may allow tcp/443"), "{violation}");
}

/// Entries the template adds to a VPC's default network ACL
/// (`Fn::GetAtt [vpc, DefaultNetworkAcl]`) apply to the subnets that keep
/// it, ahead of its allow-all rule 100.
#[test]
fn entries_of_the_default_network_acl_count() {
    let template = network(json!({
        "DefaultAclDeny": {"Type": "AWS::EC2::NetworkAclEntry",
            "Properties": {"NetworkAclId": {"Fn::GetAtt": ["Vpc", "DefaultNetworkAcl"]}, "RuleNumber": 50,
                "Egress": true, "RuleAction": "deny", "Protocol": 6, "CidrBlock": "0.0.0.0/0",
                "PortRange": {"From": 443, "To": 443}}}
    }));
    let (certain, possible) = egress(&template, "Fn");
    assert!(!possible.covers(&https()), "{possible}");
    assert!(certain.covers(&Traffic::tcp(80, 80)), "{certain}");
}

/// A client whose security groups are not known at synth may be a member
/// of the group the server admits.
#[test]
fn only_reaches_counts_clients_whose_groups_are_unknown() {
    let template = network(json!({
        "DbSg": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "database", "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                    "SourceSecurityGroupId": {"Fn::GetAtt": ["WebSg", "GroupId"]}}]}},
        "Db": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Private"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["DbSg", "GroupId"]}]}},
        "Other": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro", "SubnetId": {"Ref": "Private"},
                "SecurityGroupIds": {"Ref": "Groups"}}}
    }));
    let network = Network::read(&template, HashMap::new());
    let intent = Intent::OnlyReaches { from: "Web".into(), to: "Db".into(), traffic: Traffic::tcp(5432, 5432) };
    let violation = Analysis::new(&network).check(&intent).expect("Other may be in WebSg").to_string();
    assert!(violation.contains("which Other may also belong to"), "{violation}");
}

/// A gateway endpoint under a condition: the traffic to the service goes
/// through it, or over the internet (here, nowhere).
#[test]
fn a_conditional_gateway_endpoint_only_possibly_carries_the_traffic() {
    let template = network(json!({
        "PrivateDefault": null,
        "S3Endpoint": {"Type": "AWS::EC2::VPCEndpoint", "Condition": "Enabled",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "ServiceName": "com.amazonaws.us-east-1.s3",
                "RouteTableIds": [{"Ref": "PrivateTable"}]}}
    }));
    possibly(verdict(&template, |analysis| analysis.service_paths("Fn", &cfnkit_reach::Service::S3)));
}

/// A NAT gateway whose `AvailabilityMode` is a parameter may be regional
/// (needing no public subnet) or zonal: its subnet's missing internet route
/// does not block for certain.
#[test]
fn a_nat_gateway_of_an_availability_mode_not_known_is_unknown() {
    let template = network(json!({
        "PublicDefault": null,
        "Nat": {"Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": {"Ref": "Public"}, "AvailabilityMode": {"Ref": "Flag"},
                "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]}}}
    }));
    possibly(egress(&template, "Fn"));
}

/// A gateway endpoint whose service name is a parameter may be S3's or
/// DynamoDB's: with no internet way out, each service is only possibly
/// reached.
#[test]
fn a_gateway_endpoint_of_a_service_not_known_may_route_either() {
    let template = network(json!({
        "PrivateDefault": null,
        "Endpoint": {"Type": "AWS::EC2::VPCEndpoint",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "ServiceName": {"Ref": "Flag"},
                "RouteTableIds": [{"Ref": "PrivateTable"}]}}
    }));
    for service in [cfnkit_reach::Service::S3, cfnkit_reach::Service::DynamoDb] {
        possibly(verdict(&template, |analysis| analysis.service_paths("Fn", &service)));
    }
}

/// `AssociatePublicIpAddress` written as an `Fn::If` decides the public
/// IP: the subnet's MapPublicIpOnLaunch does not.
#[test]
fn a_public_ip_written_as_an_if_is_unknown() {
    let template = network(json!({
        "Web": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro",
                "NetworkInterfaces": [{"DeviceIndex": "0", "SubnetId": {"Ref": "Public"},
                    "GroupSet": [{"Fn::GetAtt": ["WebSg", "GroupId"]}],
                    "AssociatePublicIpAddress": {"Fn::If": ["Enabled", true, false]}}]}}
    }));
    possibly(ingress(&template, "Web"));
}

/// A NAT gateway whose `ConnectivityType` is a parameter may be private.
#[test]
fn a_nat_gateway_of_a_kind_not_known_is_unknown() {
    let template = network(json!({
        "Nat": {"Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": {"Ref": "Public"}, "ConnectivityType": {"Ref": "Flag"},
                "AllocationId": {"Fn::GetAtt": ["NatEip", "AllocationId"]}}}
    }));
    possibly(egress(&template, "Fn"));
}

/// A NAT gateway whose `AllocationId` may be `AWS::NoValue` may have no
/// Elastic IP.
#[test]
fn a_nat_gateway_whose_elastic_ip_may_be_missing_is_unknown() {
    let template = network(json!({
        "Nat": {"Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": {"Ref": "Public"},
                "AllocationId": {"Fn::If": ["Enabled", {"Fn::GetAtt": ["NatEip", "AllocationId"]},
                    {"Ref": "AWS::NoValue"}]}}}
    }));
    possibly(egress(&template, "Fn"));
}
