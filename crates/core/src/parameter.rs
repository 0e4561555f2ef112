//! Template parameters: values supplied at deploy time.

use crate::value::Value;

/// The type of a template parameter, including the AWS-specific types that
/// CloudFormation checks against the account at deploy time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `String`
    String,
    /// `Number`
    Number,
    /// `List<Number>`
    NumberList,
    /// `CommaDelimitedList`
    CommaDelimitedList,
    /// `AWS::EC2::VPC::Id`
    VpcId,
    /// `AWS::EC2::Subnet::Id`
    SubnetId,
    /// `List<AWS::EC2::Subnet::Id>`
    SubnetIdList,
    /// `AWS::EC2::SecurityGroup::Id`
    SecurityGroupId,
    /// `List<AWS::EC2::SecurityGroup::Id>`
    SecurityGroupIdList,
    /// `AWS::EC2::Image::Id`
    ImageId,
    /// `AWS::EC2::KeyPair::KeyName`
    KeyPairName,
    /// `AWS::EC2::AvailabilityZone::Name`
    AvailabilityZoneName,
    /// `AWS::SSM::Parameter::Name`
    SsmParameterName,
    /// `AWS::SSM::Parameter::Value<String>`
    SsmString,
    /// `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`: an AMI ID read from
    /// SSM Parameter Store at deploy, e.g. the public Amazon Linux paths.
    SsmImageId,
    /// Any other type name CloudFormation accepts, spelled as it does.
    Other(String),
}

impl ParameterType {
    /// The name CloudFormation gives the type.
    pub fn name(&self) -> &str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::NumberList => "List<Number>",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::VpcId => "AWS::EC2::VPC::Id",
            ParameterType::SubnetId => "AWS::EC2::Subnet::Id",
            ParameterType::SubnetIdList => "List<AWS::EC2::Subnet::Id>",
            ParameterType::SecurityGroupId => "AWS::EC2::SecurityGroup::Id",
            ParameterType::SecurityGroupIdList => "List<AWS::EC2::SecurityGroup::Id>",
            ParameterType::ImageId => "AWS::EC2::Image::Id",
            ParameterType::KeyPairName => "AWS::EC2::KeyPair::KeyName",
            ParameterType::AvailabilityZoneName => "AWS::EC2::AvailabilityZone::Name",
            ParameterType::SsmParameterName => "AWS::SSM::Parameter::Name",
            ParameterType::SsmString => "AWS::SSM::Parameter::Value<String>",
            ParameterType::SsmImageId => "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            ParameterType::Other(name) => name,
        }
    }
}

/// A template parameter.
///
/// ```
/// use cfnkit_core::{Parameter, ParameterType, Stack};
///
/// let mut stack = Stack::new("Demo");
/// let ami = stack
///     .add_parameter(
///         "MongoAmi",
///         Parameter::new(ParameterType::SsmImageId)
///             .default_value("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
///             .description("AMI of the database host"),
///     )
///     .unwrap();
/// let _image_id = ami.value();
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's type.
    pub parameter_type: ParameterType,
    /// What the parameter is for.
    pub description: Option<String>,
    /// The value used when none is given at deploy.
    pub default: Option<Value>,
    /// The only values accepted.
    pub allowed_values: Vec<Value>,
    /// A regular expression a `String` parameter must match.
    pub allowed_pattern: Option<String>,
    /// The smallest `Number` accepted.
    pub min_value: Option<i64>,
    /// The largest `Number` accepted.
    pub max_value: Option<i64>,
    /// Hide the value in the console and API.
    pub no_echo: Option<bool>,
}

impl Parameter {
    /// A parameter of the given type.
    pub fn new(parameter_type: ParameterType) -> Parameter {
        Parameter {
            parameter_type,
            description: None,
            default: None,
            allowed_values: Vec::new(),
            allowed_pattern: None,
            min_value: None,
            max_value: None,
            no_echo: None,
        }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Parameter {
        self.description = Some(description.into());
        self
    }

    /// Sets the default value.
    pub fn default_value(mut self, value: impl Into<Value>) -> Parameter {
        self.default = Some(value.into());
        self
    }

    /// Restricts the parameter to these values.
    pub fn allowed_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Parameter {
        self.allowed_values = values.into_iter().map(Into::into).collect();
        self
    }
}
