//! `SecurityGroup`: a stateful firewall around ENIs, with typed rules.
use super::Ec2Error;
use crate::description::{ec2_text, is_ec2_text};
use crate::ec2::peer::Peer;
use crate::ec2::port::Port;
use crate::ec2::vpc::Vpc;
use crate::error::{check_range, Error};
use crate::l1::ec2;
use cfnkit_core::Handle;
use cfnkit_core::Tag;
use cfnkit_core::{Int, Str, Value};
use cfnkit_core::{Scope, Stack};

/// Anything that has security groups, so that rules can be written between
/// constructs rather than between group ids: a [`SecurityGroup`] itself, a
/// VPC function, an instance.
pub trait Connectable {
    /// The groups whose members are this construct.
    fn security_groups(&self) -> Vec<SecurityGroup>;
}

/// A security group, created in this stack or imported by id.
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().build(&mut stack, "Vpc").unwrap();
/// let app = SecurityGroup::builder(&vpc).description("App servers").build(&mut stack, "AppSg").unwrap();
/// let db = SecurityGroup::builder(&vpc).description("Database").build(&mut stack, "DbSg").unwrap();
/// db.allow_from(&mut stack, &app, Port::tcp(5432)).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityGroup {
    scope: Scope,
    group_id: Value,
    vpc_id: Option<Value>,
    handle: Option<Handle<ec2::SecurityGroup>>,
}

/// Builds a [`SecurityGroup`].
#[derive(Clone, Debug)]
pub struct SecurityGroupBuilder {
    vpc_id: Value,
    description: Option<String>,
    allow_all_outbound: bool,
}

impl SecurityGroup {
    /// A new security group in the VPC. Defaults: the description is the
    /// construct path; all outbound traffic is allowed (as EC2 does); no
    /// inbound traffic.
    pub fn builder(vpc: &Vpc) -> SecurityGroupBuilder {
        SecurityGroupBuilder { vpc_id: vpc.vpc_id(), description: None, allow_all_outbound: true }
    }

    /// A security group that already exists, by a literal id (`sg-...`) or a
    /// parameter of type `AWS::EC2::SecurityGroup::Id`. The id gives it a
    /// construct path, under which rules added to it are created.
    pub fn import(stack: &mut Stack, id: &str, group_id: impl Into<Value>) -> Result<SecurityGroup, Error> {
        let root = stack.root();
        SecurityGroup::import_in(stack, &root, id, group_id)
    }

    /// As [`SecurityGroup::import`], under `parent`.
    pub fn import_in(
        stack: &mut Stack,
        parent: &Scope,
        id: &str,
        group_id: impl Into<Value>,
    ) -> Result<SecurityGroup, Error> {
        let scope = stack.scope(parent, id)?;
        Ok(SecurityGroup { scope, group_id: group_id.into(), vpc_id: None, handle: None })
    }

    /// The group id (`Fn::GetAtt GroupId` for a created group).
    pub fn group_id(&self) -> Value {
        self.group_id.clone()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The VPC of a group created here; unknown for an imported one.
    pub fn vpc_id(&self) -> Option<&Value> {
        self.vpc_id.as_ref()
    }

    /// The L1 resource, for a group created in this stack.
    pub fn handle(&self) -> Option<&Handle<ec2::SecurityGroup>> {
        self.handle.as_ref()
    }

    /// Allows traffic on `port` into this group from `peer`. The rule is its
    /// own `AWS::EC2::SecurityGroupIngress` resource, so that two groups can
    /// allow each other without a dependency cycle. Adding the same rule twice
    /// adds it once.
    pub fn add_ingress_rule(&self, stack: &mut Stack, peer: Peer, port: Port, description: &str) -> Result<(), Error> {
        let body = self.rule_body(&peer, port, description, true)?;
        let rule = ec2::SecurityGroupIngress {
            group_id: Some(self.group_id().into()),
            from_port: body.from_port,
            to_port: body.to_port,
            cidr_ip: body.cidr_ip,
            cidr_ipv6: body.cidr_ipv6,
            source_security_group_id: body.group_id,
            source_prefix_list_id: body.prefix_list_id,
            description: Some(body.description),
            ..ec2::SecurityGroupIngress::new(body.ip_protocol)
        };
        let id = format!("IngressFrom{}{}", peer.id_label(), port.id_label());
        add_rule_once(stack, &self.scope, &id, rule)
    }

    /// Allows traffic on `port` out of this group to `peer`, as its own
    /// `AWS::EC2::SecurityGroupEgress` resource.
    pub fn add_egress_rule(&self, stack: &mut Stack, peer: Peer, port: Port, description: &str) -> Result<(), Error> {
        let body = self.rule_body(&peer, port, description, false)?;
        let rule = ec2::SecurityGroupEgress {
            from_port: body.from_port,
            to_port: body.to_port,
            cidr_ip: body.cidr_ip,
            cidr_ipv6: body.cidr_ipv6,
            destination_security_group_id: body.group_id,
            destination_prefix_list_id: body.prefix_list_id,
            description: Some(body.description),
            ..ec2::SecurityGroupEgress::new(self.group_id(), body.ip_protocol)
        };
        let id = format!("EgressTo{}{}", peer.id_label(), port.id_label());
        add_rule_once(stack, &self.scope, &id, rule)
    }

    /// What an ingress and an egress rule share, checked and typed once: the
    /// two differ only in the names CloudFormation gives the peer's fields.
    fn rule_body(&self, peer: &Peer, port: Port, description: &str, ingress: bool) -> Result<RuleBody, Error> {
        check_description(self.path(), "rule description", description)?;
        let (ip_protocol, from_port, to_port) = port.rule_fields(self.path())?;
        let target = RuleTarget::of(self.path(), peer, ingress)?;
        Ok(RuleBody {
            ip_protocol: ip_protocol.into(),
            from_port: from_port.map(Into::into),
            to_port: to_port.map(Into::into),
            cidr_ip: target.cidr_ip.map(Into::into),
            cidr_ipv6: target.cidr_ipv6.map(Into::into),
            group_id: target.group_id.map(Into::into),
            prefix_list_id: target.prefix_list_id.map(Into::into),
            description: description.into(),
        })
    }

    /// The groups a construct was given, or, when none, a new group at
    /// `<scope>/SecurityGroup` that allows all outbound and no inbound traffic.
    pub(crate) fn given_or_new(
        stack: &mut Stack,
        vpc: &Vpc,
        scope: &Scope,
        given: &[SecurityGroup],
        description: String,
    ) -> Result<Vec<SecurityGroup>, Error> {
        if !given.is_empty() {
            return Ok(given.to_vec());
        }
        let group_scope = stack.scope(scope, "SecurityGroup")?;
        let description = ec2_text(&description, 255);
        Ok(vec![SecurityGroup::builder(vpc).description(description).build_in_scope(stack, group_scope)?])
    }

    /// Allows every group of `other` into this group on `port`, as the CDK's
    /// `connections.allowFrom`.
    pub fn allow_from(&self, stack: &mut Stack, other: &impl Connectable, port: Port) -> Result<(), Error> {
        let groups = other.security_groups();
        self.check_same_vpc(&groups)?;
        for group in groups {
            let description = ec2_text(&format!("from {} on {port}", group.path()), 255);
            self.add_ingress_rule(stack, Peer::SecurityGroup(group), port, &description)?;
        }
        Ok(())
    }

    /// Allows this group out to every group of `other` on `port`. Needed only
    /// when this group does not allow all outbound traffic.
    pub fn allow_to(&self, stack: &mut Stack, other: &impl Connectable, port: Port) -> Result<(), Error> {
        let groups = other.security_groups();
        self.check_same_vpc(&groups)?;
        for group in groups {
            let description = ec2_text(&format!("to {} on {port}", group.path()), 255);
            self.add_egress_rule(stack, Peer::SecurityGroup(group), port, &description)?;
        }
        Ok(())
    }
}

impl SecurityGroup {
    /// Refuses rules to groups of another VPC (where both VPCs are known),
    /// before any rule is added: EC2 rejects a group id from another VPC.
    fn check_same_vpc(&self, groups: &[SecurityGroup]) -> Result<(), Error> {
        let Some(own) = &self.vpc_id else { return Ok(()) };
        match groups.iter().find(|group| group.vpc_id.as_ref().is_some_and(|theirs| theirs != own)) {
            Some(stranger) => {
                Err(Error::new(self.path(), Ec2Error::ForeignVpc { other_path: stranger.path().to_owned() }))
            }
            None => Ok(()),
        }
    }
}

impl Connectable for SecurityGroup {
    fn security_groups(&self) -> Vec<SecurityGroup> {
        vec![self.clone()]
    }
}

impl SecurityGroupBuilder {
    /// The group's description (at most 255 characters; EC2 requires one).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Whether all outbound traffic is allowed (default `true`). With
    /// `false`, nothing leaves the group until an egress rule allows it.
    pub fn allow_all_outbound(mut self, allow: bool) -> Self {
        self.allow_all_outbound = allow;
        self
    }

    /// Creates the group at the stack root under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<SecurityGroup, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), but under `parent`: inside another
    /// construct (yours or ours), whose path prefixes every logical ID here.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<SecurityGroup, Error> {
        if let Some(description) = &self.description {
            check_description(&parent.child_path(id), "description", description)?;
        }
        let scope = stack.scope(parent, id)?;
        self.build_in_scope(stack, scope)
    }

    /// Creates the group in `scope`, which becomes the group's construct
    /// path. The description must already be checked (or generated).
    pub(crate) fn build_in_scope(self, stack: &mut Stack, scope: Scope) -> Result<SecurityGroup, Error> {
        let description =
            self.description.unwrap_or_else(|| ec2_text(&format!("{}/{}", stack.name(), scope.path()), 255));
        let vpc_id = self.vpc_id;
        let egress = if self.allow_all_outbound {
            ec2::security_group::Egress {
                cidr_ip: Some("0.0.0.0/0".into()),
                description: Some("Allow all outbound traffic by default".into()),
                ..ec2::security_group::Egress::new("-1")
            }
        } else {
            // Any inline egress rule replaces EC2's default allow-all rule; this
            // one matches no real traffic (ICMP type 252, code 86, to one
            // broadcast address), so nothing is allowed out until a rule says so.
            ec2::security_group::Egress {
                from_port: Some(252.into()),
                to_port: Some(86.into()),
                cidr_ip: Some("255.255.255.255/32".into()),
                description: Some("Disallow all traffic".into()),
                ..ec2::security_group::Egress::new("icmp")
            }
        };
        let resource = ec2::SecurityGroup {
            vpc_id: Some(vpc_id.clone().into()),
            security_group_egress: vec![egress].into(),
            tags: vec![Tag::new("Name", format!("{}/{}", stack.name(), scope.path()))].into(),
            ..ec2::SecurityGroup::new(description)
        };
        let handle = stack.add(&scope, "Resource", resource)?;
        Ok(SecurityGroup { scope, group_id: handle.group_id().into(), vpc_id: Some(vpc_id), handle: Some(handle) })
    }
}

/// The peer half of a rule, in the fields ingress and egress rules share.
struct RuleTarget {
    cidr_ip: Option<Value>,
    cidr_ipv6: Option<Value>,
    group_id: Option<Value>,
    prefix_list_id: Option<Value>,
}

impl RuleTarget {
    fn of(path: &str, peer: &Peer, ingress: bool) -> Result<RuleTarget, Error> {
        let mut target = RuleTarget { cidr_ip: None, cidr_ipv6: None, group_id: None, prefix_list_id: None };
        match peer {
            Peer::Ipv4(cidr) => target.cidr_ip = Some(checked_range(path, cidr, false, ingress)?),
            Peer::Ipv6(cidr) => target.cidr_ipv6 = Some(checked_range(path, cidr, true, ingress)?),
            Peer::AnywhereIpv4 => target.cidr_ip = Some("0.0.0.0/0".into()),
            Peer::AnywhereIpv6 => target.cidr_ipv6 = Some("::/0".into()),
            Peer::SecurityGroup(group) => target.group_id = Some(group.group_id()),
            Peer::PrefixList(id) => target.prefix_list_id = Some(id.clone()),
        }
        Ok(target)
    }
}

/// Checks a peer's range, and refuses a /0 for ingress unless it came from
/// [`Peer::anywhere_ipv4`] / [`Peer::anywhere_ipv6`].
fn checked_range(path: &str, cidr: &str, ipv6: bool, ingress: bool) -> Result<Value, Error> {
    let parsed = cidr.parse::<ipnet::IpNet>().ok().filter(|net| net.addr().is_ipv6() == ipv6);
    let Some(net) = parsed else {
        let family = if ipv6 { "an IPv6 block such as 2001:db8::/32" } else { "an IPv4 block such as 10.0.0.0/16" };
        return Err(Error::new(path, Ec2Error::InvalidCidr { cidr: cidr.to_owned(), expected: family }));
    };
    if ingress && net.prefix_len() == 0 {
        return Err(Error::new(path, Ec2Error::OpenIngress { cidr: cidr.to_owned() }));
    }
    Ok(Value::String(cidr.to_owned()))
}

/// Checks a description the user gave: EC2 takes 1 to 255 characters of
/// letters, digits and `. _-:/()#,@[]+=&;{}!$*`.
fn check_description(path: &str, field: &'static str, description: &str) -> Result<(), Error> {
    let length = i64::try_from(description.chars().count()).unwrap_or(i64::MAX);
    check_range(path, field, length, 1, 255)?;
    if !is_ec2_text(description) {
        return Err(Error::new(path, Ec2Error::InvalidDescription { field, description: description.to_owned() }));
    }
    Ok(())
}

/// The fields of a rule, whichever its direction.
struct RuleBody {
    ip_protocol: Str,
    from_port: Option<Int>,
    to_port: Option<Int>,
    cidr_ip: Option<Str>,
    cidr_ipv6: Option<Str>,
    group_id: Option<Str>,
    prefix_list_id: Option<Str>,
    description: Str,
}

fn add_rule_once<T: cfnkit_core::Resource>(stack: &mut Stack, scope: &Scope, id: &str, rule: T) -> Result<(), Error> {
    match stack.add(scope, id, rule) {
        Ok(_) => Ok(()),
        Err(error) if error.kind == cfnkit_core::ErrorKind::DuplicateId => Ok(()),
        Err(other) => Err(other.into()),
    }
}
