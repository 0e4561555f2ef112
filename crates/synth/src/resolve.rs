//! Replaces the symbolic targets in a serialised property tree with logical
//! IDs, and records which nodes the tree refers to.
use std::collections::HashMap;

use cfnkit_constructs::{StackId, Target};
use serde_json::Value as Json;

use crate::error::SynthError;

/// What a target may be, given where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeClass {
    Resource,
    Parameter,
    Condition,
    Mapping,
    /// Outputs cannot be referred to; a handle never points at one.
    Output,
}

/// Where a target stands, and so what it may point at.
#[derive(Clone, Copy)]
enum Position {
    Ref,
    GetAtt,
    Condition,
    Mapping,
}

impl Position {
    fn accepts(self, class: NodeClass) -> bool {
        matches!(
            (self, class),
            (Position::Ref, NodeClass::Resource | NodeClass::Parameter)
                | (Position::GetAtt, NodeClass::Resource)
                | (Position::Condition, NodeClass::Condition)
                | (Position::Mapping, NodeClass::Mapping)
        )
    }

    fn expectation(self) -> &'static str {
        match self {
            Position::Ref => "Ref takes a resource or a parameter",
            Position::GetAtt => "Fn::GetAtt and DependsOn take a resource",
            Position::Condition => "Fn::If and Condition take a condition",
            Position::Mapping => "Fn::FindInMap takes a mapping",
        }
    }
}

/// The names synth gave each node of one stack.
pub(crate) struct Names<'a> {
    pub(crate) stack: StackId,
    /// Indexed by node; `None` where the node is not a live leaf.
    pub(crate) nodes: Vec<Option<(String, NodeClass)>>,
    /// Other stacks of the app, to name them in errors.
    pub(crate) other_stacks: &'a HashMap<StackId, String>,
}

impl Names<'_> {
    /// The logical ID of a target, checked against the position it stands in.
    /// `from` is the path of the construct holding the reference.
    fn resolve(&self, from: &str, target: &Target, position: Position) -> Result<(&str, NodeClass), SynthError> {
        if target.stack() != self.stack {
            return Err(SynthError::CrossStackReference {
                from: from.to_owned(),
                to: target.path().to_owned(),
                to_stack: self.other_stacks.get(&target.stack()).cloned().unwrap_or_else(|| "another stack".into()),
            });
        }
        let Some((id, class)) = self.nodes.get(target.node() as usize).and_then(Option::as_ref) else {
            return Err(SynthError::DanglingReference { from: from.to_owned(), to: target.path().to_owned() });
        };
        if !position.accepts(*class) {
            return Err(SynthError::WrongReferenceKind {
                from: from.to_owned(),
                to: target.path().to_owned(),
                reason: position.expectation(),
            });
        }
        Ok((id, *class))
    }

    /// Resolves a target outside a property tree (`DependsOn`, `Condition`).
    pub(crate) fn resolve_resource(&self, from: &str, target: &Target) -> Result<String, SynthError> {
        self.resolve(from, target, Position::GetAtt).map(|(id, _)| id.to_owned())
    }

    /// Resolves a condition target outside a property tree.
    pub(crate) fn resolve_condition(&self, from: &str, target: &Target) -> Result<String, SynthError> {
        self.resolve(from, target, Position::Condition).map(|(id, _)| id.to_owned())
    }

    /// Resolves every target in `tree` in place. Returns the resource nodes it
    /// refers to, each once, in the order first seen.
    pub(crate) fn resolve_tree(&self, from: &str, tree: &mut Json) -> Result<Vec<u32>, SynthError> {
        let mut resources = Vec::new();
        self.walk(from, tree, &mut resources)?;
        Ok(resources)
    }

    fn walk(&self, from: &str, tree: &mut Json, resources: &mut Vec<u32>) -> Result<(), SynthError> {
        match tree {
            Json::Object(map) if map.len() == 1 => {
                if let Some(body) = map.get("Fn::Sub") {
                    check_sub(from, body)?;
                }
                let (key, body) = map.iter_mut().next().expect("one entry");
                let (position, slot) = match (key.as_str(), body) {
                    ("Ref", slot @ Json::String(_)) => (Position::Ref, Some(slot)),
                    ("Condition", slot @ Json::String(_)) => (Position::Condition, Some(slot)),
                    ("Fn::GetAtt", Json::Array(args)) => (Position::GetAtt, args.first_mut()),
                    ("Fn::If", Json::Array(args)) => (Position::Condition, args.first_mut()),
                    ("Fn::FindInMap", Json::Array(args)) => (Position::Mapping, args.first_mut()),
                    (_, body) => return self.walk(from, body, resources),
                };
                if let Some(slot) = slot {
                    self.replace(from, slot, position, resources)?;
                }
                let (_, body) = map.iter_mut().next().expect("one entry");
                if let Json::Array(args) = body {
                    for arg in args.iter_mut().skip(1) {
                        self.walk(from, arg, resources)?;
                    }
                }
                Ok(())
            }
            Json::Object(map) => map.values_mut().try_for_each(|v| self.walk(from, v, resources)),
            Json::Array(items) => items.iter_mut().try_for_each(|v| self.walk(from, v, resources)),
            Json::String(text) => match Target::decode(text) {
                Some(target) => Err(SynthError::WrongReferenceKind {
                    from: from.to_owned(),
                    to: target.path().to_owned(),
                    reason: "a handle may stand only in Ref, Fn::GetAtt, Fn::If, Condition or Fn::FindInMap",
                }),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn replace(
        &self,
        from: &str,
        slot: &mut Json,
        position: Position,
        resources: &mut Vec<u32>,
    ) -> Result<(), SynthError> {
        let Json::String(text) = slot else { return self.walk(from, slot, resources) };
        let Some(target) = Target::decode(text) else { return Ok(()) };
        let (id, class) = self.resolve(from, &target, position)?;
        if class == NodeClass::Resource && !resources.contains(&target.node()) {
            resources.push(target.node());
        }
        *text = id.to_owned();
        Ok(())
    }
}

/// Every `${Name}` or `${Name.Attribute}` in an `Fn::Sub` template must be
/// one of its variables or a pseudo-parameter: references to the stack's
/// own resources go in as handle-valued variables, never as names typed by
/// hand. `${!Literal}` is an escape and stays as it is.
fn check_sub(from: &str, body: &Json) -> Result<(), SynthError> {
    let (template, variables) = match body {
        Json::String(template) => (template.as_str(), None),
        Json::Array(parts) => match (parts.first().and_then(Json::as_str), parts.get(1).and_then(Json::as_object)) {
            (Some(template), variables) => (template, variables),
            _ => return Ok(()),
        },
        _ => return Ok(()),
    };
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        rest = &after[end + 1..];
        if inner.starts_with('!') {
            continue;
        }
        let name = inner.split('.').next().unwrap_or_default().trim();
        let known = name.starts_with("AWS::") || variables.is_some_and(|v| v.contains_key(name));
        if !known {
            return Err(SynthError::UnknownSubVariable { from: from.to_owned(), name: name.to_owned() });
        }
    }
    Ok(())
}
