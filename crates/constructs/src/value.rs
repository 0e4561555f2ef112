//! Property values: literals and CloudFormation intrinsic functions.
//!
//! A [`Value`] is what every L1 property holds. References to other parts of
//! the stack are [`Target`]s taken from typed handles, so no logical ID is
//! ever written by hand; synth replaces them when it names the resources.
use indexmap::IndexMap;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::handle::Target;

/// A CloudFormation pseudo-parameter, resolved by CloudFormation at deploy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pseudo {
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::NotificationARNs`
    NotificationArns,
    /// `AWS::Partition`: `aws`, `aws-cn`, `aws-us-gov`, ...
    Partition,
    /// `AWS::Region`
    Region,
    /// `AWS::StackId`
    StackId,
    /// `AWS::StackName`
    StackName,
    /// `AWS::URLSuffix`: `amazonaws.com` in most partitions.
    UrlSuffix,
}

impl Pseudo {
    /// The name CloudFormation gives it.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// A property value: a literal, or an intrinsic function evaluated by
/// CloudFormation at deploy time.
///
/// Build literals with `From` (`"text".into()`, `42.into()`, `true.into()`)
/// and intrinsics with the constructors below or with handle methods such as
/// [`Handle::reference`](crate::Handle::reference).
///
/// ```
/// use cfnkit_constructs::{Pseudo, Value};
///
/// let arn = Value::join(":", ["arn".into(), Value::pseudo(Pseudo::Partition), "s3".into()]);
/// assert_eq!(
///     serde_json::to_value(&arn).unwrap(),
///     serde_json::json!({"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "s3"]]})
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A literal string.
    String(String),
    /// A literal integer.
    Integer(i64),
    /// A literal boolean.
    Bool(bool),
    /// A literal list.
    List(Vec<Value>),
    /// A literal object, keys in insertion order.
    Map(IndexMap<String, Value>),
    /// `{"Ref": <resource or parameter>}`.
    Ref(Target),
    /// `{"Ref": "AWS::..."}`.
    Pseudo(Pseudo),
    /// `{"Fn::GetAtt": [<resource>, attribute]}`.
    GetAtt(Target, String),
    /// `{"Fn::Sub": template}` or `{"Fn::Sub": [template, variables]}`.
    Sub(String, IndexMap<String, Value>),
    /// `{"Fn::Join": [delimiter, values]}`.
    Join(String, Vec<Value>),
    /// `{"Fn::Select": [index, list]}`.
    Select(u32, Box<Value>),
    /// `{"Fn::GetAZs": region}`; an empty string means the stack's region.
    GetAzs(Box<Value>),
    /// `{"Fn::Split": [delimiter, string]}`.
    Split(String, Box<Value>),
    /// `{"Fn::If": [<condition>, when_true, when_false]}`.
    If(Target, Box<Value>, Box<Value>),
    /// `{"Fn::ImportValue": export_name}`.
    ImportValue(Box<Value>),
    /// `{"Fn::Base64": value}`.
    Base64(Box<Value>),
    /// `{"Fn::FindInMap": [<mapping>, top_level_key, second_level_key]}`.
    FindInMap(Target, Box<Value>, Box<Value>),
    /// `{"Fn::Cidr": [ip_block, count, cidr_bits]}`.
    Cidr(Box<Value>, u32, u32),
    /// `{"Ref": "AWS::NoValue"}`: removes the property where it stands.
    NoValue,
}

impl Value {
    /// A pseudo-parameter such as `AWS::Region`.
    pub fn pseudo(pseudo: Pseudo) -> Value {
        Value::Pseudo(pseudo)
    }

    /// `Fn::Sub` with no variables: `${AWS::Region}` and other pseudo-parameters only.
    pub fn sub(template: impl Into<String>) -> Value {
        Value::Sub(template.into(), IndexMap::new())
    }

    /// `Fn::Sub` with named variables, which may be references:
    /// `Value::sub_with("arn:${AWS::Partition}:s3:::${Bucket}/*", [("Bucket", bucket.reference())])`.
    pub fn sub_with<K: Into<String>>(
        template: impl Into<String>,
        variables: impl IntoIterator<Item = (K, Value)>,
    ) -> Value {
        Value::Sub(template.into(), variables.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// `Fn::Join` of the values with a delimiter.
    pub fn join(delimiter: impl Into<String>, values: impl IntoIterator<Item = Value>) -> Value {
        Value::Join(delimiter.into(), values.into_iter().collect())
    }

    /// `Fn::Select` of the `index`-th element of a list value.
    pub fn select(index: u32, list: Value) -> Value {
        Value::Select(index, Box::new(list))
    }

    /// `Fn::GetAZs` of the stack's own region, so the template stays region-agnostic.
    pub fn azs_of_stack_region() -> Value {
        Value::GetAzs(Box::new(Value::String(String::new())))
    }

    /// `Fn::Split` of a string value by a delimiter.
    pub fn split(delimiter: impl Into<String>, source: impl Into<Value>) -> Value {
        Value::Split(delimiter.into(), Box::new(source.into()))
    }

    /// `Fn::ImportValue` of another stack's export.
    pub fn import_value(export_name: impl Into<Value>) -> Value {
        Value::ImportValue(Box::new(export_name.into()))
    }

    /// `Fn::Base64` of a value, as EC2 user data needs.
    pub fn base64(value: impl Into<Value>) -> Value {
        Value::Base64(Box::new(value.into()))
    }

    /// `Fn::Cidr`: `count` blocks of `cidr_bits` host bits carved from `ip_block`.
    pub fn cidr(ip_block: impl Into<Value>, count: u32, cidr_bits: u32) -> Value {
        Value::Cidr(Box::new(ip_block.into()), count, cidr_bits)
    }

    /// A literal list of values.
    pub fn list(values: impl IntoIterator<Item = Value>) -> Value {
        Value::List(values.into_iter().collect())
    }

    /// A literal object.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The literal string, if this is one.
    pub fn as_literal_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// Converts a JSON value into a literal value (for raw resources and overrides).
    pub fn from_json(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::NoValue,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Integer(i),
                None => Value::String(n.to_string()),
            },
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => Value::List(items.into_iter().map(Value::from_json).collect()),
            serde_json::Value::Object(entries) => {
                Value::Map(entries.into_iter().map(|(k, v)| (k, Value::from_json(v))).collect())
            }
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Value {
        Value::String(text.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Integer(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Integer(i64::from(i))
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Integer(i64::from(i))
    }
}

impl From<u16> for Value {
    fn from(i: u16) -> Value {
        Value::Integer(i64::from(i))
    }
}

impl From<Pseudo> for Value {
    fn from(pseudo: Pseudo) -> Value {
        Value::Pseudo(pseudo)
    }
}

impl<V: Into<Value>> From<Vec<V>> for Value {
    fn from(values: Vec<V>) -> Value {
        Value::List(values.into_iter().map(Into::into).collect())
    }
}

/// Writes `{"<name>": <body>}`, the shape of every intrinsic function.
fn intrinsic<S: Serializer, B: Serialize + ?Sized>(serializer: S, name: &str, body: &B) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, body)?;
    map.end()
}

/// One element of an intrinsic function's argument array.
enum Part<'a> {
    Text(&'a str),
    Number(u32),
    Value(&'a Value),
    Values(&'a [Value]),
    Variables(&'a IndexMap<String, Value>),
}

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Part::Text(text) => serializer.serialize_str(text),
            Part::Number(n) => serializer.serialize_u32(*n),
            Part::Value(value) => value.serialize(serializer),
            Part::Values(values) => values.serialize(serializer),
            Part::Variables(variables) => variables.serialize(serializer),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::String(text) => serializer.serialize_str(text),
            Value::Integer(i) => serializer.serialize_i64(*i),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Value::Ref(target) => intrinsic(serializer, "Ref", &target.encode()),
            Value::Pseudo(pseudo) => intrinsic(serializer, "Ref", pseudo.name()),
            Value::NoValue => intrinsic(serializer, "Ref", "AWS::NoValue"),
            Value::GetAtt(target, attribute) => {
                intrinsic(serializer, "Fn::GetAtt", &[target.encode().as_str(), attribute])
            }
            // A template with nothing to substitute is just a string (cfn-lint W1020).
            Value::Sub(template, variables) if variables.is_empty() && !template.contains("${") => {
                serializer.serialize_str(template)
            }
            Value::Sub(template, variables) if variables.is_empty() => intrinsic(serializer, "Fn::Sub", template),
            Value::Sub(template, variables) => {
                intrinsic(serializer, "Fn::Sub", &[Part::Text(template), Part::Variables(variables)])
            }
            Value::Join(delimiter, values) => {
                intrinsic(serializer, "Fn::Join", &[Part::Text(delimiter), Part::Values(values)])
            }
            Value::Select(index, list) => {
                intrinsic(serializer, "Fn::Select", &[Part::Number(*index), Part::Value(list)])
            }
            Value::GetAzs(region) => intrinsic(serializer, "Fn::GetAZs", region),
            Value::Split(delimiter, source) => {
                intrinsic(serializer, "Fn::Split", &[Part::Text(delimiter), Part::Value(source)])
            }
            Value::If(condition, when_true, when_false) => intrinsic(
                serializer,
                "Fn::If",
                &[Part::Text(&condition.encode()), Part::Value(when_true), Part::Value(when_false)],
            ),
            Value::ImportValue(name) => intrinsic(serializer, "Fn::ImportValue", name),
            Value::Base64(value) => intrinsic(serializer, "Fn::Base64", value),
            Value::FindInMap(mapping, top, second) => intrinsic(
                serializer,
                "Fn::FindInMap",
                &[Part::Text(&mapping.encode()), Part::Value(top), Part::Value(second)],
            ),
            Value::Cidr(block, count, bits) => {
                intrinsic(serializer, "Fn::Cidr", &[Part::Value(block), Part::Number(*count), Part::Number(*bits)])
            }
        }
    }
}
