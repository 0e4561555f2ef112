//! Template conditions: boolean expressions over parameters and pseudo-parameters.
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::handle::{ConditionHandle, Target};
use crate::value::Value;

/// A condition expression, evaluated by CloudFormation at deploy.
///
/// ```
/// use cfnkit_constructs::{Condition, Parameter, ParameterType, Stack, Value};
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

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Condition::Equals(left, right) => map.serialize_entry("Fn::Equals", &[left, right])?,
            Condition::And(all) => map.serialize_entry("Fn::And", all)?,
            Condition::Or(any) => map.serialize_entry("Fn::Or", any)?,
            Condition::Not(inner) => map.serialize_entry("Fn::Not", &[inner])?,
            Condition::Named(target) => map.serialize_entry("Condition", &target.encode())?,
        }
        map.end()
    }
}
