//! Typed handles: the only way one part of a stack refers to another.
//!
//! A handle is returned when a resource, parameter, condition or mapping is
//! added to a [`Stack`](crate::Stack). It records which stack and which node of
//! that stack's construct tree it points at, plus the node's path for error
//! messages. Synth turns it into a logical ID; nothing else ever needs one.
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::resource::Resource;
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
}

/// What a handle to a resource of one type can give: its `Ref` and its
/// `Fn::GetAtt` attributes as typed accessors.
///
/// Each L1 type names its attributes type ([`Resource::Attributes`]), defined
/// beside it in whatever crate defines the type; a [`Handle`] of that type
/// dereferences to it. So a subnet handle has `subnet_id()` but no
/// `private_ip()`: asking a resource for an attribute it does not have does
/// not compile, and a crate other than this one can add resource types.
pub trait Attributes: Clone {
    /// The attributes of the resource `target` points at.
    fn of(target: Target) -> Self;

    /// The resource they belong to.
    fn target(&self) -> &Target;

    /// `{"Ref": <the resource>}`.
    fn reference(&self) -> Value {
        Value::Ref(self.target().clone())
    }

    /// `{"Fn::GetAtt": [<the resource>, attribute]}`.
    fn get_att(&self, attribute: &str) -> Value {
        Value::GetAtt(self.target().clone(), attribute.to_owned())
    }
}

/// Declares an attributes type for an L1 resource: a struct holding the
/// resource's [`Target`] that implements [`Attributes`]. Add its typed
/// accessors in an `impl` block beside it.
///
/// ```
/// cfnkit_core::attributes! {
///     /// What an `AWS::SNS::Topic` handle gives.
///     pub struct TopicAttributes;
/// }
///
/// impl TopicAttributes {
///     /// The topic's ARN (`Ref`).
///     pub fn topic_arn(&self) -> cfnkit_core::Value {
///         cfnkit_core::Attributes::reference(self)
///     }
/// }
/// ```
#[macro_export]
macro_rules! attributes {
    ($(#[$meta:meta])* pub struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name($crate::Target);

        impl $crate::Attributes for $name {
            fn of(target: $crate::Target) -> Self {
                $name(target)
            }
            fn target(&self) -> &$crate::Target {
                &self.0
            }
        }
    };
}

attributes! {
    /// The attributes of a resource whose type has no typed accessors (a
    /// [`RawResource`](crate::RawResource)): `Ref` and `Fn::GetAtt` by name.
    pub struct AnyAttributes;
}

/// A typed handle to a resource of L1 type `T` (for example
/// `Handle<ec2::Subnet>`).
///
/// It dereferences to `T`'s [`Attributes`], the typed accessors for what
/// `Ref` and `Fn::GetAtt` return.
pub struct Handle<T: Resource> {
    attributes: T::Attributes,
}

impl<T: Resource> Handle<T> {
    pub(crate) fn new(target: Target) -> Self {
        Handle { attributes: T::Attributes::of(target) }
    }

    /// The symbolic target, for code that handles resources of any type.
    pub fn target(&self) -> &Target {
        self.attributes.target()
    }

    /// The construct path of the resource.
    pub fn path(&self) -> &str {
        self.target().path()
    }

    /// `{"Ref": <this resource>}`: what `Ref` returns depends on the type
    /// (usually its physical ID). Prefer the typed accessor where one exists.
    pub fn reference(&self) -> Value {
        Value::Ref(self.target().clone())
    }

    /// `{"Fn::GetAtt": [<this resource>, attribute]}`.
    ///
    /// This is the escape hatch for attributes that have no typed accessor
    /// yet; the attribute name is checked by `cfn-lint`, not by the compiler.
    pub fn get_att(&self, attribute: &str) -> Value {
        Value::GetAtt(self.target().clone(), attribute.to_owned())
    }
}

impl<T: Resource> AsRef<Target> for Handle<T> {
    fn as_ref(&self) -> &Target {
        self.target()
    }
}

impl AsRef<Target> for Target {
    fn as_ref(&self) -> &Target {
        self
    }
}

impl<T: Resource> Deref for Handle<T> {
    type Target = T::Attributes;

    fn deref(&self) -> &T::Attributes {
        &self.attributes
    }
}

impl<T: Resource> Clone for Handle<T> {
    fn clone(&self) -> Self {
        Handle { attributes: self.attributes.clone() }
    }
}

impl<T: Resource> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.path())
    }
}

impl<T: Resource> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.target() == other.target()
    }
}

impl<T: Resource> Eq for Handle<T> {}

impl<T: Resource> From<&Handle<T>> for Value {
    fn from(handle: &Handle<T>) -> Value {
        handle.reference()
    }
}

impl<T: Resource> From<Handle<T>> for Value {
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
