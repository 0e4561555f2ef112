//! Turns a construct's typed values into template expressions: every handle
//! becomes the logical ID of what it points at (checked to be of this
//! stack, alive and of the right kind for its position), and every name the
//! expression then holds, from a handle or from a literal `{"Ref": ..}`
//! map, is checked against the names the template declares.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use indexmap::IndexMap;

use cfnkit_core::{Condition, Namer, Position, StableHash, StackId, Target, Value};
use cfnkit_template::{sub_names, Expr, ParseError, Reference};

use crate::cross_stack::{AppContext, Import};
use crate::error::SynthError;

/// What a node of the construct tree is, as a template entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NodeClass {
    Resource,
    Parameter,
    Condition,
    Mapping,
    /// Outputs cannot be referred to; a handle never points at one.
    Output,
}

fn accepts(position: Position, class: NodeClass) -> bool {
    matches!(
        (position, class),
        (Position::Ref, NodeClass::Resource | NodeClass::Parameter)
            | (Position::GetAtt, NodeClass::Resource)
            | (Position::Condition, NodeClass::Condition)
            | (Position::Mapping, NodeClass::Mapping)
    )
}

fn expectation(position: Position) -> &'static str {
    match position {
        Position::Ref => "Ref takes a resource or a parameter",
        Position::GetAtt => "Fn::GetAtt and DependsOn take a resource",
        Position::Condition => "Fn::If and Condition take a condition",
        Position::Mapping => "Fn::FindInMap takes a mapping",
    }
}

/// The names synth gave each node of one stack.
pub(crate) struct Names<'a> {
    pub(crate) stack: StackId,
    /// Indexed by node; `None` where the node is not a live leaf.
    pub(crate) nodes: Vec<Option<(String, NodeClass)>>,
    /// Every declared logical ID, with its node and class.
    pub(crate) by_id: HashMap<String, (u32, NodeClass)>,
    /// The app's stacks: their names, for errors, and whether a reference
    /// to one of them becomes an import.
    pub(crate) app: &'a AppContext,
    /// The references to other stacks of the app met so far.
    pub(crate) imports: RefCell<Vec<Import>>,
    /// The nested-stack scope of each node (`None`: the stack's own
    /// template), indexed by node.
    pub(crate) groups: Vec<Option<u32>>,
    /// The nested stacks, by scope node: the logical ID of their
    /// `AWS::CloudFormation::Stack` in the parent.
    pub(crate) nested: IndexMap<u32, String>,
    /// The construct paths of the nested-stack scopes.
    pub(crate) nested_paths: HashMap<u32, String>,
    /// The template the entry being resolved goes into.
    pub(crate) current: Cell<Option<u32>>,
    /// The parameters and outputs that references across a nested stack's
    /// boundary make.
    pub(crate) crossings: RefCell<Crossings>,
    /// The type of each resource, by node; kept only when the stack has
    /// nested stacks, where a reference crossing a boundary needs to know
    /// whether the attribute is a list.
    pub(crate) resource_types: HashMap<u32, String>,
}

/// What references across nested-stack boundaries add.
#[derive(Debug, Default)]
pub(crate) struct Crossings {
    /// A nested stack's parameter, and the parent's expression that feeds it.
    pub(crate) parameters: IndexMap<(u32, String), Crossing>,
    /// A nested stack's output, and the expression in it.
    pub(crate) outputs: IndexMap<(u32, String), Crossing>,
    /// Each crossing name given, and the reference it carries: two
    /// references never share a name.
    given: HashMap<String, Expr>,
}

/// A value carried across a nested stack's boundary.
#[derive(Clone, Debug)]
pub(crate) struct Crossing {
    /// The expression, in the template it comes from.
    pub(crate) value: Expr,
    /// Whether it is a list: a parameter or output carries it joined with
    /// commas (both are strings), and a `CommaDelimitedList` parameter or
    /// an `Fn::Split` makes it a list again.
    pub(crate) list: bool,
}

/// The name a value takes where it crosses a nested stack's boundary: a
/// `Ref` keeps the logical ID (unique in the stack); an attribute adds its
/// letters and digits, and a hash of both when that name is already a
/// logical ID or another crossing's (`Db` + `Arn` against a resource
/// `DbArn`).
fn crossing_name(id: &str, attribute: Option<&str>, taken: impl Fn(&str) -> bool) -> String {
    let Some(attribute) = attribute else { return id.to_owned() };
    let mut name: String = id.to_owned();
    name.extend(attribute.chars().filter(char::is_ascii_alphanumeric));
    if taken(&name) {
        name.push_str(&format!("{:08X}", StableHash::of(&format!("{id}.{attribute}"))));
    }
    name
}

impl Names<'_> {
    /// The logical ID of a target, checked against the position it stands in.
    /// `from` is the path of the construct holding the reference.
    pub(crate) fn resolve(&self, from: &str, target: &Target, position: Position) -> Result<&str, SynthError> {
        if target.stack() != self.stack {
            return Err(self.app.cross_stack_error(from, target));
        }
        let Some((id, class)) = self.nodes.get(target.node() as usize).and_then(Option::as_ref) else {
            return Err(SynthError::DanglingReference { from: from.to_owned(), to: target.path().to_owned() });
        };
        if !accepts(position, *class) {
            return Err(SynthError::WrongReferenceKind {
                from: from.to_owned(),
                to: target.path().to_owned(),
                reason: expectation(position),
            });
        }
        let there = self.groups.get(target.node() as usize).copied().flatten();
        if there != self.current.get() && matches!(position, Position::Condition | Position::Mapping) {
            return Err(SynthError::WrongReferenceKind {
                from: from.to_owned(),
                to: target.path().to_owned(),
                reason: "conditions and mappings stay in their own template; a nested stack's resources cannot use the parent's (declare what it needs inside, or pass a value)",
            });
        }
        Ok(id)
    }

    /// The logical ID of a `DependsOn` target in any template of this
    /// stack.
    pub(crate) fn resolve_anywhere(&self, from: &str, target: &Target) -> Result<String, SynthError> {
        let there = self.groups.get(target.node() as usize).copied().flatten();
        let saved = self.current.replace(there);
        let id = self.resolve(from, target, Position::GetAtt).map(str::to_owned);
        self.current.set(saved);
        id
    }

    /// The template a declared node is in: a nested stack's own
    /// `AWS::CloudFormation::Stack` resource is in its parent's.
    fn group_of_name(&self, node: u32) -> Option<u32> {
        if self.nested.contains_key(&node) {
            return self.groups.get(node as usize).copied().flatten().filter(|&scope| scope != node);
        }
        self.groups.get(node as usize).copied().flatten()
    }

    /// The construct path of a nested-stack scope.
    pub(crate) fn path_of(&self, scope: u32) -> String {
        self.nested_paths[&scope].clone()
    }

    /// The construct path of a nested-stack scope, borrowed.
    pub(crate) fn path_str(&self, scope: u32) -> &str {
        &self.nested_paths[&scope]
    }

    /// A reference from the current template to `target` in another
    /// template of this stack (the parent or a nested stack): the nested
    /// stack's parameter or the `Outputs.` attribute it becomes, with the
    /// parameters and outputs that carry it recorded. `None` when both are
    /// in one template.
    fn cross_nested(&self, from: &str, target: &Target, attribute: Option<&str>) -> Result<Option<Expr>, SynthError> {
        let here = self.current.get();
        let there = self.groups.get(target.node() as usize).copied().flatten();
        if here == there {
            return Ok(None);
        }
        let position = if attribute.is_some() { Position::GetAtt } else { Position::Ref };
        let saved = self.current.replace(there);
        let id = self.resolve(from, target, position).map(str::to_owned);
        self.current.set(saved);
        let id = id?;
        let value = match attribute {
            None => Expr::Ref(id.clone()),
            Some(attribute) => Expr::GetAtt(id.clone(), attribute.to_owned()),
        };
        let list = attribute.is_some_and(|attribute| self.attribute_is_list(target.node(), attribute));
        let mut crossings = self.crossings.borrow_mut();
        let name = crossing_name(&id, attribute, |name| {
            self.by_id.contains_key(name) || crossings.given.get(name).is_some_and(|given| *given != value)
        });
        crossings.given.insert(name.clone(), value.clone());
        // Out of the target's nested stack, if it is in one.
        let in_parent = match there {
            Some(child) => {
                let carried = if list { join(value) } else { value };
                crossings.outputs.insert((child, name.clone()), Crossing { value: carried, list });
                let output = Expr::GetAtt(self.nested[&child].clone(), format!("Outputs.{name}"));
                if list && here.is_none() {
                    return Ok(Some(split(output)));
                }
                output
            }
            None if list => join(value),
            None => value,
        };
        // Into the current nested stack, if this is one.
        Ok(Some(match here {
            Some(child) => {
                crossings.parameters.insert((child, name.clone()), Crossing { value: in_parent, list });
                Expr::Ref(name)
            }
            None => in_parent,
        }))
    }

    /// Whether `attribute` of the resource at `node` is a list, by its
    /// type's schema (a type the schemas lack, or an attribute they do not
    /// describe, is taken as a string).
    fn attribute_is_list(&self, node: u32, attribute: &str) -> bool {
        self.resource_types
            .get(&node)
            .and_then(|type_name| cfnkit_spec::resource_type(type_name))
            .and_then(|spec| spec.attribute_is_list(attribute))
            .unwrap_or(false)
    }

    /// A reference to another stack of the app: recorded, and answered
    /// with the export's name; `None` when the target is in no stack the
    /// app links (then it is an error).
    fn import(&self, from: &str, target: &Target, attribute: Option<&str>) -> Result<Option<String>, SynthError> {
        let Some(import) = self.app.import(self.stack, from, target, attribute)? else { return Ok(None) };
        let export = import.export.clone();
        self.imports.borrow_mut().push(import);
        Ok(Some(export))
    }

    /// A `DependsOn` on a resource of another stack of the app: the
    /// stacks' deploy order already gives it, so it is recorded as an order
    /// between the stacks and left out of the template.
    pub(crate) fn depends_across(&self, from: &str, target: &Target) -> Result<bool, SynthError> {
        if target.stack() == self.stack {
            return Ok(false);
        }
        match self.app.order_only(self.stack, from, target)? {
            Some(import) => {
                self.imports.borrow_mut().push(import);
                Ok(true)
            }
            None => Err(self.app.cross_stack_error(from, target)),
        }
    }

    /// Turns a value into an expression and checks it; returns the
    /// expression and the resource nodes it refers to, each once, in the
    /// order first seen.
    pub(crate) fn expr(&self, from: &str, value: &Value) -> Result<(Expr, Vec<u32>), SynthError> {
        let expr = value.to_expr(&mut SynthNamer { names: self, from })?;
        let referenced = self.check(from, &expr)?;
        Ok((expr, referenced))
    }

    /// Turns a condition into an expression and checks it.
    pub(crate) fn condition(&self, from: &str, condition: &Condition) -> Result<Expr, SynthError> {
        let expr = condition.to_expr(&mut SynthNamer { names: self, from })?;
        self.check(from, &expr)?;
        Ok(expr)
    }

    /// Checks every name an expression uses: each names a declared entry
    /// of the section its position requires (or is a pseudo-parameter), and
    /// each `Fn::Sub` name is one of its variables or a pseudo-parameter.
    fn check(&self, from: &str, expr: &Expr) -> Result<Vec<u32>, SynthError> {
        let mut referenced = Vec::new();
        let mut failure = None;
        expr.visit_references(&mut |reference| {
            if failure.is_some() {
                return;
            }
            let (name, position) = match reference {
                Reference::Ref(name) if name.starts_with("AWS::") => return,
                Reference::Ref(name) => (name, Position::Ref),
                Reference::GetAtt(name, _) => (name, Position::GetAtt),
                Reference::Condition(name) => (name, Position::Condition),
                Reference::Mapping(name) => (name, Position::Mapping),
            };
            if position == Position::Ref {
                if let Some(child) = self.current.get() {
                    if self.crossings.borrow().parameters.contains_key(&(child, name.to_owned())) {
                        return;
                    }
                }
            }
            match self.by_id.get(name) {
                Some((node, _)) if !self.groups.is_empty() && self.group_of_name(*node) != self.current.get() => {
                    failure = Some(SynthError::WrongReferenceKind {
                        from: from.to_owned(),
                        to: name.to_owned(),
                        reason: "a name written by hand reaches only its own template, and this one is in another template of the stack (the parent or a nested stack): refer to it by its handle, which carries it across",
                    })
                }
                Some((node, class)) if accepts(position, *class) => {
                    if *class == NodeClass::Resource && !referenced.contains(node) {
                        referenced.push(*node);
                    }
                }
                Some(_) => {
                    failure = Some(SynthError::WrongReferenceKind {
                        from: from.to_owned(),
                        to: name.to_owned(),
                        reason: expectation(position),
                    })
                }
                None => {
                    failure = Some(SynthError::UndeclaredName {
                        from: from.to_owned(),
                        name: name.to_owned(),
                        expected: expectation(position),
                    })
                }
            }
        });
        expr.visit_subs(&mut |template, variables| {
            if failure.is_some() {
                return;
            }
            for (name, _) in sub_names(template) {
                if !name.starts_with("AWS::") && !variables.contains_key(name) {
                    failure = Some(SynthError::UnknownSubVariable { from: from.to_owned(), name: name.to_owned() });
                    return;
                }
            }
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(referenced),
        }
    }
}

/// `value` joined with commas, a string a parameter or output can carry.
fn join(value: Expr) -> Expr {
    Expr::Join(",".to_owned(), Box::new(value))
}

/// A comma-joined string split into a list again.
fn split(value: Expr) -> Expr {
    Expr::Split(",".to_owned(), Box::new(value))
}

/// Names targets by logical ID for the construct at `from`.
struct SynthNamer<'a, 'b> {
    names: &'a Names<'b>,
    from: &'a str,
}

impl Namer for SynthNamer<'_, '_> {
    type Error = SynthError;

    fn name(&mut self, position: Position, target: &Target) -> Result<String, SynthError> {
        self.names.resolve(self.from, target, position).map(str::to_owned)
    }

    fn malformed(&mut self, error: ParseError) -> SynthError {
        SynthError::MalformedIntrinsic { from: self.from.to_owned(), message: error.to_string() }
    }

    fn reference(&mut self, target: &Target, attribute: Option<&str>) -> Result<Expr, SynthError> {
        if target.stack() != self.names.stack {
            if let Some(export) = self.names.import(self.from, target, attribute)? {
                return Ok(Expr::ImportValue(Box::new(Expr::String(export))));
            }
        } else if let Some(expr) = self.names.cross_nested(self.from, target, attribute)? {
            return Ok(expr);
        }
        Ok(match attribute {
            None => Expr::Ref(self.name(Position::Ref, target)?),
            Some(attribute) => Expr::GetAtt(self.name(Position::GetAtt, target)?, attribute.to_owned()),
        })
    }
}
