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
//! use cfnkit_constructs::{Output, RawResource, Stack};
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

pub mod cli;
mod error;
mod graph;
mod limits;
mod logical_id;
mod resolve;
mod template;

use std::collections::HashMap;

use cfnkit_constructs::{
    replace_targets_with_paths, App, DeletionPolicy, EntryKind, ResourceOptions, StableHash, Stack, StackId, TagShape,
    Target, Warning,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value as Json};

pub use error::SynthError;
pub use limits::{
    BODY_WARN_BYTES, MAX_BODY_BYTES, MAX_DESCRIPTION_BYTES, MAX_MAPPINGS, MAX_OUTPUTS, MAX_PARAMETERS, MAX_RESOURCES,
};
pub use logical_id::{content_logical_id, is_valid_logical_id, logical_id, MAX_LOGICAL_ID_LEN};
pub use template::{Format, Rendered, Template};

use graph::DependencyGraph;
use resolve::{Names, NodeClass};

/// Synthesises one stack on its own.
pub fn synth(stack: &Stack) -> Result<Template, SynthError> {
    synth_stack(stack, &HashMap::new())
}

/// Synthesises every stack of an app, in order.
pub fn synth_app(app: &App) -> Result<Vec<Template>, SynthError> {
    let names: HashMap<StackId, String> = app.stacks().iter().map(|s| (s.id(), s.name().to_owned())).collect();
    app.stacks().iter().map(|stack| synth_stack(stack, &names)).collect()
}

fn synth_stack(stack: &Stack, stack_names: &HashMap<StackId, String>) -> Result<Template, SynthError> {
    limits::check_stack_name(stack.name())?;
    let names = name_nodes(stack, stack_names)?;
    let counts = limits::Counts::of(stack);
    limits::check_counts(stack.name(), &counts)?;
    if let Some(description) = stack.description() {
        limits::check_description(stack.name(), description)?;
    }

    let mut resource_vertex: HashMap<u32, usize> = HashMap::new();
    let mut resource_paths: Vec<&str> = Vec::new();
    let mut graph_edges: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut sections = Sections::default();

    for entry in stack.entries() {
        let (logical_id, _) = names.nodes[entry.node as usize].clone().expect("live entries are named");
        match entry.kind {
            EntryKind::Resource(resource) => {
                let vertex = resource_paths.len();
                resource_vertex.insert(entry.node, vertex);
                resource_paths.push(entry.path);
                let mut properties = resource
                    .properties()
                    .map_err(|e| SynthError::Serialize { path: entry.path.to_owned(), message: e.to_string() })?;
                apply_stack_tags(&mut properties, resource.tag_shape(), stack.tags());
                let referenced = names.resolve_tree(entry.path, &mut properties)?;
                let options = resource.options();
                let mut depends_on = Vec::new();
                let mut waits_for = referenced.clone();
                for dependency in &options.depends_on {
                    let id = names.resolve_resource(entry.path, dependency)?;
                    if !waits_for.contains(&dependency.node()) {
                        waits_for.push(dependency.node());
                        depends_on.push(Json::String(id));
                    }
                }
                graph_edges.push((vertex, waits_for));

                let mut body = Map::new();
                body.insert("Type".into(), json!(resource.resource_type()));
                if properties.as_object().is_some_and(|p| !p.is_empty()) {
                    body.insert("Properties".into(), properties);
                }
                if !depends_on.is_empty() {
                    body.insert("DependsOn".into(), Json::Array(depends_on));
                }
                if let Some(condition) = &options.condition {
                    body.insert("Condition".into(), json!(names.resolve_condition(entry.path, condition)?));
                }
                if !options.metadata.is_empty() {
                    body.insert("Metadata".into(), json!(options.metadata));
                }
                if let Some(policy) = options.update_replace_policy.or_else(|| implied_update_replace_policy(options)) {
                    body.insert("UpdateReplacePolicy".into(), json!(policy));
                }
                if let Some(policy) = options.deletion_policy {
                    body.insert("DeletionPolicy".into(), json!(policy));
                }
                sections.resources.insert(logical_id, Json::Object(body));
            }
            EntryKind::Parameter(parameter) => {
                let mut body = serialise(entry.path, parameter)?;
                names.resolve_tree(entry.path, &mut body)?;
                sections.parameters.insert(logical_id, body);
            }
            EntryKind::Condition(condition) => {
                let mut body = serialise(entry.path, condition)?;
                names.resolve_tree(entry.path, &mut body)?;
                sections.conditions.insert(logical_id, body);
            }
            EntryKind::Mapping(mapping) => {
                let mut body = serialise(entry.path, mapping)?;
                names.resolve_tree(entry.path, &mut body)?;
                sections.mappings.insert(logical_id, body);
            }
            EntryKind::Output(output) => {
                let mut body = Map::new();
                if let Some(description) = output.description_text() {
                    body.insert("Description".into(), json!(description));
                }
                body.insert("Value".into(), serialise(entry.path, output.value())?);
                if let Some(name) = output.export() {
                    body.insert("Export".into(), json!({ "Name": serialise(entry.path, name)? }));
                }
                if let Some(condition) = output.condition_target() {
                    body.insert("Condition".into(), json!(names.resolve_condition(entry.path, condition)?));
                }
                let mut body = Json::Object(body);
                names.resolve_tree(entry.path, &mut body)?;
                sections.outputs.insert(logical_id, body);
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

    let logical_ids = stack
        .entries()
        .map(|entry| (entry.path.to_owned(), names.nodes[entry.node as usize].clone().expect("named").0))
        .collect();
    Ok(Template::new(stack.name(), sections.into_json(stack.description()), stack.warnings().to_vec(), logical_ids))
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
fn name_nodes<'a>(stack: &Stack, stack_names: &'a HashMap<StackId, String>) -> Result<Names<'a>, SynthError> {
    let mut nodes = Vec::new();
    let mut taken: HashMap<String, &str> = HashMap::new();
    for entry in stack.entries() {
        let id = match entry.kind {
            EntryKind::Resource(resource) if !resource.options().replace_when_changed.is_empty() => content_logical_id(
                entry.path,
                content_hash(stack, entry.path, &resource.options().replace_when_changed, stack_names)?,
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
        nodes[index] = Some((id, class));
    }
    Ok(Names { stack: stack.id(), nodes, other_stacks: stack_names })
}

/// A hash of the final properties of `targets`, references written as
/// construct paths so that it is the same on every run.
fn content_hash(
    stack: &Stack,
    from: &str,
    targets: &[Target],
    stack_names: &HashMap<StackId, String>,
) -> Result<u32, SynthError> {
    let mut hash = StableHash::new();
    for target in targets {
        if target.stack() != stack.id() {
            return Err(SynthError::CrossStackReference {
                from: from.to_owned(),
                to: target.path().to_owned(),
                to_stack: stack_names.get(&target.stack()).cloned().unwrap_or_else(|| "another stack".into()),
            });
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
        let mut properties = resource
            .properties()
            .map_err(|e| SynthError::Serialize { path: entry.path.to_owned(), message: e.to_string() })?;
        replace_targets_with_paths(&mut properties);
        hash.write(entry.path.as_bytes());
        hash.write(properties.to_string().as_bytes());
    }
    Ok(hash.finish())
}

fn serialise<T: serde::Serialize + ?Sized>(path: &str, value: &T) -> Result<Json, SynthError> {
    serde_json::to_value(value).map_err(|e| SynthError::Serialize { path: path.to_owned(), message: e.to_string() })
}

/// Adds the stack-wide tags a resource does not set itself.
fn apply_stack_tags(properties: &mut Json, shape: TagShape, tags: &IndexMap<String, String>) {
    if tags.is_empty() || shape == TagShape::None {
        return;
    }
    let Some(properties) = properties.as_object_mut() else { return };
    match shape {
        TagShape::List => {
            let list = properties.entry("Tags").or_insert_with(|| Json::Array(Vec::new()));
            let Some(list) = list.as_array_mut() else { return };
            for (key, value) in tags {
                if !list.iter().any(|tag| tag.get("Key").and_then(Json::as_str) == Some(key)) {
                    list.push(json!({ "Key": key, "Value": value }));
                }
            }
        }
        TagShape::Map => {
            let map = properties.entry("Tags").or_insert_with(|| Json::Object(Map::new()));
            let Some(map) = map.as_object_mut() else { return };
            for (key, value) in tags {
                map.entry(key.clone()).or_insert_with(|| json!(value));
            }
        }
        TagShape::None => {}
    }
}

#[derive(Default)]
struct Sections {
    parameters: Map<String, Json>,
    mappings: Map<String, Json>,
    conditions: Map<String, Json>,
    resources: Map<String, Json>,
    outputs: Map<String, Json>,
}

impl Sections {
    fn into_json(self, description: Option<&str>) -> Json {
        let mut template = Map::new();
        template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
        if let Some(description) = description {
            template.insert("Description".into(), json!(description));
        }
        for (name, section) in [
            ("Parameters", self.parameters),
            ("Mappings", self.mappings),
            ("Conditions", self.conditions),
            ("Resources", self.resources),
            ("Outputs", self.outputs),
        ] {
            if !section.is_empty() {
                template.insert(name.into(), Json::Object(section));
            }
        }
        Json::Object(template)
    }
}

/// Warnings that are not about one construct are reported against the stack.
pub(crate) fn stack_warning(stack: &str, message: impl Into<String>) -> Warning {
    Warning { path: stack.to_owned(), message: message.into() }
}
