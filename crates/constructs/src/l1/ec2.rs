//! `AWS::EC2::*` resource types.
use serde::Serialize;

use crate::handle::Handle;
use crate::l1_resource;
use crate::resource::Tag;
use crate::value::Value;

/// `AWS::EC2::VPC`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    /// The IPv4 range, e.g. `10.0.0.0/16`.
    pub cidr_block: Value,
    /// Whether DNS resolution through the Amazon DNS server is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_dns_support: Option<bool>,
    /// Whether instances get public DNS hostnames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_dns_hostnames: Option<bool>,
    /// `default` or `dedicated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_tenancy: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Vpc, "AWS::EC2::VPC", List);

impl Vpc {
    /// A VPC over the given IPv4 range.
    pub fn new(cidr_block: impl Into<Value>) -> Vpc {
        Vpc {
            cidr_block: cidr_block.into(),
            enable_dns_support: None,
            enable_dns_hostnames: None,
            instance_tenancy: None,
            tags: Vec::new(),
        }
    }
}

impl Handle<Vpc> {
    /// The VPC ID (`Ref`).
    pub fn vpc_id(&self) -> Value {
        self.reference()
    }
    /// The primary IPv4 CIDR block.
    pub fn cidr_block(&self) -> Value {
        self.get_att("CidrBlock")
    }
    /// The VPC's default security group.
    pub fn default_security_group(&self) -> Value {
        self.get_att("DefaultSecurityGroup")
    }
}

/// `AWS::EC2::Subnet`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// The VPC it belongs to.
    pub vpc_id: Value,
    /// Its IPv4 range, inside the VPC's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<Value>,
    /// The Availability Zone name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<Value>,
    /// Whether instances launched in it get a public IPv4 address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_public_ip_on_launch: Option<bool>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Subnet, "AWS::EC2::Subnet", List);

impl Subnet {
    /// A subnet of the given VPC.
    pub fn new(vpc_id: impl Into<Value>) -> Subnet {
        Subnet {
            vpc_id: vpc_id.into(),
            cidr_block: None,
            availability_zone: None,
            map_public_ip_on_launch: None,
            tags: Vec::new(),
        }
    }
}

impl Handle<Subnet> {
    /// The subnet ID (`Ref`).
    pub fn subnet_id(&self) -> Value {
        self.reference()
    }
    /// The Availability Zone it is in.
    pub fn availability_zone(&self) -> Value {
        self.get_att("AvailabilityZone")
    }
    /// Its IPv4 CIDR block.
    pub fn cidr_block(&self) -> Value {
        self.get_att("CidrBlock")
    }
}

/// `AWS::EC2::InternetGateway`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(InternetGateway, "AWS::EC2::InternetGateway", List);

impl Handle<InternetGateway> {
    /// The internet gateway ID (`Ref`).
    pub fn internet_gateway_id(&self) -> Value {
        self.reference()
    }
}

/// `AWS::EC2::VPCGatewayAttachment`: attaches an internet gateway to a VPC.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcGatewayAttachment {
    /// The VPC.
    pub vpc_id: Value,
    /// The internet gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_gateway_id: Option<Value>,
}
l1_resource!(VpcGatewayAttachment, "AWS::EC2::VPCGatewayAttachment");

/// `AWS::EC2::RouteTable`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    /// The VPC.
    pub vpc_id: Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(RouteTable, "AWS::EC2::RouteTable", List);

impl RouteTable {
    /// A route table in the given VPC.
    pub fn new(vpc_id: impl Into<Value>) -> RouteTable {
        RouteTable { vpc_id: vpc_id.into(), tags: Vec::new() }
    }
}

impl Handle<RouteTable> {
    /// The route table ID (`Ref`).
    pub fn route_table_id(&self) -> Value {
        self.reference()
    }
}

/// `AWS::EC2::Route`: one route; set exactly one target.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// The route table it belongs to.
    pub route_table_id: Value,
    /// The IPv4 destination, e.g. `0.0.0.0/0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<Value>,
    /// The IPv6 destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_ipv6_cidr_block: Option<Value>,
    /// Target: an internet gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<Value>,
    /// Target: a NAT gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<Value>,
}
l1_resource!(Route, "AWS::EC2::Route");

impl Route {
    /// A route in a table with no destination or target yet.
    pub fn new(route_table_id: impl Into<Value>) -> Route {
        Route {
            route_table_id: route_table_id.into(),
            destination_cidr_block: None,
            destination_ipv6_cidr_block: None,
            gateway_id: None,
            nat_gateway_id: None,
        }
    }
}

/// `AWS::EC2::SubnetRouteTableAssociation`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetRouteTableAssociation {
    /// The route table.
    pub route_table_id: Value,
    /// The subnet.
    pub subnet_id: Value,
}
l1_resource!(SubnetRouteTableAssociation, "AWS::EC2::SubnetRouteTableAssociation");

/// `AWS::EC2::EIP`: an Elastic IP address.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Eip {
    /// `vpc` for an address used in a VPC (by a NAT gateway, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Eip, "AWS::EC2::EIP", List);

impl Handle<Eip> {
    /// The allocation ID, which a NAT gateway takes.
    pub fn allocation_id(&self) -> Value {
        self.get_att("AllocationId")
    }
    /// The public IPv4 address (`Ref`).
    pub fn public_ip(&self) -> Value {
        self.reference()
    }
}

/// `AWS::EC2::NatGateway`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    /// The subnet it lives in (a public one, for a public NAT gateway).
    pub subnet_id: Value,
    /// The Elastic IP's allocation ID, for a public NAT gateway.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<Value>,
    /// `public` (default) or `private`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connectivity_type: Option<Value>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(NatGateway, "AWS::EC2::NatGateway", List);

impl NatGateway {
    /// A NAT gateway in the given subnet.
    pub fn new(subnet_id: impl Into<Value>) -> NatGateway {
        NatGateway { subnet_id: subnet_id.into(), allocation_id: None, connectivity_type: None, tags: Vec::new() }
    }
}

impl Handle<NatGateway> {
    /// The NAT gateway ID (`Ref`).
    pub fn nat_gateway_id(&self) -> Value {
        self.reference()
    }
}

/// An inline ingress rule of an `AWS::EC2::SecurityGroup`, and the body of an
/// `AWS::EC2::SecurityGroupIngress`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub ip_protocol: Value,
    /// First port (or ICMP type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (or ICMP code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// Peer: an IPv4 range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<Value>,
    /// Peer: an IPv6 range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<Value>,
    /// Peer: another security group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_security_group_id: Option<Value>,
    /// Peer: a managed prefix list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_prefix_list_id: Option<Value>,
    /// What the rule is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
}

/// An inline egress rule of an `AWS::EC2::SecurityGroup`, and the body of an
/// `AWS::EC2::SecurityGroupEgress`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub ip_protocol: Value,
    /// First port (or ICMP type).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (or ICMP code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// Peer: an IPv4 range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ip: Option<Value>,
    /// Peer: an IPv6 range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<Value>,
    /// Peer: another security group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_security_group_id: Option<Value>,
    /// Peer: a managed prefix list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_prefix_list_id: Option<Value>,
    /// What the rule is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
}

/// `AWS::EC2::SecurityGroup`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    /// Required by EC2; at most 255 characters.
    pub group_description: Value,
    /// The VPC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<Value>,
    /// Inline ingress rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ingress: Vec<IngressRule>,
    /// Inline egress rules; when empty, EC2 allows all outbound traffic.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_egress: Vec<EgressRule>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(SecurityGroup, "AWS::EC2::SecurityGroup", List);

impl SecurityGroup {
    /// A security group with the given description.
    pub fn new(group_description: impl Into<Value>) -> SecurityGroup {
        SecurityGroup {
            group_description: group_description.into(),
            vpc_id: None,
            security_group_ingress: Vec::new(),
            security_group_egress: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl Handle<SecurityGroup> {
    /// The security group ID (`Fn::GetAtt GroupId`; `Ref` would give the
    /// name for groups outside a VPC).
    pub fn group_id(&self) -> Value {
        self.get_att("GroupId")
    }
}

/// `AWS::EC2::SecurityGroupIngress`: an ingress rule as its own resource, so
/// that two groups can allow each other without a dependency cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupIngress {
    /// The group the rule belongs to.
    pub group_id: Value,
    /// The rule.
    #[serde(flatten)]
    pub rule: IngressRule,
}
l1_resource!(SecurityGroupIngress, "AWS::EC2::SecurityGroupIngress");

/// `AWS::EC2::SecurityGroupEgress`: an egress rule as its own resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupEgress {
    /// The group the rule belongs to.
    pub group_id: Value,
    /// The rule.
    #[serde(flatten)]
    pub rule: EgressRule,
}
l1_resource!(SecurityGroupEgress, "AWS::EC2::SecurityGroupEgress");

/// The instance metadata service settings of an `AWS::EC2::Instance`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only; recommended) or `optional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_tokens: Option<Value>,
    /// `enabled` or `disabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_endpoint: Option<Value>,
    /// 1 to 64; 1 keeps the tokens from leaving the instance (e.g. into containers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_put_response_hop_limit: Option<u32>,
}

/// An EBS volume of a block device mapping.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ebs {
    /// Whether the volume is encrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// Size in GiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_size: Option<u32>,
    /// `gp3`, `gp2`, `io2`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<Value>,
    /// Whether the volume is deleted with the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_on_termination: Option<bool>,
}

/// A block device of an `AWS::EC2::Instance`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockDeviceMapping {
    /// E.g. `/dev/xvda`, the root device of Amazon Linux 2023.
    pub device_name: Value,
    /// The EBS volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs: Option<Ebs>,
}

/// `AWS::EC2::Instance`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    /// The AMI (often a `Ref` to an SSM-parameter-typed template parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<Value>,
    /// E.g. `t3.micro`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<Value>,
    /// The subnet it is launched in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<Value>,
    /// Security group IDs (in a VPC; not `SecurityGroups`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Value>,
    /// Base64-encoded user data: wrap the script in [`Value::base64`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<Value>,
    /// The instance profile's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<Value>,
    /// An EC2 key pair's name, for SSH.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<Value>,
    /// Instance metadata service settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
    /// Volumes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Whether detailed (one-minute) monitoring is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<bool>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}
l1_resource!(Instance, "AWS::EC2::Instance", List);

impl Handle<Instance> {
    /// The instance ID (`Ref`).
    pub fn instance_id(&self) -> Value {
        self.reference()
    }
    /// The primary private IPv4 address.
    pub fn private_ip(&self) -> Value {
        self.get_att("PrivateIp")
    }
    /// The private DNS name.
    pub fn private_dns_name(&self) -> Value {
        self.get_att("PrivateDnsName")
    }
    /// The Availability Zone it runs in.
    pub fn availability_zone(&self) -> Value {
        self.get_att("AvailabilityZone")
    }
}

#[cfg(test)]
mod instance_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_instance_serialises_imdsv2_and_an_encrypted_root_volume() {
        let instance = Instance {
            image_id: Some("ami-1".into()),
            instance_type: Some("t3.micro".into()),
            metadata_options: Some(MetadataOptions {
                http_tokens: Some("required".into()),
                http_endpoint: Some("enabled".into()),
                http_put_response_hop_limit: Some(1),
            }),
            block_device_mappings: vec![BlockDeviceMapping {
                device_name: "/dev/xvda".into(),
                ebs: Some(Ebs {
                    encrypted: Some(true),
                    volume_size: Some(20),
                    volume_type: Some("gp3".into()),
                    delete_on_termination: Some(true),
                }),
            }],
            user_data: Some(Value::base64("#!/bin/bash")),
            ..Instance::default()
        };
        assert_eq!(
            serde_json::to_value(&instance).unwrap(),
            json!({
                "ImageId": "ami-1",
                "InstanceType": "t3.micro",
                "UserData": { "Fn::Base64": "#!/bin/bash" },
                "MetadataOptions": { "HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1 },
                "BlockDeviceMappings": [{
                    "DeviceName": "/dev/xvda",
                    "Ebs": { "Encrypted": true, "VolumeSize": 20, "VolumeType": "gp3", "DeleteOnTermination": true }
                }]
            })
        );
    }
}
