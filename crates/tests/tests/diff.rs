//! The diff against a deployed template: a corpus of template pairs whose
//! answers the CloudFormation documentation gives (each property's "Update
//! requires" line, cited), checked against what the diff says and against
//! the schemas' create-only lists it reads them from.
#[allow(dead_code)]
#[path = "../../../examples/web-backend.rs"]
mod example;

use cfnkit::diff::{diff, diff_with_paths, CascadeEffect, Change, Diff, Paths, Reason, Removal, Sameness, Style};
use cfnkit::synth::{synth, Format};
use cfnkit::template::Template;
use serde_json::{json, Value as Json};

fn template(resources: Json) -> Template {
    Template::from_json(json!({ "Resources": resources })).unwrap()
}

fn between(old: Json, new: Json) -> Diff {
    diff(&template(old), &template(new), &Default::default())
}

fn change<'d>(diff: &'d Diff, id: &str) -> &'d Change {
    &diff.resource(id).unwrap_or_else(|| panic!("no {id} in {diff:#?}")).change
}

fn create_only(reasons: &[Reason]) -> Vec<&str> {
    reasons
        .iter()
        .filter_map(|r| match r {
            Reason::CreateOnly { property } => Some(property.as_str()),
            _ => None,
        })
        .collect()
}

fn cascades(reasons: &[Reason]) -> Vec<(&str, &str, CascadeEffect)> {
    reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Cascade { property, through, effect } => Some((property.as_str(), through.as_str(), *effect)),
            _ => None,
        })
        .collect()
}

/// The schema agrees with the documentation's "Update requires:
/// Replacement" for the property (so a schema refresh that changed it
/// would show here).
fn documented_create_only(type_name: &str, property: &str) {
    let spec = cfnkit::spec::resource_type(type_name).unwrap();
    let pointer = format!("/properties/{property}");
    assert!(spec.create_only_properties().contains(&pointer), "{type_name} {property} should be create-only");
}

fn network(subnet_cidr: &str, vpc_cidr: &str) -> Json {
    json!({
        "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": vpc_cidr } },
        "Igw": { "Type": "AWS::EC2::InternetGateway" },
        "Public": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": subnet_cidr } },
        "PublicTable": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
        "PublicAssociation": {
            "Type": "AWS::EC2::SubnetRouteTableAssociation",
            "Properties": { "SubnetId": { "Ref": "Public" }, "RouteTableId": { "Ref": "PublicTable" } }
        },
        "Eip": { "Type": "AWS::EC2::EIP", "Properties": { "Domain": "vpc" } },
        "Nat": {
            "Type": "AWS::EC2::NatGateway",
            "Properties": { "SubnetId": { "Ref": "Public" }, "AllocationId": { "Fn::GetAtt": ["Eip", "AllocationId"] } }
        },
        "PrivateTable": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
        "PrivateDefault": {
            "Type": "AWS::EC2::Route",
            "Properties": { "RouteTableId": { "Ref": "PrivateTable" }, "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": { "Ref": "Nat" } }
        },
        "Sg": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": { "GroupDescription": "app", "VpcId": { "Ref": "Vpc" } }
        }
    })
}

/// AWS::EC2::Subnet CidrBlock: "Update requires: Replacement"
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-subnet.html);
/// SubnetRouteTableAssociation SubnetId and NatGateway SubnetId likewise
/// (aws-resource-ec2-subnetroutetableassociation.html,
/// aws-resource-ec2-natgateway.html); Route NatGatewayId: "No interruption"
/// (aws-resource-ec2-route.html).
#[test]
fn a_subnet_cidr_replaces_the_subnet_its_association_and_its_nat_gateway() {
    let diff = between(network("10.0.0.0/24", "10.0.0.0/16"), network("10.0.9.0/24", "10.0.0.0/16"));
    documented_create_only("AWS::EC2::Subnet", "CidrBlock");
    documented_create_only("AWS::EC2::SubnetRouteTableAssociation", "SubnetId");
    documented_create_only("AWS::EC2::NatGateway", "SubnetId");
    let Change::Replaced { reasons, updates, .. } = change(&diff, "Public") else { panic!("{diff:#?}") };
    assert_eq!(create_only(reasons), ["CidrBlock"]);
    assert_eq!(updates[0].old, Some(json!("10.0.0.0/24")));
    for dependent in ["PublicAssociation", "Nat"] {
        let Change::Replaced { reasons, .. } = change(&diff, dependent) else { panic!("{dependent}: {diff:#?}") };
        assert_eq!(cascades(reasons), [("SubnetId", "Public", CascadeEffect::Replaces)], "{dependent}");
    }
    // The route follows the replaced NAT gateway, in place.
    let Change::Updated { updates, cascades: through } = change(&diff, "PrivateDefault") else { panic!("{diff:#?}") };
    assert!(updates.is_empty());
    assert_eq!(cascades(through), [("NatGatewayId", "Nat", CascadeEffect::Updates)]);
    for untouched in ["Vpc", "Igw", "PublicTable", "Eip", "PrivateTable", "Sg"] {
        assert_eq!(*change(&diff, untouched), Change::Unchanged(None), "{untouched}");
    }
}

/// AWS::EC2::VPC CidrBlock: "Update requires: Replacement"
/// (aws-resource-ec2-vpc.html); everything holding the VPC's ID whose
/// VpcId is create-only follows (Subnet, RouteTable, SecurityGroup), and
/// what holds those follows in turn: a chain of references.
#[test]
fn a_vpc_cidr_replaces_everything_holding_its_id_and_the_chain_behind_them() {
    let diff = between(network("10.0.0.0/24", "10.0.0.0/16"), network("10.0.0.0/24", "10.1.0.0/16"));
    documented_create_only("AWS::EC2::VPC", "CidrBlock");
    for (holder, type_name) in [
        ("Public", "AWS::EC2::Subnet"),
        ("PublicTable", "AWS::EC2::RouteTable"),
        ("PrivateTable", "AWS::EC2::RouteTable"),
        ("Sg", "AWS::EC2::SecurityGroup"),
    ] {
        documented_create_only(type_name, "VpcId");
        let Change::Replaced { reasons, .. } = change(&diff, holder) else { panic!("{holder}: {diff:#?}") };
        assert_eq!(cascades(reasons), [("VpcId", "Vpc", CascadeEffect::Replaces)], "{holder}");
    }
    // Second and third links: the association (subnet and table), the NAT
    // (subnet), the route (table, create-only; NAT, in place).
    let Change::Replaced { reasons, .. } = change(&diff, "PublicAssociation") else { panic!() };
    assert_eq!(cascades(reasons).len(), 2);
    assert!(matches!(change(&diff, "Nat"), Change::Replaced { .. }));
    let Change::Replaced { reasons, .. } = change(&diff, "PrivateDefault") else { panic!("{diff:#?}") };
    assert!(cascades(reasons).contains(&("RouteTableId", "PrivateTable", CascadeEffect::Replaces)));
    assert_eq!(*change(&diff, "Igw"), Change::Unchanged(None));
}

fn group(description: &str, port: u16) -> Json {
    json!({ "Sg": { "Type": "AWS::EC2::SecurityGroup", "Properties": {
        "GroupDescription": description,
        "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": "10.0.0.0/16" }]
    } } })
}

/// AWS::EC2::SecurityGroup GroupDescription: "Update requires:
/// Replacement"; SecurityGroupIngress: "No interruption"
/// (aws-resource-ec2-securitygroup.html). The rule change is in the table.
#[test]
fn a_group_description_replaces_the_group_and_its_ingress_updates_it() {
    documented_create_only("AWS::EC2::SecurityGroup", "GroupDescription");
    let diff = between(group("app", 443), group("application", 443));
    assert_eq!(
        create_only(match change(&diff, "Sg") {
            Change::Replaced { reasons, .. } => reasons,
            other => panic!("{other:?}"),
        }),
        ["GroupDescription"]
    );
    let diff = between(group("app", 443), group("app", 8443));
    assert!(matches!(change(&diff, "Sg"), Change::Updated { .. }), "{diff:#?}");
    let rules: Vec<(bool, &str, &str)> =
        diff.rules.iter().map(|r| (r.added, r.traffic.as_str(), r.peer.as_str())).collect();
    assert_eq!(rules, [(true, "tcp/8443", "10.0.0.0/16"), (false, "tcp/443", "10.0.0.0/16")]);
}

fn instance(image: &str, instance_type: &str) -> Json {
    json!({ "Host": { "Type": "AWS::EC2::Instance", "Properties": { "ImageId": image, "InstanceType": instance_type } } })
}

/// AWS::EC2::Instance ImageId: "Update requires: Replacement";
/// InstanceType: "Update requires: Some interruptions" for EBS-backed
/// instances, replacement for instance-store ones: conditionally
/// create-only (aws-resource-ec2-instance.html).
#[test]
fn an_instance_image_replaces_it_and_its_type_may() {
    documented_create_only("AWS::EC2::Instance", "ImageId");
    let diff = between(instance("ami-1", "t3.micro"), instance("ami-2", "t3.micro"));
    assert!(matches!(change(&diff, "Host"), Change::Replaced { .. }));
    let diff = between(instance("ami-1", "t3.micro"), instance("ami-1", "t3.small"));
    let Change::MayBeReplaced { reasons, .. } = change(&diff, "Host") else { panic!("{diff:#?}") };
    assert_eq!(*reasons, [Reason::ConditionallyCreateOnly { property: "InstanceType".into() }]);
}

fn function(name: &str, code: &str) -> Json {
    json!({ "Fn": { "Type": "AWS::Lambda::Function", "Properties": {
        "FunctionName": name, "Runtime": "nodejs24.x", "Handler": "index.handler",
        "Role": "arn:aws:iam::123456789012:role/r", "Code": { "ZipFile": code }
    } } })
}

/// AWS::Lambda::Function Code: "No interruption"; FunctionName:
/// "Replacement" (aws-resource-lambda-function.html).
#[test]
fn function_code_updates_it_and_its_name_replaces_it() {
    documented_create_only("AWS::Lambda::Function", "FunctionName");
    let diff = between(function("api", "a"), function("api", "b"));
    let Change::Updated { updates, .. } = change(&diff, "Fn") else { panic!("{diff:#?}") };
    assert_eq!(updates[0].property, "Code/ZipFile");
    let diff = between(function("api", "a"), function("api-v2", "a"));
    assert!(matches!(change(&diff, "Fn"), Change::Replaced { .. }));
}

fn route(destination: &str, target: (&str, &str)) -> Json {
    json!({ "Route": { "Type": "AWS::EC2::Route", "Properties": {
        "RouteTableId": "rtb-1", "DestinationCidrBlock": destination, target.0: target.1
    } } })
}

/// AWS::EC2::Route DestinationCidrBlock: "Replacement"; GatewayId and
/// NatGatewayId: "No interruption" (aws-resource-ec2-route.html).
#[test]
fn a_route_destination_replaces_it_and_its_target_updates_it() {
    documented_create_only("AWS::EC2::Route", "DestinationCidrBlock");
    let diff = between(route("0.0.0.0/0", ("GatewayId", "igw-1")), route("10.9.0.0/16", ("GatewayId", "igw-1")));
    assert!(matches!(change(&diff, "Route"), Change::Replaced { .. }));
    let diff = between(route("0.0.0.0/0", ("GatewayId", "igw-1")), route("0.0.0.0/0", ("NatGatewayId", "nat-1")));
    let Change::Updated { updates, .. } = change(&diff, "Route") else { panic!("{diff:#?}") };
    let properties: Vec<&str> = updates.iter().map(|u| u.property.as_str()).collect();
    assert_eq!(properties, ["NatGatewayId", "GatewayId"]);
}

#[test]
fn a_type_change_replaces_the_resource() {
    let diff =
        between(json!({ "Thing": { "Type": "AWS::SNS::Topic" } }), json!({ "Thing": { "Type": "AWS::SQS::Queue" } }));
    let Change::Replaced { reasons, .. } = change(&diff, "Thing") else { panic!("{diff:#?}") };
    assert_eq!(*reasons, [Reason::TypeChanged { from: "AWS::SNS::Topic".into() }]);
}

/// "Retain ... keeps the resource without deleting it"; RDS instances not
/// in a cluster default to Snapshot
/// (aws-attribute-deletionpolicy.html).
#[test]
fn a_removed_resource_is_destroyed_snapshotted_or_orphaned_by_its_policy() {
    let old = json!({
        "Plain": { "Type": "AWS::SNS::Topic" },
        "Kept": { "Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain" },
        "Db": { "Type": "AWS::RDS::DBInstance", "Properties": { "Engine": "postgres", "DBInstanceClass": "db.t4g.micro" } },
        "Stays": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "stays" } }
    });
    let diff = between(old, json!({ "Stays": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "stays" } } }));
    assert_eq!(*change(&diff, "Plain"), Change::Removed(Removal::Destroyed));
    assert_eq!(*change(&diff, "Kept"), Change::Removed(Removal::Retained));
    assert_eq!(*change(&diff, "Db"), Change::Removed(Removal::Snapshot));
    assert!(change(&diff, "Plain").destroys() && !change(&diff, "Kept").destroys());
    assert!(matches!(change(&diff, "Stays"), Change::Unchanged(None)));
}

#[test]
fn values_written_differently_metadata_and_key_order_are_no_change() {
    let old = json!({
        "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "DelaySeconds": "10", "FifoQueue": "true" } },
        "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "t" }, "Metadata": { "note": "old" } },
        "Key": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "k", "DisplayName": "d" } }
    });
    let new = json!({
        "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "DelaySeconds": 10, "FifoQueue": true } },
        "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "t" }, "Metadata": { "note": "new" } },
        "Key": { "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": "d", "TopicName": "k" } }
    });
    let diff = between(old, new);
    assert_eq!(*change(&diff, "Queue"), Change::Unchanged(Some(Sameness::Scalars)));
    assert_eq!(*change(&diff, "Topic"), Change::Unchanged(Some(Sameness::Metadata)));
    assert_eq!(*change(&diff, "Key"), Change::Unchanged(Some(Sameness::KeyOrder)));
    assert!(diff.is_empty());
    let text = diff.to_text("Stack", Style::default());
    assert!(text.contains("only how values are written") && text.contains("only Metadata differs"), "{text}");
}

#[test]
fn a_changed_logical_id_is_a_rename_that_deletes_the_old_resource() {
    let body = json!({ "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": "alerts" } });
    let diff = between(json!({ "OldName1234": body.clone() }), json!({ "NewName5678": body }));
    assert_eq!(diff.resources.len(), 1, "a rename is one entry: {diff:#?}");
    assert_eq!(
        *change(&diff, "NewName5678"),
        Change::Renamed { from: "OldName1234".into(), from_path: None, old: Removal::Destroyed }
    );
    assert!(change(&diff, "NewName5678").replaces() && change(&diff, "NewName5678").destroys());

    // With the construct paths of both outputs, the rename names both.
    let body = json!({ "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": "alerts" } });
    let paths = Paths {
        old: [("OldName1234".to_owned(), "Alerts/Topic".to_owned())].into_iter().collect(),
        new: [("NewName5678".to_owned(), "Notifications/Topic".to_owned())].into_iter().collect(),
    };
    let diff = diff_with_paths(
        &template(json!({ "OldName1234": body.clone() })),
        &template(json!({ "NewName5678": body })),
        &paths,
    );
    let text = diff.to_text("Stack", Style::default());
    assert!(text.contains("NewName5678 (Notifications/Topic): renamed from OldName1234 (Alerts/Topic)"), "{text}");
}

#[test]
fn values_known_only_at_deploy_are_marked_with_the_change_set_that_would_tell() {
    let old = Template::from_json(json!({
        "Parameters": { "Ami": { "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>" } },
        "Resources": { "Host": { "Type": "AWS::EC2::Instance", "Properties": { "ImageId": { "Ref": "Ami" }, "SubnetId": { "Fn::ImportValue": "Network:Subnet" } } } }
    }))
    .unwrap();
    let diff = diff(&old, &old, &Default::default());
    assert_eq!(
        diff.resource("Host").unwrap().unknowns,
        ["the SSM parameter behind parameter Ami, read again at every deploy", "the export Network:Subnet"]
    );
    let text = diff.to_text("Web", Style::default());
    assert!(text.contains("aws cloudformation create-change-set --stack-name Web"), "{text}");
}

#[test]
fn policy_statement_changes_are_a_table() {
    let policy = |action: &str| {
        json!({ "Policy": { "Type": "AWS::IAM::Policy", "Properties": {
            "PolicyName": "p", "Roles": ["r"],
            "PolicyDocument": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": action, "Resource": { "Fn::GetAtt": ["Queue", "Arn"] } }] }
        } } })
    };
    let diff = between(policy("sqs:SendMessage"), policy("sqs:*"));
    let rows: Vec<(bool, &str, &str)> =
        diff.statements.iter().map(|s| (s.added, s.actions.as_str(), s.resources.as_str())).collect();
    assert_eq!(rows, [(true, "sqs:*", "Queue.Arn"), (false, "sqs:SendMessage", "Queue.Arn")]);
}

#[test]
fn an_opened_port_shows_in_the_reachability_delta() {
    // An instance with a public IP in a public subnet: its group opens 22
    // to the world.
    let net = |ports: &[u16]| {
        let rules: Vec<Json> = ports
            .iter()
            .map(|p| json!({ "IpProtocol": "tcp", "FromPort": p, "ToPort": p, "CidrIp": "0.0.0.0/0" }))
            .collect();
        json!({
            "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
            "Igw": { "Type": "AWS::EC2::InternetGateway" },
            "Attach": { "Type": "AWS::EC2::VPCGatewayAttachment", "Properties": { "VpcId": { "Ref": "Vpc" }, "InternetGatewayId": { "Ref": "Igw" } } },
            "Subnet": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.0.0/24", "MapPublicIpOnLaunch": true, "AvailabilityZone": "us-east-1a" } },
            "Table": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
            "Assoc": { "Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": { "SubnetId": { "Ref": "Subnet" }, "RouteTableId": { "Ref": "Table" } } },
            "Default": { "Type": "AWS::EC2::Route", "Properties": { "RouteTableId": { "Ref": "Table" }, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": { "Ref": "Igw" } } },
            "Sg": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "web", "VpcId": { "Ref": "Vpc" }, "SecurityGroupIngress": rules } },
            "Web": { "Type": "AWS::EC2::Instance", "Properties": { "ImageId": "ami-1", "SubnetId": { "Ref": "Subnet" }, "SecurityGroupIds": [{ "Fn::GetAtt": ["Sg", "GroupId"] }] } }
        })
    };
    let diff = between(net(&[443]), net(&[443, 22]));
    let opened: Vec<String> = diff
        .reachability
        .iter()
        .filter(|p| p.kind == "ingress" && p.to == "Web")
        .map(|p| p.opened.to_string())
        .collect();
    assert_eq!(opened, ["tcp/22"], "{:#?}", diff.reachability);
}

#[test]
fn the_web_backend_diffed_against_its_own_snapshot_shows_no_change() {
    let template = synth(&example::web_backend().unwrap()).unwrap();
    for format in [Format::Json, Format::Yaml] {
        let previous = Template::parse(&template.render(format).unwrap().body).unwrap();
        let paths = template.logical_ids().map(|(p, id)| (id.to_owned(), p.to_owned())).collect();
        let diff = diff(&previous, template.model(), &paths);
        assert!(diff.is_empty(), "{format:?}: {}", diff.to_text("WebBackend", Style::default()));
        assert!(diff.rules.is_empty() && diff.statements.is_empty() && diff.reachability.is_empty());
    }
    for snapshot in ["web_backend.json.snap", "web_backend.yaml.snap"] {
        let text =
            std::fs::read_to_string(format!("{}/../../snapshots/{snapshot}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let diff = diff(&Template::parse(body).unwrap(), template.model(), &Default::default());
        assert!(diff.is_empty(), "{snapshot}: {}", diff.to_text("WebBackend", Style::default()));
    }
}

#[test]
fn a_changed_mapping_may_replace_what_reads_a_create_only_value_from_it() {
    let with = |ami: &str| {
        Template::from_json(json!({
            "Mappings": { "Images": { "us-east-1": { "Web": ami } } },
            "Resources": { "Host": { "Type": "AWS::EC2::Instance", "Properties": {
                "ImageId": { "Fn::FindInMap": ["Images", { "Ref": "AWS::Region" }, "Web"] }
            } } }
        }))
        .unwrap()
    };
    let diff = diff(&with("ami-1"), &with("ami-2"), &Default::default());
    let Change::MayBeReplaced { reasons, .. } = change(&diff, "Host") else { panic!("{diff:#?}") };
    assert_eq!(cascades(reasons), [("ImageId", "mapping Images", CascadeEffect::MayReplace)]);
    assert!(diff.to_text("S", Style::default()).contains("reads mapping Images, whose definition changes"));
}

#[test]
fn traffic_that_becomes_unknown_is_not_reported_closed() {
    let net = |peer: Json| {
        json!({
            "Vpc": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
            "Igw": { "Type": "AWS::EC2::InternetGateway" },
            "Attach": { "Type": "AWS::EC2::VPCGatewayAttachment", "Properties": { "VpcId": { "Ref": "Vpc" }, "InternetGatewayId": { "Ref": "Igw" } } },
            "Subnet": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "Vpc" }, "CidrBlock": "10.0.0.0/24", "MapPublicIpOnLaunch": true, "AvailabilityZone": "us-east-1a" } },
            "Table": { "Type": "AWS::EC2::RouteTable", "Properties": { "VpcId": { "Ref": "Vpc" } } },
            "Assoc": { "Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": { "SubnetId": { "Ref": "Subnet" }, "RouteTableId": { "Ref": "Table" } } },
            "Default": { "Type": "AWS::EC2::Route", "Properties": { "RouteTableId": { "Ref": "Table" }, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": { "Ref": "Igw" } } },
            "Sg": { "Type": "AWS::EC2::SecurityGroup", "Properties": { "GroupDescription": "web", "VpcId": { "Ref": "Vpc" },
                "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": peer }] } },
            "Web": { "Type": "AWS::EC2::Instance", "Properties": { "ImageId": "ami-1", "SubnetId": { "Ref": "Subnet" }, "SecurityGroupIds": [{ "Fn::GetAtt": ["Sg", "GroupId"] }] } }
        })
    };
    let old = template(net(json!("0.0.0.0/0")));
    let new = Template::from_json(json!({
        "Parameters": { "AllowedCidr": { "Type": "String" } },
        "Resources": net(json!({ "Ref": "AllowedCidr" }))
    }))
    .unwrap();
    let diff = diff(&old, &new, &Default::default());
    let ingress: Vec<_> = diff.reachability.iter().filter(|p| p.kind == "ingress" && p.to == "Web").collect();
    assert!(ingress.iter().all(|p| p.closed.is_empty()), "{ingress:#?}");
}
