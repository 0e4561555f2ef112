//! [`Expr`]: a value in a template, literals and intrinsic functions as a
//! typed tree whose references are logical IDs.
use indexmap::IndexMap;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Number;

use crate::error::ParseError;

/// A value as it stands in a template: a literal, or an intrinsic function
/// that CloudFormation evaluates at deploy. References are logical IDs
/// (after synth) or names read from a template.
///
/// Rendering writes each intrinsic in its JSON long form
/// (`{"Fn::GetAtt": [id, attribute]}`); parsing reads that form and YAML's
/// short form (`!GetAtt id.attribute`).
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `null`, which only metadata and parsed templates carry.
    Null,
    /// A literal boolean.
    Bool(bool),
    /// A literal number.
    Number(Number),
    /// A literal string.
    String(String),
    /// A literal list.
    List(Vec<Expr>),
    /// A literal object, keys in order.
    Map(IndexMap<String, Expr>),
    /// `{"Ref": name}`: a resource, a parameter or a pseudo-parameter.
    Ref(String),
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    GetAtt(String, String),
    /// `{"Fn::Sub": template}` or `{"Fn::Sub": [template, variables]}`.
    Sub(String, IndexMap<String, Expr>),
    /// `{"Fn::Join": [delimiter, list]}`.
    Join(String, Box<Expr>),
    /// `{"Fn::Select": [index, list]}`.
    Select(Box<Expr>, Box<Expr>),
    /// `{"Fn::GetAZs": region}`.
    GetAzs(Box<Expr>),
    /// `{"Fn::Split": [delimiter, string]}`.
    Split(String, Box<Expr>),
    /// `{"Fn::If": [condition, when_true, when_false]}`.
    If(String, Box<Expr>, Box<Expr>),
    /// `{"Fn::ImportValue": export_name}`.
    ImportValue(Box<Expr>),
    /// `{"Fn::Base64": value}`.
    Base64(Box<Expr>),
    /// `{"Fn::FindInMap": [mapping, top_level_key, second_level_key]}`.
    FindInMap(String, Box<Expr>, Box<Expr>),
    /// `{"Fn::Cidr": [ip_block, count, cidr_bits]}`.
    Cidr(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `{"Condition": name}`: another condition, inside a condition.
    Condition(String),
    /// `{"Fn::Equals": [left, right]}`.
    Equals(Box<Expr>, Box<Expr>),
    /// `{"Fn::And": [conditions]}`.
    And(Vec<Expr>),
    /// `{"Fn::Or": [conditions]}`.
    Or(Vec<Expr>),
    /// `{"Fn::Not": [condition]}`.
    Not(Box<Expr>),
    /// An intrinsic this model reads and writes back but does not
    /// interpret: `Fn::Transform`, `Fn::ToJsonString`, `Fn::Length`.
    Opaque(String, Box<Expr>),
}

/// The intrinsic functions [`Expr::Opaque`] carries.
pub const OPAQUE_INTRINSICS: [&str; 3] = ["Fn::Transform", "Fn::ToJsonString", "Fn::Length"];

/// One name an expression uses, and what it must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference<'a> {
    /// `Ref`: a resource, a parameter or a pseudo-parameter.
    Ref(&'a str),
    /// `Fn::GetAtt`: a resource and one of its attributes.
    GetAtt(&'a str, &'a str),
    /// `Fn::If` or `{"Condition": ..}`: a condition.
    Condition(&'a str),
    /// `Fn::FindInMap`: a mapping.
    Mapping(&'a str),
}

impl Expr {
    /// A literal string.
    pub fn string(text: impl Into<String>) -> Expr {
        Expr::String(text.into())
    }

    /// A literal integer.
    pub fn integer(value: i64) -> Expr {
        Expr::Number(Number::from(value))
    }

    /// The literal string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expr::String(text) => Some(text),
            _ => None,
        }
    }

    /// The literal object, if this is one.
    pub fn as_map(&self) -> Option<&IndexMap<String, Expr>> {
        match self {
            Expr::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The literal list, if this is one.
    pub fn as_list(&self) -> Option<&[Expr]> {
        match self {
            Expr::List(items) => Some(items),
            _ => None,
        }
    }

    /// A member of a literal object.
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.as_map().and_then(|map| map.get(key))
    }

    /// Builds the intrinsic `key` (`Ref`, `Condition` or `Fn::*`) from its
    /// argument, already parsed. This is the one place an intrinsic's shape
    /// is read, for templates and for literal maps alike.
    pub fn intrinsic(key: &str, body: Expr) -> Result<Expr, ParseError> {
        let fail = |expected: &str| Err(ParseError::intrinsic(key, expected));
        let name = |expr: Expr, expected: &str| match expr {
            Expr::String(text) => Ok(text),
            _ => Err(ParseError::intrinsic(key, expected)),
        };
        match key {
            "Ref" => Ok(Expr::Ref(name(body, "a name")?)),
            "Condition" => Ok(Expr::Condition(name(body, "a condition name")?)),
            "Fn::GetAtt" => match body {
                Expr::String(text) => match text.split_once('.') {
                    Some((resource, attribute)) => Ok(Expr::GetAtt(resource.to_owned(), attribute.to_owned())),
                    None => fail("[resource, attribute] or \"resource.attribute\""),
                },
                Expr::List(args) => match <[Expr; 2]>::try_from(args) {
                    Ok([Expr::String(resource), Expr::String(attribute)]) => Ok(Expr::GetAtt(resource, attribute)),
                    _ => fail("[resource, attribute], both strings"),
                },
                _ => fail("[resource, attribute]"),
            },
            "Fn::Sub" => match body {
                Expr::String(template) => Ok(Expr::Sub(template, IndexMap::new())),
                Expr::List(args) => match <[Expr; 2]>::try_from(args) {
                    Ok([Expr::String(template), Expr::Map(variables)]) => Ok(Expr::Sub(template, variables)),
                    _ => fail("a template, or [template, {variables}]"),
                },
                _ => fail("a template, or [template, {variables}]"),
            },
            "Fn::Join" => match pair(body) {
                Some((Expr::String(delimiter), list)) => Ok(Expr::Join(delimiter, Box::new(list))),
                _ => fail("[delimiter, list]"),
            },
            "Fn::Select" => match pair(body) {
                Some((index, list)) => Ok(Expr::Select(Box::new(index), Box::new(list))),
                None => fail("[index, list]"),
            },
            "Fn::GetAZs" => Ok(Expr::GetAzs(Box::new(body))),
            "Fn::Split" => match pair(body) {
                Some((Expr::String(delimiter), source)) => Ok(Expr::Split(delimiter, Box::new(source))),
                _ => fail("[delimiter, string]"),
            },
            "Fn::If" => match triple(body) {
                Some((Expr::String(condition), when_true, when_false)) => {
                    Ok(Expr::If(condition, Box::new(when_true), Box::new(when_false)))
                }
                _ => fail("[condition, value_if_true, value_if_false]"),
            },
            "Fn::ImportValue" => Ok(Expr::ImportValue(Box::new(body))),
            "Fn::Base64" => Ok(Expr::Base64(Box::new(body))),
            "Fn::FindInMap" => match triple(body) {
                Some((Expr::String(mapping), top, second)) => {
                    Ok(Expr::FindInMap(mapping, Box::new(top), Box::new(second)))
                }
                _ => fail("[mapping, top_level_key, second_level_key]"),
            },
            "Fn::Cidr" => match triple(body) {
                Some((block, count, bits)) => Ok(Expr::Cidr(Box::new(block), Box::new(count), Box::new(bits))),
                None => fail("[ip_block, count, cidr_bits]"),
            },
            "Fn::Equals" => match pair(body) {
                Some((left, right)) => Ok(Expr::Equals(Box::new(left), Box::new(right))),
                None => fail("[left, right]"),
            },
            "Fn::And" | "Fn::Or" => match body {
                Expr::List(items) if (2..=10).contains(&items.len()) => {
                    Ok(if key == "Fn::And" { Expr::And(items) } else { Expr::Or(items) })
                }
                _ => fail("a list of 2 to 10 conditions"),
            },
            "Fn::Not" => match body {
                Expr::List(items) if items.len() == 1 => {
                    Ok(Expr::Not(Box::new(items.into_iter().next().expect("one item"))))
                }
                _ => fail("a list of one condition"),
            },
            _ if OPAQUE_INTRINSICS.contains(&key) => Ok(Expr::Opaque(key.to_owned(), Box::new(body))),
            _ => Err(ParseError::UnknownIntrinsic { key: key.to_owned() }),
        }
    }

    /// Whether a map key names an intrinsic function (so a one-key map with
    /// it is one).
    pub fn is_intrinsic_key(key: &str) -> bool {
        key == "Ref" || key == "Condition" || key.starts_with("Fn::")
    }

    /// Reads a JSON value, turning every one-key object whose key is `Ref`,
    /// `Condition` or `Fn::*` into its typed intrinsic. (`{"Condition": ..}`
    /// is an intrinsic only with a name as its argument: an IAM statement's
    /// `Condition` block is an object.)
    pub fn from_json(json: serde_json::Value) -> Result<Expr, ParseError> {
        Ok(match json {
            serde_json::Value::Null => Expr::Null,
            serde_json::Value::Bool(b) => Expr::Bool(b),
            serde_json::Value::Number(n) => Expr::Number(n),
            serde_json::Value::String(s) => Expr::String(s),
            serde_json::Value::Array(items) => {
                Expr::List(items.into_iter().map(Expr::from_json).collect::<Result<_, _>>()?)
            }
            serde_json::Value::Object(entries) => {
                let map: IndexMap<String, Expr> =
                    entries.into_iter().map(|(k, v)| Ok((k, Expr::from_json(v)?))).collect::<Result<_, _>>()?;
                Expr::from_map(map)?
            }
        })
    }

    /// A literal object, or the intrinsic it spells.
    pub fn from_map(map: IndexMap<String, Expr>) -> Result<Expr, ParseError> {
        if map.len() == 1 {
            let (key, body) = map.first().expect("one entry");
            let names_condition = key != "Condition" || matches!(body, Expr::String(_));
            if Expr::is_intrinsic_key(key) && names_condition {
                let (key, body) = map.into_iter().next().expect("one entry");
                return Expr::intrinsic(&key, body);
            }
        }
        Ok(Expr::Map(map))
    }

    /// The expressions directly inside this one, in the order they are
    /// written: the one traversal both visitors below share.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => Vec::new(),
            Expr::Ref(_) | Expr::GetAtt(..) | Expr::Condition(_) => Vec::new(),
            Expr::List(items) | Expr::And(items) | Expr::Or(items) => items.iter().collect(),
            Expr::Map(map) | Expr::Sub(_, map) => map.values().collect(),
            Expr::Join(_, inner)
            | Expr::GetAzs(inner)
            | Expr::Split(_, inner)
            | Expr::ImportValue(inner)
            | Expr::Base64(inner)
            | Expr::Not(inner)
            | Expr::Opaque(_, inner) => vec![inner],
            Expr::Select(a, b) | Expr::Equals(a, b) | Expr::If(_, a, b) | Expr::FindInMap(_, a, b) => vec![a, b],
            Expr::Cidr(a, b, c) => vec![a, b, c],
        }
    }

    /// Calls `visit` on every name this expression refers to, in order:
    /// the names of `Ref`, `Fn::GetAtt`, `Fn::If`, `Condition` and
    /// `Fn::FindInMap`. (Names inside `Fn::Sub` templates are text: see
    /// [`sub_names`].)
    pub fn visit_references<'a>(&'a self, visit: &mut impl FnMut(Reference<'a>)) {
        match self {
            Expr::Ref(name) => visit(Reference::Ref(name)),
            Expr::GetAtt(name, attribute) => visit(Reference::GetAtt(name, attribute)),
            Expr::Condition(name) => visit(Reference::Condition(name)),
            Expr::If(name, ..) => visit(Reference::Condition(name)),
            Expr::FindInMap(name, ..) => visit(Reference::Mapping(name)),
            _ => {}
        }
        for child in self.children() {
            child.visit_references(visit);
        }
    }

    /// Calls `visit` on every `Fn::Sub` in this expression, outermost first.
    pub fn visit_subs<'a>(&'a self, visit: &mut impl FnMut(&'a str, &'a IndexMap<String, Expr>)) {
        if let Expr::Sub(template, variables) = self {
            visit(template, variables);
        }
        for child in self.children() {
            child.visit_subs(visit);
        }
    }

    /// The JSON form, as rendering writes it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("an Expr always serialises")
    }
}

/// The `${Name}` and `${Name.Attribute}` names an `Fn::Sub` template uses,
/// without `${!Literal}` escapes: `(Name, Some(Attribute))`.
pub fn sub_names(template: &str) -> Vec<(&str, Option<&str>)> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        rest = &after[end + 1..];
        if inner.starts_with('!') {
            continue;
        }
        let inner = inner.trim();
        // Pseudo-parameters hold `::`, so split the attribute at the last
        // dot only outside them.
        match inner.strip_prefix("AWS::") {
            Some(_) => names.push((inner, None)),
            None => match inner.split_once('.') {
                Some((name, attribute)) => names.push((name, Some(attribute))),
                None => names.push((inner, None)),
            },
        }
    }
    names
}

fn pair(body: Expr) -> Option<(Expr, Expr)> {
    match body {
        Expr::List(args) => <[Expr; 2]>::try_from(args).ok().map(|[a, b]| (a, b)),
        _ => None,
    }
}

fn triple(body: Expr) -> Option<(Expr, Expr, Expr)> {
    match body {
        Expr::List(args) => <[Expr; 3]>::try_from(args).ok().map(|[a, b, c]| (a, b, c)),
        _ => None,
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
    Expr(&'a Expr),
    Variables(&'a IndexMap<String, Expr>),
}

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Part::Text(text) => serializer.serialize_str(text),
            Part::Expr(expr) => expr.serialize(serializer),
            Part::Variables(variables) => variables.serialize(serializer),
        }
    }
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expr::Null => serializer.serialize_unit(),
            Expr::Bool(b) => serializer.serialize_bool(*b),
            Expr::Number(n) => n.serialize(serializer),
            Expr::String(text) => serializer.serialize_str(text),
            Expr::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Expr::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Expr::Ref(name) => intrinsic(serializer, "Ref", name),
            Expr::GetAtt(name, attribute) => intrinsic(serializer, "Fn::GetAtt", &[name, attribute]),
            Expr::Sub(template, variables) if variables.is_empty() => intrinsic(serializer, "Fn::Sub", template),
            Expr::Sub(template, variables) => {
                intrinsic(serializer, "Fn::Sub", &[Part::Text(template), Part::Variables(variables)])
            }
            Expr::Join(delimiter, list) => {
                intrinsic(serializer, "Fn::Join", &[Part::Text(delimiter), Part::Expr(list)])
            }
            Expr::Select(index, list) => intrinsic(serializer, "Fn::Select", &[index, list]),
            Expr::GetAzs(region) => intrinsic(serializer, "Fn::GetAZs", region),
            Expr::Split(delimiter, source) => {
                intrinsic(serializer, "Fn::Split", &[Part::Text(delimiter), Part::Expr(source)])
            }
            Expr::If(condition, when_true, when_false) => {
                intrinsic(serializer, "Fn::If", &[Part::Text(condition), Part::Expr(when_true), Part::Expr(when_false)])
            }
            Expr::ImportValue(name) => intrinsic(serializer, "Fn::ImportValue", name),
            Expr::Base64(value) => intrinsic(serializer, "Fn::Base64", value),
            Expr::FindInMap(mapping, top, second) => {
                intrinsic(serializer, "Fn::FindInMap", &[Part::Text(mapping), Part::Expr(top), Part::Expr(second)])
            }
            Expr::Cidr(block, count, bits) => intrinsic(serializer, "Fn::Cidr", &[block, count, bits]),
            Expr::Condition(name) => intrinsic(serializer, "Condition", name),
            Expr::Equals(left, right) => intrinsic(serializer, "Fn::Equals", &[left, right]),
            Expr::And(items) => intrinsic(serializer, "Fn::And", items),
            Expr::Or(items) => intrinsic(serializer, "Fn::Or", items),
            Expr::Not(inner) => intrinsic(serializer, "Fn::Not", &[inner]),
            Expr::Opaque(name, body) => intrinsic(serializer, name, body),
        }
    }
}

impl From<&str> for Expr {
    fn from(text: &str) -> Expr {
        Expr::String(text.to_owned())
    }
}

impl From<String> for Expr {
    fn from(text: String) -> Expr {
        Expr::String(text)
    }
}

impl From<bool> for Expr {
    fn from(b: bool) -> Expr {
        Expr::Bool(b)
    }
}

impl From<i64> for Expr {
    fn from(i: i64) -> Expr {
        Expr::integer(i)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_intrinsic_reads_back_as_it_renders() {
        let template = json!({
            "A": {"Ref": "Vpc"},
            "B": {"Fn::GetAtt": ["Fn", "Arn"]},
            "C": {"Fn::Sub": ["${X}-${AWS::Region}", {"X": {"Ref": "P"}}]},
            "D": {"Fn::Join": [",", [{"Fn::Select": [0, {"Fn::GetAZs": ""}]}, "b"]]},
            "E": {"Fn::If": ["IsProd", {"Fn::Base64": "x"}, {"Ref": "AWS::NoValue"}]},
            "F": {"Fn::FindInMap": ["Map", "k", {"Ref": "AWS::Region"}]},
            "G": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]},
            "H": {"Fn::Split": [",", {"Fn::ImportValue": "Export"}]},
            "I": {"Fn::And": [{"Condition": "A"}, {"Fn::Not": [{"Fn::Equals": ["a", "b"]}]}]},
            "J": {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]},
            "K": {"Fn::Sub": "plain ${AWS::StackName}"},
            "L": {"Fn::ToJsonString": {"a": 1}},
        });
        let expr = Expr::from_json(template.clone()).unwrap();
        assert_eq!(expr.get("A"), Some(&Expr::Ref("Vpc".into())));
        assert_eq!(expr.get("B"), Some(&Expr::GetAtt("Fn".into(), "Arn".into())));
        assert!(matches!(expr.get("I"), Some(Expr::And(_))));
        assert_eq!(expr.to_json(), template);
    }

    #[test]
    fn malformed_and_unknown_intrinsics_are_errors() {
        for bad in [
            json!({"Ref": ["a"]}),
            json!({"Fn::GetAtt": "NoDot"}),
            json!({"Fn::If": ["only", "two"]}),
            json!({"Fn::Join": [1, []]}),
            json!({"Fn::And": [{"Condition": "A"}]}),
            json!({"Fn::NoSuchThing": 1}),
        ] {
            assert!(Expr::from_json(bad.clone()).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_condition_block_with_an_object_is_a_literal() {
        let statement = json!({"Condition": {"Bool": {"aws:SecureTransport": "false"}}});
        assert!(matches!(Expr::from_json(statement).unwrap(), Expr::Map(_)));
    }

    #[test]
    fn references_are_visited_in_order() {
        let expr = Expr::from_json(json!({"a": [{"Ref": "P"}, {"Fn::If": ["C", {"Fn::GetAtt": ["R", "Arn"]}, {"Fn::FindInMap": ["M", "a", "b"]}]}]})).unwrap();
        let mut seen = Vec::new();
        expr.visit_references(&mut |r| seen.push(format!("{r:?}")));
        assert_eq!(seen, ["Ref(\"P\")", "Condition(\"C\")", "GetAtt(\"R\", \"Arn\")", "Mapping(\"M\")"]);
    }

    #[test]
    fn sub_names_skip_escapes_and_split_attributes() {
        assert_eq!(
            sub_names("${A}/${B.Arn}/${!Literal}/${AWS::Region}"),
            [("A", None), ("B", Some("Arn")), ("AWS::Region", None)]
        );
    }
}
