//! Who reaches what: the report the CLI prints, and the network as a
//! Mermaid or Graphviz diagram.
use std::fmt::Write;

use indexmap::IndexMap;

use crate::analysis::{Analysis, Outcome};
use crate::model::{InterfaceKind, RouteTarget, Service};
use crate::sets::{format_range, Traffic};

/// A path's verdict for a report row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowed {
    /// Traffic that certainly passes.
    pub certain: Traffic,
    /// Traffic that may pass, depending on values not known at synth.
    pub maybe: Traffic,
    /// What would decide `maybe`: each component not known at synth, and
    /// why.
    pub depends_on: Vec<String>,
}

impl std::fmt::Display for Allowed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.certain.is_empty(), self.maybe.is_empty()) {
            (true, true) => f.write_str("no"),
            (false, true) => write!(f, "{}", self.certain),
            (true, false) => write!(f, "unknown ({} depends on {})", self.maybe, self.depends_on.join("; ")),
            (false, false) => {
                write!(f, "{} (and {} depends on {})", self.certain, self.maybe, self.depends_on.join("; "))
            }
        }
    }
}

/// One interface's way to the internet.
#[derive(Clone, Debug)]
pub struct EgressRow {
    /// The endpoint's construct path.
    pub endpoint: String,
    /// The subnet's construct path, or what it is.
    pub subnet: String,
    /// The subnet's AZ.
    pub zone: Option<String>,
    /// What reaches the internet.
    pub allowed: Allowed,
    /// The NAT gateway it leaves through, and its AZ.
    pub nat: Option<(String, Option<String>)>,
    /// The internet gateway it leaves through directly.
    pub gateway: Option<String>,
}

/// What one endpoint can open to another.
#[derive(Clone, Debug)]
pub struct FlowRow {
    /// The client's construct path.
    pub from: String,
    /// The server's construct path, or a service's name.
    pub to: String,
    /// What passes from every interface of the client to every interface
    /// of the server.
    pub allowed: Allowed,
}

/// Who reaches what in one template.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Each interface of a function or instance, to the internet.
    pub egress: Vec<EgressRow>,
    /// Between endpoints, and to services with gateway endpoints.
    pub flows: Vec<FlowRow>,
    /// From the internet, unsolicited, to each endpoint.
    pub ingress: Vec<FlowRow>,
    /// Ways out that cross AZs, and the like.
    pub warnings: Vec<String>,
}

fn allowed(certain: Traffic, possible: Traffic, depends_on: Vec<String>) -> Allowed {
    let maybe = possible.subtract(&certain);
    Allowed { certain, maybe, depends_on }
}

/// Adds to `deciders` what would decide the unknown part of a path: the
/// path is traced again with its texts only when it has one.
fn decide(explained: Outcome, deciders: &mut Vec<String>) {
    let maybe = explained.possible().subtract(&explained.certain());
    if maybe.is_empty() {
        return;
    }
    for layer in &explained.layers {
        if !layer.possible.subtract(&layer.certain).intersect(&maybe).is_empty() {
            let text = format!("{} ({}): {}", layer.component, layer.what, layer.reason);
            if !deciders.contains(&text) {
                deciders.push(text);
            }
        }
    }
}

impl Analysis<'_, '_> {
    /// Who reaches what: internet egress per interface, flows between
    /// endpoints, internet ingress, and warnings.
    pub fn report(&self) -> Report {
        // Only the traffic is needed, not the texts of each path.
        let quiet = self.explaining(false);
        quiet.quiet_report()
    }

    fn quiet_report(&self) -> Report {
        let mut report = Report::default();
        let clients: Vec<_> = self
            .interfaces()
            .iter()
            .filter(|i| matches!(i.kind, InterfaceKind::Lambda | InterfaceKind::Instance))
            .collect();
        for interface in &clients {
            let outcome = self.to_internet(interface);
            let subnet = match interface.subnet {
                Ok(subnet) => self.network.path(subnet),
                Err(ref what) => what.to_string(),
            };
            let zone = interface.subnet.as_ref().ok().and_then(|s| self.zone(s));
            if outcome.crosses_zones && !outcome.certain().is_empty() {
                if let Some((nat, nat_zone)) = &outcome.nat {
                    report.warnings.push(format!(
                        "{} in {subnet} ({}) reaches the internet through NAT gateway {nat} in {}: cross-AZ traffic \
                         is charged, and an outage of that AZ cuts this subnet off; give each AZ its own NAT gateway \
                         (Vpc::builder().nat_gateways(n) with one per AZ)",
                        self.network.path(interface.owner),
                        zone.clone().unwrap_or_default(),
                        nat_zone.clone().unwrap_or_default()
                    ));
                }
            }
            report.egress.push(EgressRow {
                endpoint: self.network.path(interface.owner),
                subnet,
                zone,
                allowed: {
                    let mut deciders = Vec::new();
                    if outcome.possible() != outcome.certain() {
                        decide(self.explaining(true).to_internet(interface), &mut deciders);
                    }
                    allowed(outcome.certain(), outcome.possible(), deciders)
                },
                nat: outcome.nat.clone(),
                gateway: outcome.gateway.clone(),
            });
        }
        let mut owners: IndexMap<&str, Vec<_>> = IndexMap::new();
        for interface in self.interfaces() {
            owners.entry(interface.owner).or_default().push(interface);
        }
        for (from, from_interfaces) in &owners {
            let from_kind = from_interfaces[0].kind;
            if !matches!(from_kind, InterfaceKind::Lambda | InterfaceKind::Instance) {
                continue;
            }
            for (to, to_interfaces) in &owners {
                if from == to || matches!(to_interfaces[0].kind, InterfaceKind::Lambda | InterfaceKind::NatGateway) {
                    continue;
                }
                let mut certain = Traffic::all();
                let mut possible = Traffic::none();
                let mut deciders = Vec::new();
                for source in from_interfaces {
                    for target in to_interfaces {
                        let outcome = self.between(source, target);
                        if outcome.possible() != outcome.certain() {
                            decide(self.explaining(true).between(source, target), &mut deciders);
                        }
                        certain = certain.intersect(&outcome.certain());
                        possible = possible.union(&outcome.possible());
                    }
                }
                if !possible.is_empty() {
                    report.flows.push(FlowRow {
                        from: self.network.path(from),
                        to: self.network.path(to),
                        allowed: allowed(certain, possible, deciders),
                    });
                }
            }
            for service in self.gateway_services() {
                let mut certain = Traffic::all();
                let mut possible = Traffic::none();
                let mut deciders = Vec::new();
                for source in from_interfaces {
                    let outcome = self.to_service(source, &service);
                    if outcome.possible() != outcome.certain() {
                        decide(self.explaining(true).to_service(source, &service), &mut deciders);
                    }
                    certain = certain.intersect(&outcome.certain());
                    possible = possible.union(&outcome.possible());
                }
                report.flows.push(FlowRow {
                    from: self.network.path(from),
                    to: format!("{} (gateway endpoint where routed)", service.name()),
                    allowed: allowed(certain, possible, deciders),
                });
            }
        }
        for (owner, interfaces) in &owners {
            let mut certain = Traffic::none();
            let mut possible = Traffic::none();
            let mut deciders = Vec::new();
            for interface in interfaces {
                let outcome = self.inbound_from_internet(interface);
                if outcome.possible() != outcome.certain() {
                    decide(self.explaining(true).inbound_from_internet(interface), &mut deciders);
                }
                certain = certain.union(&outcome.certain());
                possible = possible.union(&outcome.possible());
            }
            report.ingress.push(FlowRow {
                from: "the internet".to_owned(),
                to: self.network.path(owner),
                allowed: allowed(certain, possible, deciders),
            });
        }
        report
    }

    fn gateway_services(&self) -> Vec<Service> {
        let mut services = Vec::new();
        for table in self.network.route_tables.values() {
            for route in &table.routes {
                if let RouteTarget::GatewayEndpoint(service) = &route.target {
                    if !services.contains(service) {
                        services.push(service.clone());
                    }
                }
            }
        }
        services
    }
}

impl Report {
    /// The report as aligned plain-text tables.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str("Internet egress, from each subnet an endpoint may use:\n");
        let rows: Vec<Vec<String>> = self
            .egress
            .iter()
            .map(|row| {
                let via = match &row.nat {
                    Some((nat, zone)) => {
                        format!("NAT {nat}{}", zone.as_ref().map(|z| format!(" ({z})")).unwrap_or_default())
                    }
                    None => row.gateway.as_ref().map(|g| format!("internet gateway {g}")).unwrap_or_default(),
                };
                vec![
                    row.endpoint.clone(),
                    format!("{}{}", row.subnet, row.zone.as_ref().map(|z| format!(" ({z})")).unwrap_or_default()),
                    row.allowed.to_string(),
                    if row.allowed.certain.is_empty() && row.allowed.maybe.is_empty() { String::new() } else { via },
                ]
            })
            .collect();
        table(&mut out, &["endpoint", "subnet", "allowed", "via"], &rows);
        out.push_str("\nFlows between endpoints (what every interface of the client can open to the server):\n");
        let rows: Vec<Vec<String>> =
            self.flows.iter().map(|row| vec![row.from.clone(), row.to.clone(), row.allowed.to_string()]).collect();
        table(&mut out, &["from", "to", "allowed"], &rows);
        out.push_str("\nInternet ingress (unsolicited):\n");
        let rows: Vec<Vec<String>> =
            self.ingress.iter().map(|row| vec![row.to.clone(), row.allowed.to_string()]).collect();
        table(&mut out, &["endpoint", "allowed"], &rows);
        if !self.warnings.is_empty() {
            out.push_str("\nWarnings:\n");
            for warning in &self.warnings {
                let _ = writeln!(out, "  - {warning}");
            }
        }
        out
    }
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    if rows.is_empty() {
        out.push_str("  (none)\n");
        return;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| if i + 1 == widths.len() { (*cell).to_owned() } else { format!("{cell:width$}") })
            .collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    out.push_str(&line(header.to_vec()));
    out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().iter().map(String::as_str).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
}

/// What a diagram shows: VPCs, subnets by AZ, the endpoints in them, the
/// route targets, and the flows the analysis allows.
struct Picture {
    vpcs: Vec<VpcBox>,
    /// Gateways and endpoints outside the subnets: (node id, label, VPC id).
    gateways: Vec<(String, String)>,
    /// (from node, to node, label, dashed).
    edges: Vec<(String, String, String, bool)>,
}

/// A VPC: its node id, its label, and its subnets by AZ.
type VpcBox = (String, String, Vec<(String, Vec<SubnetBox>)>);

/// A subnet and the endpoints in it.
struct SubnetBox {
    id: String,
    label: String,
    nodes: Vec<(String, String)>,
}

fn node_id(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .collect::<Vec<_>>()
        .join("_")
}

impl Analysis<'_, '_> {
    fn picture(&self) -> Picture {
        let quiet = self.explaining(false);
        quiet.quiet_picture()
    }

    fn quiet_picture(&self) -> Picture {
        let network = self.network;
        let mut picture = Picture { vpcs: Vec::new(), gateways: Vec::new(), edges: Vec::new() };
        for (vpc, info) in &network.vpcs {
            let cidrs: Vec<String> = info.cidrs.iter().map(|c| format_range(*c)).collect();
            let mut zones: IndexMap<String, Vec<SubnetBox>> = IndexMap::new();
            for (subnet, subnet_info) in &network.subnets {
                if subnet_info.vpc.as_ref().ok() != Some(vpc) {
                    continue;
                }
                let zone = subnet_info.zone.clone().unwrap_or_else(|| "AZ not known".to_owned());
                let nodes = network
                    .interfaces
                    .iter()
                    .filter(|i| i.subnet.as_ref().ok() == Some(subnet))
                    .map(|i| {
                        (node_id(&["i", i.owner, subnet]), format!("{}<br/>{}", network.path(i.owner), i.kind.name()))
                    })
                    .collect();
                let cidr = subnet_info.cidr.map(format_range).unwrap_or_default();
                zones.entry(zone).or_default().push(SubnetBox {
                    id: node_id(&["s", subnet]),
                    label: format!("{}<br/>{cidr}", network.path(subnet)),
                    nodes,
                });
                let table = subnet_info.route_table.template().and_then(|t| network.route_tables.get(t));
                for route in table.map(|t| t.routes.as_slice()).unwrap_or(&[]) {
                    let target = match &route.target {
                        RouteTarget::InternetGateway(Ok(gateway)) => node_id(&["g", gateway]),
                        RouteTarget::NatGateway(Ok(nat)) => match network.nats.get(nat).map(|n| &n.subnet) {
                            Some(Ok(nat_subnet)) => node_id(&["i", nat, nat_subnet]),
                            _ => continue,
                        },
                        RouteTarget::GatewayEndpoint(_) => node_id(&["e", route.id]),
                        _ => continue,
                    };
                    let label = match &route.destination {
                        crate::model::Destination::Cidr(c) => format_range(*c),
                        crate::model::Destination::Service(s) => s.name().to_owned(),
                        _ => "route".to_owned(),
                    };
                    picture.edges.push((node_id(&["s", subnet]), target, label, false));
                }
            }
            if let Some((gateway, _)) = info.internet_gateway {
                picture
                    .gateways
                    .push((node_id(&["g", gateway]), format!("{}<br/>internet gateway", network.path(gateway))));
                picture.edges.push((node_id(&["g", gateway]), "internet".to_owned(), String::new(), false));
            }
            let label = format!("{} {}", network.path(vpc), cidrs.join(", "));
            picture.vpcs.push((node_id(&["v", vpc]), label, zones.into_iter().collect()));
        }
        for table in network.route_tables.values() {
            for route in &table.routes {
                if let RouteTarget::GatewayEndpoint(service) = &route.target {
                    let id = node_id(&["e", route.id]);
                    if !picture.gateways.iter().any(|(g, _)| *g == id) {
                        picture
                            .gateways
                            .push((id, format!("{}<br/>{} gateway endpoint", network.path(route.id), service.name())));
                    }
                }
            }
        }
        // Allowed flows: each interface's internet egress, and flows
        // between interfaces, labelled with what certainly passes.
        for interface in self.interfaces() {
            let Ok(subnet) = interface.subnet else { continue };
            let from = node_id(&["i", interface.owner, subnet]);
            if matches!(interface.kind, InterfaceKind::Lambda | InterfaceKind::Instance) {
                let egress = self.to_internet(interface).certain();
                if !egress.is_empty() {
                    picture.edges.push((from.clone(), "internet".to_owned(), egress.to_string(), true));
                }
                for target in self.interfaces() {
                    let Ok(target_subnet) = target.subnet else { continue };
                    if target.owner == interface.owner
                        || matches!(target.kind, InterfaceKind::Lambda | InterfaceKind::NatGateway)
                    {
                        continue;
                    }
                    let flow = self.between(interface, target).certain();
                    if !flow.is_empty() {
                        picture.edges.push((
                            from.clone(),
                            node_id(&["i", target.owner, target_subnet]),
                            flow.to_string(),
                            true,
                        ));
                    }
                }
            }
            let ingress = self.inbound_from_internet(interface).certain();
            if !ingress.is_empty() {
                picture.edges.push(("internet".to_owned(), from, ingress.to_string(), true));
            }
        }
        picture
    }

    /// The network as a Mermaid flowchart: VPCs, AZs and subnets as
    /// nested boxes, endpoints in their subnets, routes as solid arrows,
    /// allowed flows as dotted ones.
    pub fn mermaid(&self) -> String {
        let picture = self.picture();
        let mut out = String::from("flowchart LR\n  internet((internet))\n");
        for (id, label) in &picture.gateways {
            let _ = writeln!(out, "  {id}[\"{label}\"]");
        }
        for (vpc_id, vpc_label, zones) in &picture.vpcs {
            let _ = writeln!(out, "  subgraph {vpc_id}[\"{vpc_label}\"]");
            for (index, (zone, subnets)) in zones.iter().enumerate() {
                let _ = writeln!(out, "    subgraph {vpc_id}_z{index}[\"{zone}\"]");
                for subnet in subnets {
                    let _ = writeln!(out, "      subgraph {}[\"{}\"]", subnet.id, subnet.label);
                    for (id, label) in &subnet.nodes {
                        let _ = writeln!(out, "        {id}[\"{label}\"]");
                    }
                    if subnet.nodes.is_empty() {
                        let _ = writeln!(out, "        {}_empty[\" \"]:::empty", subnet.id);
                    }
                    out.push_str("      end\n");
                }
                out.push_str("    end\n");
            }
            out.push_str("  end\n");
        }
        for (from, to, label, dashed) in &picture.edges {
            let arrow = if *dashed { "-.->" } else { "-->" };
            if label.is_empty() {
                let _ = writeln!(out, "  {from} {arrow} {to}");
            } else {
                let _ = writeln!(out, "  {from} {arrow}|\"{label}\"| {to}");
            }
        }
        out.push_str("  classDef empty fill:none,stroke:none\n");
        out
    }

    /// The network as a Graphviz DOT graph (`dot -Tsvg`): clusters for
    /// VPCs, AZs and subnets, routes solid, allowed flows dashed.
    pub fn dot(&self) -> String {
        let picture = self.picture();
        let dot_label = |label: &str| label.replace("<br/>", "\\n").replace('"', "\\\"");
        let mut out = String::from(
            "digraph network {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, fontname=\"Helvetica\"];\n  internet [shape=ellipse, label=\"internet\"];\n",
        );
        for (id, label) in &picture.gateways {
            let _ = writeln!(out, "  {id} [label=\"{}\"];", dot_label(label));
        }
        for (vpc_id, vpc_label, zones) in &picture.vpcs {
            let _ = writeln!(out, "  subgraph cluster_{vpc_id} {{\n    label=\"{}\";", dot_label(vpc_label));
            for (index, (zone, subnets)) in zones.iter().enumerate() {
                let _ =
                    writeln!(out, "    subgraph cluster_{vpc_id}_z{index} {{\n      label=\"{}\";", dot_label(zone));
                for subnet in subnets {
                    let _ = writeln!(
                        out,
                        "      subgraph cluster_{} {{\n        label=\"{}\";",
                        subnet.id,
                        dot_label(&subnet.label)
                    );
                    // The subnet's own node: where its routes start.
                    let _ = writeln!(out, "        {} [shape=point, label=\"\"];", subnet.id);
                    for (id, label) in &subnet.nodes {
                        let _ = writeln!(out, "        {id} [label=\"{}\"];", dot_label(label));
                    }
                    out.push_str("      }\n");
                }
                out.push_str("    }\n");
            }
            out.push_str("  }\n");
        }
        for (from, to, label, dashed) in &picture.edges {
            let style = if *dashed { ", style=dashed" } else { "" };
            let tail = if from.starts_with("s_") { format!(", ltail=cluster_{from}") } else { String::new() };
            let _ = writeln!(out, "  {from} -> {to} [label=\"{}\"{style}{tail}];", dot_label(label));
        }
        out.push_str("}\n");
        out
    }
}
