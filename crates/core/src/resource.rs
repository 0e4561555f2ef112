//! The L1 layer's contract: what a typed CloudFormation resource provides,
//! and the per-resource options every resource shares.
//!
//! Serialisation is written once, here and in synth: an L1 type only derives
//! `Serialize` for its `Properties` and names its CloudFormation type.
use std::any::Any;

use indexmap::IndexMap;

use crate::handle::{AnyAttributes, Attributes, Target};
use crate::value::{PropertyMap, Str, ToValue, Value};

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
/// The type name and tag shape are constants of the type; the attributes
/// its handles give are a type of its own ([`Resource::Attributes`]), so any
/// crate can define resource types. `properties` writes the typed
/// `Properties` tree, unset optional properties left out; synth adds `Type`,
/// `DependsOn`, `Condition`, the policies and `Metadata`.
pub trait Resource: Any {
    /// The CloudFormation type name, e.g. `AWS::EC2::Subnet`.
    /// ([`RawResource`] has none of its own: its instances carry it.)
    const TYPE_NAME: &'static str;

    /// Whether and how the type takes `Tags`.
    const TAG_SHAPE: TagShape = TagShape::None;

    /// What a [`Handle`](crate::Handle) of this type dereferences to.
    type Attributes: Attributes;

    /// The `Properties` object, as a typed tree.
    fn properties(&self) -> Value;

    /// The type name of this instance: [`Resource::TYPE_NAME`] for every
    /// type but [`RawResource`].
    fn type_name(&self) -> &str {
        Self::TYPE_NAME
    }

    /// Whether the type may be one the CloudFormation resource schemas do
    /// not have (a third-party or private registry type). Synth checks every
    /// resource against its type's schema and refuses a type name it does
    /// not know, unless this says so; `Custom::` types are always allowed.
    /// A hand-written resource type of a third-party extension returns `true`.
    fn unregistered_type_allowed(&self) -> bool {
        false
    }
}

/// The object-safe face of a [`Resource`], as the stack stores it.
pub(crate) trait StoredResource {
    fn type_name(&self) -> &str;
    fn tag_shape(&self) -> TagShape;
    fn properties(&self) -> Value;
    fn unregistered_type_allowed(&self) -> bool;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Resource> StoredResource for T {
    fn type_name(&self) -> &str {
        Resource::type_name(self)
    }
    fn tag_shape(&self) -> TagShape {
        T::TAG_SHAPE
    }
    fn properties(&self) -> Value {
        Resource::properties(self)
    }
    fn unregistered_type_allowed(&self) -> bool {
        Resource::unregistered_type_allowed(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A `{"Key": .., "Value": ..}` tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value, which may be a reference.
    pub value: Str,
}

impl Tag {
    /// A tag from a key and a value.
    pub fn new(key: impl Into<String>, value: impl Into<Str>) -> Tag {
        Tag { key: key.into(), value: value.into() }
    }
}

impl ToValue for Tag {
    fn to_value(&self) -> Value {
        PropertyMap::new().required("Key", &self.key).required("Value", &self.value).build()
    }
}

/// What happens to a resource's physical resource when the stack deletes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl DeletionPolicy {
    /// The name CloudFormation gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
            DeletionPolicy::Snapshot => "Snapshot",
        }
    }
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
    /// why (`{"checkov": {"skip": [{"id": .., "comment": ..}]}}`). A rule
    /// suppressed again keeps only its latest reason.
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
            // One entry per rule: the latest reason replaces an earlier one.
            entries.retain(|existing| existing.get("id") != entry.get("id"));
            entries.push(entry);
        } else {
            *entries = serde_json::json!([entry]);
        }
    }
}

/// An override applied to a resource's typed `Properties` tree, as the
/// CDK's `addPropertyOverride` / `addPropertyDeletionOverride`: the tree
/// after overrides is what synth renders, so the model is what deploys.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PropertyOverride {
    Set(Vec<String>, Value),
    Delete(Vec<String>),
}

/// An override that cannot apply: it names an index past a list's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideError {
    /// The override's path, dot-separated.
    pub override_path: String,
    /// What is wrong.
    pub reason: String,
}

impl PropertyOverride {
    /// The dot-separated path, split into segments.
    pub(crate) fn segments(path: &str) -> Vec<String> {
        path.split('.').map(str::to_owned).collect()
    }

    /// Applies the override to a `Properties` object.
    pub(crate) fn apply(&self, properties: &mut Value) -> Result<(), OverrideError> {
        match self {
            PropertyOverride::Set(path, value) => {
                let fail = |reason| OverrideError { override_path: path.join("."), reason };
                let (last, parents) = path.split_last().expect("override paths are never empty");
                let mut node = properties;
                for segment in parents {
                    node = child_or_insert(node, segment).map_err(fail)?;
                }
                set_child(node, last, value.clone()).map_err(fail)?;
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
                    Value::Map(map) => {
                        map.shift_remove(last.as_str());
                    }
                    Value::List(items) => {
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

fn child<'a>(node: &'a mut Value, segment: &str) -> Option<&'a mut Value> {
    match node {
        Value::Map(map) => map.get_mut(segment),
        Value::List(items) => segment.parse::<usize>().ok().and_then(move |i| items.get_mut(i)),
        _ => None,
    }
}

/// The index a segment names in a list, or an error: an override never
/// turns a list into an object.
fn list_index(items: &[Value], segment: &str) -> Result<usize, String> {
    match segment.parse::<usize>() {
        Ok(index) if index < items.len() => Ok(index),
        _ => Err(format!("segment {segment:?} is not an index of a list of {} item(s)", items.len())),
    }
}

/// Makes `node` an object unless it is one (or a list, which keeps its shape).
fn ensure_map(node: &mut Value) -> &mut IndexMap<String, Value> {
    if !matches!(node, Value::Map(_)) {
        *node = Value::Map(IndexMap::new());
    }
    match node {
        Value::Map(map) => map,
        _ => unreachable!("made a map above"),
    }
}

/// Walks into `segment`, creating an object there if needed.
fn child_or_insert<'a>(node: &'a mut Value, segment: &str) -> Result<&'a mut Value, String> {
    if let Value::List(items) = node {
        let index = list_index(items, segment)?;
        return Ok(&mut items[index]);
    }
    Ok(ensure_map(node).entry(segment.to_owned()).or_insert_with(|| Value::Map(IndexMap::new())))
}

fn set_child(node: &mut Value, segment: &str, value: Value) -> Result<(), String> {
    if let Value::List(items) = node {
        let index = list_index(items, segment)?;
        items[index] = value;
        return Ok(());
    }
    ensure_map(node).insert(segment.to_owned(), value);
    Ok(())
}

/// A resource of any type with untyped properties: the escape hatch for
/// types this library does not model yet.
///
/// ```
/// use cfnkit_core::{RawResource, Stack, Value};
///
/// let mut stack = Stack::new("Demo");
/// let topic = RawResource::new("AWS::SNS::Topic").property("DisplayName", "alerts");
/// let topic = stack.add(&stack.root(), "Alerts", topic).unwrap();
/// let _arn: Value = topic.reference();
/// ```
///
/// Synth checks its properties against the type's schema as it checks a
/// generated type's, and refuses a type name the schemas do not have: a
/// third-party or private registry type is made with
/// [`RawResource::third_party`].
#[derive(Clone, Debug, PartialEq)]
pub struct RawResource {
    resource_type: String,
    properties: IndexMap<String, Value>,
    third_party: bool,
}

impl RawResource {
    /// A resource of the given CloudFormation type with no properties.
    pub fn new(resource_type: impl Into<String>) -> RawResource {
        RawResource { resource_type: resource_type.into(), properties: IndexMap::new(), third_party: false }
    }

    /// A resource of a type the CloudFormation resource schemas do not
    /// have: a third-party type from the public registry, or a private one
    /// (`MyOrg::Service::Thing`). Synth checks no schema for it.
    pub fn third_party(resource_type: impl Into<String>) -> RawResource {
        RawResource { third_party: true, ..RawResource::new(resource_type) }
    }

    /// Sets a property.
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> RawResource {
        self.properties.insert(name.into(), value.into());
        self
    }
}

impl Resource for RawResource {
    const TYPE_NAME: &'static str = "";
    type Attributes = AnyAttributes;

    fn properties(&self) -> Value {
        Value::Map(self.properties.clone())
    }

    fn type_name(&self) -> &str {
        &self.resource_type
    }

    fn unregistered_type_allowed(&self) -> bool {
        self.third_party
    }
}
