//! A type's schema compiled for the validator: every node once, its `$ref`s
//! resolved to node indices, its keywords parsed into [`Keyword`]s in schema
//! order, names sorted for binary search, each pattern with a slot for its
//! compiled regex, big string enums indexed. Interpreting the JSON directly
//! cost about five times as much per resource (hashing every key lookup,
//! resolving every `$ref` pointer, scanning 1,400-value enums).
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use serde_json::Value as Json;

use crate::patterns;
use crate::validate::{is_bool_text, Level};

pub(crate) type NodeId = usize;

/// A compiled schema: its nodes, the root of the resource schema, and the
/// cfn-lint extensions the validator applies (each with a root of its own).
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub(crate) nodes: Vec<Vec<Keyword>>,
    pub(crate) root: NodeId,
    pub(crate) extensions: Vec<Extension>,
}

#[derive(Debug)]
pub(crate) struct Extension {
    pub(crate) rule: String,
    pub(crate) level: Level,
    pub(crate) path: Vec<String>,
    pub(crate) root: NodeId,
}

/// A schema pattern and, once first used, its regex (`None`: uncompilable).
#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) source: String,
    compiled: OnceLock<Option<Arc<fancy_regex::Regex>>>,
    /// cfn-lint's own engine cannot compile it (E3031 on any literal).
    pub(crate) cfn_lint_broken: bool,
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        Pattern {
            source: source.to_owned(),
            compiled: OnceLock::new(),
            cfn_lint_broken: patterns::cfn_lint_cannot_compile(source),
        }
    }

    /// Whether `text` matches; `None` when the pattern cannot be checked.
    pub(crate) fn is_match(&self, text: &str) -> Option<bool> {
        self.compiled.get_or_init(|| patterns::compiled(&self.source).ok()).as_ref()?.is_match(text).ok()
    }
}

/// The JSON Schema types, as bits of a set.
pub(crate) struct JsonType;

impl JsonType {
    pub(crate) const OBJECT: u8 = 1;
    pub(crate) const ARRAY: u8 = 2;
    pub(crate) const NULL: u8 = 4;
    pub(crate) const STRING: u8 = 8;
    pub(crate) const NUMBER: u8 = 16;
    pub(crate) const INTEGER: u8 = 32;
    pub(crate) const BOOLEAN: u8 = 64;
    /// A type name the validator does not know, which anything satisfies.
    pub(crate) const ANY: u8 = 128;

    fn bit(name: &str) -> u8 {
        match name {
            "object" => Self::OBJECT,
            "array" => Self::ARRAY,
            "null" => Self::NULL,
            "string" => Self::STRING,
            "number" => Self::NUMBER,
            "integer" => Self::INTEGER,
            "boolean" => Self::BOOLEAN,
            _ => Self::ANY,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    Min,
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
    MultipleOf,
}

#[derive(Debug)]
pub(crate) enum Dependency {
    Names(Vec<String>),
    Schema(NodeId),
}

#[derive(Debug)]
pub(crate) enum Keyword {
    /// The schema `false`: nothing is allowed.
    False,
    Ref(NodeId),
    /// The JSON types allowed, as [`JsonType`] bits, and their names.
    Type(u8, Vec<String>),
    Enum {
        values: Vec<Json>,
        fold: bool,
        /// For an enum of plain strings: the strings (lower-cased when
        /// `fold`), so a string value is looked up instead of scanned for.
        strings: Option<HashSet<String>>,
    },
    Const(Json),
    Pattern(Pattern),
    Format(String),
    Length(Bound, u64),
    Range(Range, f64, Json),
    Items(Bound, u64),
    UniqueItems,
    PropertyCount(Bound, u64),
    /// Sorted by name. `closed`: `additionalProperties: false` with no
    /// `patternProperties`, checked in the same pass over the keys.
    Properties(Vec<(String, NodeId)>, bool),
    PatternProperties(Vec<(Pattern, NodeId)>),
    /// `additionalProperties` other than `true`: `schema` `None` refuses
    /// every undeclared name; `declared` (sorted) and `patterns` are the
    /// names the node declares.
    AdditionalProperties {
        schema: Option<NodeId>,
        declared: Vec<String>,
        patterns: Vec<Pattern>,
    },
    PropertyNames(NodeId),
    Required(Vec<String>),
    RequiredXor(Vec<String>),
    RequiredOr(Vec<String>),
    DependentRequired(Vec<(String, Vec<String>)>),
    DependentExcluded(Vec<(String, Vec<String>)>),
    Dependencies(Vec<(String, Dependency)>),
    ItemSchema {
        schema: Option<NodeId>,
        skip: usize,
    },
    PrefixItems(Vec<NodeId>),
    Contains(NodeId),
    AllOf(Vec<NodeId>),
    AnyOf(Vec<NodeId>),
    OneOf(Vec<NodeId>),
    Not(NodeId, String),
    If {
        condition: NodeId,
        then: Option<NodeId>,
        otherwise: Option<NodeId>,
    },
}

/// The schema keywords the validator understands (the generator keeps only
/// these in the data); an extension schema using any other (cfn-lint's
/// cross-resource `cfnGather`, `cfnContext`, `$data`) is not applied.
pub const KEYWORDS: &[&str] = &[
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "const",
    "contains",
    "definitions",
    "dependencies",
    "dependentExcluded",
    "dependentRequired",
    "else",
    "enum",
    "enumCaseInsensitive",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "if",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "oneOf",
    "pattern",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "required",
    "requiredOr",
    "requiredXor",
    "then",
    "type",
    "uniqueItems",
];

/// Annotations, which never fail.
const ANNOTATIONS: &[&str] = &["description", "title", "$comment", "default", "examples", "markdownDescription"];

/// Compiles a resource schema and its applicable extensions.
pub(crate) fn compile(schema: &Json) -> Compiled {
    let mut compiled = Compiled::default();
    compiled.root = Compiler::new(schema, &mut compiled.nodes).node(schema);
    for extension in schema.get("cfnLintExtensions").and_then(Json::as_array).into_iter().flatten() {
        let Some(extension_schema) = extension.get("schema").filter(|s| supported(s)) else { continue };
        let rule = extension.get("rule").and_then(Json::as_str).unwrap_or("").to_owned();
        let level = if rule.starts_with('E') { Level::Error } else { Level::Warning };
        let path = extension
            .get("path")
            .and_then(Json::as_array)
            .map(|p| p.iter().filter_map(Json::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let root = Compiler::new(extension_schema, &mut compiled.nodes).node(extension_schema);
        compiled.extensions.push(Extension { rule, level, path, root });
    }
    compiled
}

/// Whether every keyword of `schema`'s nodes is one the validator
/// understands; an extension schema using any other (cfn-lint's
/// cross-resource `cfnGather`, `cfnContext`, `$data`) is not applied.
pub(crate) fn supported(schema: &Json) -> bool {
    let Some(node) = schema.as_object() else { return true };
    node.iter().all(|(key, value)| {
        let children_ok = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => {
                value.as_object().is_some_and(|m| m.values().all(supported))
            }
            "dependencies" => value.as_object().is_some_and(|m| m.values().all(|v| v.is_array() || supported(v))),
            "items" | "not" | "if" | "then" | "else" | "additionalProperties" | "contains" | "propertyNames" => {
                supported(value)
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => value.as_array().is_some_and(|a| a.iter().all(supported)),
            _ => true,
        };
        children_ok && (KEYWORDS.contains(&key.as_str()) || ANNOTATIONS.contains(&key.as_str()))
    })
}

struct Compiler<'j, 'n> {
    /// The document `$ref`s resolve in.
    root: &'j Json,
    nodes: &'n mut Vec<Vec<Keyword>>,
    references: HashMap<&'j str, NodeId>,
}

fn strings(value: &Json) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(Json::as_str).map(str::to_owned).collect()).unwrap_or_default()
}

fn name_lists(value: &Json) -> Vec<(String, Vec<String>)> {
    value.as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), strings(v))).collect()).unwrap_or_default()
}

impl<'j, 'n> Compiler<'j, 'n> {
    fn new(root: &'j Json, nodes: &'n mut Vec<Vec<Keyword>>) -> Compiler<'j, 'n> {
        Compiler { root, nodes, references: HashMap::new() }
    }

    fn node(&mut self, schema: &'j Json) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Vec::new());
        let keywords = match schema {
            Json::Bool(false) => vec![Keyword::False],
            Json::Object(map) => map.iter().filter_map(|(k, v)| self.keyword(k, v, schema)).collect(),
            _ => Vec::new(),
        };
        self.nodes[id] = keywords;
        id
    }

    fn optional(&mut self, schema: Option<&'j Json>) -> Option<NodeId> {
        schema.map(|s| self.node(s))
    }

    fn list(&mut self, schemas: &'j Json) -> Vec<NodeId> {
        schemas.as_array().into_iter().flatten().map(|s| self.node(s)).collect()
    }

    fn reference(&mut self, pointer: &'j str) -> Option<NodeId> {
        if let Some(id) = self.references.get(pointer) {
            return Some(*id);
        }
        let target = self.root.pointer(pointer.strip_prefix('#')?)?;
        // Registered before it is compiled, so a recursive type ends.
        let id = self.nodes.len();
        self.references.insert(pointer, id);
        let compiled = self.node(target);
        debug_assert_eq!(compiled, id);
        Some(id)
    }

    fn keyword(&mut self, keyword: &str, argument: &'j Json, node: &'j Json) -> Option<Keyword> {
        let number = || argument.as_u64();
        Some(match keyword {
            "$ref" => Keyword::Ref(self.reference(argument.as_str()?)?),
            "type" => {
                let names = match argument {
                    Json::String(t) => vec![t.clone()],
                    other => strings(other),
                };
                let bits = names.iter().fold(0, |bits, name| bits | JsonType::bit(name));
                Keyword::Type(bits, names)
            }
            "enum" | "enumCaseInsensitive" => {
                let values = argument.as_array()?.clone();
                let fold = keyword == "enumCaseInsensitive";
                fn plain(v: &Json) -> Option<&str> {
                    v.as_str().filter(|s| !is_bool_text(s))
                }
                let strings = (values.len() > 8 && values.iter().all(|v| plain(v).is_some())).then(|| {
                    values
                        .iter()
                        .filter_map(plain)
                        .map(|s| if fold { s.to_lowercase() } else { s.to_owned() })
                        .collect()
                });
                Keyword::Enum { values, fold, strings }
            }
            "const" => Keyword::Const(argument.clone()),
            "pattern" => Keyword::Pattern(Pattern::new(argument.as_str()?)),
            "format" => Keyword::Format(argument.as_str()?.to_owned()),
            "minLength" => Keyword::Length(Bound::Min, number()?),
            "maxLength" => Keyword::Length(Bound::Max, number()?),
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                let range = match keyword {
                    "minimum" => Range::Minimum,
                    "maximum" => Range::Maximum,
                    "exclusiveMinimum" => Range::ExclusiveMinimum,
                    "exclusiveMaximum" => Range::ExclusiveMaximum,
                    _ => Range::MultipleOf,
                };
                Keyword::Range(range, argument.as_f64()?, argument.clone())
            }
            "minItems" => Keyword::Items(Bound::Min, number()?),
            "maxItems" => Keyword::Items(Bound::Max, number()?),
            "uniqueItems" if argument.as_bool() == Some(true) => Keyword::UniqueItems,
            "minProperties" => Keyword::PropertyCount(Bound::Min, number()?),
            "maxProperties" => Keyword::PropertyCount(Bound::Max, number()?),
            "properties" => {
                let mut properties: Vec<(String, NodeId)> =
                    argument.as_object()?.iter().map(|(name, s)| (name.clone(), self.node(s))).collect();
                properties.sort_by(|a, b| a.0.cmp(&b.0));
                let closed = node.get("additionalProperties") == Some(&Json::Bool(false))
                    && node.get("patternProperties").is_none();
                Keyword::Properties(properties, closed)
            }
            "patternProperties" => Keyword::PatternProperties(
                argument.as_object()?.iter().map(|(pattern, s)| (Pattern::new(pattern), self.node(s))).collect(),
            ),
            "additionalProperties" => {
                let closed_by_properties = argument == &Json::Bool(false)
                    && node.get("properties").is_some_and(Json::is_object)
                    && node.get("patternProperties").is_none();
                let schema = match argument {
                    Json::Bool(true) => return None,
                    // Checked with the properties, in one pass.
                    _ if closed_by_properties => return None,
                    Json::Object(_) => Some(self.node(argument)),
                    _ => None,
                };
                let mut declared: Vec<String> = node
                    .get("properties")
                    .and_then(Json::as_object)
                    .map(|p| p.keys().cloned().collect())
                    .unwrap_or_default();
                declared.sort();
                let patterns = node
                    .get("patternProperties")
                    .and_then(Json::as_object)
                    .map(|p| p.keys().map(|k| Pattern::new(k)).collect())
                    .unwrap_or_default();
                Keyword::AdditionalProperties { schema, declared, patterns }
            }
            "propertyNames" => Keyword::PropertyNames(self.node(argument)),
            "required" => Keyword::Required(strings(argument)),
            "requiredXor" => Keyword::RequiredXor(strings(argument)),
            "requiredOr" => Keyword::RequiredOr(strings(argument)),
            "dependentRequired" => Keyword::DependentRequired(name_lists(argument)),
            "dependentExcluded" => Keyword::DependentExcluded(name_lists(argument)),
            "dependencies" => Keyword::Dependencies(
                argument
                    .as_object()?
                    .iter()
                    .map(|(name, dependency)| {
                        let dependency = match dependency {
                            Json::Array(_) => Dependency::Names(strings(dependency)),
                            schema => Dependency::Schema(self.node(schema)),
                        };
                        (name.clone(), dependency)
                    })
                    .collect(),
            ),
            "items" => Keyword::ItemSchema {
                schema: (argument != &Json::Bool(false)).then(|| self.node(argument)),
                skip: node.get("prefixItems").and_then(Json::as_array).map_or(0, Vec::len),
            },
            "prefixItems" => Keyword::PrefixItems(self.list(argument)),
            "contains" => Keyword::Contains(self.node(argument)),
            "allOf" => Keyword::AllOf(self.list(argument)),
            "anyOf" => Keyword::AnyOf(self.list(argument)),
            "oneOf" => Keyword::OneOf(self.list(argument)),
            "not" => Keyword::Not(self.node(argument), argument.to_string()),
            "if" => {
                let condition = self.node(argument);
                let then = self.optional(node.get("then"));
                let otherwise = self.optional(node.get("else"));
                Keyword::If { condition, then, otherwise }
            }
            _ => return None,
        })
    }
}
