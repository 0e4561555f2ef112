//! The changes a reviewer reads as tables rather than property by
//! property: security-group rules, IAM and resource-policy statements,
//! and the network paths the reachability analysis finds in each template.
use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use cfnkit_reach::{Analysis, Network, Traffic};
use cfnkit_template::Template;

use crate::values::short;

/// A security-group rule added (`added`) or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleChange {
    /// Added, else removed.
    pub added: bool,
    /// The group's logical ID (or how the template names it).
    pub group: String,
    /// `ingress` or `egress`.
    pub direction: &'static str,
    /// `tcp/443`, `udp/1024-65535`, `all`, `icmp 8/-1`.
    pub traffic: String,
    /// The peer: a CIDR, a group, a prefix list.
    pub peer: String,
    /// The rule's description, if any.
    pub description: String,
}

/// A policy statement added (`added`) or removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementChange {
    /// Added, else removed.
    pub added: bool,
    /// Where it is: the policy, role or resource policy's logical ID (and
    /// `trust` for a role's trust policy).
    pub owner: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// Its actions (or `NotAction`).
    pub actions: String,
    /// Its resources (or `NotResource`).
    pub resources: String,
    /// Its principal, when it has one.
    pub principal: String,
    /// Its condition, as JSON, when it has one.
    pub condition: String,
}

/// A network path whose traffic changes: what it certainly allowed and
/// allows, and what it may allow (values not known at synth).
#[derive(Clone, Debug, PartialEq)]
pub struct PathChange {
    /// `egress` (to the internet), `flow` (between endpoints) or `ingress`
    /// (from the internet).
    pub kind: &'static str,
    /// From where (a logical ID, or `internet`).
    pub from: String,
    /// To where (a logical ID, or `internet`), and for egress the subnet.
    pub to: String,
    /// Traffic it now certainly allows and did not.
    pub opened: Traffic,
    /// Traffic it certainly allowed and no longer does.
    pub closed: Traffic,
    /// Traffic it may now allow, depending on values not known at synth.
    pub maybe_opened: Traffic,
}

/// The security-group rules each template declares, as a diff.
pub(crate) fn rules(old: &Json, new: &Json) -> Vec<RuleChange> {
    set_diff(&rule_rows(old), &rule_rows(new), |added, row: &RuleChange| RuleChange { added, ..row.clone() })
}

fn rule_rows(template: &Json) -> Vec<RuleChange> {
    let mut rows = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else { return rows };
    for (id, body) in resources {
        let properties = body.get("Properties").and_then(Json::as_object);
        let properties = properties.cloned().unwrap_or_default();
        match body.get("Type").and_then(Json::as_str) {
            Some("AWS::EC2::SecurityGroup") => {
                for (key, direction) in [("SecurityGroupIngress", "ingress"), ("SecurityGroupEgress", "egress")] {
                    for rule in properties.get(key).and_then(Json::as_array).into_iter().flatten() {
                        if let Some(rule) = rule.as_object() {
                            rows.push(rule_row(id.clone(), direction, rule));
                        }
                    }
                }
            }
            Some(kind @ ("AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress")) => {
                let direction = if kind.ends_with("Ingress") { "ingress" } else { "egress" };
                let group = properties.get("GroupId").or(properties.get("GroupName")).map_or_else(|| "?".into(), short);
                rows.push(rule_row(group, direction, &properties));
            }
            _ => {}
        }
    }
    rows
}

fn rule_row(group: String, direction: &'static str, rule: &Map<String, Json>) -> RuleChange {
    let text = |key: &str| rule.get(key).map(short);
    let protocol = text("IpProtocol").unwrap_or_else(|| "?".into());
    let (from, to) = (text("FromPort"), text("ToPort"));
    let traffic = match protocol.as_str() {
        "-1" => "all".to_owned(),
        "icmp" | "1" => format!("icmp {}/{}", from.unwrap_or_default(), to.unwrap_or_default()),
        _ => match (from, to) {
            (Some(from), Some(to)) if from == to => format!("{protocol}/{from}"),
            (Some(from), Some(to)) => format!("{protocol}/{from}-{to}"),
            _ => protocol.clone(),
        },
    };
    let peer = [
        "CidrIp",
        "CidrIpv6",
        "SourceSecurityGroupId",
        "DestinationSecurityGroupId",
        "SourcePrefixListId",
        "DestinationPrefixListId",
        "SourceSecurityGroupName",
    ]
    .into_iter()
    .find_map(&text)
    .unwrap_or_else(|| "?".into());
    RuleChange { added: true, group, direction, traffic, peer, description: text("Description").unwrap_or_default() }
}

/// The policy statements each template declares, as a diff.
pub(crate) fn statements(old: &Json, new: &Json) -> Vec<StatementChange> {
    set_diff(&statement_rows(old), &statement_rows(new), |added, row: &StatementChange| StatementChange {
        added,
        ..row.clone()
    })
}

fn statement_rows(template: &Json) -> Vec<StatementChange> {
    let mut rows = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else { return rows };
    for (id, body) in resources {
        let Some(properties) = body.get("Properties") else { continue };
        let mut document = |owner: String, document: Option<&Json>| {
            let statements = match document.and_then(|d| d.get("Statement")) {
                Some(Json::Array(list)) => list.clone(),
                Some(single) => vec![single.clone()],
                None => Vec::new(),
            };
            for statement in statements {
                rows.push(statement_row(owner.clone(), &statement));
            }
        };
        match body.get("Type").and_then(Json::as_str) {
            Some("AWS::IAM::Role") => {
                document(format!("{id} trust"), properties.get("AssumeRolePolicyDocument"));
                for policy in properties.get("Policies").and_then(Json::as_array).into_iter().flatten() {
                    let name = policy.get("PolicyName").map(short).unwrap_or_default();
                    document(format!("{id} {name}"), policy.get("PolicyDocument"));
                }
            }
            Some(
                "AWS::IAM::Policy"
                | "AWS::IAM::ManagedPolicy"
                | "AWS::IAM::RolePolicy"
                | "AWS::S3::BucketPolicy"
                | "AWS::SQS::QueuePolicy"
                | "AWS::SNS::TopicPolicy"
                | "AWS::KMS::Key",
            ) => {
                let key = if properties.get("KeyPolicy").is_some() { "KeyPolicy" } else { "PolicyDocument" };
                document(id.clone(), properties.get(key));
            }
            Some("AWS::Lambda::Permission") => {
                let text = |key: &str| properties.get(key).map(short).unwrap_or_default();
                rows.push(StatementChange {
                    added: true,
                    owner: format!("{id} (on {})", text("FunctionName")),
                    effect: "Allow".into(),
                    actions: text("Action"),
                    resources: text("SourceArn"),
                    principal: text("Principal"),
                    condition: String::new(),
                });
            }
            _ => {}
        }
    }
    rows
}

fn statement_row(owner: String, statement: &Json) -> StatementChange {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|key| statement.get(*key).map(|value| (*key, value)))
            .map(|(key, value)| {
                let listed = match value {
                    Json::Array(items) => items.iter().map(short).collect::<Vec<_>>().join(", "),
                    other => short(other),
                };
                if key.starts_with("Not") {
                    format!("{key} {listed}")
                } else {
                    listed
                }
            })
            .unwrap_or_default()
    };
    StatementChange {
        added: true,
        owner,
        effect: text(&["Effect"]),
        actions: text(&["Action", "NotAction"]),
        resources: text(&["Resource", "NotResource"]),
        principal: text(&["Principal", "NotPrincipal"]),
        condition: statement.get("Condition").map(Json::to_string).unwrap_or_default(),
    }
}

/// The rows only `new` has (added) and only `old` has (removed), each
/// once, in the order their template lists them.
fn set_diff<T: PartialEq + Clone>(old: &[T], new: &[T], mark: impl Fn(bool, &T) -> T) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for row in new.iter().filter(|row| !old.contains(row)) {
        let marked = mark(true, row);
        if !out.contains(&marked) {
            out.push(marked);
        }
    }
    for row in old.iter().filter(|row| !new.contains(row)) {
        let marked = mark(false, row);
        if !out.contains(&marked) {
            out.push(marked);
        }
    }
    out
}

/// The paths whose traffic changes between the two templates' networks,
/// by logical ID (the old template has no construct paths).
pub(crate) fn reachability(old: &Template, new: &Template) -> Vec<PathChange> {
    let paths = |template: &Template| {
        let network = Network::read(template, HashMap::new());
        let report = Analysis::new(&network).report();
        let mut rows: Vec<(&'static str, String, String, Traffic, Traffic)> = Vec::new();
        for row in report.egress {
            let to = format!("internet (from {})", row.subnet);
            rows.push(("egress", row.endpoint, to, row.allowed.certain, row.allowed.maybe));
        }
        for row in report.flows {
            rows.push(("flow", row.from, row.to, row.allowed.certain, row.allowed.maybe));
        }
        for row in report.ingress {
            rows.push(("ingress", "internet".to_owned(), row.to, row.allowed.certain, row.allowed.maybe));
        }
        rows
    };
    let before = paths(old);
    let after = paths(new);
    let find = |rows: &[(&'static str, String, String, Traffic, Traffic)], kind: &str, from: &str, to: &str| {
        rows.iter()
            .find(|(k, f, t, _, _)| *k == kind && f == from && t == to)
            .map(|(_, _, _, certain, maybe)| (certain.clone(), maybe.clone()))
            .unwrap_or_else(|| (Traffic::none(), Traffic::none()))
    };
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &str, &str)> = Vec::new();
    for (kind, from, to, _, _) in after.iter().chain(before.iter()) {
        if seen.contains(&(*kind, from.as_str(), to.as_str())) {
            continue;
        }
        seen.push((kind, from, to));
        let (old_certain, old_maybe) = find(&before, kind, from, to);
        let (new_certain, new_maybe) = find(&after, kind, from, to);
        let change = PathChange {
            kind,
            from: from.clone(),
            to: to.clone(),
            opened: new_certain.subtract(&old_certain),
            // Traffic that went from certain to unknown may still pass: it
            // is not closed.
            closed: old_certain.subtract(&new_certain).subtract(&new_maybe),
            maybe_opened: new_maybe.subtract(&old_maybe).subtract(&old_certain),
        };
        if !(change.opened.is_empty() && change.closed.is_empty() && change.maybe_opened.is_empty()) {
            out.push(change);
        }
    }
    out
}
