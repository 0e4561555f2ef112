//! Template outputs.
use crate::handle::Target;
use crate::value::Value;

/// A stack output, optionally exported for other stacks' `Fn::ImportValue`.
///
/// ```
/// use cfnkit_core::{Output, Pseudo, Stack, Value};
///
/// let mut stack = Stack::new("Demo");
/// stack
///     .add_output("Region", Output::new(Value::pseudo(Pseudo::Region)).export_name("demo-region"))
///     .unwrap();
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub(crate) value: Value,
    pub(crate) description: Option<String>,
    pub(crate) export_name: Option<Value>,
    pub(crate) condition: Option<Target>,
}

impl Output {
    /// An output of the given value.
    pub fn new(value: impl Into<Value>) -> Output {
        Output { value: value.into(), description: None, export_name: None, condition: None }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Output {
        self.description = Some(description.into());
        self
    }

    /// Exports the value under this name (unique in the account and region).
    pub fn export_name(mut self, name: impl Into<Value>) -> Output {
        self.export_name = Some(name.into());
        self
    }

    /// Emits the output only when the condition holds.
    pub fn condition(mut self, condition: &crate::ConditionHandle) -> Output {
        self.condition = Some(condition.target.clone());
        self
    }

    /// The output's value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The output's description.
    pub fn description_text(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The export name, if exported.
    pub fn export(&self) -> Option<&Value> {
        self.export_name.as_ref()
    }

    /// The condition, if any.
    pub fn condition_target(&self) -> Option<&Target> {
        self.condition.as_ref()
    }
}
