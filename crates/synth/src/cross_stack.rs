//! References between the stacks of an app: a handle of stack A used in
//! stack B becomes an `Fn::ImportValue` in B of an Output that A exports,
//! and B deploys after A.
//!
//! "Exported output values ... must be unique within a region", "you can't
//! ... reference ... across regions", and an export name "can't ... include
//! ... a resource" reference: so the name is a literal made of the stack's
//! name and the target's logical ID, and stacks known to be in different
//! Regions or accounts cannot import each other
//! (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html,
//! .../intrinsic-function-reference-importvalue.html).
use std::collections::HashMap;

use cfnkit_core::{App, Environment, StackId, Target, Value};
use cfnkit_template as model;
use cfnkit_template::Expr;

use crate::error::SynthError;
use crate::limits::MAX_OUTPUTS;
use crate::logical_id::logical_id;
use crate::template::Template;

/// CloudFormation's longest export name.
const MAX_EXPORT_NAME: usize = 255;
/// CloudFormation's longest logical ID.
const MAX_LOGICAL_ID: usize = 255;

struct StackInfo {
    name: String,
    environment: Environment,
}

/// The stacks of the app being synthesised.
pub(crate) struct AppContext {
    stacks: HashMap<StackId, StackInfo>,
}

/// One reference from a stack to another stack of the app.
#[derive(Clone, Debug)]
pub(crate) struct Import {
    consumer: StackId,
    /// The construct holding the reference.
    from: String,
    producer: StackId,
    /// The construct path of the target in the producer.
    target: String,
    attribute: Option<String>,
    /// The export's name, as the consumer imports it.
    pub(crate) export: String,
    /// `false` for a `DependsOn`, which only orders the stacks.
    value: bool,
}

impl AppContext {
    /// A stack synthesised on its own: a handle of another stack is an error.
    pub(crate) fn single() -> AppContext {
        AppContext { stacks: HashMap::new() }
    }

    /// The stacks of `app`.
    pub(crate) fn of(app: &App) -> AppContext {
        let stacks = app
            .stacks()
            .iter()
            .map(|s| (s.id(), StackInfo { name: s.name().to_owned(), environment: s.environment().clone() }))
            .collect();
        AppContext { stacks }
    }

    /// The error for a handle of a stack this synthesis does not link.
    pub(crate) fn cross_stack_error(&self, from: &str, target: &Target) -> SynthError {
        SynthError::CrossStackReference {
            from: from.to_owned(),
            to: target.path().to_owned(),
            to_stack: self.stacks.get(&target.stack()).map_or_else(|| "another stack".into(), |s| s.name.clone()),
        }
    }

    /// The import a reference from `consumer` to `target` becomes, when
    /// `target` is in another stack of the app.
    pub(crate) fn import(
        &self,
        consumer: StackId,
        from: &str,
        target: &Target,
        attribute: Option<&str>,
    ) -> Result<Option<Import>, SynthError> {
        let (Some(here), Some(there)) = (self.stacks.get(&consumer), self.stacks.get(&target.stack())) else {
            return Ok(None);
        };
        for (what, mine, theirs) in [
            ("Region", &here.environment.region, &there.environment.region),
            ("account", &here.environment.account, &there.environment.account),
        ] {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                if mine != theirs {
                    return Err(SynthError::CrossEnvironmentReference {
                        from: from.to_owned(),
                        to: target.path().to_owned(),
                        to_stack: there.name.clone(),
                        difference: format!("that stack deploys to {what} {theirs} and this one to {mine}"),
                    });
                }
            }
        }
        Ok(Some(Import {
            consumer,
            from: from.to_owned(),
            producer: target.stack(),
            target: target.path().to_owned(),
            attribute: attribute.map(str::to_owned),
            export: export_name(&there.name, target.path(), attribute),
            value: true,
        }))
    }

    /// A `DependsOn` across stacks: an order, no import.
    pub(crate) fn order_only(
        &self,
        consumer: StackId,
        from: &str,
        target: &Target,
    ) -> Result<Option<Import>, SynthError> {
        Ok(self.import(consumer, from, target, None)?.map(|import| Import { value: false, ..import }))
    }
}

/// The export of `path` (and `attribute`) of stack `stack`:
/// `Stack:LogicalId` or `Stack:LogicalId-Attribute`, letters, digits,
/// colons and hyphens; a name over 255 characters keeps its start and a
/// hash of the whole.
pub(crate) fn export_name(stack: &str, path: &str, attribute: Option<&str>) -> String {
    let mut name = format!("{stack}:{}", logical_id(path));
    if let Some(attribute) = attribute {
        name.push('-');
        name.extend(attribute.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    }
    if name.len() > MAX_EXPORT_NAME {
        let mut hash = cfnkit_core::StableHash::new();
        hash.write(name.as_bytes());
        name.truncate(MAX_EXPORT_NAME - 9);
        name.push_str(&format!("-{:08X}", hash.finish()));
    }
    name
}

/// The Output that carries an export, by logical ID: `Export` and the
/// export's name without its stack and punctuation, within the 255
/// characters of a logical ID; when that ID is taken by another entry of
/// the template, or the name had to be cut, a hash of the export name
/// keeps it apart.
fn output_id(export: &str, taken: impl Fn(&str) -> bool) -> String {
    let local = export.split_once(':').map_or(export, |(_, rest)| rest);
    let mut id = format!("Export{}", local.chars().filter(char::is_ascii_alphanumeric).collect::<String>());
    if id.len() > MAX_LOGICAL_ID || taken(&id) {
        id.truncate(MAX_LOGICAL_ID - 8);
        id.push_str(&format!("{:08X}", cfnkit_core::StableHash::of(export)));
    }
    id
}

/// Adds every export the app's imports need (and the kept ones) to their
/// producers, orders the stacks so that each deploys after the stacks it
/// imports from, refuses a cycle, and returns the templates in that order.
pub(crate) fn link(app: &App, mut templates: Vec<Template>, imports: Vec<Import>) -> Result<Vec<Template>, SynthError> {
    let index: HashMap<StackId, usize> = app.stacks().iter().enumerate().map(|(i, s)| (s.id(), i)).collect();
    let mut exports: Vec<(usize, String, Option<String>, String)> = Vec::new();
    for import in imports.iter().filter(|i| i.value) {
        exports.push((index[&import.producer], import.target.clone(), import.attribute.clone(), import.from.clone()));
    }
    for (producer, stack) in app.stacks().iter().enumerate() {
        for kept in stack.kept_exports() {
            let (target, attribute) = match kept {
                Value::Ref(target) => (target, None),
                Value::GetAtt(target, attribute) => (target, Some(attribute.clone())),
                _ => continue,
            };
            exports.push((producer, target.path().to_owned(), attribute, stack.name().to_owned()));
        }
    }
    for (producer, target, attribute, from) in exports {
        let template = &mut templates[producer];
        let export = export_name(template.stack_name(), &target, attribute.as_deref());
        let Some(id) = template.logical_id(&target).map(str::to_owned) else {
            if template.nested().iter().any(|nested| nested.template.logical_id(&target).is_some()) {
                return Err(SynthError::WrongReferenceKind {
                    from,
                    to: target,
                    reason: "a resource inside a nested stack cannot be exported to another stack of the app (only a stack's own template exports): move it out of the nested stack, or pass the value through one of the stack's own resources",
                });
            }
            return Err(SynthError::DanglingReference { from, to: target });
        };
        let is_resource = template.model().resources.contains_key(&id);
        let is_parameter = template.model().parameters.contains_key(&id);
        let type_name = template.model().resources.get(&id).map(|r| r.resource_type.clone());
        let is_list = attribute.as_deref().zip(type_name.as_deref()).is_some_and(|(attribute, type_name)| {
            cfnkit_spec::resource_type(type_name).and_then(|spec| spec.attribute_is_list(attribute)) == Some(true)
        });
        if is_list {
            // An Output's value is a string; a list would fail the deploy.
            return Err(SynthError::WrongReferenceKind {
                from,
                to: target,
                reason: "a list attribute cannot be exported to another stack as it is (an export is a string): \
                         export a string made of it (Fn::Join) and split it where it is used (Fn::Split)",
            });
        }
        let value = match &attribute {
            Some(attribute) if is_resource => Expr::GetAtt(id.clone(), attribute.clone()),
            None if is_resource || is_parameter => Expr::Ref(id.clone()),
            _ => {
                return Err(SynthError::WrongReferenceKind {
                    from,
                    to: target,
                    reason: "another stack can import only a resource's Ref or Fn::GetAtt, or a parameter's Ref",
                })
            }
        };
        let stack_name = template.stack_name().to_owned();
        let model = template.model_mut();
        let exported = Some(Expr::String(export.clone()));
        if let Some((output_id, output)) = model.outputs.iter().find(|(_, output)| output.export_name == exported) {
            if output.value == value {
                continue;
            }
            // A hand-written Output already exports another value under
            // the name this reference needs.
            return Err(SynthError::ExportNameTaken { from, to: target, export, output: output_id.clone() });
        }
        let output_id = output_id(&export, |id| {
            model.outputs.contains_key(id)
                || model.resources.contains_key(id)
                || model.parameters.contains_key(id)
                || model.conditions.contains_key(id)
                || model.mappings.contains_key(id)
        });
        model.outputs.insert(
            output_id,
            model::Output {
                description: Some(format!("{target}, exported for the app's other stacks")),
                value,
                export_name: Some(Expr::String(export)),
                condition: None,
            },
        );
        if model.outputs.len() > MAX_OUTPUTS {
            return Err(SynthError::LimitExceeded {
                stack: stack_name,
                what: "outputs (exports for other stacks included)",
                count: model.outputs.len(),
                max: MAX_OUTPUTS,
            });
        }
    }

    // consumer -> producers, with the references that make each edge.
    let count = templates.len();
    let mut edges: Vec<Vec<(usize, String)>> = vec![Vec::new(); count];
    for import in &imports {
        let (consumer, producer) = (index[&import.consumer], index[&import.producer]);
        let names = |i: usize| app.stacks()[i].name();
        let reason = format!("{}/{} -> {}/{}", names(consumer), import.from, names(producer), import.target);
        edges[consumer].push((producer, reason));
    }
    if let Some((cycle, references)) = find_cycle(&edges) {
        return Err(SynthError::StackCycle {
            cycle: cycle.into_iter().map(|i| app.stacks()[i].name().to_owned()).collect(),
            references,
        });
    }
    let mut placed = vec![false; count];
    let mut order = Vec::with_capacity(count);
    while order.len() < count {
        let next = (0..count)
            .find(|&i| !placed[i] && edges[i].iter().all(|(p, _)| placed[*p]))
            .expect("an acyclic graph always has a stack whose producers are placed");
        placed[next] = true;
        order.push(next);
    }
    for (consumer, producers) in edges.iter().enumerate() {
        let mut names: Vec<String> = Vec::new();
        for &(producer, _) in producers {
            let name = app.stacks()[producer].name().to_owned();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        templates[consumer].set_dependencies(names);
    }
    let mut slots: Vec<Option<Template>> = templates.into_iter().map(Some).collect();
    Ok(order.into_iter().map(|i| slots[i].take().expect("each stack is placed once")).collect())
}

/// A cycle of stacks (the first repeated at the end) and the references
/// along it, if the graph has one.
fn find_cycle(edges: &[Vec<(usize, String)>]) -> Option<(Vec<usize>, Vec<String>)> {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; edges.len()];
    let mut path: Vec<(usize, usize)> = Vec::new();
    for start in 0..edges.len() {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        path.push((start, 0));
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some((to, _)) = edges[node].get(*next) {
                *next += 1;
                let to = *to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        path.push((to, 0));
                    }
                    1 => {
                        let start_at = path.iter().position(|(n, _)| *n == to).expect("on the path");
                        let mut cycle: Vec<usize> = path[start_at..].iter().map(|(n, _)| *n).collect();
                        let mut references = Vec::new();
                        for pair in cycle.windows(2) {
                            references
                                .extend(edges[pair[0]].iter().filter(|(p, _)| *p == pair[1]).map(|(_, r)| r.clone()));
                        }
                        let last = *cycle.last().expect("a cycle has a stack");
                        references.extend(edges[last].iter().filter(|(p, _)| *p == to).map(|(_, r)| r.clone()));
                        cycle.push(to);
                        return Some((cycle, references));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                path.pop();
            }
        }
    }
    None
}
