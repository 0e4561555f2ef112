//! The AWS account quotas a single template can exceed, and the values an
//! account has had raised.
//!
//! A template that breaks one of these deploys halfway and then fails (EC2
//! refuses the 61st rule of a group with `RulesPerSecurityGroupLimitExceeded`
//! minutes after the stack began), so synth counts them first. The defaults
//! and the ceilings below are AWS's, each from the page [`Quota::source`]
//! names. Synth does the counting; this module only says what the limits
//! are, so that a stack or an app can record a raised one.
use indexmap::IndexMap;

use crate::error::{Error, ErrorKind};

/// A default AWS quota that synth checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Quota {
    /// Inbound rules per security group, IPv4 and IPv6 counted apart.
    InboundRulesPerSecurityGroup,
    /// Outbound rules per security group, IPv4 and IPv6 counted apart.
    OutboundRulesPerSecurityGroup,
    /// Security groups per network interface (and so per Lambda function,
    /// instance or interface endpoint).
    SecurityGroupsPerNetworkInterface,
    /// Routes per route table that are not propagated.
    RoutesPerRouteTable,
    /// Subnets per VPC.
    SubnetsPerVpc,
    /// IPv4 CIDR blocks per VPC, its primary one included.
    Ipv4CidrBlocksPerVpc,
    /// VPCs per Region, counted within the stack.
    VpcsPerRegion,
    /// Internet gateways per Region, counted within the stack.
    InternetGatewaysPerRegion,
    /// Elastic IP addresses per Region, counted within the stack.
    ElasticIpsPerRegion,
    /// NAT gateways per Availability Zone, counted within the stack.
    NatGatewaysPerAvailabilityZone,
    /// Rules per network ACL in one direction, IPv4 and IPv6 counted apart.
    RulesPerNetworkAcl,
    /// Bytes of a Lambda function's resource-based policy (its
    /// `AWS::Lambda::Permission`s together).
    LambdaResourcePolicyBytes,
    /// Characters of a role's inline policies together, white space not
    /// counted.
    RoleInlinePolicyCharacters,
    /// Characters of one managed policy, white space not counted.
    ManagedPolicyCharacters,
    /// Characters of a role's trust policy, white space not counted.
    RoleTrustPolicyCharacters,
    /// Managed policies attached to one role.
    ManagedPoliciesPerRole,
    /// Resources per REST API, its root resource included.
    ResourcesPerRestApi,
}

/// What AWS says of one quota.
struct Definition {
    name: &'static str,
    default: u32,
    /// The most an account can have it raised to; `None` when AWS names no
    /// ceiling, `Some(default)` when it cannot be raised.
    ceiling: Option<u32>,
    source: &'static str,
}

const VPC_QUOTAS: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
const IAM_QUOTAS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

impl Quota {
    /// Every quota, in declaration order.
    pub const ALL: [Quota; 17] = [
        Quota::InboundRulesPerSecurityGroup,
        Quota::OutboundRulesPerSecurityGroup,
        Quota::SecurityGroupsPerNetworkInterface,
        Quota::RoutesPerRouteTable,
        Quota::SubnetsPerVpc,
        Quota::Ipv4CidrBlocksPerVpc,
        Quota::VpcsPerRegion,
        Quota::InternetGatewaysPerRegion,
        Quota::ElasticIpsPerRegion,
        Quota::NatGatewaysPerAvailabilityZone,
        Quota::RulesPerNetworkAcl,
        Quota::LambdaResourcePolicyBytes,
        Quota::RoleInlinePolicyCharacters,
        Quota::ManagedPolicyCharacters,
        Quota::RoleTrustPolicyCharacters,
        Quota::ManagedPoliciesPerRole,
        Quota::ResourcesPerRestApi,
    ];

    fn definition(self) -> Definition {
        let (name, default, ceiling, source) = match self {
            // "Inbound or outbound rules per security group: 60 ... This
            // quota is enforced separately for IPv4 rules and IPv6 rules";
            // the product with security groups per interface is at most 1,000.
            Quota::InboundRulesPerSecurityGroup => ("inbound rules per security group", 60, Some(1000), VPC_QUOTAS),
            Quota::OutboundRulesPerSecurityGroup => ("outbound rules per security group", 60, Some(1000), VPC_QUOTAS),
            Quota::SecurityGroupsPerNetworkInterface => {
                ("security groups per network interface", 5, Some(16), VPC_QUOTAS)
            }
            // "Routes per route table (non-propagated routes): 50", to 1,000.
            Quota::RoutesPerRouteTable => ("routes per route table", 50, Some(1000), VPC_QUOTAS),
            Quota::SubnetsPerVpc => ("subnets per VPC", 200, None, VPC_QUOTAS),
            Quota::Ipv4CidrBlocksPerVpc => ("IPv4 CIDR blocks per VPC", 5, Some(50), VPC_QUOTAS),
            Quota::VpcsPerRegion => ("VPCs per Region", 5, None, VPC_QUOTAS),
            Quota::InternetGatewaysPerRegion => ("internet gateways per Region", 5, None, VPC_QUOTAS),
            Quota::ElasticIpsPerRegion => ("Elastic IP addresses per Region", 5, None, VPC_QUOTAS),
            Quota::NatGatewaysPerAvailabilityZone => ("NAT gateways per Availability Zone", 5, None, VPC_QUOTAS),
            // "Rules per network ACL: 20 ... one-way quota ... enforced
            // separately for IPv4 rules and IPv6 rules", to 40.
            Quota::RulesPerNetworkAcl => ("rules per network ACL", 20, Some(40), VPC_QUOTAS),
            Quota::LambdaResourcePolicyBytes => (
                "bytes of a Lambda function's resource-based policy",
                20 * 1024,
                Some(20 * 1024),
                "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
            ),
            Quota::RoleInlinePolicyCharacters => {
                ("characters of a role's inline policies", 10_240, Some(10_240), IAM_QUOTAS)
            }
            Quota::ManagedPolicyCharacters => ("characters of a managed policy", 6_144, Some(6_144), IAM_QUOTAS),
            Quota::RoleTrustPolicyCharacters => ("characters of a role trust policy", 2_048, Some(4_096), IAM_QUOTAS),
            Quota::ManagedPoliciesPerRole => ("managed policies per role", 10, Some(20), IAM_QUOTAS),
            Quota::ResourcesPerRestApi => (
                "resources per REST API",
                300,
                None,
                "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
            ),
        };
        Definition { name, default, ceiling, source }
    }

    /// What is counted, in words.
    pub fn name(self) -> &'static str {
        self.definition().name
    }

    /// AWS's default value.
    pub fn default_value(self) -> u32 {
        self.definition().default
    }

    /// Whether an account can have it raised (through Service Quotas or
    /// AWS Support).
    pub fn adjustable(self) -> bool {
        self.definition().ceiling != Some(self.default_value())
    }

    /// The most an account can have it raised to, when AWS names one.
    pub fn ceiling(self) -> Option<u32> {
        self.definition().ceiling
    }

    /// How a template gets under it, for synth's messages.
    pub fn advice(self) -> &'static str {
        match self {
            Quota::InboundRulesPerSecurityGroup | Quota::OutboundRulesPerSecurityGroup => {
                "allow one shared security group that the sources (or destinations) join, once, instead of \
                 each group on its own (SecurityGroup::allow_from(&shared, port)), put CIDR blocks in a \
                 managed prefix list, or spread the rules over a second group on the same resources"
            }
            Quota::SecurityGroupsPerNetworkInterface => {
                "merge the groups' rules into fewer groups, or give the resource one group that the others allow"
            }
            Quota::RoutesPerRouteTable => {
                "summarise destinations into wider CIDR blocks, route a managed prefix list, or move \
                 subnets to a second route table"
            }
            Quota::SubnetsPerVpc => "use fewer, larger subnets, or a second VPC",
            Quota::Ipv4CidrBlocksPerVpc => "use a larger primary CIDR block instead of secondary ones",
            Quota::VpcsPerRegion | Quota::InternetGatewaysPerRegion => {
                "share one VPC between stacks (import it), or deploy to another Region"
            }
            Quota::ElasticIpsPerRegion => {
                "use fewer NAT gateways (Vpc::builder().nat_gateways(1)) and fewer instances with Elastic IPs"
            }
            Quota::NatGatewaysPerAvailabilityZone => "route more subnets of the AZ through one NAT gateway",
            Quota::RulesPerNetworkAcl => "summarise rules into wider CIDR blocks and port ranges",
            Quota::LambdaResourcePolicyBytes => {
                "grant invoke once to a wider source (one permission for the whole API, SourceArn \
                 arn:...:api-id/*) instead of one per route"
            }
            Quota::RoleInlinePolicyCharacters => {
                "move statements into customer managed policies (AWS::IAM::ManagedPolicy, 6,144 characters \
                 each) or merge statements that share actions"
            }
            Quota::ManagedPolicyCharacters => {
                "split the document into two managed policies, or merge statements that share actions"
            }
            Quota::RoleTrustPolicyCharacters => "merge the trusted principals into fewer statements",
            Quota::ManagedPoliciesPerRole => "combine managed policies into fewer customer managed policies",
            Quota::ResourcesPerRestApi => "split the API into two REST APIs, or use a proxy resource ({proxy+})",
        }
    }

    /// The AWS documentation page that states it.
    pub fn source(self) -> &'static str {
        self.definition().source
    }
}

impl std::fmt::Display for Quota {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The quotas an account has had raised, recorded on a stack or an app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quotas {
    raised: IndexMap<Quota, u32>,
}

impl Quotas {
    /// Records that the account's `quota` is `value`. Refused when the
    /// quota cannot be raised, when `value` is below AWS's default (a
    /// lower value is not a quota AWS applies) or above its ceiling.
    pub fn raise(&mut self, owner: &str, quota: Quota, value: u32) -> Result<(), Error> {
        let refuse = |reason| Err(Error::new(owner, ErrorKind::InvalidQuota { quota, value, reason }));
        if !quota.adjustable() {
            return refuse("AWS does not raise this quota; change the template instead");
        }
        if value < quota.default_value() {
            return refuse("the value is below AWS's default; record only a quota the account has had raised");
        }
        if quota.ceiling().is_some_and(|ceiling| value > ceiling) {
            return refuse("the value is above the most AWS grants for this quota");
        }
        self.raised.insert(quota, value);
        Ok(())
    }

    /// The raised value, if one was recorded.
    pub fn raised(&self, quota: Quota) -> Option<u32> {
        self.raised.get(&quota).copied()
    }
}
