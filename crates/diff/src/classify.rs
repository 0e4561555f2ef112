//! Each resource's fate: matched by logical ID (a removed and an added
//! resource of one type with the same properties are a rename), then
//! compared property by property against the type's create-only lists,
//! then replacements cascade through the references to them.
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value as Json};

use crate::values::{self, Leaf};
use crate::{
    CascadeEffect, Change, EntryChange, EntryKind, Paths, PropertyChange, Reason, Removal, ResourceDiff, Sameness,
};

/// Whether a property path is create-only for a type, conditionally so, or
/// neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Replacement {
    Always,
    Sometimes,
    Never,
}

/// The diff of every resource of either template.
pub(crate) fn resources(old: &Json, new: &Json, paths: &Paths) -> Vec<ResourceDiff> {
    let empty = Map::new();
    let old_resources = section(old, "Resources").unwrap_or(&empty);
    let new_resources = section(new, "Resources").unwrap_or(&empty);
    let parameters: HashMap<&str, &str> = [old, new]
        .into_iter()
        .filter_map(|t| section(t, "Parameters"))
        .flat_map(|p| {
            p.iter().map(|(name, body)| (name.as_str(), body.get("Type").and_then(Json::as_str).unwrap_or("")))
        })
        .collect();
    // A parameter of an SSM type is read from Parameter Store at every
    // deploy, so its value can change with no change to the template.
    let describe = |name: &str| {
        parameters.get(name).map(|kind| {
            if kind.starts_with("AWS::SSM::Parameter::Value") {
                format!("the SSM parameter behind parameter {name}, read again at every deploy")
            } else {
                format!("the value of parameter {name}")
            }
        })
    };
    let renamed = renames(old_resources, new_resources);

    let mut out = Vec::new();
    for (id, body) in new_resources {
        let change = match (old_resources.get(id), renamed.get(id.as_str())) {
            (Some(old_body), _) => compare(old_body, body),
            (None, Some(from)) => Change::Renamed {
                from: (*from).to_owned(),
                from_path: paths.old.get(*from).cloned(),
                old: removal(&old_resources[*from]),
            },
            (None, None) => Change::Added,
        };
        let mut unknowns = Vec::new();
        if let Some(properties) = body.get("Properties") {
            values::unknowns(properties, &describe, &mut unknowns);
        }
        if let Some(Json::String(condition)) = body.get("Condition") {
            unknowns.push(format!("condition {condition} (whether it exists)"));
        }
        out.push(ResourceDiff {
            logical_id: id.clone(),
            path: paths.new.get(id).cloned(),
            resource_type: type_of(body).to_owned(),
            change,
            unknowns,
        });
    }
    let paired: HashSet<&str> = renamed.values().copied().collect();
    for (id, body) in old_resources {
        if !new_resources.contains_key(id) && !paired.contains(id.as_str()) {
            out.push(ResourceDiff {
                logical_id: id.clone(),
                path: paths.old.get(id).cloned(),
                resource_type: type_of(body).to_owned(),
                change: Change::Removed(removal(body)),
                unknowns: Vec::new(),
            });
        }
    }
    // A mapping or condition whose definition changes may change every
    // value read from it, which this diff cannot evaluate: it cascades as
    // a resource that may be replaced does.
    let mut changed_sources = Vec::new();
    for (section_name, prefix) in [("Mappings", values::MAPPING), ("Conditions", values::CONDITION)] {
        let (before, after) = (section(old, section_name), section(new, section_name));
        for (name, body) in after.into_iter().flatten() {
            if before.and_then(|b| b.get(name)).is_some_and(|was| !values::same(was, body)) {
                changed_sources.push(format!("{prefix}{name}"));
            }
        }
    }
    cascade(&mut out, old_resources, new_resources, &changed_sources);
    out
}

fn section<'t>(template: &'t Json, name: &str) -> Option<&'t Map<String, Json>> {
    template.get(name).and_then(Json::as_object)
}

fn type_of(body: &Json) -> &str {
    body.get("Type").and_then(Json::as_str).unwrap_or("?")
}

/// Added resources that are removed ones under a new logical ID: same type,
/// same properties. New ID to old ID.
fn renames<'t>(old: &'t Map<String, Json>, new: &'t Map<String, Json>) -> HashMap<&'t str, &'t str> {
    let mut removed: Vec<&str> = old.keys().filter(|id| !new.contains_key(*id)).map(String::as_str).collect();
    let mut found = HashMap::new();
    for (id, body) in new.iter().filter(|(id, _)| !old.contains_key(*id)) {
        let same = removed.iter().position(|gone| {
            let before = &old[*gone];
            type_of(before) == type_of(body)
                && values::same(
                    before.get("Properties").unwrap_or(&Json::Null),
                    body.get("Properties").unwrap_or(&Json::Null),
                )
        });
        if let Some(index) = same {
            found.insert(id.as_str(), removed.remove(index));
        }
    }
    found
}

/// What removing a resource does, by its `DeletionPolicy`: "For
/// AWS::RDS::DBCluster resources, and AWS::RDS::DBInstance resources that
/// don't specify the DBClusterIdentifier property, the default policy is
/// Snapshot"
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html).
fn removal(body: &Json) -> Removal {
    match body.get("DeletionPolicy").and_then(Json::as_str) {
        Some("Retain" | "RetainExceptOnCreate") => Removal::Retained,
        Some("Snapshot") => Removal::Snapshot,
        Some(_) => Removal::Destroyed,
        None => {
            let clustered = body.get("Properties").and_then(|p| p.get("DBClusterIdentifier")).is_some();
            match type_of(body) {
                "AWS::RDS::DBCluster" => Removal::Snapshot,
                "AWS::RDS::DBInstance" if !clustered => Removal::Snapshot,
                _ => Removal::Destroyed,
            }
        }
    }
}

/// One resource in both templates.
fn compare(old: &Json, new: &Json) -> Change {
    let leaves = values::leaves(old.get("Properties"), new.get("Properties"));
    let updates: Vec<PropertyChange> = leaves.iter().map(property_change).collect();
    let (old_type, new_type) = (type_of(old), type_of(new));
    let old_retained =
        [old, new].iter().all(|body| matches!(body.get("UpdateReplacePolicy").and_then(Json::as_str), Some("Retain")));
    if old_type != new_type {
        let reasons = vec![Reason::TypeChanged { from: old_type.to_owned() }];
        return Change::Replaced { reasons, updates, old_retained };
    }
    if leaves.is_empty() {
        return unchanged_or_attributes(old, new);
    }
    let spec = cfnkit_spec::resource_type(new_type);
    let mut reasons = Vec::new();
    for leaf in &leaves {
        match replacement(spec, &leaf.path, Some(leaf)) {
            Replacement::Always => reasons.push(Reason::CreateOnly { property: leaf.path.join("/") }),
            Replacement::Sometimes => reasons.push(Reason::ConditionallyCreateOnly { property: leaf.path.join("/") }),
            Replacement::Never => {}
        }
    }
    if reasons.iter().any(|r| matches!(r, Reason::CreateOnly { .. })) {
        Change::Replaced { reasons, updates, old_retained }
    } else if reasons.is_empty() {
        Change::Updated { updates, cascades: Vec::new() }
    } else {
        Change::MayBeReplaced { reasons, updates }
    }
}

fn property_change(leaf: &Leaf) -> PropertyChange {
    PropertyChange { property: leaf.path.join("/"), old: leaf.old.clone(), new: leaf.new.clone() }
}

/// Two declarations whose properties are the same: what else differs.
fn unchanged_or_attributes(old: &Json, new: &Json) -> Change {
    let differs = |key: &str| match (old.get(key), new.get(key)) {
        (Some(a), Some(b)) => !values::same(a, b),
        (None, None) => false,
        _ => true,
    };
    // A condition or an update/creation policy changes what
    // CloudFormation does, though no property changes.
    let acted_on: Vec<PropertyChange> = ["Condition", "UpdatePolicy", "CreationPolicy"]
        .into_iter()
        .filter(|key| differs(key))
        .map(|key| PropertyChange {
            property: format!("({key})"),
            old: old.get(key).cloned(),
            new: new.get(key).cloned(),
        })
        .collect();
    if !acted_on.is_empty() {
        return Change::Updated { updates: acted_on, cascades: Vec::new() };
    }
    let note = if differs("Metadata") {
        Some(Sameness::Metadata)
    } else if differs("DependsOn") {
        Some(Sameness::DependsOn)
    } else if differs("DeletionPolicy") || differs("UpdateReplacePolicy") {
        Some(Sameness::Policies)
    } else {
        values::sameness(old, new)
    };
    Change::Unchanged(note)
}

/// Whether changing the property at `path` (below `Properties`) replaces
/// a resource of `spec`'s type. A create-only property inside a changed
/// object counts only when its own value changes (`leaf` gives both
/// values); below a list of objects that cannot be told, so it counts.
fn replacement(spec: Option<&cfnkit_spec::ResourceSpec>, path: &[String], leaf: Option<&Leaf>) -> Replacement {
    let Some(spec) = spec else { return Replacement::Never };
    let pointer = schema_pointer(path);
    let hit = |list: &[String]| {
        list.iter().any(|create_only| {
            if pointer == *create_only || pointer.starts_with(&format!("{create_only}/")) {
                return true;
            }
            let Some(inner) = create_only.strip_prefix(&format!("{pointer}/")) else { return false };
            if inner.split('/').any(|segment| segment == "*") {
                return true;
            }
            let Some(leaf) = leaf else { return true };
            let inner: Vec<String> = inner.split('/').map(str::to_owned).collect();
            match (values::at(leaf.old.as_ref(), &inner), values::at(leaf.new.as_ref(), &inner)) {
                (Some(a), Some(b)) => !values::same(a, b),
                (None, None) => false,
                _ => true,
            }
        })
    };
    if hit(spec.create_only_properties()) {
        Replacement::Always
    } else if hit(spec.conditional_create_only_properties()) {
        Replacement::Sometimes
    } else {
        Replacement::Never
    }
}

/// `A/0/B` as the schemas write it: `/properties/A/*/B`.
fn schema_pointer(path: &[String]) -> String {
    let mut pointer = String::from("/properties");
    for segment in path {
        pointer.push('/');
        if segment.parse::<usize>().is_ok() {
            pointer.push('*');
        } else {
            pointer.push_str(segment);
        }
    }
    pointer
}

/// Replacements reach the resources that refer to the replaced ones: a
/// `Ref` or `Fn::GetAtt` of a replaced resource names a new physical
/// resource, so the property holding it changes even though its text does
/// not, and replaces its resource when it is create-only. Repeated until
/// nothing more changes, so chains are followed.
fn cascade(out: &mut [ResourceDiff], old: &Map<String, Json>, new: &Map<String, Json>, changed: &[String]) {
    loop {
        let mut replaced: HashMap<String, bool> = out
            .iter()
            .filter(|r| old.contains_key(&r.logical_id))
            .filter_map(|r| match r.change {
                Change::Replaced { .. } => Some((r.logical_id.clone(), true)),
                Change::MayBeReplaced { .. } => Some((r.logical_id.clone(), false)),
                _ => None,
            })
            .collect();
        replaced.extend(changed.iter().map(|source| (source.clone(), false)));
        let mut grew = false;
        for resource in out.iter_mut() {
            if !old.contains_key(&resource.logical_id) {
                continue;
            }
            let Some(body) = new.get(&resource.logical_id) else { continue };
            let Some(properties) = body.get("Properties") else { continue };
            let spec = cfnkit_spec::resource_type(type_of(body));
            for (path, names) in values::reference_sites(properties) {
                for name in names {
                    let Some(&certain) = replaced.get(&name) else { continue };
                    if name == resource.logical_id {
                        continue;
                    }
                    let effect = match (replacement(spec, &path, None), certain) {
                        (Replacement::Always, true) => CascadeEffect::Replaces,
                        (Replacement::Always | Replacement::Sometimes, _) => CascadeEffect::MayReplace,
                        (Replacement::Never, _) => CascadeEffect::Updates,
                    };
                    let reason = Reason::Cascade { property: path.join("/"), through: name, effect };
                    grew |= apply(&mut resource.change, reason);
                }
            }
        }
        if !grew {
            break;
        }
    }
}

/// Adds a cascade to a resource's change, raising it where the cascade is
/// more serious; whether anything was added.
fn apply(change: &mut Change, reason: Reason) -> bool {
    let Reason::Cascade { effect, .. } = &reason else { return false };
    let effect = *effect;
    let has = |reasons: &[Reason]| reasons.contains(&reason);
    match change {
        Change::Added | Change::Removed(_) | Change::Renamed { .. } => false,
        Change::Replaced { reasons, .. } => {
            if has(reasons) || effect == CascadeEffect::Updates {
                return false;
            }
            reasons.push(reason);
            true
        }
        Change::MayBeReplaced { reasons, updates } => {
            if has(reasons) || effect == CascadeEffect::Updates {
                return false;
            }
            if effect == CascadeEffect::Replaces {
                let mut all = std::mem::take(reasons);
                all.push(reason);
                *change = Change::Replaced { reasons: all, updates: std::mem::take(updates), old_retained: false };
            } else {
                reasons.push(reason);
            }
            true
        }
        Change::Updated { updates, cascades } => {
            if has(cascades) {
                return false;
            }
            match effect {
                CascadeEffect::Updates => cascades.push(reason),
                CascadeEffect::Replaces => {
                    let mut reasons = std::mem::take(cascades);
                    reasons.push(reason);
                    *change = Change::Replaced { reasons, updates: std::mem::take(updates), old_retained: false };
                }
                CascadeEffect::MayReplace => {
                    let mut reasons = std::mem::take(cascades);
                    reasons.push(reason);
                    *change = Change::MayBeReplaced { reasons, updates: std::mem::take(updates) };
                }
            }
            true
        }
        Change::Unchanged(_) => {
            *change = match effect {
                CascadeEffect::Updates => Change::Updated { updates: Vec::new(), cascades: vec![reason] },
                CascadeEffect::Replaces => {
                    Change::Replaced { reasons: vec![reason], updates: Vec::new(), old_retained: false }
                }
                CascadeEffect::MayReplace => Change::MayBeReplaced { reasons: vec![reason], updates: Vec::new() },
            };
            true
        }
    }
}

/// Parameters or outputs added, removed or changed.
pub(crate) fn entries(old: &Json, new: &Json, name: &str) -> Vec<EntryChange> {
    let empty = Map::new();
    let old = section(old, name).unwrap_or(&empty);
    let new = section(new, name).unwrap_or(&empty);
    let export = |body: &Json| body.get("Export").and_then(|e| e.get("Name")).map(values::short);
    let mut out = Vec::new();
    for (id, body) in new {
        match old.get(id) {
            None => out.push(EntryChange { logical_id: id.clone(), kind: EntryKind::Added, lost_export: None }),
            Some(before) if !values::same(before, body) => {
                let lost = export(before).filter(|name| export(body).as_ref() != Some(name));
                out.push(EntryChange { logical_id: id.clone(), kind: EntryKind::Changed, lost_export: lost });
            }
            Some(_) => {}
        }
    }
    for (id, body) in old.iter().filter(|(id, _)| !new.contains_key(*id)) {
        out.push(EntryChange { logical_id: id.clone(), kind: EntryKind::Removed, lost_export: export(body) });
    }
    out
}
