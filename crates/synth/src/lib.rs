//! Synthesis: turns a [`Stack`] into a CloudFormation template.
//!
//! The pipeline, in order: name every node from its construct path
//! ([`logical_id`]), serialise each resource's properties once, resolve the
//! symbolic handles into `Ref` / `Fn::GetAtt`, build the dependency graph
//! and reject cycles, check CloudFormation's limits, then render JSON or
//! YAML. Nothing here depends on the clock, the environment or hash-map
//! order, so the same stack always gives the same bytes.
//!
//! ```
//! use cfnkit_core::{Output, RawResource, Stack};
//! use cfnkit_synth::{synth, Format};
//!
//! let mut stack = Stack::new("Demo");
//! let topic = stack.add(&stack.root(), "Alerts", RawResource::new("AWS::SNS::Topic")).unwrap();
//! stack.add_output("AlertsTopic", Output::new(topic.reference())).unwrap();
//! let template = synth(&stack).unwrap();
//! let json = template.render(Format::Json).unwrap().body;
//! assert!(json.contains(r#""Ref": "Alerts""#));
//! ```
#![warn(missing_docs)]

mod cross_stack;
mod error;
mod graph;
mod intents;
mod limits;
mod logical_id;
mod manifest;
mod quotas;
mod resolve;
mod schema;
mod template;

use std::collections::HashMap;

use cfnkit_core::{
    App, DeletionPolicy, EntryKind, Position, Quotas, ResourceOptions, StableHash, Stack, TagShape, Target, Value,
    Warning,
};
use cfnkit_template as model;
use cfnkit_template::Expr;
use indexmap::IndexMap;

pub use cfnkit_template::Format;
pub use error::{QuotaFinding, SynthError};
pub use limits::{
    BODY_WARN_BYTES, MAX_BODY_BYTES, MAX_DESCRIPTION_BYTES, MAX_MAPPINGS, MAX_OUTPUTS, MAX_PARAMETERS, MAX_RESOURCES,
};
pub use logical_id::{content_logical_id, is_valid_logical_id, logical_id, MAX_LOGICAL_ID_LEN};
pub use manifest::{template_file, Manifest, ManifestStack};
pub use template::{Diagram, NestedTemplate, Rendered, Template};

use cross_stack::AppContext;
use graph::DependencyGraph;
use resolve::{Names, NodeClass};

/// Synthesises one stack on its own.
pub fn synth(stack: &Stack) -> Result<Template, SynthError> {
    synth_stack(stack, &AppContext::single(), None).map(|(template, _, _)| template)
}

/// Synthesises every stack of an app and returns them in deploy order:
/// each after the stacks it imports from. A handle of one stack used in
/// another becomes an Output with an Export in the first and an
/// `Fn::ImportValue` in the second ([`Template::dependencies`] names the
/// stacks a template imports from); a cycle between stacks is an error
/// naming the references that make it.
pub fn synth_app(app: &App) -> Result<Vec<Template>, SynthError> {
    let context = AppContext::of(app);
    let mut templates = Vec::with_capacity(app.stacks().len());
    let mut imports = Vec::new();
    let mut region_counts = Vec::with_capacity(app.stacks().len());
    for stack in app.stacks() {
        let (template, stack_imports, counts) = synth_stack(stack, &context, Some(app.quotas()))?;
        templates.push(template);
        imports.extend(stack_imports);
        region_counts.push(counts);
    }
    check_app_region_quotas(app, &mut templates, &region_counts)?;
    cross_stack::link(app, templates, imports)
}

/// The Region-wide quotas (VPCs, internet gateways, Elastic IPs) over the
/// app's stacks together: stacks that name one Region and account add up
/// for certain; stacks that name none may well deploy to the same one (the
/// CLI's default), so they add up to a warning only.
fn check_app_region_quotas(
    app: &App,
    templates: &mut [Template],
    counts: &[quotas::RegionCounts],
) -> Result<(), SynthError> {
    if app.stacks().len() < 2 {
        return Ok(());
    }
    let mut groups: IndexMap<Option<(&str, &str)>, Vec<usize>> = IndexMap::new();
    for (index, stack) in app.stacks().iter().enumerate() {
        let environment = stack.environment();
        let key = environment.account.as_deref().zip(environment.region.as_deref());
        groups.entry(key).or_default().push(index);
    }
    for (environment, members) in groups {
        if members.len() < 2 {
            continue;
        }
        let mut total = quotas::RegionCounts::new();
        for &index in &members {
            quotas::add_region_counts(&mut total, &counts[index], environment.is_some());
        }
        let names: Vec<&str> = members.iter().map(|&i| app.stacks()[i].name()).collect();
        let across = match environment {
            Some((account, region)) => format!("across stacks {} (account {account}, {region})", names.join(", ")),
            None => format!("across stacks {}, if they deploy to one Region and account", names.join(", ")),
        };
        let limits = quotas::Limits { stack: app.stacks()[members[0]].quotas(), app: Some(app.quotas()) };
        let mut warnings = Vec::new();
        quotas::check_region(&names.join(" + "), &across, &total, &limits, &mut warnings)?;
        templates[members[0]].add_warnings(warnings);
    }
    Ok(())
}

fn synth_stack(
    stack: &Stack,
    context: &AppContext,
    app_quotas: Option<&Quotas>,
) -> Result<(Template, Vec<cross_stack::Import>, quotas::RegionCounts), SynthError> {
    limits::check_stack_name(stack.name())?;
    let names = name_nodes(stack, context)?;
    if let Some(description) = stack.description() {
        limits::check_description(stack.name(), description)?;
    }
    // The stack's own template, then one per nested stack.
    let mut models: Vec<model::Template> =
        std::iter::once(model::Template { description: stack.description().map(str::to_owned), ..Default::default() })
            .chain(names.nested.keys().map(|_| model::Template::default()))
            .collect();
    let group_index =
        |group: Option<u32>| group.map_or(0, |node| 1 + names.nested.get_index_of(&node).expect("a nested scope"));
    // A nested stack's own DependsOn, from its resources' DependsOn on the
    // parent's (or another nested stack's) resources.
    let mut nested_depends: IndexMap<u32, Vec<(u32, String)>> = IndexMap::new();

    let mut resource_vertex: HashMap<u32, usize> = HashMap::new();
    let mut resource_paths: Vec<&str> = Vec::new();
    let mut graph_edges: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut warnings = stack.warnings().to_vec();

    for entry in stack.entries() {
        let (logical_id, _) = names.nodes[entry.node as usize].clone().expect("live entries are named");
        let from = entry.path;
        let group = names.groups.get(entry.node as usize).copied().flatten();
        names.current.set(group);
        let template = &mut models[group_index(group)];
        match entry.kind {
            EntryKind::Resource(resource) => {
                let vertex = resource_paths.len();
                resource_vertex.insert(entry.node, vertex);
                resource_paths.push(entry.path);
                let mut properties = resource.properties().map_err(|e| SynthError::InvalidOverride {
                    path: from.to_owned(),
                    override_path: e.override_path,
                    reason: e.reason,
                })?;
                apply_stack_tags(&mut properties, resource.tag_shape(), stack.tags());
                let (properties, referenced) = names.expr(from, &properties)?;
                let spec = schema::check(
                    from,
                    resource.type_name(),
                    resource.unregistered_type_allowed(),
                    &properties,
                    &mut warnings,
                )?;
                let options = resource.options();
                let mut declared = model::Resource::new(resource.type_name());
                declared.properties = match properties {
                    Expr::Map(map) => map,
                    _ => return Err(SynthError::PropertiesNotAnObject { path: from.to_owned() }),
                };
                let mut waits_for = referenced;
                for dependency in &options.depends_on {
                    if names.depends_across(from, dependency)? {
                        continue;
                    }
                    let there = names.groups.get(dependency.node() as usize).copied().flatten();
                    if there != group {
                        // Across a nested stack's boundary: the parent waits
                        // for the nested stack, or the nested stack for the
                        // parent's resource.
                        let id = names.resolve_anywhere(from, dependency)?;
                        match (group, there) {
                            (None, Some(child)) => {
                                if !waits_for.contains(&child) {
                                    waits_for.push(child);
                                    declared.depends_on.push(names.nested[&child].clone());
                                }
                            }
                            (Some(child), None) => {
                                nested_depends.entry(child).or_default().push((dependency.node(), id))
                            }
                            (Some(child), Some(other)) => {
                                nested_depends.entry(child).or_default().push((other, names.nested[&other].clone()))
                            }
                            (None, None) => unreachable!("different groups"),
                        }
                        continue;
                    }
                    let id = names.resolve(from, dependency, Position::GetAtt)?;
                    if !waits_for.contains(&dependency.node()) {
                        waits_for.push(dependency.node());
                        declared.depends_on.push(id.to_owned());
                    }
                }
                graph_edges.push((vertex, waits_for));
                if let Some(condition) = &options.condition {
                    declared.condition = Some(names.resolve(from, condition, Position::Condition)?.to_owned());
                }
                check_suppressions(from, &options.metadata)?;
                for (key, value) in &options.metadata {
                    let value = Expr::from_json(value.clone()).map_err(|e| SynthError::MalformedIntrinsic {
                        from: from.to_owned(),
                        message: e.to_string(),
                    })?;
                    declared.metadata.insert(key.clone(), value);
                }
                declared.update_replace_policy = options
                    .update_replace_policy
                    .or_else(|| implied_update_replace_policy(options))
                    .map(|p| p.as_str().to_owned());
                declared.deletion_policy = options.deletion_policy.map(|p| p.as_str().to_owned());
                schema::check_policies(
                    from,
                    spec,
                    declared.deletion_policy.as_deref(),
                    declared.update_replace_policy.as_deref(),
                    &mut warnings,
                );
                template.resources.insert(logical_id, declared);
            }
            EntryKind::Parameter(parameter) => {
                let mut attributes = IndexMap::new();
                if let Some(description) = &parameter.description {
                    attributes.insert("Description".to_owned(), Expr::string(description.clone()));
                }
                if let Some(default) = &parameter.default {
                    attributes.insert("Default".to_owned(), names.expr(from, default)?.0);
                }
                if !parameter.allowed_values.is_empty() {
                    let values = Value::List(parameter.allowed_values.clone());
                    attributes.insert("AllowedValues".to_owned(), names.expr(from, &values)?.0);
                }
                if let Some(pattern) = &parameter.allowed_pattern {
                    attributes.insert("AllowedPattern".to_owned(), Expr::string(pattern.clone()));
                }
                if let Some(min) = parameter.min_value {
                    attributes.insert("MinValue".to_owned(), Expr::integer(min));
                }
                if let Some(max) = parameter.max_value {
                    attributes.insert("MaxValue".to_owned(), Expr::integer(max));
                }
                if let Some(no_echo) = parameter.no_echo {
                    attributes.insert("NoEcho".to_owned(), Expr::Bool(no_echo));
                }
                let parameter_type = parameter.parameter_type.name().to_owned();
                template.parameters.insert(logical_id, model::Parameter { parameter_type, attributes });
            }
            EntryKind::Condition(condition) => {
                template.conditions.insert(logical_id, names.condition(from, condition)?);
            }
            EntryKind::Mapping(mapping) => {
                let value = Value::Map(
                    mapping.iter().map(|(top, entries)| (top.clone(), Value::Map(entries.clone()))).collect(),
                );
                template.mappings.insert(logical_id, names.expr(from, &value)?.0);
            }
            EntryKind::Output(output) => {
                let export_name = match output.export() {
                    Some(name) => Some(names.expr(from, name)?.0),
                    None => None,
                };
                let condition = match output.condition_target() {
                    Some(condition) => Some(names.resolve(from, condition, Position::Condition)?.to_owned()),
                    None => None,
                };
                template.outputs.insert(
                    logical_id,
                    model::Output {
                        description: output.description_text().map(str::to_owned),
                        value: names.expr(from, output.value())?.0,
                        export_name,
                        condition,
                    },
                );
            }
        }
    }

    names.current.set(None);
    // The nested stacks' resources in the parent, their parameters and
    // outputs, and what their parameters make them wait for.
    let crossings = names.crossings.take();
    for (index, (&scope, stack_id)) in names.nested.iter().enumerate() {
        let child = &mut models[index + 1];
        let mut parameters = IndexMap::new();
        let mut waits_for: Vec<u32> = Vec::new();
        for ((owner, name), crossing) in &crossings.parameters {
            if *owner != scope {
                continue;
            }
            let parameter_type = if crossing.list { "CommaDelimitedList" } else { "String" };
            child.parameters.insert(
                name.clone(),
                model::Parameter { parameter_type: parameter_type.to_owned(), attributes: IndexMap::new() },
            );
            let value = &crossing.value;
            value.visit_references(&mut |reference| {
                if let cfnkit_template::Reference::Ref(id) | cfnkit_template::Reference::GetAtt(id, _) = reference {
                    if let Some((node, resolve::NodeClass::Resource)) = names.by_id.get(id) {
                        if !waits_for.contains(node) {
                            waits_for.push(*node);
                        }
                    }
                }
            });
            parameters.insert(name.clone(), value.clone());
        }
        for ((owner, name), crossing) in &crossings.outputs {
            if *owner == scope {
                let output = model::Output {
                    description: None,
                    value: crossing.value.clone(),
                    export_name: None,
                    // Conditions stay in their own template, and a nested
                    // stack's resources cannot use the parent's: what an
                    // output carries is never conditional.
                    condition: None,
                };
                child.outputs.insert(name.clone(), output);
            }
        }
        let path = names.path_of(scope);
        let mut declared = model::Resource::new("AWS::CloudFormation::Stack");
        // A nested stack goes with its parent: said explicitly, as cfn-lint
        // asks of every stateful type (I3011).
        declared.deletion_policy = Some("Delete".to_owned());
        declared.update_replace_policy = Some("Delete".to_owned());
        declared
            .properties
            .insert("TemplateURL".to_owned(), Expr::string(nested_template_file(stack.name(), stack_id)));
        if !parameters.is_empty() {
            declared.properties.insert("Parameters".to_owned(), Expr::Map(parameters));
        }
        for (node, id) in nested_depends.get(&scope).into_iter().flatten() {
            if !declared.depends_on.contains(id) {
                declared.depends_on.push(id.clone());
            }
            if !waits_for.contains(node) {
                waits_for.push(*node);
            }
        }
        schema::check(
            &path,
            "AWS::CloudFormation::Stack",
            false,
            &Expr::Map(declared.properties.clone()),
            &mut warnings,
        )?;
        let vertex = resource_paths.len();
        resource_vertex.insert(scope, vertex);
        resource_paths.push(names.path_str(scope));
        graph_edges.push((vertex, waits_for));
        models[0].resources.insert(stack_id.clone(), declared);
    }

    let mut graph = DependencyGraph::new(resource_paths.len());
    for (vertex, waits_for) in graph_edges {
        for node in waits_for {
            graph.add_edge(vertex, resource_vertex[&node]);
        }
    }
    if let Some(cycle) = graph.find_cycle() {
        return Err(SynthError::DependencyCycle {
            cycle: cycle.into_iter().map(|v| resource_paths[v].to_owned()).collect(),
        });
    }

    // Each template's limits, quotas and ids on its own.
    let mut logical_ids: Vec<IndexMap<String, String>> = vec![IndexMap::new(); models.len()];
    for entry in stack.entries() {
        let group = names.groups.get(entry.node as usize).copied().flatten();
        let id = names.nodes[entry.node as usize].clone().expect("named").0;
        logical_ids[group_index(group)].insert(entry.path.to_owned(), id);
    }
    for (&scope, stack_id) in &names.nested {
        logical_ids[0].insert(names.path_of(scope), stack_id.clone());
    }
    let limits = quotas::Limits { stack: stack.quotas(), app: app_quotas };
    let mut templates = Vec::with_capacity(models.len());
    let mut region_counts = quotas::RegionCounts::new();
    for (index, (template, ids)) in models.into_iter().zip(logical_ids).enumerate() {
        let name = match names.nested.get_index(index.wrapping_sub(1)) {
            Some((&scope, _)) if index > 0 => names.path_of(scope),
            _ => stack.name().to_owned(),
        };
        let counts = limits::Counts::of_model(&template);
        limits::check_counts(&name, &counts)?;
        let paths = ids.iter().map(|(path, id)| (id.as_str(), path.as_str())).collect();
        let mut own_warnings = if index == 0 { std::mem::take(&mut warnings) } else { Vec::new() };
        let in_region = quotas::check(&name, &template, &paths, &limits, &mut own_warnings)?;
        quotas::add_region_counts(&mut region_counts, &in_region, true);
        if index == 0 {
            intents::check(stack, &names, &template, paths)?;
        }
        limits::warn_near_limits(&name, &counts, &mut own_warnings);
        templates.push(Template::new(stack.name(), template, own_warnings, ids));
    }
    let mut root = templates.remove(0);
    if !templates.is_empty() {
        // A stack and its nested stacks deploy to one Region and account.
        let mut warnings = Vec::new();
        quotas::check_region(
            stack.name(),
            "in this stack and its nested stacks",
            &region_counts,
            &limits,
            &mut warnings,
        )?;
        root.add_warnings(warnings);
    }
    let nested = names
        .nested
        .iter()
        .zip(templates)
        .map(|((&scope, stack_id), template)| NestedTemplate {
            path: names.path_of(scope),
            file: nested_template_file(stack.name(), stack_id),
            template,
        })
        .collect();
    root.set_nested(nested);
    let imports = names.imports.into_inner();
    Ok((root, imports, region_counts))
}

/// Refuses a checkov or cfn-nag suppression in `metadata` that gives no
/// reason: a finding we accept carries why in the template.
fn check_suppressions(path: &str, metadata: &IndexMap<String, serde_json::Value>) -> Result<(), SynthError> {
    for (tool, list, reason) in [("checkov", "skip", "comment"), ("cfn_nag", "rules_to_suppress", "reason")] {
        let entries = metadata.get(tool).and_then(|section| section.get(list)).and_then(|l| l.as_array());
        for entry in entries.into_iter().flatten() {
            let given = entry.get(reason).and_then(|r| r.as_str()).is_some_and(|r| !r.trim().is_empty());
            if !given {
                return Err(SynthError::SuppressionWithoutReason {
                    path: path.to_owned(),
                    tool: tool.to_owned(),
                    rule: entry.get("id").and_then(|id| id.as_str()).unwrap_or("?").to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// The file a nested stack's template goes in, which its parent's
/// `TemplateURL` names (always JSON).
fn nested_template_file(stack: &str, logical_id: &str) -> String {
    format!("{stack}.{logical_id}.nested.template.json")
}

/// A deletion policy that keeps the resource would be defeated by a
/// replacement that deletes the old one, so it also applies to replacement
/// unless the user chose otherwise (as the CDK's removal policy does).
fn implied_update_replace_policy(options: &ResourceOptions) -> Option<DeletionPolicy> {
    match options.deletion_policy? {
        DeletionPolicy::Retain | DeletionPolicy::RetainExceptOnCreate => Some(DeletionPolicy::Retain),
        DeletionPolicy::Snapshot => Some(DeletionPolicy::Snapshot),
        DeletionPolicy::Delete => None,
    }
}

/// Gives every live leaf its logical ID and rejects collisions.
fn name_nodes<'a>(stack: &Stack, context: &'a AppContext) -> Result<Names<'a>, SynthError> {
    let mut nodes = Vec::new();
    let mut by_id = HashMap::new();
    let mut taken: HashMap<String, &str> = HashMap::new();
    let nested_scopes = stack.nested_stacks();
    let mut resource_types = HashMap::new();
    for entry in stack.entries() {
        if let EntryKind::Resource(resource) = entry.kind {
            if !nested_scopes.is_empty() {
                resource_types.insert(entry.node, resource.type_name().to_owned());
            }
        }
        let id = match entry.kind {
            EntryKind::Resource(resource) if !resource.options().replace_when_changed.is_empty() => content_logical_id(
                entry.path,
                content_hash(stack, entry.path, &resource.options().replace_when_changed, context)?,
            ),
            _ => logical_id(entry.path),
        };
        if let Some(other) = taken.insert(id.clone(), entry.path) {
            return Err(SynthError::DuplicateLogicalId {
                path: entry.path.to_owned(),
                other: other.to_owned(),
                logical_id: id,
            });
        }
        let class = match entry.kind {
            EntryKind::Resource(_) => NodeClass::Resource,
            EntryKind::Parameter(_) => NodeClass::Parameter,
            EntryKind::Condition(_) => NodeClass::Condition,
            EntryKind::Mapping(_) => NodeClass::Mapping,
            EntryKind::Output(_) => NodeClass::Output,
        };
        let index = entry.node as usize;
        if nodes.len() <= index {
            nodes.resize(index + 1, None);
        }
        by_id.insert(id.clone(), (entry.node, class));
        nodes[index] = Some((id, class));
    }
    // Each nested stack is a resource of its parent: an
    // AWS::CloudFormation::Stack named after its scope's path.
    let mut nested = IndexMap::new();
    let mut nested_paths = HashMap::new();
    for scope in nested_scopes {
        let node = scope.target().node();
        let id = logical_id(scope.path());
        if let Some(other) = taken.insert(id.clone(), "") {
            return Err(SynthError::DuplicateLogicalId {
                path: scope.path().to_owned(),
                other: other.to_owned(),
                logical_id: id,
            });
        }
        let index = node as usize;
        if nodes.len() <= index {
            nodes.resize(index + 1, None);
        }
        by_id.insert(id.clone(), (node, NodeClass::Resource));
        nodes[index] = Some((id.clone(), NodeClass::Resource));
        nested.insert(node, id);
        nested_paths.insert(node, scope.path().to_owned());
    }
    let groups = if nested.is_empty() {
        Vec::new()
    } else {
        (0..nodes.len() as u32).map(|node| stack.nested_scope_of(node)).collect()
    };
    Ok(Names {
        stack: stack.id(),
        nodes,
        by_id,
        app: context,
        imports: Default::default(),
        groups,
        nested,
        nested_paths,
        current: Default::default(),
        crossings: Default::default(),
        resource_types,
    })
}

/// A hash of the final properties of `targets`, references written as
/// construct paths so that it is the same on every run.
fn content_hash(stack: &Stack, from: &str, targets: &[Target], context: &AppContext) -> Result<u32, SynthError> {
    let mut hash = StableHash::new();
    for target in targets {
        if target.stack() != stack.id() {
            return Err(context.cross_stack_error(from, target));
        }
        let Some(entry) = stack.entry(target.node()) else {
            return Err(SynthError::DanglingReference { from: from.to_owned(), to: target.path().to_owned() });
        };
        let EntryKind::Resource(resource) = entry.kind else {
            return Err(SynthError::WrongReferenceKind {
                from: from.to_owned(),
                to: target.path().to_owned(),
                reason: "replace_when_changed takes resources",
            });
        };
        let properties = resource.properties().map_err(|e| SynthError::InvalidOverride {
            path: entry.path.to_owned(),
            override_path: e.override_path,
            reason: e.reason,
        })?;
        let properties = properties
            .to_json_with_paths()
            .map_err(|e| SynthError::MalformedIntrinsic { from: entry.path.to_owned(), message: e.to_string() })?;
        hash.write(entry.path.as_bytes());
        hash.write(sorted_keys(properties).to_string().as_bytes());
    }
    Ok(hash.finish())
}

/// The same JSON with every object's keys in sorted order, so that the hash
/// of a resource's properties depends on what they say, not on the order a
/// type writes them in (key order means nothing to CloudFormation).
fn sorted_keys(json: serde_json::Value) -> serde_json::Value {
    match json {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted_keys(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(sorted_keys).collect()),
        other => other,
    }
}

/// Adds the stack-wide tags a resource does not set itself.
fn apply_stack_tags(properties: &mut Value, shape: TagShape, tags: &IndexMap<String, String>) {
    if tags.is_empty() || shape == TagShape::None {
        return;
    }
    let Value::Map(properties) = properties else { return };
    match shape {
        TagShape::List => {
            let list = properties.entry("Tags".to_owned()).or_insert_with(|| Value::List(Vec::new()));
            let Value::List(list) = list else { return };
            for (key, value) in tags {
                let present = list.iter().any(|tag| match tag {
                    Value::Map(tag) => tag.get("Key").and_then(Value::as_literal_str) == Some(key),
                    _ => false,
                });
                if !present {
                    list.push(Value::map([("Key", key.into()), ("Value", value.into())]));
                }
            }
        }
        TagShape::Map => {
            let map = properties.entry("Tags".to_owned()).or_insert_with(|| Value::Map(IndexMap::new()));
            let Value::Map(map) = map else { return };
            for (key, value) in tags {
                map.entry(key.clone()).or_insert_with(|| value.into());
            }
        }
        TagShape::None => {}
    }
}

/// Warnings that are not about one construct are reported against the stack.
pub(crate) fn stack_warning(stack: &str, message: impl Into<String>) -> Warning {
    Warning { path: stack.to_owned(), message: message.into() }
}
