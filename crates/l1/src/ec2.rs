//! `AWS::EC2::*` resource types.

use cfnkit_core::{attributes, Attributes, Bool, Int, PropertyMap, Resource, Str, Tag, TagShape, ToValue, Value};

/// `AWS::EC2::VPC`.
#[derive(Clone, Debug, PartialEq)]
pub struct Vpc {
    /// The IPv4 range, e.g. `10.0.0.0/16`.
    pub cidr_block: Str,
    /// Whether DNS resolution through the Amazon DNS server is on.
    pub enable_dns_support: Option<Bool>,
    /// Whether instances get public DNS hostnames.
    pub enable_dns_hostnames: Option<Bool>,
    /// `default` or `dedicated`.
    pub instance_tenancy: Option<Str>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Vpc {
    const TYPE_NAME: &'static str = "AWS::EC2::VPC";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = VpcAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("CidrBlock", &self.cidr_block)
            .optional("EnableDnsSupport", &self.enable_dns_support)
            .optional("EnableDnsHostnames", &self.enable_dns_hostnames)
            .optional("InstanceTenancy", &self.instance_tenancy)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl Vpc {
    /// A VPC over the given IPv4 range.
    pub fn new(cidr_block: impl Into<Str>) -> Vpc {
        Vpc {
            cidr_block: cidr_block.into(),
            enable_dns_support: None,
            enable_dns_hostnames: None,
            instance_tenancy: None,
            tags: Vec::new(),
        }
    }
}

attributes! {
    /// What a `Handle<Vpc>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct VpcAttributes;
}

impl VpcAttributes {
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
#[derive(Clone, Debug, PartialEq)]
pub struct Subnet {
    /// The VPC it belongs to.
    pub vpc_id: Str,
    /// Its IPv4 range, inside the VPC's.
    pub cidr_block: Option<Str>,
    /// The Availability Zone name.
    pub availability_zone: Option<Str>,
    /// Whether instances launched in it get a public IPv4 address.
    pub map_public_ip_on_launch: Option<Bool>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Subnet {
    const TYPE_NAME: &'static str = "AWS::EC2::Subnet";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = SubnetAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("VpcId", &self.vpc_id)
            .optional("CidrBlock", &self.cidr_block)
            .optional("AvailabilityZone", &self.availability_zone)
            .optional("MapPublicIpOnLaunch", &self.map_public_ip_on_launch)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl Subnet {
    /// A subnet of the given VPC.
    pub fn new(vpc_id: impl Into<Str>) -> Subnet {
        Subnet {
            vpc_id: vpc_id.into(),
            cidr_block: None,
            availability_zone: None,
            map_public_ip_on_launch: None,
            tags: Vec::new(),
        }
    }
}

attributes! {
    /// What a `Handle<Subnet>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct SubnetAttributes;
}

impl SubnetAttributes {
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InternetGateway {
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for InternetGateway {
    const TYPE_NAME: &'static str = "AWS::EC2::InternetGateway";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = InternetGatewayAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().optional("Tags", &self.tags).build()
    }
}

attributes! {
    /// What a `Handle<InternetGateway>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct InternetGatewayAttributes;
}

impl InternetGatewayAttributes {
    /// The internet gateway ID (`Ref`).
    pub fn internet_gateway_id(&self) -> Value {
        self.reference()
    }
}

/// `AWS::EC2::VPCGatewayAttachment`: attaches an internet gateway to a VPC.
#[derive(Clone, Debug, PartialEq)]
pub struct VpcGatewayAttachment {
    /// The VPC.
    pub vpc_id: Str,
    /// The internet gateway.
    pub internet_gateway_id: Option<Str>,
}

attributes! {
    /// What a `Handle<VpcGatewayAttachment>` gives: its `Ref` (`handle.reference()`).
    pub struct VpcGatewayAttachmentAttributes;
}

impl Resource for VpcGatewayAttachment {
    const TYPE_NAME: &'static str = "AWS::EC2::VPCGatewayAttachment";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = VpcGatewayAttachmentAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("VpcId", &self.vpc_id)
            .optional("InternetGatewayId", &self.internet_gateway_id)
            .build()
    }
}

/// `AWS::EC2::RouteTable`.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteTable {
    /// The VPC.
    pub vpc_id: Str,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for RouteTable {
    const TYPE_NAME: &'static str = "AWS::EC2::RouteTable";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = RouteTableAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().required("VpcId", &self.vpc_id).optional("Tags", &self.tags).build()
    }
}

impl RouteTable {
    /// A route table in the given VPC.
    pub fn new(vpc_id: impl Into<Str>) -> RouteTable {
        RouteTable { vpc_id: vpc_id.into(), tags: Vec::new() }
    }
}

attributes! {
    /// What a `Handle<RouteTable>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct RouteTableAttributes;
}

impl RouteTableAttributes {
    /// The route table ID (`Ref`).
    pub fn route_table_id(&self) -> Value {
        self.reference()
    }
}

/// `AWS::EC2::Route`: one route; set exactly one target.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The route table it belongs to.
    pub route_table_id: Str,
    /// The IPv4 destination, e.g. `0.0.0.0/0`.
    pub destination_cidr_block: Option<Str>,
    /// The IPv6 destination.
    pub destination_ipv6_cidr_block: Option<Str>,
    /// Target: an internet gateway.
    pub gateway_id: Option<Str>,
    /// Target: a NAT gateway.
    pub nat_gateway_id: Option<Str>,
}

attributes! {
    /// What a `Handle<Route>` gives: its `Ref` (`handle.reference()`).
    pub struct RouteAttributes;
}

impl Resource for Route {
    const TYPE_NAME: &'static str = "AWS::EC2::Route";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = RouteAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("RouteTableId", &self.route_table_id)
            .optional("DestinationCidrBlock", &self.destination_cidr_block)
            .optional("DestinationIpv6CidrBlock", &self.destination_ipv6_cidr_block)
            .optional("GatewayId", &self.gateway_id)
            .optional("NatGatewayId", &self.nat_gateway_id)
            .build()
    }
}

impl Route {
    /// A route in a table with no destination or target yet.
    pub fn new(route_table_id: impl Into<Str>) -> Route {
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
#[derive(Clone, Debug, PartialEq)]
pub struct SubnetRouteTableAssociation {
    /// The route table.
    pub route_table_id: Str,
    /// The subnet.
    pub subnet_id: Str,
}

attributes! {
    /// What a `Handle<SubnetRouteTableAssociation>` gives: its `Ref` (`handle.reference()`).
    pub struct SubnetRouteTableAssociationAttributes;
}

impl Resource for SubnetRouteTableAssociation {
    const TYPE_NAME: &'static str = "AWS::EC2::SubnetRouteTableAssociation";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = SubnetRouteTableAssociationAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().required("RouteTableId", &self.route_table_id).required("SubnetId", &self.subnet_id).build()
    }
}

/// `AWS::EC2::EIP`: an Elastic IP address.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Eip {
    /// `vpc` for an address used in a VPC (by a NAT gateway, say).
    pub domain: Option<Str>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Eip {
    const TYPE_NAME: &'static str = "AWS::EC2::EIP";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = EipAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new().optional("Domain", &self.domain).optional("Tags", &self.tags).build()
    }
}

attributes! {
    /// What a `Handle<Eip>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct EipAttributes;
}

impl EipAttributes {
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
#[derive(Clone, Debug, PartialEq)]
pub struct NatGateway {
    /// The subnet it lives in (a public one, for a public NAT gateway).
    pub subnet_id: Str,
    /// The Elastic IP's allocation ID, for a public NAT gateway.
    pub allocation_id: Option<Str>,
    /// `public` (default) or `private`.
    pub connectivity_type: Option<Str>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for NatGateway {
    const TYPE_NAME: &'static str = "AWS::EC2::NatGateway";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = NatGatewayAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("SubnetId", &self.subnet_id)
            .optional("AllocationId", &self.allocation_id)
            .optional("ConnectivityType", &self.connectivity_type)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl NatGateway {
    /// A NAT gateway in the given subnet.
    pub fn new(subnet_id: impl Into<Str>) -> NatGateway {
        NatGateway { subnet_id: subnet_id.into(), allocation_id: None, connectivity_type: None, tags: Vec::new() }
    }
}

attributes! {
    /// What a `Handle<NatGateway>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct NatGatewayAttributes;
}

impl NatGatewayAttributes {
    /// The NAT gateway ID (`Ref`).
    pub fn nat_gateway_id(&self) -> Value {
        self.reference()
    }
}

/// An inline ingress rule of an `AWS::EC2::SecurityGroup`, and the body of an
/// `AWS::EC2::SecurityGroupIngress`.
#[derive(Clone, Debug, PartialEq)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub ip_protocol: Str,
    /// First port (or ICMP type).
    pub from_port: Option<Int>,
    /// Last port (or ICMP code).
    pub to_port: Option<Int>,
    /// Peer: an IPv4 range.
    pub cidr_ip: Option<Str>,
    /// Peer: an IPv6 range.
    pub cidr_ipv6: Option<Str>,
    /// Peer: another security group.
    pub source_security_group_id: Option<Str>,
    /// Peer: a managed prefix list.
    pub source_prefix_list_id: Option<Str>,
    /// What the rule is for.
    pub description: Option<Str>,
}

impl ToValue for IngressRule {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("IpProtocol", &self.ip_protocol)
            .optional("FromPort", &self.from_port)
            .optional("ToPort", &self.to_port)
            .optional("CidrIp", &self.cidr_ip)
            .optional("CidrIpv6", &self.cidr_ipv6)
            .optional("SourceSecurityGroupId", &self.source_security_group_id)
            .optional("SourcePrefixListId", &self.source_prefix_list_id)
            .optional("Description", &self.description)
            .build()
    }
}

/// An inline egress rule of an `AWS::EC2::SecurityGroup`, and the body of an
/// `AWS::EC2::SecurityGroupEgress`.
#[derive(Clone, Debug, PartialEq)]
pub struct EgressRule {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub ip_protocol: Str,
    /// First port (or ICMP type).
    pub from_port: Option<Int>,
    /// Last port (or ICMP code).
    pub to_port: Option<Int>,
    /// Peer: an IPv4 range.
    pub cidr_ip: Option<Str>,
    /// Peer: an IPv6 range.
    pub cidr_ipv6: Option<Str>,
    /// Peer: another security group.
    pub destination_security_group_id: Option<Str>,
    /// Peer: a managed prefix list.
    pub destination_prefix_list_id: Option<Str>,
    /// What the rule is for.
    pub description: Option<Str>,
}

impl ToValue for EgressRule {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .required("IpProtocol", &self.ip_protocol)
            .optional("FromPort", &self.from_port)
            .optional("ToPort", &self.to_port)
            .optional("CidrIp", &self.cidr_ip)
            .optional("CidrIpv6", &self.cidr_ipv6)
            .optional("DestinationSecurityGroupId", &self.destination_security_group_id)
            .optional("DestinationPrefixListId", &self.destination_prefix_list_id)
            .optional("Description", &self.description)
            .build()
    }
}

/// `AWS::EC2::SecurityGroup`.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityGroup {
    /// Required by EC2; at most 255 characters.
    pub group_description: Str,
    /// The VPC.
    pub vpc_id: Option<Str>,
    /// Inline ingress rules.
    pub security_group_ingress: Vec<IngressRule>,
    /// Inline egress rules; when empty, EC2 allows all outbound traffic.
    pub security_group_egress: Vec<EgressRule>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for SecurityGroup {
    const TYPE_NAME: &'static str = "AWS::EC2::SecurityGroup";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = SecurityGroupAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .required("GroupDescription", &self.group_description)
            .optional("VpcId", &self.vpc_id)
            .optional("SecurityGroupIngress", &self.security_group_ingress)
            .optional("SecurityGroupEgress", &self.security_group_egress)
            .optional("Tags", &self.tags)
            .build()
    }
}

impl SecurityGroup {
    /// A security group with the given description.
    pub fn new(group_description: impl Into<Str>) -> SecurityGroup {
        SecurityGroup {
            group_description: group_description.into(),
            vpc_id: None,
            security_group_ingress: Vec::new(),
            security_group_egress: Vec::new(),
            tags: Vec::new(),
        }
    }
}

attributes! {
    /// What a `Handle<SecurityGroup>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct SecurityGroupAttributes;
}

impl SecurityGroupAttributes {
    /// The security group ID (`Fn::GetAtt GroupId`; `Ref` would give the
    /// name for groups outside a VPC).
    pub fn group_id(&self) -> Value {
        self.get_att("GroupId")
    }
}

/// `AWS::EC2::SecurityGroupIngress`: an ingress rule as its own resource, so
/// that two groups can allow each other without a dependency cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityGroupIngress {
    /// The group the rule belongs to.
    pub group_id: Str,
    /// The rule.
    pub rule: IngressRule,
}

attributes! {
    /// What a `Handle<SecurityGroupIngress>` gives: its `Ref` (`handle.reference()`).
    pub struct SecurityGroupIngressAttributes;
}

impl Resource for SecurityGroupIngress {
    const TYPE_NAME: &'static str = "AWS::EC2::SecurityGroupIngress";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = SecurityGroupIngressAttributes;

    fn properties(&self) -> Value {
        group_and_rule(PropertyMap::new().required("GroupId", &self.group_id).build(), self.rule.to_value())
    }
}

/// `AWS::EC2::SecurityGroupEgress`: an egress rule as its own resource.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityGroupEgress {
    /// The group the rule belongs to.
    pub group_id: Str,
    /// The rule.
    pub rule: EgressRule,
}

attributes! {
    /// What a `Handle<SecurityGroupEgress>` gives: its `Ref` (`handle.reference()`).
    pub struct SecurityGroupEgressAttributes;
}

impl Resource for SecurityGroupEgress {
    const TYPE_NAME: &'static str = "AWS::EC2::SecurityGroupEgress";
    const TAG_SHAPE: TagShape = TagShape::None;
    type Attributes = SecurityGroupEgressAttributes;

    fn properties(&self) -> Value {
        group_and_rule(PropertyMap::new().required("GroupId", &self.group_id).build(), self.rule.to_value())
    }
}

/// A standalone rule resource's properties: its group, then the rule's own.
fn group_and_rule(group: Value, rule: Value) -> Value {
    match (group, rule) {
        (Value::Map(mut group), Value::Map(rule)) => {
            group.extend(rule);
            Value::Map(group)
        }
        (group, _) => group,
    }
}

/// The instance metadata service settings of an `AWS::EC2::Instance`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only; recommended) or `optional`.
    pub http_tokens: Option<Str>,
    /// `enabled` or `disabled`.
    pub http_endpoint: Option<Str>,
    /// 1 to 64; 1 keeps the tokens from leaving the instance (e.g. into containers).
    pub http_put_response_hop_limit: Option<Int>,
}

impl ToValue for MetadataOptions {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .optional("HttpTokens", &self.http_tokens)
            .optional("HttpEndpoint", &self.http_endpoint)
            .optional("HttpPutResponseHopLimit", &self.http_put_response_hop_limit)
            .build()
    }
}

/// An EBS volume of a block device mapping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ebs {
    /// Whether the volume is encrypted.
    pub encrypted: Option<Bool>,
    /// Size in GiB.
    pub volume_size: Option<Int>,
    /// `gp3`, `gp2`, `io2`, ...
    pub volume_type: Option<Str>,
    /// Whether the volume is deleted with the instance.
    pub delete_on_termination: Option<Bool>,
}

impl ToValue for Ebs {
    fn to_value(&self) -> Value {
        PropertyMap::new()
            .optional("Encrypted", &self.encrypted)
            .optional("VolumeSize", &self.volume_size)
            .optional("VolumeType", &self.volume_type)
            .optional("DeleteOnTermination", &self.delete_on_termination)
            .build()
    }
}

/// A block device of an `AWS::EC2::Instance`.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockDeviceMapping {
    /// E.g. `/dev/xvda`, the root device of Amazon Linux 2023.
    pub device_name: Str,
    /// The EBS volume.
    pub ebs: Option<Ebs>,
}

impl ToValue for BlockDeviceMapping {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("DeviceName", &self.device_name).optional("Ebs", &self.ebs).build()
    }
}

/// `AWS::EC2::Instance`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Instance {
    /// The AMI (often a `Ref` to an SSM-parameter-typed template parameter).
    pub image_id: Option<Str>,
    /// E.g. `t3.micro`.
    pub instance_type: Option<Str>,
    /// The subnet it is launched in.
    pub subnet_id: Option<Str>,
    /// Security group IDs (in a VPC; not `SecurityGroups`).
    pub security_group_ids: Vec<Str>,
    /// Base64-encoded user data: wrap the script in [`Value::base64`].
    pub user_data: Option<Str>,
    /// The instance profile's name.
    pub iam_instance_profile: Option<Str>,
    /// An EC2 key pair's name, for SSH.
    pub key_name: Option<Str>,
    /// Instance metadata service settings.
    pub metadata_options: Option<MetadataOptions>,
    /// Volumes.
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Whether detailed (one-minute) monitoring is on.
    pub monitoring: Option<Bool>,
    /// Tags.
    pub tags: Vec<Tag>,
}

impl Resource for Instance {
    const TYPE_NAME: &'static str = "AWS::EC2::Instance";
    const TAG_SHAPE: TagShape = TagShape::List;
    type Attributes = InstanceAttributes;

    fn properties(&self) -> Value {
        PropertyMap::new()
            .optional("ImageId", &self.image_id)
            .optional("InstanceType", &self.instance_type)
            .optional("SubnetId", &self.subnet_id)
            .optional("SecurityGroupIds", &self.security_group_ids)
            .optional("UserData", &self.user_data)
            .optional("IamInstanceProfile", &self.iam_instance_profile)
            .optional("KeyName", &self.key_name)
            .optional("MetadataOptions", &self.metadata_options)
            .optional("BlockDeviceMappings", &self.block_device_mappings)
            .optional("Monitoring", &self.monitoring)
            .optional("Tags", &self.tags)
            .build()
    }
}

attributes! {
    /// What a `Handle<Instance>` gives: its `Ref` and `Fn::GetAtt` attributes.
    pub struct InstanceAttributes;
}

impl InstanceAttributes {
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

    use crate::test_support::json_of;

    #[test]
    fn an_instance_serialises_imdsv2_and_an_encrypted_root_volume() {
        let instance = Instance {
            image_id: Some("ami-1".into()),
            instance_type: Some("t3.micro".into()),
            metadata_options: Some(MetadataOptions {
                http_tokens: Some("required".into()),
                http_endpoint: Some("enabled".into()),
                http_put_response_hop_limit: Some(1.into()),
            }),
            block_device_mappings: vec![BlockDeviceMapping {
                device_name: "/dev/xvda".into(),
                ebs: Some(Ebs {
                    encrypted: Some(true.into()),
                    volume_size: Some(20.into()),
                    volume_type: Some("gp3".into()),
                    delete_on_termination: Some(true.into()),
                }),
            }],
            user_data: Some(Value::base64("#!/bin/bash").into()),
            ..Instance::default()
        };
        assert_eq!(
            json_of(&instance),
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
