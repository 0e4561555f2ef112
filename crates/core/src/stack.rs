//! The stack: a tree of constructs whose leaves are resources, parameters,
//! outputs, conditions and mappings; and the app that holds stacks.
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use indexmap::IndexMap;

use crate::condition::Condition;
use crate::error::{Error, ErrorKind, Warning};
use crate::handle::{ConditionHandle, Handle, MappingHandle, ParameterHandle, StackId, Target};
use crate::intent::Intent;
use crate::output::Output;
use crate::parameter::Parameter;
use crate::quota::{Quota, Quotas};
use crate::resource::{OverrideError, PropertyOverride, Resource, ResourceOptions, StoredResource, TagShape};
use crate::value::Value;

static NEXT_STACK_ID: AtomicU64 = AtomicU64::new(1);

/// A scope in a stack's construct tree: the stack root, or a node that groups
/// the resources of one L2 construct (`Vpc`, `Vpc/PublicSubnet1`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    target: Target,
}

impl Scope {
    /// The scope's construct path; empty for the stack root.
    pub fn path(&self) -> &str {
        self.target.path()
    }

    /// The scope's node, as in [`Target::node`].
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The path a child with this id would have.
    pub fn child_path(&self, id: &str) -> String {
        if self.path().is_empty() {
            id.to_owned()
        } else {
            format!("{}/{}", self.path(), id)
        }
    }
}

/// A template mapping: `{top_level_key: {second_level_key: value}}`.
pub type Mapping = IndexMap<String, IndexMap<String, Value>>;

struct Node {
    parent: Option<u32>,
    path: Arc<str>,
    kind: NodeKind,
    removed: bool,
    /// A scope whose resources go into a nested stack's template.
    nested: bool,
}

enum NodeKind {
    Scope,
    Resource(ResourceEntry),
    Parameter(Parameter),
    Output(Output),
    Condition(Condition),
    Mapping(Mapping),
}

struct ResourceEntry {
    resource: Box<dyn StoredResource>,
    options: ResourceOptions,
    overrides: Vec<PropertyOverride>,
}

/// One CloudFormation stack: a tree of constructs that synth turns into one
/// template.
///
/// ```
/// use cfnkit_core::{Output, RawResource, Stack};
///
/// let mut stack = Stack::new("Demo");
/// let queue = stack.add(&stack.root(), "Jobs", RawResource::new("AWS::SQS::Queue")).unwrap();
/// stack.add_output("JobsQueueUrl", Output::new(queue.reference())).unwrap();
/// ```
pub struct Stack {
    id: StackId,
    name: String,
    description: Option<String>,
    tags: IndexMap<String, String>,
    nodes: Vec<Node>,
    children: HashMap<(u32, String), u32>,
    warnings: Vec<Warning>,
    quotas: Quotas,
    intents: Vec<Intent>,
    environment: Environment,
    kept_exports: Vec<Value>,
}

/// Where a stack deploys, when the program knows: cross-stack references
/// work only within one account and Region (exports are regional), so synth
/// refuses one between stacks known to differ.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// The AWS account id.
    pub account: Option<String>,
    /// The Region, e.g. `us-east-1`.
    pub region: Option<String>,
}

impl std::fmt::Debug for Stack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stack").field("name", &self.name).field("nodes", &self.nodes.len()).finish()
    }
}

/// A read-only view of one live leaf of the construct tree, for synth.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    /// The node's index, as in [`Target::node`].
    pub node: u32,
    /// The construct path.
    pub path: &'a str,
    /// What it is.
    pub kind: EntryKind<'a>,
}

/// What a leaf of the construct tree is.
#[derive(Clone, Copy)]
pub enum EntryKind<'a> {
    /// A resource.
    Resource(ResourceView<'a>),
    /// A parameter.
    Parameter(&'a Parameter),
    /// An output.
    Output(&'a Output),
    /// A condition.
    Condition(&'a Condition),
    /// A mapping.
    Mapping(&'a Mapping),
}

/// A read-only view of a resource, for synth.
#[derive(Clone, Copy)]
pub struct ResourceView<'a> {
    entry: &'a ResourceEntry,
}

impl<'a> ResourceView<'a> {
    /// The CloudFormation type name.
    pub fn type_name(&self) -> &'a str {
        self.entry.resource.type_name()
    }

    /// How the type takes tags.
    pub fn tag_shape(&self) -> TagShape {
        self.entry.resource.tag_shape()
    }

    /// Whether the type may be one the resource schemas do not have
    /// ([`Resource::unregistered_type_allowed`](crate::Resource::unregistered_type_allowed)).
    pub fn unregistered_type_allowed(&self) -> bool {
        self.entry.resource.unregistered_type_allowed()
    }

    /// `DependsOn`, `Condition`, policies and metadata.
    pub fn options(&self) -> &'a ResourceOptions {
        &self.entry.options
    }

    /// The typed `Properties` tree, with property overrides applied.
    /// References are still symbolic targets; synth resolves them.
    pub fn properties(&self) -> Result<Value, OverrideError> {
        let mut properties = self.entry.resource.properties();
        for property_override in &self.entry.overrides {
            property_override.apply(&mut properties)?;
        }
        Ok(properties)
    }
}

impl Stack {
    /// An empty stack. The name is what `aws cloudformation deploy
    /// --stack-name` is usually given; synth checks it.
    pub fn new(name: impl Into<String>) -> Stack {
        let id = StackId(NEXT_STACK_ID.fetch_add(1, Ordering::Relaxed));
        let root = Node { parent: None, path: Arc::from(""), kind: NodeKind::Scope, removed: false, nested: false };
        Stack {
            id,
            name: name.into(),
            description: None,
            tags: IndexMap::new(),
            nodes: vec![root],
            children: HashMap::new(),
            warnings: Vec::new(),
            quotas: Quotas::default(),
            intents: Vec::new(),
            environment: Environment::default(),
            kept_exports: Vec::new(),
        }
    }

    /// The stack's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The stack's identity, to tell its handles from another stack's.
    pub fn id(&self) -> StackId {
        self.id
    }

    /// Sets the template's `Description` (at most 1024 bytes; synth checks).
    pub fn set_description(&mut self, description: impl Into<String>) {
        self.description = Some(description.into());
    }

    /// The template's description.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Adds a tag that synth puts on every resource of a type that takes tags,
    /// unless the resource sets that key itself.
    pub fn add_tag(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.tags.insert(key.into(), value.into());
    }

    /// The stack-wide tags.
    pub fn tags(&self) -> &IndexMap<String, String> {
        &self.tags
    }

    /// Records that the account this stack deploys to has had `quota`
    /// raised to `value`, so that synth checks against it instead of AWS's
    /// default (and before the app's, if the app records one too).
    ///
    /// ```
    /// use cfnkit_core::{Quota, Stack};
    ///
    /// let mut stack = Stack::new("Network");
    /// stack.raise_quota(Quota::InboundRulesPerSecurityGroup, 120).unwrap();
    /// assert!(stack.raise_quota(Quota::ManagedPolicyCharacters, 8000).is_err());
    /// ```
    pub fn raise_quota(&mut self, quota: Quota, value: u32) -> Result<(), Error> {
        self.quotas.raise(&self.name, quota, value)
    }

    /// The quotas recorded as raised on this stack.
    pub fn quotas(&self) -> &Quotas {
        &self.quotas
    }

    /// Declares what the stack's network must allow or refuse; synth
    /// proves it against the template's routes, gateways, security groups
    /// and network ACLs, and refuses the template when it does not hold.
    /// Its endpoints must be resources of this stack.
    pub fn add_intent(&mut self, intent: Intent) -> Result<(), Error> {
        for endpoint in intent.endpoints() {
            self.checked_index(&endpoint.0, self.name.clone())?;
        }
        self.intents.push(intent);
        Ok(())
    }

    /// The network intents, in the order they were declared.
    pub fn intents(&self) -> &[Intent] {
        &self.intents
    }

    /// Records the account and Region the stack deploys to. Templates stay
    /// environment-agnostic (`AWS::Region` and `Fn::GetAZs` resolve at
    /// deploy); synth uses it to refuse references between stacks that
    /// cannot import each other's exports.
    pub fn set_environment(&mut self, account: Option<&str>, region: Option<&str>) {
        self.environment = Environment { account: account.map(str::to_owned), region: region.map(str::to_owned) };
    }

    /// Where the stack deploys, as far as the program says.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// Keeps exporting `value` (a `Ref` or `Fn::GetAtt` of a resource of
    /// this stack) although no stack of the app uses it any more: the way
    /// out of the "deadly embrace", where CloudFormation refuses to delete
    /// an export another stack still imports. Deploy the consumer without
    /// its use first (the export stays, kept by this), then remove this
    /// call and deploy the producer.
    pub fn keep_export(&mut self, value: Value) -> Result<(), Error> {
        let target = match &value {
            Value::Ref(target) | Value::GetAtt(target, _) => target.clone(),
            _ => return Err(Error::new(self.name.clone(), ErrorKind::NotExportable)),
        };
        self.checked_index(&target, self.name.clone())?;
        if !self.kept_exports.contains(&value) {
            self.kept_exports.push(value);
        }
        Ok(())
    }

    /// The values kept exported with [`Stack::keep_export`].
    pub fn kept_exports(&self) -> &[Value] {
        &self.kept_exports
    }

    /// The root scope, where top-level constructs go.
    pub fn root(&self) -> Scope {
        Scope { target: self.target(0) }
    }

    /// Adds a child scope, for grouping the resources of one construct.
    pub fn scope(&mut self, parent: &Scope, id: &str) -> Result<Scope, Error> {
        let node = self.insert(parent, id, NodeKind::Scope)?;
        Ok(Scope { target: self.target(node) })
    }

    /// Adds a nested-stack scope: the resources added under it go into a
    /// template of their own, which the stack's template deploys as an
    /// `AWS::CloudFormation::Stack` (its `TemplateURL` a local file that
    /// `aws cloudformation package` uploads). References across the
    /// boundary become the nested stack's parameters and outputs. Each
    /// template's limits are checked on its own, so a nested stack is the
    /// way past 500 resources in one stack. Nested stacks do not nest.
    ///
    /// ```
    /// use cfnkit_core::{RawResource, Stack};
    ///
    /// let mut stack = Stack::new("Parent");
    /// let storage = stack.nested_stack(&stack.root(), "Storage").unwrap();
    /// stack.add(&storage, "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    /// assert_eq!(stack.nested_stacks().len(), 1);
    /// ```
    pub fn nested_stack(&mut self, parent: &Scope, id: &str) -> Result<Scope, Error> {
        let parent_index = self.checked_index(&parent.target, parent.child_path(id))?;
        if self.nested_scope_of(parent_index).is_some() {
            return Err(Error::new(parent.child_path(id), ErrorKind::NestedStackInNestedStack));
        }
        let node = self.insert(parent, id, NodeKind::Scope)?;
        self.nodes[node as usize].nested = true;
        Ok(Scope { target: self.target(node) })
    }

    /// The live nested-stack scopes, in the order they were added.
    pub fn nested_stacks(&self) -> Vec<Scope> {
        (0..self.nodes.len() as u32)
            .filter(|&i| {
                let node = &self.nodes[i as usize];
                node.nested && !node.removed
            })
            .map(|i| Scope { target: self.target(i) })
            .collect()
    }

    /// The nested-stack scope `node` is in (itself included), if any.
    pub fn nested_scope_of(&self, node: u32) -> Option<u32> {
        let mut current = Some(node);
        while let Some(index) = current {
            let stored = self.nodes.get(index as usize)?;
            if stored.nested {
                return Some(index);
            }
            current = stored.parent;
        }
        None
    }

    /// Adds a typed resource under `parent` and returns its handle.
    pub fn add<T: Resource>(&mut self, parent: &Scope, id: &str, resource: T) -> Result<Handle<T>, Error> {
        let entry =
            ResourceEntry { resource: Box::new(resource), options: ResourceOptions::default(), overrides: Vec::new() };
        let node = self.insert(parent, id, NodeKind::Resource(entry))?;
        Ok(Handle::new(self.target(node)))
    }

    /// Adds a template parameter at the stack root.
    pub fn add_parameter(&mut self, id: &str, parameter: Parameter) -> Result<ParameterHandle, Error> {
        let node = self.insert(&self.root(), id, NodeKind::Parameter(parameter))?;
        Ok(ParameterHandle { target: self.target(node) })
    }

    /// Adds a stack output at the stack root.
    pub fn add_output(&mut self, id: &str, output: Output) -> Result<(), Error> {
        self.insert(&self.root(), id, NodeKind::Output(output)).map(drop)
    }

    /// Adds a condition at the stack root.
    pub fn add_condition(&mut self, id: &str, condition: Condition) -> Result<ConditionHandle, Error> {
        let node = self.insert(&self.root(), id, NodeKind::Condition(condition))?;
        Ok(ConditionHandle { target: self.target(node) })
    }

    /// Adds a mapping at the stack root.
    pub fn add_mapping(&mut self, id: &str, mapping: Mapping) -> Result<MappingHandle, Error> {
        let node = self.insert(&self.root(), id, NodeKind::Mapping(mapping))?;
        Ok(MappingHandle { target: self.target(node) })
    }

    /// Records a warning against a construct path; synth reports it.
    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning { path: path.into(), message: message.into() });
    }

    /// The warnings recorded while building.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The typed resource behind a handle, if it is in this stack.
    pub fn get<T: Resource>(&self, handle: &Handle<T>) -> Option<&T> {
        match &self.live_node(handle.target())?.kind {
            NodeKind::Resource(entry) => entry.resource.as_any().downcast_ref(),
            _ => None,
        }
    }

    /// The typed resource behind a handle, to change it after it was added
    /// (as an L1 property set on a CDK `Cfn*` object).
    pub fn get_mut<T: Resource>(&mut self, handle: &Handle<T>) -> Option<&mut T> {
        let node = self.live_index(handle.target())?;
        match &mut self.nodes[node as usize].kind {
            NodeKind::Resource(entry) => entry.resource.as_any_mut().downcast_mut(),
            _ => None,
        }
    }

    /// `DependsOn`, `Condition`, policies and metadata of a resource.
    pub fn options_mut<T: Resource>(&mut self, handle: &Handle<T>) -> Result<&mut ResourceOptions, Error> {
        Ok(&mut self.resource_entry_mut(handle.target())?.options)
    }

    /// Makes `dependent` wait for `dependency` (an explicit `DependsOn`).
    /// Needed only where no reference already orders them.
    pub fn add_dependency<A: Resource>(
        &mut self,
        dependent: &Handle<A>,
        dependency: &impl AsRef<Target>,
    ) -> Result<(), Error> {
        let dependency = dependency.as_ref().clone();
        let options = self.options_mut(dependent)?;
        if !options.depends_on.contains(&dependency) {
            options.depends_on.push(dependency);
        }
        Ok(())
    }

    /// Sets a property in the serialised output, whatever the typed resource
    /// says: `"VpcConfig.Ipv6AllowedForDualStack"`. Segments are property
    /// names; a number indexes an existing list.
    pub fn add_property_override<T: Resource>(
        &mut self,
        handle: &Handle<T>,
        path: &str,
        value: impl Into<Value>,
    ) -> Result<(), Error> {
        let segments = self.override_segments(handle.target(), path)?;
        let value = value.into();
        self.resource_entry_mut(handle.target())?.overrides.push(PropertyOverride::Set(segments, value));
        Ok(())
    }

    /// Removes a property from the serialised output.
    pub fn add_property_deletion<T: Resource>(&mut self, handle: &Handle<T>, path: &str) -> Result<(), Error> {
        let segments = self.override_segments(handle.target(), path)?;
        self.resource_entry_mut(handle.target())?.overrides.push(PropertyOverride::Delete(segments));
        Ok(())
    }

    /// Removes a resource. Any reference left to it is a dangling reference
    /// that synth reports.
    pub fn remove<T: Resource>(&mut self, handle: &Handle<T>) -> Result<(), Error> {
        let node = self.checked_index(handle.target(), self.name.clone())?;
        self.remove_subtree(node);
        Ok(())
    }

    /// Removes a scope and everything in it.
    pub fn remove_scope(&mut self, scope: &Scope) -> Result<(), Error> {
        let node = self.checked_index(&scope.target, self.name.clone())?;
        if node == 0 {
            return Err(Error::new(self.name.clone(), ErrorKind::RootNotRemovable));
        }
        self.remove_subtree(node);
        Ok(())
    }

    /// Every live leaf (resource, parameter, output, condition, mapping), in
    /// the order it was added.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        (0..self.nodes.len() as u32).filter_map(|node| self.entry(node))
    }

    /// The live leaf at a node index, if there is one.
    pub fn entry(&self, node: u32) -> Option<Entry<'_>> {
        let stored = self.nodes.get(node as usize).filter(|n| !n.removed)?;
        let kind = match &stored.kind {
            NodeKind::Scope => return None,
            NodeKind::Resource(entry) => EntryKind::Resource(ResourceView { entry }),
            NodeKind::Parameter(parameter) => EntryKind::Parameter(parameter),
            NodeKind::Output(output) => EntryKind::Output(output),
            NodeKind::Condition(condition) => EntryKind::Condition(condition),
            NodeKind::Mapping(mapping) => EntryKind::Mapping(mapping),
        };
        Some(Entry { node, path: &stored.path, kind })
    }

    /// Whether `parent` already has a child with this id (a construct that
    /// must create several things checks before it creates any).
    pub fn has_child(&self, parent: &Scope, id: &str) -> bool {
        self.live_index(&parent.target).is_some_and(|index| self.children.contains_key(&(index, id.to_owned())))
    }

    /// The first live resource of a CloudFormation type, for settings that
    /// exist once per stack however many constructs need them.
    pub fn first_of_type<T: Resource>(&self) -> Option<Handle<T>> {
        self.entries().find_map(|entry| match entry.kind {
            EntryKind::Resource(view) if view.type_name() == T::TYPE_NAME => Some(Handle::new(self.target(entry.node))),
            _ => None,
        })
    }

    /// Whether a handle's target is a live node of this stack.
    pub fn contains(&self, target: &Target) -> bool {
        self.live_index(target).is_some()
    }

    pub(crate) fn target(&self, node: u32) -> Target {
        Target { stack: self.id, node, path: self.nodes[node as usize].path.clone() }
    }

    fn live_index(&self, target: &Target) -> Option<u32> {
        let node = self.nodes.get(target.node as usize)?;
        (target.stack == self.id && !node.removed).then_some(target.node)
    }

    fn live_node(&self, target: &Target) -> Option<&Node> {
        self.live_index(target).map(|i| &self.nodes[i as usize])
    }

    fn checked_index(&self, target: &Target, path: String) -> Result<u32, Error> {
        self.live_index(target).ok_or_else(|| {
            Error::new(
                path,
                ErrorKind::ForeignHandle { handle_path: target.path().to_owned(), stack: self.name.clone() },
            )
        })
    }

    fn resource_entry_mut(&mut self, target: &Target) -> Result<&mut ResourceEntry, Error> {
        let node = self.checked_index(target, target.path().to_owned())?;
        match &mut self.nodes[node as usize].kind {
            NodeKind::Resource(entry) => Ok(entry),
            _ => Err(Error::new(target.path(), ErrorKind::NotAResource)),
        }
    }

    fn override_segments(&self, target: &Target, path: &str) -> Result<Vec<String>, Error> {
        let segments = PropertyOverride::segments(path);
        if segments.iter().any(String::is_empty) {
            return Err(Error::new(target.path(), ErrorKind::InvalidOverridePath { override_path: path.to_owned() }));
        }
        Ok(segments)
    }

    fn insert(&mut self, parent: &Scope, id: &str, kind: NodeKind) -> Result<u32, Error> {
        let parent_index = self.checked_index(&parent.target, parent.child_path(id))?;
        if !matches!(self.nodes[parent_index as usize].kind, NodeKind::Scope) {
            return Err(Error::new(parent.path(), ErrorKind::NotAScope));
        }
        if let Some(reason) = invalid_id_reason(id) {
            let path = if parent.path().is_empty() { self.name.clone() } else { parent.path().to_owned() };
            return Err(Error::new(path, ErrorKind::InvalidId { id: id.to_owned(), reason }));
        }
        let path = parent.child_path(id);
        let key = (parent_index, id.to_owned());
        if self.children.contains_key(&key) {
            return Err(Error::new(path, ErrorKind::DuplicateId));
        }
        let node =
            u32::try_from(self.nodes.len()).map_err(|_| Error::new(path.clone(), ErrorKind::TooManyConstructs))?;
        self.nodes.push(Node {
            parent: Some(parent_index),
            path: Arc::from(path),
            kind,
            removed: false,
            nested: false,
        });
        self.children.insert(key, node);
        Ok(node)
    }

    fn remove_subtree(&mut self, node: u32) {
        let mut doomed = std::collections::HashSet::from([node]);
        // Children always come after their parent, so one forward pass finds them all.
        for index in node + 1..self.nodes.len() as u32 {
            if self.nodes[index as usize].parent.is_some_and(|parent| doomed.contains(&parent)) {
                doomed.insert(index);
            }
        }
        for index in doomed {
            let stored = &mut self.nodes[index as usize];
            stored.removed = true;
            let id = stored.path.rsplit('/').next().unwrap_or_default().to_owned();
            if let Some(parent) = stored.parent {
                self.children.remove(&(parent, id));
            }
        }
    }
}

fn invalid_id_reason(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("ids must not be empty")
    } else if id.contains('/') {
        Some("ids must not contain '/', the path separator")
    } else if id.chars().any(char::is_control) {
        Some("ids must not contain control characters")
    } else if !id.chars().any(|c| c.is_ascii_alphanumeric()) {
        Some("ids need at least one ASCII letter or digit, as logical IDs are made of them")
    } else {
        None
    }
}

/// An application: one or more stacks synthesised together.
#[derive(Debug, Default)]
pub struct App {
    stacks: Vec<Stack>,
    quotas: Quotas,
}

impl App {
    /// An app with no stacks.
    pub fn new() -> App {
        App::default()
    }

    /// Adds a stack; names must be unique within the app.
    pub fn add_stack(&mut self, stack: Stack) -> Result<(), Error> {
        if self.stacks.iter().any(|s| s.name == stack.name) {
            return Err(Error::new(stack.name, ErrorKind::DuplicateStack));
        }
        self.stacks.push(stack);
        Ok(())
    }

    /// The stacks, in the order they were added.
    pub fn stacks(&self) -> &[Stack] {
        &self.stacks
    }

    /// Records that the account the app deploys to has had `quota` raised
    /// to `value`, for every stack that does not record its own.
    pub fn raise_quota(&mut self, quota: Quota, value: u32) -> Result<(), Error> {
        self.quotas.raise("app", quota, value)
    }

    /// The quotas recorded as raised on the app.
    pub fn quotas(&self) -> &Quotas {
        &self.quotas
    }
}

impl From<Stack> for App {
    fn from(stack: Stack) -> App {
        App { stacks: vec![stack], quotas: Quotas::default() }
    }
}
