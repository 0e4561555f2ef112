//! Template conditions: boolean expressions over parameters and pseudo-parameters.
use cfnkit_template::Expr;

use crate::handle::{ConditionHandle, Target};
use crate::value::{Namer, Position, Value};

/// A condition expression, evaluated by CloudFormation at deploy.
///
/// ```
/// use cfnkit_core::{Condition, Parameter, ParameterType, Stack, Value};
///
/// let mut stack = Stack::new("Demo");
/// let env = stack.add_parameter("Env", Parameter::new(ParameterType::String)).unwrap();
/// let is_prod = stack.add_condition("IsProd", Condition::equals(env.value(), "prod")).unwrap();
/// let _size: Value = is_prod.if_else("m5.large", "t3.micro");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// `Fn::Equals`
    Equals(Value, Value),
    /// `Fn::And` (2 to 10 conditions)
    And(Vec<Condition>),
    /// `Fn::Or` (2 to 10 conditions)
    Or(Vec<Condition>),
    /// `Fn::Not`
    Not(Box<Condition>),
    /// `{"Condition": <another condition>}`
    Named(Target),
}

impl Condition {
    /// `Fn::Equals` of two values.
    pub fn equals(left: impl Into<Value>, right: impl Into<Value>) -> Condition {
        Condition::Equals(left.into(), right.into())
    }

    /// A reference to a condition already in the stack.
    pub fn named(condition: &ConditionHandle) -> Condition {
        Condition::Named(condition.target.clone())
    }
}

/// `!condition` is `Fn::Not`.
impl std::ops::Not for Condition {
    type Output = Condition;

    fn not(self) -> Condition {
        Condition::Not(Box::new(self))
    }
}

impl Condition {
    /// The condition as a template expression, each target named by `namer`.
    pub fn to_expr<N: Namer>(&self, namer: &mut N) -> Result<Expr, N::Error> {
        Ok(match self {
            Condition::Equals(left, right) => {
                Expr::Equals(Box::new(left.to_expr(namer)?), Box::new(right.to_expr(namer)?))
            }
            Condition::And(all) => Expr::And(all.iter().map(|c| c.to_expr(namer)).collect::<Result<_, _>>()?),
            Condition::Or(any) => Expr::Or(any.iter().map(|c| c.to_expr(namer)).collect::<Result<_, _>>()?),
            Condition::Not(inner) => Expr::Not(Box::new(inner.to_expr(namer)?)),
            Condition::Named(target) => Expr::Condition(namer.name(Position::Condition, target)?),
        })
    }
}
