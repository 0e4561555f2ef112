//! Typed handles: the only way one part of a stack refers to another.
//!
//! A handle is returned when a resource, parameter, condition or mapping is
//! added to a [`Stack`](crate::Stack). It records which stack and which node of
//! that stack's construct tree it points at, plus the node's path for error
//! messages. Synth turns it into a logical ID; nothing else ever needs one.
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::value::Value;

/// Identifies one [`Stack`](crate::Stack) within the process.
///
/// Used only to detect a handle that crosses stacks; it never reaches a
/// template, so templates stay byte-identical between runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackId(pub(crate) u64);

/// A symbolic pointer at one node of one stack's construct tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    pub(crate) stack: StackId,
    pub(crate) node: u32,
    pub(crate) path: Arc<str>,
}

impl Target {
    /// The construct path of the node this points at, e.g. `Vpc/PublicSubnet1/Subnet`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The stack the node belongs to.
    pub fn stack(&self) -> StackId {
        self.stack
    }

    /// The node's index in its stack.
    pub fn node(&self) -> u32 {
        self.node
    }

    /// Marks this target inside a serialised property tree so that synth can
    /// find it and replace it with the logical ID. The NUL bytes keep it
    /// apart from anything a user could write as a literal.
    pub(crate) fn encode(&self) -> String {
        format!("{}{}\u{0}{}\u{0}{}", TARGET_SENTINEL, self.stack.0, self.node, self.path)
    }

    /// Reads back the marker a target leaves in a serialised property tree;
    /// `None` for any ordinary string.
    pub fn decode(text: &str) -> Option<Target> {
        let rest = text.strip_prefix(TARGET_SENTINEL)?;
        let mut parts = rest.splitn(3, '\u{0}');
        let stack = parts.next()?.parse().ok()?;
        let node = parts.next()?.parse().ok()?;
        let path = parts.next()?;
        Some(Target { stack: StackId(stack), node, path: Arc::from(path) })
    }
}

/// Replaces every target marker in a serialised property tree with the
/// target's construct path: a form that is the same on every run (stack ids
/// are not), for hashing what a resource says.
pub fn replace_targets_with_paths(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::String(text) => {
            if let Some(target) = Target::decode(text) {
                *text = target.path().to_owned();
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(replace_targets_with_paths),
        serde_json::Value::Object(map) => map.values_mut().for_each(replace_targets_with_paths),
        _ => {}
    }
}

const TARGET_SENTINEL: &str = "\u{0}cfnkit-target\u{0}";

/// A typed handle to a resource of L1 type `T` (for example
/// [`Handle<ec2::Subnet>`](crate::l1::ec2::Subnet)).
///
/// Each L1 type adds accessors for its own return values and attributes on
/// `Handle<ThatType>`, so a subnet handle has `subnet_id()` but no
/// `private_ip()`: asking a resource for an attribute it does not have does
/// not compile.
pub struct Handle<T> {
    pub(crate) target: Target,
    _type: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    pub(crate) fn new(target: Target) -> Self {
        Handle { target, _type: PhantomData }
    }

    /// The symbolic target, for code that handles resources of any type.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The construct path of the resource.
    pub fn path(&self) -> &str {
        self.target.path()
    }

    /// `{"Ref": <this resource>}`: what `Ref` returns depends on the type
    /// (usually its physical ID). Prefer the typed accessor where one exists.
    pub fn reference(&self) -> Value {
        Value::Ref(self.target.clone())
    }

    /// `{"Fn::GetAtt": [<this resource>, attribute]}`.
    ///
    /// This is the escape hatch for attributes that have no typed accessor
    /// yet; the attribute name is checked by `cfn-lint`, not by the compiler.
    pub fn get_att(&self, attribute: &str) -> Value {
        Value::GetAtt(self.target.clone(), attribute.to_owned())
    }

    /// Forgets the resource type, e.g. to list mixed resources in `DependsOn`.
    pub fn erase(&self) -> Handle<()> {
        Handle::new(self.target.clone())
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Handle::new(self.target.clone())
    }
}

impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.target.path)
    }
}

impl<T> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
    }
}

impl<T> Eq for Handle<T> {}

impl<T> From<&Handle<T>> for Value {
    fn from(handle: &Handle<T>) -> Value {
        handle.reference()
    }
}

impl<T> From<Handle<T>> for Value {
    fn from(handle: Handle<T>) -> Value {
        handle.reference()
    }
}

/// A handle to a template parameter; `Ref` gives the value passed at deploy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterHandle {
    pub(crate) target: Target,
}

impl ParameterHandle {
    /// `{"Ref": <parameter>}`.
    pub fn value(&self) -> Value {
        Value::Ref(self.target.clone())
    }

    /// The construct path of the parameter.
    pub fn path(&self) -> &str {
        self.target.path()
    }
}

impl From<&ParameterHandle> for Value {
    fn from(handle: &ParameterHandle) -> Value {
        handle.value()
    }
}

/// A handle to a template condition, for `Fn::If` and a resource's `Condition`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConditionHandle {
    pub(crate) target: Target,
}

impl ConditionHandle {
    /// The construct path of the condition.
    pub fn path(&self) -> &str {
        self.target.path()
    }

    /// `{"Fn::If": [<condition>, when_true, when_false]}`.
    pub fn if_else(&self, when_true: impl Into<Value>, when_false: impl Into<Value>) -> Value {
        Value::If(self.target.clone(), Box::new(when_true.into()), Box::new(when_false.into()))
    }
}

/// A handle to a template mapping, for `Fn::FindInMap`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingHandle {
    pub(crate) target: Target,
}

impl MappingHandle {
    /// The construct path of the mapping.
    pub fn path(&self) -> &str {
        self.target.path()
    }

    /// `{"Fn::FindInMap": [<mapping>, top_level_key, second_level_key]}`.
    pub fn find(&self, top_level_key: impl Into<Value>, second_level_key: impl Into<Value>) -> Value {
        Value::FindInMap(self.target.clone(), Box::new(top_level_key.into()), Box::new(second_level_key.into()))
    }
}
