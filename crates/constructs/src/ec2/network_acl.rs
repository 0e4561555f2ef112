//! `NetworkAcl`: a custom network ACL, its numbered entries and the subnets
//! it guards.
//!
//! Network ACLs are stateless: "responses to allowed inbound traffic are
//! subject to the rules for outbound traffic (and vice versa)", and a
//! custom ACL "denies all inbound and outbound traffic until you add rules"
//! (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
//! So an ACL that lets a function call out on 443 also needs an inbound
//! entry for the replies on the ephemeral ports 1024-65535; synth's
//! reachability analysis says so when one is missing.
use std::collections::HashSet;

use ipnet::{Ipv4Net, Ipv6Net};

use super::Ec2Error;
use crate::ec2::port::Port;
use crate::ec2::subnet::Subnet;
use crate::ec2::vpc::{SubnetSelection, Vpc};
use crate::error::Error;
use crate::l1::ec2;
use cfnkit_core::{Handle, Scope, Stack, Value};

/// Which way an entry's traffic goes, as seen from the subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Into the subnet (`Egress: false`); the CIDR is the source.
    Inbound,
    /// Out of the subnet (`Egress: true`); the CIDR is the destination.
    Outbound,
}

#[derive(Clone, Debug)]
struct Entry {
    number: u32,
    direction: Direction,
    allow: bool,
    cidr: String,
    port: Port,
}

/// A network ACL with its entries and subnet associations.
///
/// ```
/// use cfnkit_constructs::ec2::*;
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
/// NetworkAcl::builder(&vpc)
///     .subnets(SubnetSelection::Kind(SubnetKind::PrivateWithEgress))
///     .allow(100, Direction::Outbound, "0.0.0.0/0", Port::tcp(443))
///     .allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp_range(1024, 65535))
///     .build(&mut stack, "PrivateAcl")
///     .unwrap();
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkAcl {
    scope: Scope,
    handle: Handle<ec2::NetworkAcl>,
}

/// Builds a [`NetworkAcl`]; see [`NetworkAcl::builder`].
#[derive(Clone, Debug)]
pub struct NetworkAclBuilder {
    vpc: Vpc,
    entries: Vec<Entry>,
    subnets: Vec<Subnet>,
    selections: Vec<SubnetSelection>,
}

impl NetworkAcl {
    /// A custom network ACL in `vpc`: it denies everything no entry allows.
    pub fn builder(vpc: &Vpc) -> NetworkAclBuilder {
        NetworkAclBuilder { vpc: vpc.clone(), entries: Vec::new(), subnets: Vec::new(), selections: Vec::new() }
    }

    /// The ACL's id (`Ref`).
    pub fn network_acl_id(&self) -> Value {
        self.handle.reference()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 handle.
    pub fn handle(&self) -> &Handle<ec2::NetworkAcl> {
        &self.handle
    }
}

impl NetworkAclBuilder {
    /// Allows `port` traffic from (inbound) or to (outbound) `cidr`, at rule
    /// `number` (1..=32766; the lowest matching number decides).
    pub fn allow(mut self, number: u32, direction: Direction, cidr: impl Into<String>, port: Port) -> Self {
        self.entries.push(Entry { number, direction, allow: true, cidr: cidr.into(), port });
        self
    }

    /// Denies `port` traffic from or to `cidr` at rule `number`.
    pub fn deny(mut self, number: u32, direction: Direction, cidr: impl Into<String>, port: Port) -> Self {
        self.entries.push(Entry { number, direction, allow: false, cidr: cidr.into(), port });
        self
    }

    /// Associates the ACL with `subnet`, replacing the VPC's default ACL there.
    pub fn subnet(mut self, subnet: &Subnet) -> Self {
        self.subnets.push(subnet.clone());
        self
    }

    /// Associates the ACL with the VPC's subnets that `selection` picks.
    pub fn subnets(mut self, selection: SubnetSelection) -> Self {
        self.selections.push(selection);
        self
    }

    /// Creates the ACL, its entries and associations under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<NetworkAcl, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<NetworkAcl, Error> {
        let path = parent.child_path(id);
        let mut numbers = HashSet::new();
        let mut fields = Vec::new();
        for entry in &self.entries {
            // "Rule numbers ... from 1 to 32766"
            // (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
            if !(1..=32766).contains(&entry.number) {
                let kind =
                    Ec2Error::InvalidAclRuleNumber { number: entry.number, reason: "numbers run from 1 to 32766" };
                return Err(Error::new(&path, kind));
            }
            if !numbers.insert((entry.direction, entry.number)) {
                let kind = Ec2Error::InvalidAclRuleNumber {
                    number: entry.number,
                    reason: "already used in this direction; give each entry its own number",
                };
                return Err(Error::new(&path, kind));
            }
            let ipv6 = parse_cidr(&path, &entry.cidr)?;
            fields.push((entry, ipv6, entry.port.rule_fields(&path)?));
        }
        let mut subnets = Vec::new();
        if !self.subnets.is_empty() {
            subnets.extend(self.vpc.select_subnets_for(&path, &SubnetSelection::Subnets(self.subnets.clone()))?);
        }
        for selection in &self.selections {
            subnets.extend(self.vpc.select_subnets_for(&path, selection)?);
        }
        let mut seen = HashSet::new();
        for subnet in &subnets {
            if !seen.insert(subnet.path().to_owned()) {
                return Err(Error::new(&path, Ec2Error::SubnetAclTwice { subnet_path: subnet.path().to_owned() }));
            }
        }

        let scope = stack.scope(parent, id)?;
        let handle = stack.add(&scope, "Resource", ec2::NetworkAcl::new(self.vpc.vpc_id()))?;
        for (entry, ipv6, (protocol, from, to)) in fields {
            let protocol_number: i64 = match protocol {
                "tcp" => 6,
                "udp" => 17,
                "icmp" => 1,
                _ => -1,
            };
            let mut l1 = ec2::NetworkAclEntry::new(
                handle.reference(),
                protocol_number,
                if entry.allow { "allow" } else { "deny" },
                i64::from(entry.number),
            );
            l1.egress = Some((entry.direction == Direction::Outbound).into());
            if ipv6 {
                l1.ipv6_cidr_block = Some(entry.cidr.clone().into());
            } else {
                l1.cidr_block = Some(entry.cidr.clone().into());
            }
            match protocol {
                "tcp" | "udp" => {
                    l1.port_range = Some(ec2::network_acl_entry::PortRange {
                        from: from.map(|p| i64::from(p).into()),
                        to: to.map(|p| i64::from(p).into()),
                    });
                }
                "icmp" => {
                    l1.icmp = Some(ec2::network_acl_entry::Icmp {
                        type_: from.map(|t| i64::from(t).into()),
                        code: to.map(|c| i64::from(c).into()),
                    });
                }
                _ => {}
            }
            let direction = if entry.direction == Direction::Inbound { "Inbound" } else { "Outbound" };
            stack.add(&scope, &format!("{direction}{}", entry.number), l1)?;
        }
        for subnet in &subnets {
            let name: String = subnet.path().chars().filter(char::is_ascii_alphanumeric).collect();
            let association = ec2::SubnetNetworkAclAssociation::new(handle.reference(), subnet.subnet_id());
            stack.add(&scope, &format!("{name}Association"), association)?;
        }
        Ok(NetworkAcl { scope, handle })
    }
}

/// Whether `text` is an IPv6 block; an error unless it is a block of either
/// family with no host bits set.
fn parse_cidr(path: &str, text: &str) -> Result<bool, Error> {
    if let Ok(block) = text.parse::<Ipv4Net>() {
        if block.network() != block.addr() {
            let kind = Ec2Error::CidrHostBitsSet { cidr: text.to_owned(), network: block.trunc().to_string() };
            return Err(Error::new(path, kind));
        }
        return Ok(false);
    }
    if let Ok(block) = text.parse::<Ipv6Net>() {
        if block.network() != block.addr() {
            let kind = Ec2Error::CidrHostBitsSet { cidr: text.to_owned(), network: block.trunc().to_string() };
            return Err(Error::new(path, kind));
        }
        return Ok(true);
    }
    Err(Error::new(
        path,
        Ec2Error::InvalidCidr { cidr: text.to_owned(), expected: "an IPv4 or IPv6 block such as 10.0.0.0/16" },
    ))
}
