//! The L1 layer's contract: what a typed CloudFormation resource provides,
//! and the per-resource options every resource shares.
//!
//! Serialisation is written once, here and in synth: an L1 type only derives
//! `Serialize` for its `Properties` and names its CloudFormation type.
use std::any::Any;

use indexmap::IndexMap;
use serde::Serialize;

use crate::handle::Target;
use crate::value::Value;

/// How a resource type takes tags, so that stack-wide tags reach it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagShape {
    /// The type has no `Tags` property.
    None,
    /// `Tags: [{"Key": .., "Value": ..}]`, the shape of most types.
    List,
    /// `Tags: {"key": "value"}`, as some newer types take them.
    Map,
}

/// One CloudFormation resource type, as a Rust type (an "L1" resource).
///
/// Implementors derive `Serialize` with CloudFormation's property names and
/// skip unset optional properties; synth adds `Type`, `DependsOn`,
/// `Condition`, the policies and `Metadata`.
pub trait Resource: Serialize + Any {
    /// The CloudFormation type name, e.g. `AWS::EC2::Subnet`.
    fn resource_type(&self) -> &str;

    /// Whether and how the type takes `Tags`.
    fn tag_shape(&self) -> TagShape {
        TagShape::None
    }
}

/// Implements [`Resource`] for an L1 struct: its type name and tag shape.
#[macro_export]
macro_rules! l1_resource {
    ($ty:ty, $name:literal) => {
        $crate::l1_resource!($ty, $name, None);
    };
    ($ty:ty, $name:literal, $tags:ident) => {
        impl $crate::Resource for $ty {
            fn resource_type(&self) -> &str {
                $name
            }
            fn tag_shape(&self) -> $crate::TagShape {
                $crate::TagShape::$tags
            }
        }
    };
}

/// The object-safe face of a [`Resource`], as the stack stores it.
pub(crate) trait StoredResource {
    fn resource_type(&self) -> &str;
    fn tag_shape(&self) -> TagShape;
    fn properties(&self) -> serde_json::Result<serde_json::Value>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Resource> StoredResource for T {
    fn resource_type(&self) -> &str {
        Resource::resource_type(self)
    }
    fn tag_shape(&self) -> TagShape {
        Resource::tag_shape(self)
    }
    fn properties(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A `{"Key": .., "Value": ..}` tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value, which may be a reference.
    pub value: Value,
}

impl Tag {
    /// A tag from a key and a value.
    pub fn new(key: impl Into<String>, value: impl Into<Value>) -> Tag {
        Tag { key: key.into(), value: value.into() }
    }
}

/// What happens to a resource's physical resource when the stack deletes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DeletionPolicy {
    /// Delete it (CloudFormation's default for most types).
    Delete,
    /// Keep it, out of the stack.
    Retain,
    /// Keep it unless the stack's creation failed.
    RetainExceptOnCreate,
    /// Take a snapshot, then delete it (types that support snapshots).
    Snapshot,
}

/// The resource attributes that are not properties.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceOptions {
    /// Explicit `DependsOn`; references already order the resources, and synth
    /// drops an entry that a reference already implies.
    pub depends_on: Vec<Target>,
    /// The stack condition the resource is created under.
    pub condition: Option<Target>,
    /// `DeletionPolicy`.
    pub deletion_policy: Option<DeletionPolicy>,
    /// `UpdateReplacePolicy`. When unset and the deletion policy keeps the
    /// resource, synth uses the same policy, so that a replacement does not
    /// delete what a deletion would keep.
    pub update_replace_policy: Option<DeletionPolicy>,
    /// `Metadata`, e.g. checkov or cfn-nag suppressions.
    pub metadata: IndexMap<String, serde_json::Value>,
    /// Resources whose final properties (overrides included) synth hashes
    /// into this resource's logical ID, so that a change to any of them
    /// makes CloudFormation create a new one of these: what an immutable
    /// snapshot such as an API Gateway deployment needs.
    pub replace_when_changed: Vec<Target>,
}

impl ResourceOptions {
    /// Creates the resource only when the stack condition holds.
    pub fn set_condition(&mut self, condition: &crate::ConditionHandle) {
        self.condition = Some(condition.target.clone());
    }

    /// Sets `DeletionPolicy` and `UpdateReplacePolicy` together, as the CDK's
    /// removal policy does: a replacement then treats the old resource as a
    /// deletion would (cfn-lint I3011 asks stateful resources for both).
    pub fn set_removal_policy(&mut self, policy: DeletionPolicy) {
        self.deletion_policy = Some(policy);
        self.update_replace_policy = Some(policy);
    }

    /// Records in `Metadata` that checkov's rule `id` does not apply, and
    /// why (`{"checkov": {"skip": [{"id": .., "comment": ..}]}}`).
    pub fn suppress_checkov(&mut self, id: &str, reason: &str) {
        self.append_suppression("checkov", "skip", serde_json::json!({ "id": id, "comment": reason }));
    }

    /// Records in `Metadata` that cfn-nag's rule `id` does not apply, and
    /// why (`{"cfn_nag": {"rules_to_suppress": [{"id": .., "reason": ..}]}}`).
    pub fn suppress_cfn_nag(&mut self, id: &str, reason: &str) {
        self.append_suppression("cfn_nag", "rules_to_suppress", serde_json::json!({ "id": id, "reason": reason }));
    }

    fn append_suppression(&mut self, tool: &str, list: &str, entry: serde_json::Value) {
        let section = self.metadata.entry(tool.to_owned()).or_insert_with(|| serde_json::json!({}));
        if !section.is_object() {
            *section = serde_json::json!({});
        }
        let entries =
            section.as_object_mut().expect("made an object above").entry(list).or_insert_with(|| serde_json::json!([]));
        if let Some(entries) = entries.as_array_mut() {
            entries.push(entry);
        } else {
            *entries = serde_json::json!([entry]);
        }
    }
}

/// An override applied to a resource's serialised properties, as the CDK's
/// `addPropertyOverride` / `addPropertyDeletionOverride`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PropertyOverride {
    Set(Vec<String>, Value),
    Delete(Vec<String>),
}

impl PropertyOverride {
    /// The dot-separated path, split into segments.
    pub(crate) fn segments(path: &str) -> Vec<String> {
        path.split('.').map(str::to_owned).collect()
    }

    /// Applies the override to a `Properties` object.
    pub(crate) fn apply(&self, properties: &mut serde_json::Value) -> serde_json::Result<()> {
        match self {
            PropertyOverride::Set(path, value) => {
                let value = serde_json::to_value(value)?;
                let (last, parents) = path.split_last().expect("override paths are never empty");
                let mut node = properties;
                for segment in parents {
                    node = child_or_insert(node, segment)?;
                }
                set_child(node, last, value)?;
            }
            PropertyOverride::Delete(path) => {
                let (last, parents) = path.split_last().expect("override paths are never empty");
                let mut node = properties;
                for segment in parents {
                    match child(node, segment) {
                        Some(next) => node = next,
                        None => return Ok(()),
                    }
                }
                match node {
                    serde_json::Value::Object(map) => {
                        map.shift_remove(last.as_str());
                    }
                    serde_json::Value::Array(items) => {
                        if let Some(index) = last.parse::<usize>().ok().filter(|i| *i < items.len()) {
                            items.remove(index);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

fn child<'a>(node: &'a mut serde_json::Value, segment: &str) -> Option<&'a mut serde_json::Value> {
    match node {
        serde_json::Value::Object(map) => map.get_mut(segment),
        serde_json::Value::Array(items) => segment.parse::<usize>().ok().and_then(move |i| items.get_mut(i)),
        _ => None,
    }
}

/// Walks into `segment`, creating an object there if needed (an array index
/// that exists is followed; anything else becomes an object key).
/// The index a segment names in a list, or an error: an override never
/// turns a list into an object.
fn list_index(items: &[serde_json::Value], segment: &str) -> serde_json::Result<usize> {
    match segment.parse::<usize>() {
        Ok(index) if index < items.len() => Ok(index),
        _ => Err(serde::ser::Error::custom(format!(
            "property override segment {segment:?} is not an index of a list of {} item(s)",
            items.len()
        ))),
    }
}

/// Walks into `segment`, creating an object there if needed.
fn child_or_insert<'a>(
    node: &'a mut serde_json::Value,
    segment: &str,
) -> serde_json::Result<&'a mut serde_json::Value> {
    if let serde_json::Value::Array(items) = node {
        let index = list_index(items, segment)?;
        return Ok(&mut items[index]);
    }
    if !node.is_object() {
        *node = serde_json::Value::Object(serde_json::Map::new());
    }
    Ok(node
        .as_object_mut()
        .expect("made an object above")
        .entry(segment.to_owned())
        .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new())))
}

fn set_child(node: &mut serde_json::Value, segment: &str, value: serde_json::Value) -> serde_json::Result<()> {
    if let serde_json::Value::Array(items) = node {
        let index = list_index(items, segment)?;
        items[index] = value;
        return Ok(());
    }
    if !node.is_object() {
        *node = serde_json::Value::Object(serde_json::Map::new());
    }
    node.as_object_mut().expect("made an object above").insert(segment.to_owned(), value);
    Ok(())
}

/// A resource of any type with untyped properties: the escape hatch for
/// types this library does not model yet.
///
/// ```
/// use cfnkit_constructs::{RawResource, Stack, Value};
///
/// let mut stack = Stack::new("Demo");
/// let topic = RawResource::new("AWS::SNS::Topic").property("DisplayName", "alerts");
/// let topic = stack.add(&stack.root(), "Alerts", topic).unwrap();
/// let _arn: Value = topic.reference();
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RawResource {
    resource_type: String,
    properties: IndexMap<String, Value>,
}

impl RawResource {
    /// A resource of the given CloudFormation type with no properties.
    pub fn new(resource_type: impl Into<String>) -> RawResource {
        RawResource { resource_type: resource_type.into(), properties: IndexMap::new() }
    }

    /// Sets a property.
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> RawResource {
        self.properties.insert(name.into(), value.into());
        self
    }
}

impl Serialize for RawResource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.properties.serialize(serializer)
    }
}

impl Resource for RawResource {
    fn resource_type(&self) -> &str {
        &self.resource_type
    }
}
