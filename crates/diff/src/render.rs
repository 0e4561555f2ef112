//! A diff as text for a person (coloured on a terminal) or as JSON for
//! tools.
use serde_json::{json, Value as Json};

use crate::values::short;
use crate::{CascadeEffect, Change, Diff, EntryKind, PropertyChange, Reason, Removal, ResourceDiff, Sameness};

/// How to print a diff as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (for a terminal).
    pub colour: bool,
    /// List unchanged resources too.
    pub verbose: bool,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD_RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

impl Diff {
    /// The diff as text: resources first (the most serious changes
    /// first), then parameters and outputs, rule and statement tables, the
    /// reachability delta, and what a local diff cannot know, with the
    /// change-set commands that would confirm it for `stack_name`.
    pub fn to_text(&self, stack_name: &str, style: Style) -> String {
        let paint = |colour: &str, text: String| {
            if style.colour {
                format!("{colour}{text}{RESET}")
            } else {
                text
            }
        };
        let mut out = String::new();
        let mut shown: Vec<&ResourceDiff> =
            self.resources.iter().filter(|r| style.verbose || r.change.severity() > 0 || noted(r)).collect();
        shown.sort_by_key(|r| std::cmp::Reverse(r.change.severity()));
        let changed = self.changed().count();
        out.push_str(&format!("Resources: {changed} changed, {} unchanged\n", self.resources.len() - changed));
        for resource in shown {
            let (mark, colour, headline) = headline(&resource.change);
            let name = match &resource.path {
                Some(path) => format!("{} ({path})", resource.logical_id),
                None => resource.logical_id.clone(),
            };
            out.push_str(&paint(colour, format!("[{mark}] {} {name}: {headline}", resource.resource_type)));
            out.push('\n');
            for line in details(&resource.change) {
                out.push_str(&format!("      {line}\n"));
            }
        }
        for (title, entries) in [("Parameters", &self.parameters), ("Outputs", &self.outputs)] {
            if entries.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{title}\n"));
            for entry in entries {
                let mark = match entry.kind {
                    EntryKind::Added => "+",
                    EntryKind::Removed => "-",
                    EntryKind::Changed => "~",
                };
                out.push_str(&format!("[{mark}] {}\n", entry.logical_id));
                if let Some(export) = &entry.lost_export {
                    out.push_str(&paint(
                        BOLD_RED,
                        format!(
                            "      the export {export} goes: the deploy fails while another stack imports it; keep it \
                             (Stack::keep_export) until no stack does"
                        ),
                    ));
                    out.push('\n');
                }
            }
        }
        if !self.rules.is_empty() {
            out.push_str("\nSecurity group rules\n");
            for rule in &self.rules {
                let (mark, colour) = if rule.added { ("+", GREEN) } else { ("-", RED) };
                let towards = if rule.direction == "ingress" { "from" } else { "to" };
                let description =
                    if rule.description.is_empty() { String::new() } else { format!(" ({})", rule.description) };
                let line = format!(
                    "[{mark}] {} {} {} {towards} {}{description}",
                    rule.group, rule.direction, rule.traffic, rule.peer
                );
                out.push_str(&paint(colour, line));
                out.push('\n');
            }
        }
        if !self.statements.is_empty() {
            out.push_str("\nPolicy statements\n");
            for statement in &self.statements {
                let (mark, colour) = if statement.added { ("+", GREEN) } else { ("-", RED) };
                let mut line = format!(
                    "[{mark}] {}: {} {} on {}",
                    statement.owner, statement.effect, statement.actions, statement.resources
                );
                if !statement.principal.is_empty() {
                    line.push_str(&format!(" for {}", statement.principal));
                }
                if !statement.condition.is_empty() {
                    line.push_str(&format!(" if {}", statement.condition));
                }
                out.push_str(&paint(colour, line));
                out.push('\n');
            }
        }
        if !self.reachability.is_empty() {
            out.push_str("\nReachability\n");
            for path in &self.reachability {
                let route = format!("{} {} -> {}", path.kind, path.from, path.to);
                if !path.opened.is_empty() {
                    out.push_str(&paint(YELLOW, format!("[+] {route}: opens {}", path.opened)));
                    out.push('\n');
                }
                if !path.closed.is_empty() {
                    out.push_str(&paint(RED, format!("[-] {route}: closes {}", path.closed)));
                    out.push('\n');
                }
                if !path.maybe_opened.is_empty() {
                    out.push_str(&format!("[?] {route}: may open {} (not known at synth)\n", path.maybe_opened));
                }
            }
        }
        let unknown: Vec<&ResourceDiff> = self.resources.iter().filter(|r| !r.unknowns.is_empty()).collect();
        if !unknown.is_empty() {
            out.push_str("\nNot known locally (a change set would tell)\n");
            for resource in unknown {
                out.push_str(&format!("  {}: {}\n", resource.logical_id, resource.unknowns.join("; ")));
            }
            out.push_str(&format!(
                "  Confirm with:\n    aws cloudformation create-change-set --stack-name {stack_name} --change-set-name \
                 preview --template-body file://template.json --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM\n    \
                 aws cloudformation describe-change-set --stack-name {stack_name} --change-set-name preview\n    \
                 aws cloudformation delete-change-set --stack-name {stack_name} --change-set-name preview\n"
            ));
        }
        if self.is_empty() {
            out.push_str("\nNo change.\n");
        }
        out
    }

    /// The diff as JSON, for tools: every resource with its change, its
    /// reasons and property changes, then the other sections.
    pub fn to_json(&self) -> Json {
        json!({
            "resources": self.resources.iter().map(resource_json).collect::<Vec<_>>(),
            "parameters": self.parameters.iter().map(|e| json!({"logicalId": e.logical_id, "change": entry_kind(e.kind)})).collect::<Vec<_>>(),
            "outputs": self.outputs.iter().map(|e| json!({"logicalId": e.logical_id, "change": entry_kind(e.kind), "lostExport": e.lost_export})).collect::<Vec<_>>(),
            "securityGroupRules": self.rules.iter().map(|r| json!({
                "change": if r.added { "added" } else { "removed" },
                "group": r.group, "direction": r.direction, "traffic": r.traffic, "peer": r.peer, "description": r.description,
            })).collect::<Vec<_>>(),
            "statements": self.statements.iter().map(|s| json!({
                "change": if s.added { "added" } else { "removed" },
                "owner": s.owner, "effect": s.effect, "actions": s.actions, "resources": s.resources,
                "principal": s.principal, "condition": s.condition,
            })).collect::<Vec<_>>(),
            "reachability": self.reachability.iter().map(|p| json!({
                "kind": p.kind, "from": p.from, "to": p.to,
                "opened": p.opened.to_string(), "closed": p.closed.to_string(), "maybeOpened": p.maybe_opened.to_string(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Whether an unchanged resource is worth a line anyway (it differs in
/// writing).
fn noted(resource: &ResourceDiff) -> bool {
    matches!(resource.change, Change::Unchanged(Some(_)))
}

fn headline(change: &Change) -> (&'static str, &'static str, String) {
    match change {
        Change::Added => ("+", GREEN, "added".into()),
        Change::Removed(removal) => ("-", RED, removed(*removal).into()),
        Change::Renamed { from, from_path, old } => {
            let was = match from_path {
                Some(path) => format!("{from} ({path})"),
                None => from.clone(),
            };
            (
                ">",
                BOLD_RED,
                format!("renamed from {was}: CloudFormation creates it anew and {} the old one", removed_verb(*old)),
            )
        }
        Change::Replaced { old_retained, .. } => (
            "!",
            BOLD_RED,
            if *old_retained {
                "REPLACED (the old one is retained, out of the stack)".into()
            } else {
                "REPLACED (the old one is deleted)".into()
            },
        ),
        Change::MayBeReplaced { .. } => ("?", YELLOW, "may be replaced".into()),
        Change::Updated { .. } => ("~", YELLOW, "updated in place".into()),
        Change::Unchanged(note) => (
            "=",
            "",
            match note {
                None => "unchanged".into(),
                Some(Sameness::KeyOrder) => "unchanged (only key order differs)".into(),
                Some(Sameness::Scalars) => "unchanged (only how values are written: \"10\" is 10)".into(),
                Some(Sameness::Metadata) => "unchanged (only Metadata differs)".into(),
                Some(Sameness::DependsOn) => "unchanged (only DependsOn differs: the order of operations)".into(),
                Some(Sameness::Policies) => "unchanged (only its deletion or replacement policy differs)".into(),
            },
        ),
    }
}

fn removed(removal: Removal) -> &'static str {
    match removal {
        Removal::Destroyed => "removed: DESTROYED",
        Removal::Snapshot => "removed: destroyed after a final snapshot",
        Removal::Retained => "removed from the stack: orphaned (DeletionPolicy Retain keeps it in the account)",
    }
}

fn removed_verb(removal: Removal) -> &'static str {
    match removal {
        Removal::Destroyed => "deletes",
        Removal::Snapshot => "snapshots and deletes",
        Removal::Retained => "orphans",
    }
}

fn details(change: &Change) -> Vec<String> {
    let mut lines = Vec::new();
    let (reasons, updates, cascades): (&[Reason], &[PropertyChange], &[Reason]) = match change {
        Change::Replaced { reasons, updates, .. } | Change::MayBeReplaced { reasons, updates } => {
            (reasons, updates, &[])
        }
        Change::Updated { updates, cascades } => (&[], updates, cascades),
        _ => (&[], &[], &[]),
    };
    for reason in reasons.iter().chain(cascades) {
        lines.push(reason_text(reason));
    }
    for update in updates {
        let value = |v: &Option<Json>| v.as_ref().map_or_else(|| "(none)".to_owned(), short);
        lines.push(format!("{}: {} -> {}", update.property, value(&update.old), value(&update.new)));
    }
    lines
}

fn reason_text(reason: &Reason) -> String {
    match reason {
        Reason::CreateOnly { property } => format!("because {property} changes, and it cannot change in place"),
        Reason::ConditionallyCreateOnly { property } => {
            format!("{property} changes, which replaces it in some cases (see the property's \"Update requires\")")
        }
        Reason::TypeChanged { from } => format!(
            "its type changes from {from}: CloudFormation refuses to update a resource's type, so the deploy \
             fails; give the new resource a new logical ID (another construct id) to replace it"
        ),
        Reason::Cascade { property, through, effect }
            if through.starts_with(crate::values::MAPPING) || through.starts_with(crate::values::CONDITION) =>
        {
            let outcome = match effect {
                CascadeEffect::Updates => "its value may change in place",
                _ => "that may replace this one",
            };
            format!("{property} reads {through}, whose definition changes: {outcome} (a change set would tell)")
        }
        Reason::Cascade { property, through, effect } => match effect {
            CascadeEffect::Replaces => {
                format!("because {property} refers to {through}, which is replaced, and it cannot change in place")
            }
            CascadeEffect::MayReplace => {
                format!("{property} refers to {through}, which is (or may be) replaced; that may replace this one")
            }
            CascadeEffect::Updates => {
                format!("{property} refers to {through}, which is replaced: updated to the new one")
            }
        },
    }
}

fn entry_kind(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Added => "added",
        EntryKind::Removed => "removed",
        EntryKind::Changed => "changed",
    }
}

fn resource_json(resource: &ResourceDiff) -> Json {
    let (change, extra) = match &resource.change {
        Change::Added => ("added", json!({})),
        Change::Removed(removal) => ("removed", json!({ "removal": removal_json(*removal) })),
        Change::Renamed { from, from_path, old } => {
            ("renamed", json!({ "from": from, "fromPath": from_path, "oldRemoval": removal_json(*old) }))
        }
        Change::Replaced { reasons, updates, old_retained } => (
            "replaced",
            json!({ "reasons": reasons.iter().map(reason_json).collect::<Vec<_>>(), "updates": updates.iter().map(update_json).collect::<Vec<_>>(), "oldRetained": old_retained }),
        ),
        Change::MayBeReplaced { reasons, updates } => (
            "mayBeReplaced",
            json!({ "reasons": reasons.iter().map(reason_json).collect::<Vec<_>>(), "updates": updates.iter().map(update_json).collect::<Vec<_>>() }),
        ),
        Change::Updated { updates, cascades } => (
            "updated",
            json!({ "updates": updates.iter().map(update_json).collect::<Vec<_>>(), "cascades": cascades.iter().map(reason_json).collect::<Vec<_>>() }),
        ),
        Change::Unchanged(note) => ("unchanged", json!({ "note": note.map(|n| format!("{n:?}")) })),
    };
    let mut object = json!({
        "logicalId": resource.logical_id,
        "path": resource.path,
        "type": resource.resource_type,
        "change": change,
        "unknowns": resource.unknowns,
    });
    if let (Some(object), Json::Object(extra)) = (object.as_object_mut(), extra) {
        object.extend(extra);
    }
    object
}

fn removal_json(removal: Removal) -> &'static str {
    match removal {
        Removal::Destroyed => "destroyed",
        Removal::Snapshot => "snapshot",
        Removal::Retained => "retained",
    }
}

fn reason_json(reason: &Reason) -> Json {
    match reason {
        Reason::CreateOnly { property } => json!({ "kind": "createOnly", "property": property }),
        Reason::ConditionallyCreateOnly { property } => {
            json!({ "kind": "conditionallyCreateOnly", "property": property })
        }
        Reason::TypeChanged { from } => json!({ "kind": "typeChanged", "from": from }),
        Reason::Cascade { property, through, effect } => json!({
            "kind": "cascade",
            "property": property,
            "through": through,
            "effect": match effect { CascadeEffect::Replaces => "replaces", CascadeEffect::MayReplace => "mayReplace", CascadeEffect::Updates => "updates" },
        }),
    }
}

fn update_json(update: &PropertyChange) -> Json {
    json!({ "property": update.property, "old": update.old, "new": update.new })
}
