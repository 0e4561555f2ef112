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
pub use template::{Diagram, Rendered, Template};

use cross_stack::AppContext;
use graph::DependencyGraph;
use resolve::{Names, NodeClass};

/// Synthesises one stack on its own.
pub fn synth(stack: &Stack) -> Result<Template, SynthError> {
    synth_stack(stack, &AppContext::single(), None).map(|(template, _)| template)
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
    for stack in app.stacks() {
        let (template, stack_imports) = synth_stack(stack, &context, Some(app.quotas()))?;
        templates.push(template);
        imports.extend(stack_imports);
    }
    cross_stack::link(app, templates, imports)
}

fn synth_stack(
    stack: &Stack,
    context: &AppContext,
    app_quotas: Option<&Quotas>,
) -> Result<(Template, Vec<cross_stack::Import>), SynthError> {
    limits::check_stack_name(stack.name())?;
    let names = name_nodes(stack, context)?;
    let counts = limits::Counts::of(stack);
    limits::check_counts(stack.name(), &counts)?;
    if let Some(description) = stack.description() {
        limits::check_description(stack.name(), description)?;
    }

    let mut resource_vertex: HashMap<u32, usize> = HashMap::new();
    let mut resource_paths: Vec<&str> = Vec::new();
    let mut graph_edges: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut template = model::Template { description: stack.description().map(str::to_owned), ..Default::default() };
    let mut warnings = stack.warnings().to_vec();

    for entry in stack.entries() {
        let (logical_id, _) = names.nodes[entry.node as usize].clone().expect("live entries are named");
        let from = entry.path;
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

    let logical_ids: IndexMap<String, String> = stack
        .entries()
        .map(|entry| (entry.path.to_owned(), names.nodes[entry.node as usize].clone().expect("named").0))
        .collect();
    let paths = logical_ids.iter().map(|(path, id)| (id.as_str(), path.as_str())).collect();
    let limits = quotas::Limits { stack: stack.quotas(), app: app_quotas };
    quotas::check(stack.name(), &template, &paths, &limits, &mut warnings)?;
    intents::check(stack, &names, &template, paths)?;
    limits::warn_near_limits(stack.name(), &counts, &mut warnings);
    let imports = names.imports.into_inner();
    Ok((Template::new(stack.name(), template, warnings, logical_ids), imports))
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
    for entry in stack.entries() {
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
    Ok(Names { stack: stack.id(), nodes, by_id, app: context, imports: Default::default() })
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
