//! Turns a construct's typed values into template expressions: every handle
//! becomes the logical ID of what it points at (checked to be of this
//! stack, alive and of the right kind for its position), and every name the
//! expression then holds, from a handle or from a literal `{"Ref": ..}`
//! map, is checked against the names the template declares.
use std::cell::RefCell;
use std::collections::HashMap;

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
        Ok(id)
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
        }
        Ok(match attribute {
            None => Expr::Ref(self.name(Position::Ref, target)?),
            Some(attribute) => Expr::GetAtt(self.name(Position::GetAtt, target)?, attribute.to_owned()),
        })
    }
}
