//! Paths through the network: each check a packet meets on its way (and
//! its reply on the way back) is a layer that allows a set of traffic,
//! certainly and possibly; a path allows what every layer allows.
//!
//! The AWS rules each layer follows are cited where they are applied.
use crate::model::{
    AclEntry, Association, Destination, GroupRule, Interface, InterfaceKind, Network, Peer, Reference, Route,
    RouteTarget, Service, SubnetInfo,
};
use crate::sets::{format_range, prefix_len, Bits, Ranges, Traffic};

/// Ports a client's replies come back to. "The range varies depending on
/// the client's operating system ... NAT gateways use ports 1024-65535 ...
/// AWS Lambda functions use ports 1024-65535"; a rule for every client
/// allows 1024-65535
/// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
pub(crate) fn ephemeral_ports() -> Ranges {
    Ranges::range(1024, 65535)
}

/// Why a route to a VPC peering connection takes nothing to or from the
/// internet: "Edge to edge routing through a gateway or private connection
/// ... If VPC A has an internet gateway, resources in VPC B can't use the
/// internet gateway in VPC A to access the internet", nor its NAT device
/// (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html).
const NO_EDGE_TO_EDGE: &str = "which carries nothing to or from the internet: a peered VPC's internet gateway or NAT \
                               device cannot be used through it \
                               (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html)";

/// One check on a path, with the traffic it lets through.
#[derive(Clone, Debug)]
pub struct Layer {
    /// The construct path of what decides it.
    pub component: String,
    /// What it is, in words ("security group egress", "route").
    pub what: String,
    /// Traffic it certainly allows.
    pub certain: Traffic,
    /// Traffic it may allow (a superset of `certain`).
    pub possible: Traffic,
    /// Why it stops traffic, when it does; what would decide it, when
    /// that is not known at synth.
    pub reason: String,
    /// How to open it.
    pub fix: String,
}

/// A path from one endpoint to another, or to or from the internet.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The components the traffic passes, in order, by construct path.
    pub hops: Vec<String>,
    /// Every check on the way, including the replies' way back.
    pub layers: Vec<Layer>,
    /// The NAT gateway the traffic leaves through, and its AZ.
    pub nat: Option<(String, Option<String>)>,
    /// The internet gateway the traffic leaves (or enters) through directly.
    pub gateway: Option<String>,
    /// Whether the way out crosses from one AZ to another.
    pub crosses_zones: bool,
    /// Whether the hops and the layers' texts are written: a question that
    /// only needs the traffic (a report row, an intent that holds) skips
    /// the strings, which are most of the cost.
    explain: bool,
}

impl Outcome {
    /// The traffic every layer certainly allows.
    pub fn certain(&self) -> Traffic {
        self.layers.iter().fold(Traffic::all(), |set, layer| set.intersect(&layer.certain))
    }

    /// The traffic every layer may allow.
    pub fn possible(&self) -> Traffic {
        self.layers.iter().fold(Traffic::all(), |set, layer| set.intersect(&layer.possible))
    }

    /// The layers that stop some of `wanted` for certain.
    pub fn blockers(&self, wanted: &Traffic) -> Vec<&Layer> {
        self.layers.iter().filter(|l| !l.possible.covers(wanted)).collect()
    }

    /// The layers that may stop some of `wanted`, not known at synth.
    pub fn unknowns(&self, wanted: &Traffic) -> Vec<&Layer> {
        self.layers.iter().filter(|l| l.possible.covers(wanted) && !l.certain.covers(wanted)).collect()
    }

    fn layer(
        &mut self,
        component: impl FnOnce() -> String,
        what: &str,
        allowed: (Traffic, Traffic),
        reason: impl FnOnce() -> String,
        fix: &str,
    ) {
        self.layer_with(component, || what.to_owned(), allowed, reason, fix);
    }

    /// [`Outcome::layer`] with `what` written only when explaining.
    fn layer_with(
        &mut self,
        component: impl FnOnce() -> String,
        what: impl FnOnce() -> String,
        allowed: (Traffic, Traffic),
        reason: impl FnOnce() -> String,
        fix: &str,
    ) {
        let (component, what, reason, fix) = if self.explain {
            (component(), what(), reason(), fix.to_owned())
        } else {
            (String::new(), String::new(), String::new(), String::new())
        };
        self.layers.push(Layer { component, what, certain: allowed.0, possible: allowed.1, reason, fix });
    }

    fn hop(&mut self, hop: impl FnOnce() -> String) {
        if self.explain {
            self.hops.push(hop());
        }
    }

    /// A check the traffic passes: listed among what lets it through.
    fn pass(&mut self, component: impl FnOnce() -> String, what: &str) {
        self.layer(component, what, (Traffic::all(), Traffic::all()), String::new, "");
    }

    fn block(&mut self, component: impl FnOnce() -> String, what: &str, reason: impl FnOnce() -> String, fix: &str) {
        self.layer(component, what, (Traffic::none(), Traffic::none()), reason, fix);
    }

    fn unknown(&mut self, component: impl FnOnce() -> String, what: &str, reason: impl FnOnce() -> String) {
        self.layer(component, what, (Traffic::none(), Traffic::all()), reason, "");
    }
}

/// Who a security group rule is asked about.
#[derive(Clone, Copy)]
enum Other<'a, 't> {
    /// Addresses (the internet's, or a subnet's).
    Addresses((u32, u32)),
    /// Another interface: its groups and its subnet's addresses.
    Interface(&'a Interface<'t>),
}

/// What decides a crossing of a subnet's boundary.
enum AclDecider<'t> {
    /// A network ACL of the template.
    Acl(&'t str),
    /// The default network ACL of a VPC of the template, with entries the
    /// template adds to it.
    DefaultAcl(&'t str),
    /// One not known at synth: the subnet, and what would decide it.
    Unknown(&'t str, String),
}

/// What one crossing lets through.
struct AclCrossing<'t> {
    decider: AclDecider<'t>,
    certain: Traffic,
    possible: Traffic,
    /// The deny entries that surely stop something, by logical ID.
    denies: Vec<&'t str>,
    /// Whether the subnet's association with the ACL is conditional.
    conditional: bool,
}

/// What a route lookup found.
enum Lookup<'a, 't> {
    Local,
    Route(&'a Route<'t>),
    NoRoute,
    Unknown(String),
}

/// The paths of one network.
pub struct Analysis<'n, 't> {
    pub(crate) network: &'n Network<'t>,
    /// An internet address that no route, rule or entry of the template
    /// names: "the internet" for every question about it.
    pub(crate) internet: u32,
    /// Whether outcomes carry their texts (see [`Outcome`]).
    explain: bool,
}

impl<'n, 't> Analysis<'n, 't> {
    /// The analysis of `network`.
    pub fn new(network: &'n Network<'t>) -> Analysis<'n, 't> {
        Analysis { network, internet: representative_internet_address(network), explain: true }
    }

    /// The same analysis, its outcomes with or without their texts.
    pub(crate) fn explaining(&self, explain: bool) -> Analysis<'n, 't> {
        Analysis { network: self.network, internet: self.internet, explain }
    }

    fn outcome(&self, first_hop: impl FnOnce() -> String) -> Outcome {
        let mut outcome = Outcome { explain: self.explain, ..Outcome::default() };
        outcome.hop(first_hop);
        outcome
    }

    pub(crate) fn interfaces(&self) -> &'n [Interface<'t>] {
        &self.network.interfaces
    }

    fn owned_by<'a>(&'a self, owner: &'a str) -> impl Iterator<Item = &'n Interface<'t>> + 'a {
        self.network.interfaces.iter().filter(move |i| i.owner == owner)
    }

    /// The paths to the internet from each interface of the resource with
    /// logical ID `owner` (a function has one per subnet it may use).
    pub fn internet_egress(&self, owner: &str) -> Vec<Outcome> {
        self.owned_by(owner).map(|i| self.to_internet(i)).collect()
    }

    /// The paths from the internet to each interface of `owner`.
    pub fn internet_ingress(&self, owner: &str) -> Vec<Outcome> {
        self.owned_by(owner).map(|i| self.inbound_from_internet(i)).collect()
    }

    /// The paths from each interface of `from` to each interface of `to`.
    pub fn flows(&self, from: &str, to: &str) -> Vec<Outcome> {
        let targets: Vec<_> = self.owned_by(to).collect();
        self.owned_by(from).flat_map(|source| targets.iter().map(move |target| self.between(source, target))).collect()
    }

    /// The paths from each interface of `owner` to `service`.
    pub fn service_paths(&self, owner: &str, service: &Service) -> Vec<Outcome> {
        self.owned_by(owner).map(|i| self.to_service(i, service)).collect()
    }

    fn path(&self, id: &str) -> String {
        self.network.path(id)
    }

    /// The interface in words: its owner's path, its subnet and AZ.
    pub(crate) fn label(&self, interface: &Interface<'t>) -> String {
        match interface.subnet {
            Ok(subnet) => {
                let zone = self.zone(subnet).map(|z| format!(", {z}")).unwrap_or_default();
                format!("{} in {}{zone}", self.path(interface.owner), self.path(subnet))
            }
            Err(_) => format!("{} in a subnet not known at synth", self.path(interface.owner)),
        }
    }

    pub(crate) fn zone(&self, subnet: &str) -> Option<String> {
        self.network.subnets.get(subnet).and_then(|s| s.zone.clone())
    }

    fn subnet_cidr(&self, subnet: &str) -> Option<(u32, u32)> {
        self.network.subnets.get(subnet).and_then(|s| s.cidr)
    }

    /// The traffic `groups` allow to (or, for ingress, from) `other`:
    /// certainly, and possibly. "Security groups are stateful": the reply
    /// needs no rule
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html).
    fn groups_allow(&self, groups: &[Reference<'t>], egress: bool, other: Other<'_, 't>) -> (Traffic, Traffic) {
        let mut certain = Traffic::none();
        let mut possible = Traffic::none();
        for group in groups {
            let Ok(group) = group else {
                // A group this template does not declare has rules synth
                // cannot see.
                possible = Traffic::all();
                continue;
            };
            let Some(info) = self.network.groups.get(group) else { continue };
            let rules = if egress { &info.egress } else { &info.ingress };
            for rule in rules {
                let (sure, maybe) = self.rule_matches(rule, other);
                let traffic = rule.traffic.clone();
                if maybe {
                    possible = possible.union(traffic.as_ref().unwrap_or(&Traffic::all()));
                }
                if sure && !rule.conditional {
                    if let Some(traffic) = &traffic {
                        certain = certain.union(traffic);
                    }
                }
            }
        }
        (certain, possible)
    }

    /// Whether a rule's peer certainly, and possibly, matches `other`. "When
    /// you specify a security group as the source or destination for a
    /// rule, the rule affects all instances that are associated with the
    /// security group ... [it] allows traffic to flow based on the private
    /// IP addresses of the instances"
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
    fn rule_matches(&self, rule: &GroupRule<'t>, other: Other<'_, 't>) -> (bool, bool) {
        let addresses = match other {
            Other::Addresses(range) => Some(range),
            Other::Interface(interface) => interface.subnet.as_ref().ok().and_then(|s| self.subnet_cidr(s)),
        };
        match (&rule.peer, other) {
            (Peer::Cidr(cidr), _) => match addresses {
                Some(range) => (covers(*cidr, range), overlaps(*cidr, range)),
                None => (false, true),
            },
            (Peer::Ipv6, _) => (false, false),
            (Peer::Group(Ok(group)), Other::Interface(interface)) => {
                let member = interface.groups.iter().any(|g| g.as_ref().ok() == Some(group));
                let unknown_member = interface.groups.iter().any(Result::is_err);
                (member, member || unknown_member)
            }
            // Two groups the template does not declare are the same for
            // certain only when written alike as a literal, a `Ref` or an
            // import; two `Fn::If`s, say, may or may not be.
            (Peer::Group(Err(peer)), Other::Interface(interface)) => {
                let same = interface.groups.iter().any(|g| g.as_ref().err().is_some_and(|g| g.certainly_same(peer)));
                (same, same || interface.groups.iter().any(Result::is_err))
            }
            // A group as peer matches its members' private addresses only.
            (Peer::Group(_), Other::Addresses(_)) => (false, false),
            (Peer::PrefixList(_) | Peer::Unknown(_), _) => (false, true),
        }
    }

    /// What the network ACL of `subnet` lets cross it, in one direction,
    /// to or from `other`; `None` when nothing stops it (the default
    /// network ACL of a VPC of the template, which "allows all inbound and
    /// outbound IPv4 traffic",
    /// https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html).
    fn acl_crossing(&self, subnet: &'t str, egress: bool, other: (u32, u32)) -> Option<AclCrossing<'t>> {
        let info = self.network.subnets.get(subnet)?;
        let unknown = |what: String| AclCrossing {
            decider: AclDecider::Unknown(subnet, what),
            certain: Traffic::none(),
            possible: Traffic::all(),
            denies: Vec::new(),
            conditional: false,
        };
        match &info.acl {
            Association::Default => self.default_acl(info, egress, other).unwrap_or_else(|what| Some(unknown(what))),
            Association::Template { id, conditional } => {
                let entries = self.network.acls.get(id).map(|acl| acl.entries.as_slice()).unwrap_or(&[]);
                let ((mut certain, mut possible), denies) = acl_allows(entries, egress, other);
                if *conditional {
                    // The subnet uses this ACL, or its VPC's default one
                    // when the association does not exist.
                    let (default_certain, default_possible) = match self.default_acl(info, egress, other) {
                        Ok(None) => (Traffic::all(), Traffic::all()),
                        Ok(Some(crossing)) => (crossing.certain, crossing.possible),
                        Err(_) => (Traffic::none(), Traffic::all()),
                    };
                    certain = certain.intersect(&default_certain);
                    possible = possible.union(&default_possible);
                }
                Some(AclCrossing { decider: AclDecider::Acl(id), certain, possible, denies, conditional: *conditional })
            }
            Association::Unknown(what) => Some(unknown(format!("the subnet's network ACL is {what}"))),
        }
    }

    /// What the default network ACL of the subnet's VPC lets through:
    /// `Ok(None)` all of it, as the ACL of a VPC of the template does
    /// unless the template adds entries to it; `Err` when its VPC's is not
    /// known at synth, with why.
    fn default_acl(
        &self,
        info: &SubnetInfo<'t>,
        egress: bool,
        other: (u32, u32),
    ) -> Result<Option<AclCrossing<'t>>, String> {
        let vpc = match &info.vpc {
            Ok(vpc) => *vpc,
            Err(what) => {
                return Err(format!(
                    "the subnet keeps the default network ACL of its VPC, {what}, whose entries are not in the template"
                ))
            }
        };
        let Some(vpc_info) = self.network.vpcs.get(vpc) else { return Ok(None) };
        if vpc_info.default_acl.is_empty() {
            return Ok(None);
        }
        // Its rule 100 allows everything each way, after the template's
        // entries numbered below it.
        let everything = |egress| AclEntry {
            id: vpc,
            number: Some(100),
            egress: Some(egress),
            allow: Some(true),
            traffic: Some(Traffic::all()),
            cidr: Some((0, u32::MAX)),
            conditional: false,
        };
        let mut entries: Vec<AclEntry<'t>> = vec![everything(false), everything(true)];
        entries.extend(vpc_info.default_acl.iter().cloned());
        entries.sort_by_key(|entry| entry.number.unwrap_or(u32::MAX));
        let ((certain, possible), denies) = acl_allows(&entries, egress, other);
        Ok(Some(AclCrossing { decider: AclDecider::DefaultAcl(vpc), certain, possible, denies, conditional: false }))
    }

    /// Adds the ACL layer of one crossing of `subnet`'s boundary.
    fn cross(
        &self,
        outcome: &mut Outcome,
        subnet: &'t str,
        egress: bool,
        other: (u32, u32),
        other_label: &str,
        reply: bool,
    ) {
        let Some(AclCrossing { decider, certain, possible, denies, conditional }) =
            self.acl_crossing(subnet, egress, other)
        else {
            return;
        };
        let allowed = if reply {
            (forward_of_replies(&certain, true), forward_of_replies(&possible, false))
        } else {
            (certain, possible)
        };
        let direction = if egress { "outbound" } else { "inbound" };
        let fix = if reply {
            "add an entry allowing the ephemeral ports 1024-65535 for the replies \
             (NetworkAcl::builder(..).allow(n, Direction::Inbound, \"0.0.0.0/0\", Port::tcp_range(1024, 65535)))"
        } else {
            "add an allow entry with a lower rule number than the deny that matches"
        };
        outcome.layer_with(
            || match &decider {
                AclDecider::Acl(acl) => self.path(acl),
                AclDecider::DefaultAcl(vpc) => format!("{} (default network ACL)", self.path(vpc)),
                AclDecider::Unknown(subnet, _) => format!("{} (network ACL)", self.path(subnet)),
            },
            || {
                if reply {
                    format!("network ACL {direction} (replies from ports 1024-65535, {other_label})")
                } else {
                    format!("network ACL {direction} ({other_label})")
                }
            },
            allowed,
            || {
                if let AclDecider::Unknown(_, what) = &decider {
                    return what.clone();
                }
                let mut reason = if reply {
                    format!(
                        "network ACLs are stateless: the replies need an {direction} rule allowing {} ports 1024-65535, ahead of any deny",
                        if egress { "to" } else { "from" }
                    )
                } else {
                    format!(
                        "no {direction} entry allows it before a deny (a custom network ACL denies what no entry allows)"
                    )
                };
                if !denies.is_empty() {
                    let names: Vec<String> = denies.iter().map(|d| self.path(d)).collect();
                    reason += &format!(" (denied by {})", names.join(", "));
                }
                if conditional {
                    reason += "; the subnet's association with it is conditional, so it may keep its VPC's default \
                               network ACL instead";
                }
                reason
            },
            fix,
        );
    }

    /// The route `subnet` takes to `addresses`: the most specific route
    /// whose destination holds them. "We use the most specific route in
    /// your route table that matches the traffic to determine how to route
    /// the traffic (longest prefix match)"; the local route covers the VPC
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
    /// A subnet with no association uses the main route table, which for a
    /// VPC this template creates holds only the local route.
    fn route(&self, subnet: &str, addresses: (u32, u32)) -> Lookup<'n, 't> {
        let Some(info) = self.network.subnets.get(subnet) else { return Lookup::Unknown("an unknown subnet".into()) };
        let local = match &info.vpc {
            Ok(vpc) => self.network.vpcs.get(vpc).map(|v| v.cidrs.clone()).unwrap_or_default(),
            Err(what) => return Lookup::Unknown(format!("the subnet's VPC is {what}")),
        };
        match &info.route_table {
            Association::Default => self.lookup(&local, None, addresses),
            Association::Template { id, conditional: false } => self.lookup(&local, Some(id), addresses),
            Association::Template { id, conditional: true } => {
                // The subnet uses the table, or the main one when the
                // association does not exist: known when both agree.
                match (self.lookup(&local, Some(id), addresses), self.lookup(&local, None, addresses)) {
                    (Lookup::Local, Lookup::Local) => Lookup::Local,
                    (Lookup::NoRoute, Lookup::NoRoute) => Lookup::NoRoute,
                    _ => Lookup::Unknown(format!(
                        "the subnet's association with route table {} is conditional, so it may keep the VPC's main \
                         route table instead",
                        self.path(id)
                    )),
                }
            }
            Association::Unknown(what) => Lookup::Unknown(format!("the subnet's route table is {what}")),
        }
    }

    /// The route to `addresses` in `table` (`None`: the main route table
    /// of a VPC this template creates), `local` the VPC's CIDR blocks.
    fn lookup(&self, local: &[(u32, u32)], table: Option<&str>, addresses: (u32, u32)) -> Lookup<'n, 't> {
        let mut best: Option<(u32, Lookup<'n, 't>)> =
            local.iter().filter(|c| covers(**c, addresses)).map(|c| (prefix_len(*c), Lookup::Local)).next();
        let Some(table) = table.and_then(|t| self.network.route_tables.get(t)) else {
            return best.map_or(Lookup::NoRoute, |(_, l)| l);
        };
        for route in &table.routes {
            match &route.destination {
                Destination::Cidr(cidr) if covers(*cidr, addresses) => {
                    let len = prefix_len(*cidr);
                    if best.as_ref().map_or(true, |(b, _)| len > *b) {
                        best = Some((len, Lookup::Route(route)));
                    }
                }
                Destination::Unknown(what) => {
                    return Lookup::Unknown(format!("route {} goes to {what}", self.path(route.id)))
                }
                _ => {}
            }
        }
        match best {
            Some((_, Lookup::Route(route))) if route.conditional => {
                Lookup::Unknown(format!("route {} is conditional", self.path(route.id)))
            }
            Some((_, lookup)) => lookup,
            None => Lookup::NoRoute,
        }
    }

    fn route_table_path(&self, subnet: &str) -> String {
        match self.network.subnets.get(subnet).map(|s| &s.route_table) {
            Some(Association::Template { id, .. }) => self.path(id),
            Some(Association::Unknown(what)) => format!("{} (its route table, {what})", self.path(subnet)),
            Some(Association::Default) | None => format!("{} (the VPC's main route table)", self.path(subnet)),
        }
    }

    fn internet_range(&self) -> (u32, u32) {
        (self.internet, self.internet)
    }

    /// The path from `interface` to the internet.
    pub(crate) fn to_internet(&self, interface: &Interface<'t>) -> Outcome {
        let mut outcome = self.outcome(|| self.label(interface));
        let internet = self.internet_range();
        let subnet = match self.source_subnet(interface, &mut outcome) {
            Some(subnet) => subnet,
            None => return outcome,
        };
        let groups = self.groups_label(interface);
        outcome.layer(
            || groups.clone(),
            "security group egress",
            self.groups_allow(&interface.groups, true, Other::Addresses(internet)),
            || format!("no egress rule of {groups} allows it to the internet"),
            "add an egress rule to 0.0.0.0/0 for the port (SecurityGroup::add_egress_rule(Peer::anywhere_ipv4(), port, ..))");
        match self.route(subnet, internet) {
            Lookup::Local => {}
            Lookup::NoRoute => outcome.block(
                || self.route_table_path(subnet),
                "route",
                || "has no route to the internet (0.0.0.0/0)".to_owned(),
                "route 0.0.0.0/0 to a NAT gateway (a private subnet) or an internet gateway (a public subnet)",
            ),
            Lookup::Unknown(what) => outcome.unknown(|| self.route_table_path(subnet), "route", || what),
            Lookup::Route(route) => {
                outcome.hop(|| format!("{} ({})", self.route_table_path(subnet), destination_label(route)));
                outcome.pass(|| self.route_table_path(subnet), "route");
                match &route.target {
                    RouteTarget::InternetGateway(gateway) => {
                        self.through_internet_gateway(&mut outcome, interface, subnet, gateway.clone())
                    }
                    RouteTarget::NatGateway(Ok(nat)) => self.through_nat(&mut outcome, subnet, nat),
                    RouteTarget::NatGateway(Err(what)) => {
                        outcome.unknown(|| self.path(route.id), "route", || format!("the NAT gateway is {what}"))
                    }
                    RouteTarget::GatewayEndpoint(_) => {}
                    RouteTarget::Peering(what) => outcome.block(
                        || self.path(route.id),
                        "route",
                        || {
                            format!(
                                "sends the internet's traffic to a VPC peering connection ({what}), {NO_EDGE_TO_EDGE}"
                            )
                        },
                        "route 0.0.0.0/0 to a NAT gateway (a private subnet) or an internet gateway (a public subnet)",
                    ),
                    RouteTarget::Other(kind, what) => outcome.unknown(
                        || self.path(route.id),
                        "route",
                        || {
                            format!(
                            "sends the internet's traffic to a {kind} ({what}), which this analysis does not follow"
                        )
                        },
                    ),
                }
            }
        }
        outcome.hop(|| "the internet".to_owned());
        outcome
    }

    fn source_subnet(&self, interface: &Interface<'t>, outcome: &mut Outcome) -> Option<&'t str> {
        match &interface.subnet {
            Ok(subnet) => Some(subnet),
            Err(what) => {
                outcome.unknown(|| self.path(interface.owner), "subnet", || format!("its subnet is {what}"));
                None
            }
        }
    }

    fn groups_label(&self, interface: &Interface<'t>) -> String {
        if interface.groups.is_empty() {
            return format!("{} (no security group)", self.path(interface.owner));
        }
        interface
            .groups
            .iter()
            .map(|g| match g {
                Ok(id) => self.path(id),
                Err(what) => what.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds whether `gateway` is attached to the VPC of `subnet`.
    fn gateway_attached(&self, outcome: &mut Outcome, subnet: &str, gateway: &Reference<'t>) {
        let vpc = self.network.subnets.get(subnet).map(|s| &s.vpc);
        let gateway = match gateway {
            Ok(gateway) => *gateway,
            Err(what) => {
                outcome.unknown(|| self.path(subnet), "internet gateway", || format!("the gateway is {what}"));
                return;
            }
        };
        let attachments = self.network.internet_gateways.get(gateway).map(Vec::as_slice).unwrap_or(&[]);
        let to_this_vpc =
            |vpc_of_attachment: &Reference<'t>| matches!((vpc_of_attachment, vpc), (Ok(a), Some(Ok(v))) if a == v);
        if attachments.iter().any(|a| !a.conditional && to_this_vpc(&a.vpc)) {
            outcome.pass(|| self.path(gateway), "internet gateway");
        } else if let Some(attachment) = attachments.iter().find(|a| to_this_vpc(&a.vpc) || a.vpc.is_err()) {
            outcome.unknown(
                || self.path(gateway),
                "internet gateway",
                || match &attachment.vpc {
                    Err(what) => format!("attached to {what}"),
                    Ok(_) => "its attachment to the VPC is conditional".to_owned(),
                },
            );
        } else if let Some(Err(what)) = vpc {
            outcome.unknown(|| self.path(gateway), "internet gateway", || format!("the subnet's VPC is {what}"));
        } else {
            outcome.block(
                || self.path(gateway),
                "internet gateway",
                || "is not attached to the subnet's VPC".to_owned(),
                "attach it (AWS::EC2::VPCGatewayAttachment) to the VPC",
            );
        }
    }

    /// "To enable access to or from the internet for instances in a subnet
    /// ... ensure that instances in your subnet have a public IPv4 address
    /// or an Elastic IP address"
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html).
    fn through_internet_gateway(
        &self,
        outcome: &mut Outcome,
        interface: &Interface<'t>,
        subnet: &'t str,
        gateway: Reference<'t>,
    ) {
        if let Ok(id) = &gateway {
            outcome.hop(|| format!("internet gateway {}", self.path(id)));
            outcome.gateway = Some(self.path(id));
        }
        self.gateway_attached(outcome, subnet, &gateway);
        match (interface.kind, interface.public_ip) {
            (InterfaceKind::Lambda, _) => outcome.block(
                || self.path(interface.owner),
                "public IP",
                || "a Lambda function's network interfaces never have a public IPv4 address, so an internet gateway does \
                 not carry their traffic (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html)"
                    .to_owned(),
                "put the function in private subnets whose 0.0.0.0/0 route goes to a NAT gateway"),
            (_, Some(true)) => outcome.pass(|| self.path(interface.owner), "public IP"),
            (_, Some(false)) => outcome.block(
                || self.path(interface.owner),
                "public IP",
                || "has no public IPv4 address or Elastic IP, which an internet gateway needs".to_owned(),
                "give it a public IP (AssociatePublicIpAddress, or MapPublicIpOnLaunch on the subnet) or an Elastic IP, \
                 or route through a NAT gateway"),
            (_, None) => outcome.unknown(
                || self.path(interface.owner),
                "public IP",
                || "whether it gets a public IPv4 address is not known at synth".to_owned()),
        }
        let internet = self.internet_range();
        self.cross(outcome, subnet, true, internet, "the internet", false);
        self.cross(outcome, subnet, false, internet, "the internet", true);
    }

    /// "A public NAT gateway ... must be in a public subnet ... [with] an
    /// Elastic IP address"; it "cannot receive unsolicited inbound
    /// connections". Either kind may instead "route traffic from the NAT
    /// gateway through a transit gateway or a virtual private gateway",
    /// which this analysis does not follow; "if you route traffic from the
    /// private NAT gateway to the internet gateway, the internet gateway
    /// drops the traffic"
    /// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html).
    fn through_nat(&self, outcome: &mut Outcome, subnet: &'t str, nat: &'t str) {
        let Some(info) = self.network.nats.get(nat) else { return };
        let nat_path = || self.path(nat);
        outcome.hop(|| format!("NAT gateway {}", nat_path()));
        match (info.public, info.has_elastic_ip) {
            // A private one is decided by where its subnet routes, below.
            (Some(false), _) => {}
            (None, _) => outcome.unknown(nat_path, "NAT gateway", || {
                "whether it is public or private (ConnectivityType) is not known at synth".to_owned()
            }),
            (Some(true), Some(false)) => outcome.block(
                nat_path,
                "NAT gateway",
                || "has no Elastic IP (AllocationId), which a public NAT gateway needs".to_owned(),
                "allocate an Elastic IP and give its AllocationId to the NAT gateway",
            ),
            (Some(true), None) => outcome.unknown(nat_path, "NAT gateway", || {
                "whether it has an Elastic IP (AllocationId) is not known at synth".to_owned()
            }),
            (Some(true), Some(true)) => outcome.pass(nat_path, "NAT gateway"),
        }
        if info.conditional {
            outcome.unknown(nat_path, "NAT gateway", || "has a Condition, so it may not exist".to_owned());
        }
        let internet = self.internet_range();
        if info.mode_unknown {
            // Zonal and regional NAT gateways need different things (a
            // public subnet, an internet gateway in the VPC): neither can
            // be judged, only the way to the NAT gateway.
            outcome.unknown(nat_path, "NAT gateway", || {
                "whether it is zonal or regional (AvailabilityMode) is not known at synth".to_owned()
            });
            self.cross(outcome, subnet, true, internet, "the internet", false);
            self.cross(outcome, subnet, false, internet, "the internet", true);
            return;
        }
        if let Some(vpc) = &info.regional {
            let gateway = vpc.as_ref().map(|v| self.network.vpcs.get(v).and_then(|v| v.internet_gateway));
            match gateway {
                Ok(Some((gateway, conditional))) => {
                    outcome.hop(|| format!("internet gateway {}", self.path(gateway)));
                    if conditional {
                        outcome.unknown(
                            || self.path(gateway),
                            "internet gateway",
                            || "its attachment to the VPC is conditional".to_owned(),
                        );
                    }
                }
                Ok(None) => outcome.block(
                    nat_path,
                    "NAT gateway",
                    || "is a regional NAT gateway in a VPC with no internet gateway attached".to_owned(),
                    "attach an internet gateway to the VPC",
                ),
                Err(what) => outcome.unknown(nat_path, "NAT gateway", || format!("its VPC is {what}")),
            }
            self.cross(outcome, subnet, true, internet, "the internet", false);
            self.cross(outcome, subnet, false, internet, "the internet", true);
            return;
        }
        let nat_subnet = match &info.subnet {
            Ok(s) => *s,
            Err(what) => {
                outcome.unknown(nat_path, "NAT gateway", || format!("its subnet is {what}"));
                return;
            }
        };
        let nat_zone = self.zone(nat_subnet);
        let own_zone = self.zone(subnet);
        outcome.crosses_zones = nat_zone.is_some() && own_zone.is_some() && nat_zone != own_zone;
        outcome.nat = Some((self.path(nat), nat_zone));
        let private = info.public == Some(false);
        let public_subnet_fix = "place the NAT gateway in a public subnet (0.0.0.0/0 to an attached internet gateway)";
        match self.route(nat_subnet, internet) {
            Lookup::Route(route) => match &route.target {
                RouteTarget::InternetGateway(gateway) => {
                    if let Ok(id) = gateway {
                        outcome.hop(|| format!("internet gateway {}", self.path(id)));
                    }
                    if private {
                        outcome.block(
                            nat_path,
                            "NAT gateway",
                            || "is a private NAT gateway, whose traffic the internet gateway drops".to_owned(),
                            "use a public NAT gateway (ConnectivityType public) with an Elastic IP",
                        );
                    } else {
                        self.gateway_attached(outcome, nat_subnet, gateway);
                    }
                }
                RouteTarget::Peering(what) => outcome.block(
                    || self.route_table_path(nat_subnet),
                    "route",
                    || {
                        format!(
                            "the NAT gateway's subnet {} routes the internet to a VPC peering connection ({what}), \
                             {NO_EDGE_TO_EDGE}",
                            self.path(nat_subnet)
                        )
                    },
                    public_subnet_fix,
                ),
                RouteTarget::NatGateway(_) | RouteTarget::GatewayEndpoint(_) | RouteTarget::Other(..) => outcome
                    .unknown(
                        || self.route_table_path(nat_subnet),
                        "route",
                        || {
                            format!(
                                "the NAT gateway's subnet {} routes the internet to {}, which this analysis does not \
                                 follow",
                                self.path(nat_subnet),
                                self.target_label(&route.target)
                            )
                        },
                    ),
            },
            Lookup::Unknown(what) => outcome.unknown(|| self.route_table_path(nat_subnet), "route", || what),
            Lookup::Local | Lookup::NoRoute => outcome.block(
                || self.route_table_path(nat_subnet),
                "route",
                || {
                    format!(
                        "the NAT gateway's subnet {} has no route to an internet gateway: a NAT gateway reaches the \
                         internet only from a public subnet",
                        self.path(nat_subnet)
                    )
                },
                public_subnet_fix,
            ),
        }
        if nat_subnet != subnet {
            // The function's packets cross its subnet's boundary and the
            // NAT gateway's, still addressed to the internet; the replies
            // come back the same way, from the internet's address.
            let own = self.subnet_cidr(subnet).unwrap_or((0, u32::MAX));
            let own_label = format!("from {}", self.path(subnet));
            self.cross(outcome, subnet, true, internet, "the internet", false);
            self.cross(outcome, nat_subnet, false, own, &own_label, false);
            self.cross(outcome, nat_subnet, true, own, &own_label, true);
            self.cross(outcome, subnet, false, internet, "the internet", true);
        }
        self.cross(outcome, nat_subnet, true, internet, "the internet", false);
        self.cross(outcome, nat_subnet, false, internet, "the internet", true);
    }

    /// A route's target in words, for messages.
    fn target_label(&self, target: &RouteTarget<'t>) -> String {
        match target {
            RouteTarget::InternetGateway(Ok(id)) => format!("internet gateway {}", self.path(id)),
            RouteTarget::InternetGateway(Err(what)) => format!("an internet gateway ({what})"),
            RouteTarget::NatGateway(Ok(id)) => format!("NAT gateway {}", self.path(id)),
            RouteTarget::NatGateway(Err(what)) => format!("a NAT gateway ({what})"),
            RouteTarget::GatewayEndpoint(service) => format!("a gateway endpoint of {}", service.name()),
            RouteTarget::Peering(what) => format!("a VPC peering connection ({what})"),
            RouteTarget::Other(kind, what) => format!("a {kind} ({what})"),
        }
    }

    /// The path from the internet to `interface`, unsolicited.
    pub(crate) fn inbound_from_internet(&self, interface: &Interface<'t>) -> Outcome {
        let mut outcome = self.outcome(|| "the internet".to_owned());
        let owner = self.path(interface.owner);
        match interface.kind {
            InterfaceKind::Lambda => {
                outcome.block(
                    || owner,
                    "inbound",
                    || {
                        "a Lambda function's network interfaces have no public address and take no inbound connections"
                            .to_owned()
                    },
                    "",
                );
                return outcome;
            }
            InterfaceKind::NatGateway => {
                outcome.block(
                    || owner,
                    "inbound",
                    || "a NAT gateway takes no unsolicited inbound connections".to_owned(),
                    "",
                );
                return outcome;
            }
            InterfaceKind::VpcEndpoint => {
                outcome.block(
                    || owner,
                    "inbound",
                    || "an interface endpoint has only private addresses".to_owned(),
                    "",
                );
                return outcome;
            }
            InterfaceKind::Instance | InterfaceKind::Database => {}
        }
        let Some(subnet) = self.source_subnet(interface, &mut outcome) else { return outcome };
        match interface.public_ip {
            Some(true) => {}
            Some(false) => outcome.block(
                || owner.clone(),
                "public IP",
                || "has no public IPv4 address or Elastic IP".to_owned(),
                "",
            ),
            None => outcome.unknown(
                || owner.clone(),
                "public IP",
                || "whether it gets a public IPv4 address is not known".into(),
            ),
        }
        let internet = self.internet_range();
        // The replies leave by the subnet's route to the internet, which
        // must be the internet gateway the traffic came in through.
        match self.route(subnet, internet) {
            Lookup::Route(route) => match &route.target {
                RouteTarget::InternetGateway(gateway) => {
                    if let Ok(id) = gateway {
                        outcome.hop(|| format!("internet gateway {}", self.path(id)));
                    }
                    outcome.pass(|| self.route_table_path(subnet), "route");
                    self.gateway_attached(&mut outcome, subnet, gateway);
                }
                RouteTarget::NatGateway(_) => outcome.block(
                    || self.route_table_path(subnet),
                    "route",
                    || {
                        "routes the internet to a NAT gateway, so the replies would leave from the NAT gateway's \
                         address, not the one the connection came to"
                            .to_owned()
                    },
                    "",
                ),
                RouteTarget::Peering(what) => outcome.block(
                    || self.route_table_path(subnet),
                    "route",
                    || format!("routes the internet to a VPC peering connection ({what}), {NO_EDGE_TO_EDGE}"),
                    "",
                ),
                // An appliance behind such a target (a firewall endpoint,
                // an instance) may hand the replies to the internet
                // gateway.
                RouteTarget::GatewayEndpoint(_) | RouteTarget::Other(..) => outcome.unknown(
                    || self.route_table_path(subnet),
                    "route",
                    || {
                        format!(
                            "sends the replies to {}, which this analysis does not follow",
                            self.target_label(&route.target)
                        )
                    },
                ),
            },
            Lookup::Unknown(what) => outcome.unknown(|| self.route_table_path(subnet), "route", || what),
            Lookup::Local | Lookup::NoRoute => outcome.block(
                || self.route_table_path(subnet),
                "route",
                || "has no route to an internet gateway".to_owned(),
                "",
            ),
        }
        self.cross(&mut outcome, subnet, false, internet, "the internet", false);
        self.cross(&mut outcome, subnet, true, internet, "the internet", true);
        let groups = self.groups_label(interface);
        outcome.layer(
            || groups.clone(),
            "security group ingress",
            self.groups_allow(&interface.groups, false, Other::Addresses(internet)),
            || format!("no ingress rule of {groups} allows it from the internet"),
            "",
        );
        outcome.hop(|| self.label(interface));
        outcome
    }

    /// The path from one interface to another, within a VPC.
    pub(crate) fn between(&self, from: &Interface<'t>, to: &Interface<'t>) -> Outcome {
        let mut outcome = self.outcome(|| self.label(from));
        let from_groups = self.groups_label(from);
        let to_groups = self.groups_label(to);
        let (Some(from_subnet), Some(to_subnet)) =
            (self.source_subnet(from, &mut outcome), self.source_subnet(to, &mut outcome))
        else {
            return outcome;
        };
        if matches!(to.kind, InterfaceKind::Lambda | InterfaceKind::NatGateway) {
            outcome.block(
                || self.path(to.owner),
                "inbound",
                || format!("a {}'s network interface takes no inbound connections", to.kind.name()),
                "",
            );
        }
        outcome.layer(
            || from_groups.clone(),
            "security group egress",
            self.groups_allow(&from.groups, true, Other::Interface(to)),
            || format!("no egress rule of {from_groups} allows it to {}", self.path(to.owner)),
            "allow it out (SecurityGroup::allow_to, or allow_all_outbound)",
        );
        let same_vpc = match (self.network.subnets.get(from_subnet), self.network.subnets.get(to_subnet)) {
            (Some(a), Some(b)) => matches!((&a.vpc, &b.vpc), (Ok(a), Ok(b)) if a == b),
            _ => false,
        };
        if !same_vpc {
            outcome.unknown(
                || self.path(to_subnet),
                "route",
                || "is in another VPC; this analysis does not follow peering or transit gateways".to_owned(),
            );
        } else if let Some(to_cidr) = self.subnet_cidr(to_subnet) {
            match self.route(from_subnet, to_cidr) {
                Lookup::Local => {}
                Lookup::Route(route) => outcome.unknown(
                    || self.path(route.id),
                    "route",
                    || "is more specific than the local route, so the traffic goes elsewhere first".to_owned(),
                ),
                Lookup::Unknown(what) => outcome.unknown(|| self.route_table_path(from_subnet), "route", || what),
                Lookup::NoRoute => {}
            }
            if from_subnet != to_subnet {
                let from_cidr = self.subnet_cidr(from_subnet).unwrap_or((0, u32::MAX));
                let to_label = format!("to {}", self.path(to_subnet));
                let from_label = format!("from {}", self.path(from_subnet));
                self.cross(&mut outcome, from_subnet, true, to_cidr, &to_label, false);
                self.cross(&mut outcome, to_subnet, false, from_cidr, &from_label, false);
                self.cross(&mut outcome, to_subnet, true, from_cidr, &from_label, true);
                self.cross(&mut outcome, from_subnet, false, to_cidr, &to_label, true);
            }
        } else {
            outcome.unknown(|| self.path(to_subnet), "subnet", || "its CIDR block is not known at synth".to_owned());
        }
        outcome.layer(
            || to_groups.clone(),
            "security group ingress",
            self.groups_allow(&to.groups, false, Other::Interface(from)),
            || format!("no ingress rule of {to_groups} allows it from {}", self.path(from.owner)),
            "allow it in (SecurityGroup::allow_from(&source, port))",
        );
        outcome.hop(|| self.label(to));
        outcome
    }

    /// The path from `interface` to an AWS service: through a gateway
    /// endpoint when its subnet's route table has one ("a gateway endpoint
    /// ... [adds] a route ... with the prefix list for the service as the
    /// destination", https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html),
    /// else through the internet; either, when which is not known at synth.
    pub(crate) fn to_service(&self, interface: &Interface<'t>, service: &Service) -> Outcome {
        let Ok(subnet) = interface.subnet else { return self.over_the_internet(interface, service) };
        let Some(info) = self.network.subnets.get(subnet) else { return self.over_the_internet(interface, service) };
        let endpoint_in = |table: &str| {
            self.network
                .route_tables
                .get(table)?
                .routes
                .iter()
                .filter(|route| matches!(&route.target, RouteTarget::GatewayEndpoint(s) if s == service))
                .min_by_key(|route| route.conditional)
        };
        // The endpoint route, and whether the subnet surely takes it.
        let (endpoint, surely) = match &info.route_table {
            Association::Template { id, conditional } => match endpoint_in(id) {
                Some(route) => (Some(route.id), !route.conditional && !conditional),
                None => return self.over_the_internet(interface, service),
            },
            // The main route table of a VPC of the template has only the
            // local route; another's, or a table not known at synth, may
            // have an endpoint's.
            Association::Default if info.vpc.as_ref().is_ok_and(|v| self.network.vpcs.contains_key(v)) => {
                return self.over_the_internet(interface, service)
            }
            Association::Default | Association::Unknown(_) => (None, false),
        };
        let through = self.through_endpoint(interface, subnet, service, endpoint);
        if surely {
            return through;
        }
        // Through the endpoint or over the internet, as a value not known
        // at synth decides: each path's layers are kept for what they
        // tell, but may let everything through; one layer carries what
        // either path may.
        let over = self.over_the_internet(interface, service);
        let certain = through.certain().intersect(&over.certain());
        let possible = through.possible().union(&over.possible());
        let mut outcome = self.outcome(|| self.label(interface));
        outcome.hop(|| match endpoint {
            Some(id) => format!("gateway endpoint {}, or the internet", self.path(id)),
            None => "a gateway endpoint, or the internet".to_owned(),
        });
        outcome.hop(|| service.name().to_owned());
        for mut layer in through.layers.into_iter().chain(over.layers) {
            layer.possible = Traffic::all();
            outcome.layers.push(layer);
        }
        outcome.layer(
            || self.route_table_path(subnet),
            "route",
            (Traffic::all(), possible.union(&certain)),
            || {
                let endpoint = endpoint.map_or_else(|| "a gateway endpoint".to_owned(), |id| self.path(id));
                format!(
                    "whether the subnet's traffic to {} takes {endpoint} or goes over the internet is not known at \
                     synth (a conditional route or association, or a route table the template does not declare)",
                    service.name()
                )
            },
            "",
        );
        outcome
    }

    fn over_the_internet(&self, interface: &Interface<'t>, service: &Service) -> Outcome {
        let mut outcome = self.to_internet(interface);
        outcome.hops.pop();
        outcome.hop(|| format!("{} (over the internet)", service.name()));
        outcome
    }

    /// The path from `interface` in `subnet` to `service` through the
    /// gateway endpoint `endpoint` (`None`: one the template does not
    /// declare).
    fn through_endpoint(
        &self,
        interface: &Interface<'t>,
        subnet: &'t str,
        service: &Service,
        endpoint: Option<&'t str>,
    ) -> Outcome {
        let mut outcome = self.outcome(|| self.label(interface));
        outcome.hop(|| match endpoint {
            Some(id) => format!("gateway endpoint {}", self.path(id)),
            None => "a gateway endpoint".to_owned(),
        });
        let groups = self.groups_label(interface);
        // The service's addresses are public ones no rule names: a rule
        // to 0.0.0.0/0 covers them; the service's prefix list may.
        let everywhere = (0, u32::MAX);
        outcome.layer(
            || groups.clone(),
            "security group egress",
            self.groups_allow(&interface.groups, true, Other::Addresses(everywhere)),
            || format!("no egress rule of {groups} allows it to {}", service.name()),
            "allow egress to the service's prefix list (or 0.0.0.0/0) on 443",
        );
        self.cross(&mut outcome, subnet, true, everywhere, service.name(), false);
        self.cross(&mut outcome, subnet, false, everywhere, service.name(), true);
        outcome.hop(|| service.name().to_owned());
        outcome
    }
}

fn destination_label(route: &Route<'_>) -> String {
    match &route.destination {
        Destination::Cidr(range) => format_range(*range),
        Destination::Service(service) => format!("{}'s prefix list", service.name()),
        Destination::Ipv6 => "IPv6".to_owned(),
        Destination::Unknown(what) => what.clone(),
    }
}

/// What a network ACL's `entries` let cross, certainly and possibly, in
/// one direction to or from `other`, and the deny entries that surely stop
/// something. "We process the rules in order, starting with the lowest
/// numbered rule ... as soon as a rule matches traffic, it's applied"; a
/// custom network ACL "denies all inbound and outbound traffic until you
/// add rules"
/// (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
/// `entries` are in rule-number order, those whose number is not known
/// anywhere.
fn acl_allows<'t>(entries: &[AclEntry<'t>], egress: bool, other: (u32, u32)) -> ((Traffic, Traffic), Vec<&'t str>) {
    // An entry whose direction is not known may be of this one.
    let entries: Vec<&AclEntry<'t>> = entries.iter().filter(|e| e.egress.map_or(true, |e| e == egress)).collect();
    // The certain pass lets an entry not known at synth allow nothing and
    // deny everything it might; the possible pass the reverse.
    let mut denies: Vec<&'t str> = Vec::new();
    let mut evaluate = |certain_pass: bool| {
        // An action not known at synth is a deny in the certain pass, an
        // allow in the possible pass.
        let allows = |entry: &AclEntry<'_>| entry.allow.unwrap_or(!certain_pass);
        // An entry whose number is not known may come before or after any
        // other: the certain pass puts its denies first and its allows
        // last, the possible pass the reverse.
        let unnumbered = |allow: bool| entries.iter().filter(move |e| e.number.is_none() && allows(e) == allow);
        let numbered = entries.iter().filter(|e| e.number.is_some());
        let order: Vec<&&AclEntry<'t>> = if certain_pass {
            unnumbered(false).chain(numbered).chain(unnumbered(true)).collect()
        } else {
            unnumbered(true).chain(numbered).chain(unnumbered(false)).collect()
        };
        let mut remaining = Traffic::all();
        let mut allowed = Traffic::none();
        for entry in order {
            let allow = allows(entry);
            let surely_there = !entry.conditional && entry.egress.is_some();
            let matches_fully = entry.cidr.is_some_and(|c| covers(c, other)) && surely_there;
            let may_match = entry.cidr.map_or(true, |c| overlaps(c, other));
            let known_traffic = entry.traffic.clone();
            let traffic = known_traffic.clone().unwrap_or_else(Traffic::all);
            let counts = if allow == certain_pass {
                // An allow in the certain pass, a deny in the possible
                // pass: only when it surely applies, to the traffic it
                // surely names.
                if matches_fully && known_traffic.is_some() {
                    Some(traffic)
                } else {
                    None
                }
            } else if may_match {
                Some(traffic)
            } else {
                None
            };
            if let Some(traffic) = counts {
                let hit = remaining.intersect(&traffic);
                if allow {
                    allowed = allowed.union(&hit);
                } else if !certain_pass && !hit.is_empty() && entry.number.is_some() {
                    // A deny that surely stops something: named in the
                    // message, as it may be what to move.
                    denies.push(entry.id);
                }
                remaining = remaining.subtract(&hit);
            }
        }
        allowed
    };
    let allowed = (evaluate(true), evaluate(false));
    (allowed, denies)
}

/// The forward traffic whose replies `replies` lets through. The client's
/// port is one of the ephemeral ports 1024-65535, which one synth does not
/// know: the replies certainly pass when every ephemeral port is allowed,
/// and possibly when any is. ICMP likewise by type (the reply's type is
/// not told apart here); other protocols as they are.
fn forward_of_replies(replies: &Traffic, certain: bool) -> Traffic {
    let ephemeral = ephemeral_ports();
    let whole = |ranges: &Ranges| {
        let passes = if certain { ranges.covers(&ephemeral) } else { !ranges.intersect(&ephemeral).is_empty() };
        if passes {
            Ranges::range(0, 65535)
        } else {
            Ranges::empty()
        }
    };
    let icmp_passes = if certain { replies.icmp.covers(&Bits::ALL) } else { !replies.icmp.is_empty() };
    Traffic {
        tcp: whole(&replies.tcp),
        udp: whole(&replies.udp),
        icmp: if icmp_passes { Bits::ALL } else { Bits::default() },
        other: replies.other,
    }
}

fn covers(outer: (u32, u32), inner: (u32, u32)) -> bool {
    outer.0 <= inner.0 && inner.1 <= outer.1
}

fn overlaps(a: (u32, u32), b: (u32, u32)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// The first public address that no VPC, route, rule or entry of the
/// network names by a prefix longer than /0, outside the ranges RFC 6890
/// reserves: what "the internet" means in every question.
fn representative_internet_address(network: &Network<'_>) -> u32 {
    let mut taken = Ranges::empty();
    let mut take = |range: (u32, u32)| {
        if range != (0, u32::MAX) {
            taken = taken.union(&Ranges::range(range.0, range.1));
        }
    };
    for reserved in [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/3",
    ] {
        take(crate::sets::cidr_range(reserved).expect("a valid CIDR"));
    }
    for vpc in network.vpcs.values() {
        vpc.cidrs.iter().for_each(|c| take(*c));
        vpc.default_acl.iter().filter_map(|entry| entry.cidr).for_each(&mut take);
    }
    for table in network.route_tables.values() {
        for route in &table.routes {
            if let Destination::Cidr(c) = route.destination {
                take(c);
            }
        }
    }
    for group in network.groups.values() {
        for rule in group.ingress.iter().chain(&group.egress) {
            if let Peer::Cidr(c) = rule.peer {
                take(c);
            }
        }
    }
    for acl in network.acls.values() {
        for entry in &acl.entries {
            if let Some(c) = entry.cidr {
                take(c);
            }
        }
    }
    Ranges::range(0, u32::MAX).subtract(&taken).ranges().first().map_or(0x0808_0808, |r| r.0)
}
