//! Property values: literals and CloudFormation intrinsic functions.
//!
//! A [`Value`] is what every L1 property holds: a typed tree that stays
//! typed until synth renders it. References to other parts of the stack are
//! [`Target`]s taken from typed handles, so no logical ID is ever written by
//! hand; synth resolves them when it names the resources.
//!
//! L1 properties are typed by what their schema says: [`Str`], [`Int`] and
//! [`Bool`] take a literal of their own type (a string where an integer is
//! wanted does not compile) or any intrinsic, `Fn::If` included.
use std::marker::PhantomData;

use cfnkit_template::{Expr, ParseError};
use indexmap::IndexMap;

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
/// use cfnkit_core::{Pseudo, Value};
///
/// let arn = Value::join(":", ["arn".into(), Value::pseudo(Pseudo::Partition), "s3".into()]);
/// assert!(matches!(&arn, Value::Join(delimiter, parts) if delimiter == ":" && parts.len() == 3));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A literal string.
    String(String),
    /// A literal integer.
    Integer(i64),
    /// A literal number with a fraction.
    Float(f64),
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
    pub fn sub_with<K: Into<String>, V: Into<Value>>(
        template: impl Into<String>,
        variables: impl IntoIterator<Item = (K, V)>,
    ) -> Value {
        Value::Sub(template.into(), variables.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }

    /// `Fn::Join` of the values with a delimiter.
    pub fn join<V: Into<Value>>(delimiter: impl Into<String>, values: impl IntoIterator<Item = V>) -> Value {
        Value::Join(delimiter.into(), values.into_iter().map(Into::into).collect())
    }

    /// `Fn::Select` of the `index`-th element of a list value.
    pub fn select(index: u32, list: impl Into<Value>) -> Value {
        Value::Select(index, Box::new(list.into()))
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

    /// Converts a JSON value into a value (for raw resources and overrides).
    /// A one-key object such as `{"Ref": "Name"}` stays a literal map here;
    /// synth reads it as the intrinsic it spells and checks the name.
    pub fn from_json(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::NoValue,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Value::Integer(i),
                (None, Some(f)) => Value::Float(f),
                (None, None) => Value::String(n.to_string()),
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

/// A property value of one literal type `T`: a literal of that type, or an
/// intrinsic function (whose result CloudFormation checks at deploy).
///
/// [`Str`], [`Int`] and [`Bool`] are what L1 properties take: `"10.0.0.0/16"`
/// is a `Str`, `true` a `Bool`, `condition.if_else(true, false)` either; `true`
/// is not a `Str`, so it does not compile where a string is wanted.
///
/// ```
/// use cfnkit_core::{Bool, Str, Value};
///
/// let cidr: Str = "10.0.0.0/16".into();
/// let public: Bool = true.into();
/// assert_eq!(cidr.as_literal_str(), Some("10.0.0.0/16"));
/// assert_eq!(public.value(), &Value::Bool(true));
/// ```
///
/// ```compile_fail
/// let cidr: cfnkit_core::Str = true.into();
/// ```
pub struct Typed<T> {
    value: Value,
    _literal: PhantomData<fn() -> T>,
}

/// A string property: a literal string or an intrinsic.
pub type Str = Typed<String>;
/// An integer property: a literal integer or an intrinsic.
pub type Int = Typed<i64>;
/// A boolean property: a literal boolean or an intrinsic (`Fn::If` included).
pub type Bool = Typed<bool>;
/// A number property (`Double` in the schemas): a literal number or an intrinsic.
pub type Double = Typed<f64>;

impl<T> Typed<T> {
    fn wrap(value: Value) -> Typed<T> {
        Typed { value, _literal: PhantomData }
    }

    /// The value it holds.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value it holds, by value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The literal string, if this holds one.
    pub fn as_literal_str(&self) -> Option<&str> {
        self.value.as_literal_str()
    }
}

impl<T> Clone for Typed<T> {
    fn clone(&self) -> Self {
        Typed::wrap(self.value.clone())
    }
}

impl<T> std::fmt::Debug for Typed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> PartialEq for Typed<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// An intrinsic (or a value built elsewhere) where a typed property is
/// wanted. Literals should come in through their own type's `From`; a
/// literal of another type that arrives this way is refused by schema
/// validation at synth, never by CloudFormation at deploy.
impl<T> From<Value> for Typed<T> {
    fn from(value: Value) -> Typed<T> {
        Typed::wrap(value)
    }
}

impl<T> From<&Value> for Typed<T> {
    fn from(value: &Value) -> Typed<T> {
        Typed::wrap(value.clone())
    }
}

impl<T> From<Typed<T>> for Value {
    fn from(typed: Typed<T>) -> Value {
        typed.value
    }
}

impl<T> From<Pseudo> for Typed<T> {
    fn from(pseudo: Pseudo) -> Typed<T> {
        Typed::wrap(Value::Pseudo(pseudo))
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Str {
        Typed::wrap(Value::String(text.to_owned()))
    }
}

impl From<String> for Str {
    fn from(text: String) -> Str {
        Typed::wrap(Value::String(text))
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Str {
        Typed::wrap(Value::String(text.clone()))
    }
}

impl From<bool> for Bool {
    fn from(b: bool) -> Bool {
        Typed::wrap(Value::Bool(b))
    }
}

impl From<f64> for Double {
    fn from(f: f64) -> Double {
        Typed::wrap(Value::Float(f))
    }
}

macro_rules! integer_literals {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Int {
            fn from(i: $ty) -> Int {
                Typed::wrap(Value::Integer(i64::from(i)))
            }
        }
    )*};
}
integer_literals!(i64, i32, u32, u16, u8);

/// How a property's Rust value becomes part of a resource's typed
/// `Properties` tree. L1 types implement it for their nested property types;
/// [`PropertyMap`] calls it.
pub trait ToValue {
    /// The value as it goes into the tree.
    fn to_value(&self) -> Value;

    /// Whether an optional property holding this is left out: `None`, an
    /// empty list, an empty map.
    fn is_unset(&self) -> bool {
        false
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T> ToValue for Typed<T> {
    fn to_value(&self) -> Value {
        self.value.clone()
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Integer(*self)
    }
}

impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::NoValue, ToValue::to_value)
    }

    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::List(self.iter().map(ToValue::to_value).collect())
    }

    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

impl<T: ToValue> ToValue for IndexMap<String, T> {
    fn to_value(&self) -> Value {
        Value::Map(self.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
    }

    fn is_unset(&self) -> bool {
        self.is_empty()
    }
}

/// A list property: items of its element type, or one intrinsic that
/// yields the whole list (`Fn::Split`, `Fn::GetAZs`, `Fn::If`, a `Ref` to a
/// list parameter, a list attribute).
///
/// ```
/// use cfnkit_core::{List, Str, ToValue, Value};
///
/// let zones: List<Str> = vec!["eu-west-1a", "eu-west-1b"].into();
/// assert_eq!(zones.items().map(<[Str]>::len), Some(2));
/// let all: List<Str> = Value::azs_of_stack_region().into();
/// assert_eq!(all.items(), None);
/// assert!(List::<Str>::new().is_unset());
/// ```
pub struct List<T> {
    repr: ListRepr<T>,
}

enum ListRepr<T> {
    Items(Vec<T>),
    Whole(Value),
}

impl<T> List<T> {
    /// An empty list (left out when the property is optional).
    pub fn new() -> List<T> {
        List { repr: ListRepr::Items(Vec::new()) }
    }

    /// The items, unless the list is one intrinsic.
    pub fn items(&self) -> Option<&[T]> {
        match &self.repr {
            ListRepr::Items(items) => Some(items),
            ListRepr::Whole(_) => None,
        }
    }

    /// The items to change, unless the list is one intrinsic.
    pub fn items_mut(&mut self) -> Option<&mut Vec<T>> {
        match &mut self.repr {
            ListRepr::Items(items) => Some(items),
            ListRepr::Whole(_) => None,
        }
    }

    /// The intrinsic that yields the whole list, if it is one.
    pub fn whole(&self) -> Option<&Value> {
        match &self.repr {
            ListRepr::Items(_) => None,
            ListRepr::Whole(value) => Some(value),
        }
    }
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List::new()
    }
}

impl<T: Clone> Clone for List<T> {
    fn clone(&self) -> Self {
        let repr = match &self.repr {
            ListRepr::Items(items) => ListRepr::Items(items.clone()),
            ListRepr::Whole(value) => ListRepr::Whole(value.clone()),
        };
        List { repr }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for List<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.repr {
            ListRepr::Items(items) => items.fmt(f),
            ListRepr::Whole(value) => value.fmt(f),
        }
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.repr, &other.repr) {
            (ListRepr::Items(a), ListRepr::Items(b)) => a == b,
            (ListRepr::Whole(a), ListRepr::Whole(b)) => a == b,
            _ => false,
        }
    }
}

impl<T, X: Into<T>> From<Vec<X>> for List<T> {
    fn from(items: Vec<X>) -> List<T> {
        items.into_iter().collect()
    }
}

impl<T, X: Into<T>, const N: usize> From<[X; N]> for List<T> {
    fn from(items: [X; N]) -> List<T> {
        items.into_iter().collect()
    }
}

/// One intrinsic that yields the whole list.
impl<T> From<Value> for List<T> {
    fn from(value: Value) -> List<T> {
        List { repr: ListRepr::Whole(value) }
    }
}

impl<T, X: Into<T>> FromIterator<X> for List<T> {
    fn from_iter<I: IntoIterator<Item = X>>(iter: I) -> List<T> {
        List { repr: ListRepr::Items(iter.into_iter().map(Into::into).collect()) }
    }
}

impl<T: ToValue> ToValue for List<T> {
    fn to_value(&self) -> Value {
        match &self.repr {
            ListRepr::Items(items) => Value::List(items.iter().map(ToValue::to_value).collect()),
            ListRepr::Whole(value) => value.clone(),
        }
    }

    fn is_unset(&self) -> bool {
        matches!(&self.repr, ListRepr::Items(items) if items.is_empty())
    }
}

impl<T: ToValue> ToValue for Box<T> {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }

    fn is_unset(&self) -> bool {
        (**self).is_unset()
    }
}

/// Builds a `Properties` object (or a nested property type's object) in the
/// order CloudFormation's documentation lists it.
///
/// ```
/// use cfnkit_core::{PropertyMap, Str, Value};
///
/// let name: Option<Str> = None;
/// let cidr: Str = "10.0.0.0/16".into();
/// let properties = PropertyMap::new().required("CidrBlock", &cidr).optional("Name", &name).build();
/// assert_eq!(properties, Value::map([("CidrBlock", "10.0.0.0/16".into())]));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PropertyMap(IndexMap<String, Value>);

impl PropertyMap {
    /// An empty object.
    pub fn new() -> PropertyMap {
        PropertyMap::default()
    }

    /// Writes the property whatever it holds.
    pub fn required(mut self, name: &str, value: &impl ToValue) -> PropertyMap {
        self.0.insert(name.to_owned(), value.to_value());
        self
    }

    /// Writes the property unless it is unset (`None`, or an empty list or map).
    pub fn optional(mut self, name: &str, value: &impl ToValue) -> PropertyMap {
        if !value.is_unset() {
            self.0.insert(name.to_owned(), value.to_value());
        }
        self
    }

    /// The object.
    pub fn build(self) -> Value {
        Value::Map(self.0)
    }
}

/// Where a reference stands, and so what it may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// `Ref`: a resource or a parameter.
    Ref,
    /// `Fn::GetAtt` (and `DependsOn`): a resource.
    GetAtt,
    /// `Fn::If`, `Condition`: a condition.
    Condition,
    /// `Fn::FindInMap`: a mapping.
    Mapping,
}

/// Names the targets of a [`Value`] while it becomes an [`Expr`]: synth
/// gives logical IDs (checking each target and recording dependencies);
/// [`Value::to_json_with_paths`] gives construct paths.
pub trait Namer {
    /// Why a value could not become an expression.
    type Error;

    /// The name `target` goes by in `position`.
    fn name(&mut self, position: Position, target: &Target) -> Result<String, Self::Error>;

    /// A literal map spelling an intrinsic that is malformed or unknown.
    fn malformed(&mut self, error: ParseError) -> Self::Error;

    /// The expression a reference to a resource or parameter becomes:
    /// `Ref` of its name, or `Fn::GetAtt` of its name and `attribute`. A
    /// namer may answer otherwise (synth makes a reference to another
    /// stack of the app an `Fn::ImportValue` of that stack's export).
    fn reference(&mut self, target: &Target, attribute: Option<&str>) -> Result<Expr, Self::Error> {
        Ok(match attribute {
            None => Expr::Ref(self.name(Position::Ref, target)?),
            Some(attribute) => Expr::GetAtt(self.name(Position::GetAtt, target)?, attribute.to_owned()),
        })
    }
}

impl Value {
    /// The value as a template expression, each target named by `namer`.
    ///
    /// This is the one place a `Value` becomes template text. A literal map
    /// that spells an intrinsic (`{"Ref": "Name"}`, `{"Fn::Join": ..}`) is
    /// read as that intrinsic, or refused when malformed; its names are
    /// checked by whoever checks the expression's references (synth).
    pub fn to_expr<N: Namer>(&self, namer: &mut N) -> Result<Expr, N::Error> {
        let boxed = |value: &Value, namer: &mut N| value.to_expr(namer).map(Box::new);
        Ok(match self {
            Value::String(text) => Expr::String(text.clone()),
            Value::Integer(i) => Expr::integer(*i),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or_else(|| Expr::String(f.to_string()), Expr::Number)
            }
            Value::Bool(b) => Expr::Bool(*b),
            Value::List(items) => Expr::List(items.iter().map(|v| v.to_expr(namer)).collect::<Result<_, _>>()?),
            Value::Map(entries) => {
                let map = entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), v.to_expr(namer)?)))
                    .collect::<Result<IndexMap<_, _>, N::Error>>()?;
                Expr::from_map(map).map_err(|e| namer.malformed(e))?
            }
            Value::Ref(target) => namer.reference(target, None)?,
            Value::Pseudo(pseudo) => Expr::Ref(pseudo.name().to_owned()),
            Value::NoValue => Expr::Ref("AWS::NoValue".to_owned()),
            Value::GetAtt(target, attribute) => namer.reference(target, Some(attribute))?,
            // A template with nothing to substitute is just a string (cfn-lint W1020).
            Value::Sub(template, variables) if variables.is_empty() && !template.contains("${") => {
                Expr::String(template.clone())
            }
            Value::Sub(template, variables) => Expr::Sub(
                template.clone(),
                variables.iter().map(|(k, v)| Ok((k.clone(), v.to_expr(namer)?))).collect::<Result<_, N::Error>>()?,
            ),
            Value::Join(delimiter, values) => Expr::Join(
                delimiter.clone(),
                Box::new(Expr::List(values.iter().map(|v| v.to_expr(namer)).collect::<Result<_, _>>()?)),
            ),
            Value::Select(index, list) => Expr::Select(Box::new(Expr::integer(i64::from(*index))), boxed(list, namer)?),
            Value::GetAzs(region) => Expr::GetAzs(boxed(region, namer)?),
            Value::Split(delimiter, source) => Expr::Split(delimiter.clone(), boxed(source, namer)?),
            Value::If(condition, when_true, when_false) => Expr::If(
                namer.name(Position::Condition, condition)?,
                boxed(when_true, namer)?,
                boxed(when_false, namer)?,
            ),
            Value::ImportValue(name) => Expr::ImportValue(boxed(name, namer)?),
            Value::Base64(value) => Expr::Base64(boxed(value, namer)?),
            Value::FindInMap(mapping, top, second) => {
                Expr::FindInMap(namer.name(Position::Mapping, mapping)?, boxed(top, namer)?, boxed(second, namer)?)
            }
            Value::Cidr(block, count, bits) => Expr::Cidr(
                boxed(block, namer)?,
                Box::new(Expr::integer(i64::from(*count))),
                Box::new(Expr::integer(i64::from(*bits))),
            ),
        })
    }

    /// The value as JSON with every reference written as its target's
    /// construct path: the same on every run, for hashing what a resource
    /// says and for tests. A malformed literal intrinsic is an error.
    ///
    /// ```
    /// use cfnkit_core::Value;
    ///
    /// let value = Value::join("-", ["a".into(), Value::sub("${AWS::Region}")]);
    /// assert_eq!(
    ///     value.to_json_with_paths().unwrap(),
    ///     serde_json::json!({"Fn::Join": ["-", ["a", {"Fn::Sub": "${AWS::Region}"}]]})
    /// );
    /// ```
    pub fn to_json_with_paths(&self) -> Result<serde_json::Value, ParseError> {
        struct Paths;
        impl Namer for Paths {
            type Error = ParseError;
            fn name(&mut self, _: Position, target: &Target) -> Result<String, ParseError> {
                Ok(target.path().to_owned())
            }
            fn malformed(&mut self, error: ParseError) -> ParseError {
                error
            }
        }
        Ok(self.to_expr(&mut Paths)?.to_json())
    }
}
