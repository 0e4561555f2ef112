//! `Instance`: an EC2 instance in a VPC (the tutorial's MongoDB host).
use super::Ec2Error;
use crate::ec2::security_group::{Connectable, SecurityGroup};
use crate::ec2::subnet::{Subnet, SubnetKind};
use crate::ec2::vpc::{SubnetSelection, Vpc};
use crate::error::{check_range, Error};
use crate::l1::ec2;
use cfnkit_core::Handle;
use cfnkit_core::Tag;
use cfnkit_core::Value;
use cfnkit_core::{Parameter, ParameterType};
use cfnkit_core::{Scope, Stack};

/// The public SSM parameter of the latest Amazon Linux 2023 AMI (x86_64).
pub const AMAZON_LINUX_2023_X86_64: &str = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
/// The public SSM parameter of the latest Amazon Linux 2023 AMI (arm64).
pub const AMAZON_LINUX_2023_ARM64: &str = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/// Which AMI an instance boots.
#[derive(Clone, Debug, PartialEq)]
pub enum MachineImage {
    /// The AMI an SSM parameter names, read at deploy through a template
    /// parameter of type `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`:
    /// no account lookup at synth, and the template works in every region.
    ///
    /// CloudFormation reads the parameter again on every stack update, so
    /// once AWS publishes a newer image, the next deploy replaces the
    /// instance and its root volume, as with the CDK's
    /// `latestAmazonLinux2023()`. For a host that keeps data on its root
    /// volume, use [`MachineImage::Id`] with the AMI the first deploy chose.
    SsmParameter(String),
    /// A literal AMI id or a reference.
    Id(Value),
}

impl MachineImage {
    /// The latest Amazon Linux 2023 for x86_64.
    pub fn latest_amazon_linux_2023() -> MachineImage {
        MachineImage::SsmParameter(AMAZON_LINUX_2023_X86_64.to_owned())
    }
}

/// An EC2 instance in a VPC.
///
/// Secure defaults: IMDSv2 required (`HttpTokens: required`), an encrypted
/// gp3 root volume, a private subnet with egress, a new security group with
/// no inbound rules. The instance waits for its subnet's route table
/// association and default route, and through them for the NAT gateway and
/// the public subnet's route, so that user data can reach the internet
/// when it runs.
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc").unwrap();
/// let db = Instance::builder(&vpc).instance_type("t3.small").user_data("#!/bin/sh\necho hi\n").build(&mut stack, "Db").unwrap();
/// let _ip = db.private_ip();
/// ```
#[derive(Clone, Debug)]
pub struct Instance {
    scope: Scope,
    handle: Handle<ec2::Instance>,
    security_groups: Vec<SecurityGroup>,
    subnet: Subnet,
}

/// Builds an [`Instance`]; see [`Instance::builder`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until .build(stack, id) is called"]
pub struct InstanceBuilder {
    vpc: Vpc,
    instance_type: String,
    image: MachineImage,
    subnets: SubnetSelection,
    security_groups: Vec<SecurityGroup>,
    user_data: Option<String>,
    key_name: Option<Value>,
    volume_size_gb: u32,
    root_device_name: String,
}

impl Instance {
    /// An instance in `vpc`. Defaults: `t3.micro`, the latest Amazon Linux
    /// 2023, the first private subnet with egress, an 8 GiB encrypted root
    /// volume.
    pub fn builder(vpc: &Vpc) -> InstanceBuilder {
        InstanceBuilder {
            vpc: vpc.clone(),
            instance_type: "t3.micro".to_owned(),
            image: MachineImage::latest_amazon_linux_2023(),
            subnets: SubnetSelection::Kind(SubnetKind::PrivateWithEgress),
            security_groups: Vec::new(),
            user_data: None,
            key_name: None,
            volume_size_gb: 8,
            root_device_name: "/dev/xvda".to_owned(),
        }
    }

    /// The primary private IPv4 address.
    pub fn private_ip(&self) -> Value {
        self.handle.private_ip().into()
    }

    /// The instance id.
    pub fn instance_id(&self) -> Value {
        self.handle.instance_id().into()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 instance.
    pub fn handle(&self) -> &Handle<ec2::Instance> {
        &self.handle
    }

    /// The subnet it runs in.
    pub fn subnet(&self) -> &Subnet {
        &self.subnet
    }
}

impl Connectable for Instance {
    fn security_groups(&self) -> Vec<SecurityGroup> {
        self.security_groups.clone()
    }
}

impl InstanceBuilder {
    /// The instance type (default `t3.micro`).
    pub fn instance_type(mut self, instance_type: impl Into<String>) -> Self {
        self.instance_type = instance_type.into();
        self
    }

    /// The AMI (default: the latest Amazon Linux 2023 for x86_64).
    pub fn machine_image(mut self, image: MachineImage) -> Self {
        self.image = image;
        self
    }

    /// Which subnets it may go in; it takes the first (default: private with egress).
    pub fn subnets(mut self, selection: SubnetSelection) -> Self {
        self.subnets = selection;
        self
    }

    /// Use this security group (may be called more than once) instead of a new one.
    pub fn security_group(mut self, group: &SecurityGroup) -> Self {
        self.security_groups.push(group.clone());
        self
    }

    /// A shell script run at first boot (base64-encoded for EC2 by synth).
    pub fn user_data(mut self, script: impl Into<String>) -> Self {
        self.user_data = Some(script.into());
        self
    }

    /// An EC2 key pair for SSH (a name or a `KeyName` parameter).
    pub fn key_name(mut self, key_name: impl Into<Value>) -> Self {
        self.key_name = Some(key_name.into());
        self
    }

    /// The AMI's root device (default `/dev/xvda`, Amazon Linux's). Set it
    /// for other images (`/dev/sda1` for Ubuntu): the encrypted volume is
    /// mapped to this name, and under another name it would be an extra,
    /// empty volume while the root kept the AMI's settings.
    pub fn root_device_name(mut self, name: impl Into<String>) -> Self {
        self.root_device_name = name.into();
        self
    }

    /// The root volume's size in GiB, 8 to 16384 (default 8).
    pub fn volume_size_gb(mut self, size: u32) -> Self {
        self.volume_size_gb = size;
        self
    }

    /// Checks everything, then creates the instance (`<id>/Resource`), its
    /// security group (`<id>/SecurityGroup`) unless given, and, for an SSM
    /// image, the template parameter `<id>ImageId` at the stack root.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Instance, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Instance, Error> {
        let path = parent.child_path(id);
        if self.instance_type.trim().is_empty() || !self.instance_type.contains('.') {
            return Err(Error::new(path, Ec2Error::InvalidInstanceType { instance_type: self.instance_type }));
        }
        check_range(&path, "volume_size_gb", i64::from(self.volume_size_gb), 8, 16384)?;
        let subnet = self.vpc.select_subnets_for(&path, &self.subnets)?.remove(0);
        self.vpc.check_security_groups(&path, &self.security_groups)?;

        // Parameters live at the stack root: the id comes from the whole path, so
        // that instances in different scopes never share one.
        let parameter_id: String = format!("{path}ImageId").chars().filter(char::is_ascii_alphanumeric).collect();
        if matches!(self.image, MachineImage::SsmParameter(_)) && stack.has_child(&stack.root(), &parameter_id) {
            return Err(cfnkit_core::Error::new(parameter_id, cfnkit_core::ErrorKind::DuplicateId).into());
        }
        let scope = stack.scope(parent, id)?;
        let image_id = match &self.image {
            MachineImage::Id(id) => id.clone(),
            MachineImage::SsmParameter(name) => {
                let parameter = Parameter::new(ParameterType::SsmImageId)
                    .default_value(name.as_str())
                    .description(format!("AMI of {path}, read from SSM Parameter Store at deploy"));
                stack.add_parameter(&parameter_id, parameter)?.value()
            }
        };
        let description = format!("Instance {}/{}", stack.name(), path);
        let security_groups =
            SecurityGroup::given_or_new(stack, &self.vpc, &scope, &self.security_groups, description)?;
        let instance = ec2::Instance {
            image_id: Some(image_id.into()),
            instance_type: Some(self.instance_type.clone().into()),
            subnet_id: Some(subnet.subnet_id().into()),
            security_group_ids: security_groups.iter().map(|g| g.group_id()).collect(),
            user_data: self.user_data.clone().map(|script| Value::base64(script).into()),
            key_name: self.key_name.clone().map(Into::into),
            metadata_options: Some(ec2::instance::MetadataOptions {
                http_tokens: Some("required".into()),
                http_endpoint: Some("enabled".into()),
                http_put_response_hop_limit: Some(1.into()),
                ..ec2::instance::MetadataOptions::new()
            }),
            block_device_mappings: vec![ec2::instance::BlockDeviceMapping {
                ebs: Some(ec2::instance::Ebs {
                    encrypted: Some(true.into()),
                    volume_size: Some(self.volume_size_gb.into()),
                    volume_type: Some("gp3".into()),
                    delete_on_termination: Some(true.into()),
                    ..ec2::instance::Ebs::new()
                }),
                ..ec2::instance::BlockDeviceMapping::new(self.root_device_name.clone())
            }]
            .into(),
            tags: vec![Tag::new("Name", format!("{}/{}", stack.name(), path))].into(),
            ..ec2::Instance::new()
        };
        let handle = stack.add(&scope, "Resource", instance)?;
        for step in subnet.internet_connectivity() {
            stack.add_dependency(&handle, &step)?;
        }
        Ok(Instance { scope, handle, security_groups, subnet })
    }
}

/// An instance is an endpoint of network intents.
impl From<&Instance> for cfnkit_core::Endpoint {
    fn from(instance: &Instance) -> cfnkit_core::Endpoint {
        cfnkit_core::Endpoint::from(instance.handle())
    }
}
