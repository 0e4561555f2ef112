//! Intents: what a stack says its network must allow or refuse, checked
//! against every path the analysis finds.
use crate::analysis::{Analysis, Layer, Outcome};
use crate::model::{Interface, Peer, Service};
use crate::sets::{format_range, Traffic};

/// One declared intent, its endpoints by logical ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// `from` reaches the internet with `traffic`, from every subnet it may use.
    ReachesInternet {
        /// The endpoint.
        from: String,
        /// What it must be able to send.
        traffic: Traffic,
    },
    /// `from` reaches `to` with `traffic`.
    Reaches {
        /// The client.
        from: String,
        /// The server.
        to: String,
        /// What it must be able to send.
        traffic: Traffic,
    },
    /// `from` reaches an AWS service (through a gateway endpoint or not).
    ReachesService {
        /// The endpoint.
        from: String,
        /// The service.
        service: Service,
        /// What it must be able to send.
        traffic: Traffic,
    },
    /// Nothing on the internet can open a connection to `target`.
    UnreachableFromInternet {
        /// The endpoint.
        target: String,
    },
    /// No endpoint but `from` (and nothing on the internet) can reach `to`
    /// with `traffic`: every rule of `to`'s security groups that admits
    /// that traffic names a group whose members are all `from`'s.
    OnlyReaches {
        /// The one client allowed.
        from: String,
        /// The server.
        to: String,
        /// The traffic.
        traffic: Traffic,
    },
    /// `target` cannot send anything to the internet.
    NoInternetEgress {
        /// The endpoint.
        target: String,
    },
}

/// An intent that does not hold, with everything that makes it fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The construct path the intent is about (its first endpoint).
    pub path: String,
    /// The intent, in words.
    pub intent: String,
    /// Each failing path, with every component that blocks it (or lets it
    /// through, for an intent that something must not happen) and the fix.
    pub details: Vec<String>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: intent \"{}\" does not hold", self.path, self.intent)?;
        for detail in &self.details {
            write!(f, "\n{detail}")?;
        }
        Ok(())
    }
}

impl Analysis<'_, '_> {
    /// The intent in words, endpoints by construct path.
    pub fn describe(&self, intent: &Intent) -> String {
        let path = |id: &str| self.network.path(id);
        match intent {
            Intent::ReachesInternet { from, traffic } => format!("{} reaches the internet on {traffic}", path(from)),
            Intent::Reaches { from, to, traffic } => format!("{} reaches {} on {traffic}", path(from), path(to)),
            Intent::ReachesService { from, service, traffic } => {
                format!("{} reaches {} on {traffic}", path(from), service.name())
            }
            Intent::UnreachableFromInternet { target } => format!("{} is unreachable from the internet", path(target)),
            Intent::OnlyReaches { from, to, traffic } => {
                format!("only {} reaches {} on {traffic}", path(from), path(to))
            }
            Intent::NoInternetEgress { target } => format!("{} has no internet egress", path(target)),
        }
    }

    fn interfaces_of(&self, owner: &str) -> Vec<&Interface<'_>> {
        self.interfaces().iter().filter(|i| i.owner == owner).collect()
    }

    /// Checks one intent; `None` when it holds. Only a failing intent pays
    /// for the texts of its paths.
    pub fn check(&self, intent: &Intent) -> Option<Violation> {
        self.explaining(false).check_with_texts(intent)?;
        self.explaining(true).check_with_texts(intent)
    }

    fn check_with_texts(&self, intent: &Intent) -> Option<Violation> {
        let mut details = Vec::new();
        let first = match intent {
            Intent::ReachesInternet { from, .. }
            | Intent::Reaches { from, .. }
            | Intent::ReachesService { from, .. }
            | Intent::OnlyReaches { from, .. } => from,
            Intent::UnreachableFromInternet { target } | Intent::NoInternetEgress { target } => target,
        };
        if self.interfaces_of(first).is_empty() {
            details.push(format!(
                "  {} has no network interface in a VPC this template declares, so nothing about its network is known",
                self.network.path(first)
            ));
        }
        match intent {
            Intent::ReachesInternet { from, traffic } => {
                for interface in self.interfaces_of(from) {
                    let outcome = self.to_internet(interface);
                    must_allow(&outcome, traffic, &mut details);
                }
            }
            Intent::Reaches { from, to, traffic } => {
                let targets = self.interfaces_of(to);
                if targets.is_empty() {
                    details
                        .push(format!("  {} has no network interface this template declares", self.network.path(to)));
                }
                for source in self.interfaces_of(from) {
                    for target in &targets {
                        must_allow(&self.between(source, target), traffic, &mut details);
                    }
                }
            }
            Intent::ReachesService { from, service, traffic } => {
                for interface in self.interfaces_of(from) {
                    must_allow(&self.to_service(interface, service), traffic, &mut details);
                }
            }
            Intent::UnreachableFromInternet { target } => {
                for interface in self.interfaces_of(target) {
                    must_refuse(&self.inbound_from_internet(interface), &Traffic::all(), &mut details);
                }
            }
            Intent::NoInternetEgress { target } => {
                for interface in self.interfaces_of(target) {
                    must_refuse(&self.to_internet(interface), &Traffic::all(), &mut details);
                }
            }
            Intent::OnlyReaches { from, to, traffic } => self.only(from, to, traffic, &mut details),
        }
        (!details.is_empty()).then(|| Violation {
            path: self.network.path(first),
            intent: self.describe(intent),
            details,
        })
    }

    /// Every rule of `to`'s groups that admits some of `traffic` must name
    /// a group all of whose members are `from`'s interfaces.
    fn only(&self, from: &str, to: &str, traffic: &Traffic, details: &mut Vec<String>) {
        let path = |id: &str| self.network.path(id);
        for interface in self.interfaces_of(to) {
            for group in &interface.groups {
                let group = match group {
                    Ok(group) => *group,
                    Err(what) => {
                        details.push(format!(
                            "  {} has security group {what}, whose rules synth cannot see; fix: use a group this stack declares",
                            path(to)
                        ));
                        continue;
                    }
                };
                let Some(info) = self.network.groups.get(group) else { continue };
                for rule in &info.ingress {
                    let admitted = rule.traffic.clone().unwrap_or_else(Traffic::all).intersect(traffic);
                    if admitted.is_empty() {
                        continue;
                    }
                    let rule_path = path(rule.id);
                    let fix = format!(
                        "allow only {}'s security group on {traffic} (SecurityGroup::allow_from(&function, port))",
                        path(from)
                    );
                    let problem = match &rule.peer {
                        Peer::Group(Ok(peer)) => {
                            // Members for certain, and those whose groups
                            // are not known at synth, which may be members.
                            let members = |certain: bool| -> Vec<String> {
                                self.interfaces()
                                    .iter()
                                    .filter(|i| {
                                        i.owner != from
                                            && i.groups.iter().any(|g| match g {
                                                Ok(group) => group == peer,
                                                Err(_) => !certain,
                                            })
                                    })
                                    .map(|i| path(i.owner))
                                    .collect::<indexmap::IndexSet<_>>()
                                    .into_iter()
                                    .collect()
                            };
                            let (others, maybe) = (members(true), members(false));
                            if !others.is_empty() {
                                Some(format!(
                                    "admits security group {}, which {} also belong to",
                                    path(peer),
                                    others.join(", ")
                                ))
                            } else if !maybe.is_empty() {
                                Some(format!(
                                    "admits security group {}, which {} may also belong to (their security groups are \
                                     not known at synth)",
                                    path(peer),
                                    maybe.join(", ")
                                ))
                            } else {
                                None
                            }
                        }
                        Peer::Group(Err(what)) => {
                            Some(format!("admits security group {what}, whose members synth cannot see"))
                        }
                        Peer::Cidr(range) => Some(format!("admits every address of {}", format_range(*range))),
                        Peer::Ipv6 => Some("admits an IPv6 range".to_owned()),
                        Peer::PrefixList(what) => Some(format!("admits the prefix list {what}")),
                        Peer::Unknown(what) => Some(format!("admits {what}")),
                    };
                    if let Some(problem) = problem {
                        details.push(format!(
                            "  {rule_path} (ingress of {}) {problem} on {admitted}; fix: {fix}",
                            path(group)
                        ));
                    }
                }
            }
            let outcome = self.inbound_from_internet(interface);
            if !outcome.possible().intersect(traffic).is_empty() {
                must_refuse(&outcome, traffic, details);
            }
        }
    }
}

fn hops(outcome: &Outcome) -> String {
    outcome.hops.join(" → ")
}

fn layer_line(layer: &Layer) -> String {
    let fix = if layer.fix.is_empty() { String::new() } else { format!("; fix: {}", layer.fix) };
    format!("      - {} ({}): {}{fix}", layer.component, layer.what, layer.reason)
}

fn must_allow(outcome: &Outcome, wanted: &Traffic, details: &mut Vec<String>) {
    if outcome.certain().covers(wanted) {
        return;
    }
    let mut lines = vec![format!("  path: {}", hops(outcome))];
    let blockers = outcome.blockers(wanted);
    if !blockers.is_empty() {
        lines.push("    blocked by:".to_owned());
        lines.extend(blockers.into_iter().map(layer_line));
    }
    let unknowns = outcome.unknowns(wanted);
    if !unknowns.is_empty() {
        lines.push("    not known at synth:".to_owned());
        lines.extend(
            unknowns.into_iter().map(|layer| format!("      - {} ({}): {}", layer.component, layer.what, layer.reason)),
        );
    }
    details.push(lines.join("\n"));
}

/// How to close a check that lets traffic through, by what it is.
fn how_to_close(what: &str) -> &'static str {
    match what {
        "security group egress" => "remove its egress rules that reach this far (SecurityGroupBuilder::allow_all_outbound(false), then only the rules it needs)",
        "security group ingress" => "remove the ingress rules that admit it (a CIDR such as 0.0.0.0/0 admits the internet)",
        "route" => "place it in a subnet whose route table has no way to the internet (an isolated subnet)",
        "public IP" => "give it no public IPv4 address: a private subnet, or AssociatePublicIpAddress false",
        "internet gateway" => "detach the internet gateway, or route the subnet elsewhere",
        "NAT gateway" => "route the subnet to no NAT gateway (an isolated subnet)",
        what if what.starts_with("network ACL") => "add a deny entry numbered below the allow that matches",
        _ => "change it so that the traffic stops here",
    }
}

fn must_refuse(outcome: &Outcome, refused: &Traffic, details: &mut Vec<String>) {
    let possible = outcome.possible().intersect(refused);
    if possible.is_empty() {
        return;
    }
    let certain = outcome.certain().intersect(refused);
    let verb = if certain.is_empty() { "may allow" } else { "allows" };
    let shown = if certain.is_empty() { possible } else { certain };
    let mut lines = vec![format!("  path: {} {verb} {shown}", hops(outcome))];
    lines.push("    let through by (close any one):".to_owned());
    for layer in outcome.layers.iter().filter(|l| !l.possible.intersect(refused).is_empty()) {
        let certainty = if layer.certain.intersect(refused).is_empty() { " (not known at synth)" } else { "" };
        lines.push(format!("      - {} ({}){certainty}: {}", layer.component, layer.what, how_to_close(&layer.what)));
    }
    details.push(lines.join("\n"));
}
