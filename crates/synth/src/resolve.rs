//! Turns a construct's typed values into template expressions: every handle
//! becomes the logical ID of what it points at (checked to be of this
//! stack, alive and of the right kind for its position), and every name the
//! expression then holds, from a handle or from a literal `{"Ref": ..}`
//! map, is checked against the names the template declares.
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use indexmap::IndexMap;

use cfnkit_core::{Condition, Namer, Position, StackId, Target, Value};
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
}

/// What references across nested-stack boundaries add.
#[derive(Debug, Default)]
pub(crate) struct Crossings {
    /// A nested stack's parameter, and the parent's expression that feeds it.
    pub(crate) parameters: IndexMap<(u32, String), Expr>,
    /// A nested stack's output, and the expression in it.
    pub(crate) outputs: IndexMap<(u32, String), Expr>,
}

/// The name a value takes where it crosses a nested stack's boundary: its
/// logical ID and attribute, letters and digits only.
fn crossing_name(id: &str, attribute: Option<&str>) -> String {
    let mut name: String = id.to_owned();
    if let Some(attribute) = attribute {
        name.extend(attribute.chars().filter(char::is_ascii_alphanumeric));
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
        let name = crossing_name(&id, attribute);
        let mut crossings = self.crossings.borrow_mut();
        // Out of the target's nested stack, if it is in one.
        let in_parent = match there {
            Some(child) => {
                crossings.outputs.insert((child, name.clone()), value);
                Expr::GetAtt(self.nested[&child].clone(), format!("Outputs.{name}"))
            }
            None => value,
        };
        // Into the current nested stack, if this is one.
        Ok(Some(match here {
            Some(child) => {
                crossings.parameters.insert((child, name.clone()), in_parent);
                Expr::Ref(name)
            }
            None => in_parent,
        }))
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
