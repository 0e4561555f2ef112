//! Checks a resource's `Properties` against its type's schema.
//!
//! The semantics are cfn-lint 1.58.0's (`cfnlint/jsonschema/`), since what
//! it reports we must not emit, and what it accepts CloudFormation reads:
//!
//! - **Literals only.** A value that is an intrinsic function is known only
//!   at deploy: it passes every check, and inside `anyOf`, `oneOf`, `not`
//!   and `if` it makes the branch *unknown*, which never counts as a
//!   failure. `Fn::If` is checked branch by branch; `Ref AWS::NoValue` passes.
//! - **CloudFormation's loose types** (`_raw_type`): a `string` is any
//!   scalar, an `integer` or `number` may be a numeric string, a `boolean`
//!   may be `"true"`/`"false"` in three spellings. `enum`/`const` compare the
//!   same way (`_utils.equal`), and `minimum`/`maximum` read numeric strings.
//! - **cfn-lint's additions** that concern one resource: its `format`s
//!   (VPC, subnet and security-group ids, ARNs, CIDR blocks, dates: see
//!   `formats.rs`), read-only properties (a warning: ignored, not refused),
//!   the extension schemas of
//!   its rules (`schemas/cfn-lint/extensions.json.gz`: at their rule's
//!   level, an `E` rule an error, `W`/`I` a warning), and Lambda's 4 KB
//!   environment (E3697, which cfn-lint writes in Python).
use std::fmt;

use cfnkit_template::Expr;
use serde_json::{Map, Value as Json};

use crate::data::ResourceSpec;
use crate::{formats, patterns};

/// How serious a [`Violation`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// CloudFormation refuses the value (or cfn-lint reports an error).
    Error,
    /// cfn-lint reports a warning: the value deploys, but likely not as meant.
    Warning,
}

/// One thing a resource's properties break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Error or warning.
    pub level: Level,
    /// Where, from `Properties`: `SecurityGroupIngress[0].CidrIp`; empty
    /// for the whole object.
    pub property_path: String,
    /// The schema keyword broken (`maxLength`, `required`, `enum`, ...;
    /// `readOnly` for a read-only property, `environmentSize` for E3697).
    pub keyword: String,
    /// What is wrong, with the value and the limit.
    pub message: String,
    /// The cfn-lint rule whose extension schema this comes from, if any.
    pub rule: Option<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.property_path.is_empty() { "Properties" } else { &self.property_path };
        write!(f, "{at}: {} ({}", self.message, self.keyword)?;
        if let Some(rule) = &self.rule {
            write!(f, ", cfn-lint {rule}")?;
        }
        write!(f, ")")
    }
}

/// Checks `properties` (a resource's resolved `Properties`) against the
/// schema of `spec`'s type; returns every violation found, in order.
///
/// A local path where `aws cloudformation package` uploads an artifact (a
/// Lambda function's `Code` as `"./src"`, ...) is not checked: the command
/// replaces it with the S3 location before anything deploys.
pub fn validate(spec: &ResourceSpec, properties: &Expr) -> Vec<Violation> {
    let schema = spec.schema();
    let mut walk = Walk::new(schema, Some(spec), Level::Error, None);
    walk.local_artifacts = local_artifacts(spec.type_name(), properties);
    walk.check(schema, properties);
    let mut violations = walk.out;
    if let Some(extensions) = schema.get("cfnLintExtensions").and_then(Json::as_array) {
        for extension in extensions {
            apply_extension(extension, properties, &mut violations);
        }
    }
    if spec.type_name() == "AWS::Lambda::Function" {
        lambda_environment_size(properties, &mut violations);
    }
    violations
}

fn apply_extension(extension: &Json, properties: &Expr, out: &mut Vec<Violation>) {
    let Some(schema) = extension.get("schema") else { return };
    if !supported(schema) {
        return;
    }
    let rule = extension.get("rule").and_then(Json::as_str).unwrap_or("");
    let level = if rule.starts_with('E') { Level::Error } else { Level::Warning };
    let path: Vec<&str> = extension
        .get("path")
        .and_then(Json::as_array)
        .map(|p| p.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    let mut walk = Walk::new(schema, None, level, Some(rule.to_owned()));
    walk.at_path(&path, properties);
    out.extend(walk.out);
}

/// The properties `aws cloudformation package` reads a local path from
/// (<https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html>),
/// by type, as paths from `Properties`.
const PACKAGED_PROPERTIES: &[(&str, &[&str])] = &[
    ("AWS::ApiGateway::RestApi", &["BodyS3Location"]),
    ("AWS::AppSync::FunctionConfiguration", &["RequestMappingTemplateS3Location"]),
    ("AWS::AppSync::FunctionConfiguration", &["ResponseMappingTemplateS3Location"]),
    ("AWS::AppSync::FunctionConfiguration", &["CodeS3Location"]),
    ("AWS::AppSync::GraphQLSchema", &["DefinitionS3Location"]),
    ("AWS::AppSync::Resolver", &["RequestMappingTemplateS3Location"]),
    ("AWS::AppSync::Resolver", &["ResponseMappingTemplateS3Location"]),
    ("AWS::AppSync::Resolver", &["CodeS3Location"]),
    ("AWS::CloudFormation::Stack", &["TemplateURL"]),
    ("AWS::CodeCommit::Repository", &["Code", "S3"]),
    ("AWS::ElasticBeanstalk::ApplicationVersion", &["SourceBundle"]),
    ("AWS::Glue::Job", &["Command", "ScriptLocation"]),
    ("AWS::Lambda::Function", &["Code"]),
    ("AWS::Lambda::LayerVersion", &["Content"]),
    ("AWS::StepFunctions::StateMachine", &["DefinitionS3Location"]),
];

/// The paths of `properties` that hold a local path for
/// `aws cloudformation package` (a string where the schema wants the S3
/// location it becomes).
fn local_artifacts(type_name: &str, properties: &Expr) -> Vec<&'static [&'static str]> {
    PACKAGED_PROPERTIES
        .iter()
        .filter(|(t, path)| {
            *t == type_name
                && matches!(path.iter().try_fold(properties, |node, name| field(node, name)), Some(Expr::String(_)))
        })
        .map(|(_, path)| *path)
        .collect()
}

/// E3697: "AWS Lambda limits the total size of all environment variables
/// to 4 KB" (<https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html>);
/// cfn-lint sums the lengths of the keys and of the literal values.
fn lambda_environment_size(properties: &Expr, out: &mut Vec<Violation>) {
    let Some(Expr::Map(variables)) = field(properties, "Environment").and_then(|e| field(e, "Variables")) else {
        return;
    };
    let size: usize =
        variables.iter().map(|(key, value)| key.len() + if let Expr::String(s) = value { s.len() } else { 0 }).sum();
    if size > 4096 {
        out.push(Violation {
            level: Level::Error,
            property_path: "Environment.Variables".into(),
            keyword: "environmentSize".into(),
            message: format!(
                "the environment variables take {size} bytes, over Lambda's 4 KB (4096 bytes); keep large values in SSM Parameter Store or Secrets Manager and read them at start-up"
            ),
            rule: Some("E3697".into()),
        });
    }
}

fn field<'e>(value: &'e Expr, name: &str) -> Option<&'e Expr> {
    match value {
        Expr::Map(map) => map.get(name),
        _ => None,
    }
}

/// Keywords the walk understands; an extension schema using any other
/// (cfn-lint's cross-resource `cfnGather`, `cfnContext`, `$data`) is not
/// applied at synth.
const KEYWORDS: &[&str] = &[
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

/// Whether every keyword of `schema`'s nodes is one the walk understands.
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

#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `$ref`s may lead back to the node they came from without consuming the
/// value; past this depth the walk stops rather than recurse for ever.
const MAX_DEPTH: usize = 128;

struct Walk<'a> {
    /// The document `$ref`s resolve in.
    root: &'a Json,
    /// For read-only properties; `None` in an extension schema.
    spec: Option<&'a ResourceSpec>,
    level: Level,
    rule: Option<String>,
    path: Vec<Segment<'a>>,
    depth: usize,
    out: Vec<Violation>,
    /// Whether an intrinsic function met a check since the last reset.
    unknown: bool,
    /// Paths holding a local path for `aws cloudformation package`, which
    /// only that command's output can be checked at.
    local_artifacts: Vec<&'static [&'static str]>,
}

impl<'a> Walk<'a> {
    fn new(root: &'a Json, spec: Option<&'a ResourceSpec>, level: Level, rule: Option<String>) -> Walk<'a> {
        Walk {
            root,
            spec,
            level,
            rule,
            path: Vec::new(),
            depth: 0,
            out: Vec::new(),
            unknown: false,
            local_artifacts: Vec::new(),
        }
    }

    fn report(&mut self, keyword: &str, message: String) {
        self.report_at(self.level, keyword, message);
    }

    fn report_at(&mut self, level: Level, keyword: &str, message: String) {
        self.out.push(Violation {
            level,
            property_path: property_path(&self.path),
            keyword: keyword.to_owned(),
            message,
            rule: self.rule.clone(),
        });
    }

    /// Checks the values at `path` (property names, `*` for every item of
    /// a list) against the root schema.
    fn at_path(&mut self, path: &[&'a str], value: &'a Expr) {
        let Some((first, rest)) = path.split_first() else {
            self.check(self.root, value);
            return;
        };
        match (value, *first) {
            (Expr::List(items), "*") => {
                for (index, item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    self.at_path(rest, item);
                    self.path.pop();
                }
            }
            (Expr::Map(map), name) => {
                if let Some((key, item)) = map.get_key_value(name) {
                    self.path.push(Segment::Key(key));
                    self.at_path(rest, item);
                    self.path.pop();
                }
            }
            (Expr::If(_, when_true, when_false), _) => {
                self.at_path(path, when_true);
                self.at_path(path, when_false);
            }
            _ => {}
        }
    }

    /// Runs a check on the side: its violations and whether it met an
    /// intrinsic, without reporting either.
    fn trial(&mut self, schema: &'a Json, value: &'a Expr) -> (Vec<Violation>, bool) {
        let saved_out = std::mem::take(&mut self.out);
        let saved_unknown = std::mem::replace(&mut self.unknown, false);
        self.check(schema, value);
        let out = std::mem::replace(&mut self.out, saved_out);
        let unknown = std::mem::replace(&mut self.unknown, saved_unknown);
        (out, unknown)
    }

    fn check(&mut self, schema: &'a Json, value: &'a Expr) {
        let node = match schema {
            Json::Object(node) => node,
            Json::Bool(false) => {
                self.report("false", format!("{} is not allowed here", describe(value)));
                return;
            }
            _ => return,
        };
        match value {
            Expr::If(_, when_true, when_false) => {
                self.check(schema, when_true);
                self.check(schema, when_false);
                return;
            }
            Expr::Ref(name) if name == "AWS::NoValue" => return,
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::List(_) | Expr::Map(_) => {}
            _ => {
                self.unknown = true;
                return;
            }
        }
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        for (keyword, argument) in node {
            self.keyword(keyword, argument, node, value);
        }
        self.depth -= 1;
    }

    fn keyword(&mut self, keyword: &str, argument: &'a Json, node: &'a Map<String, Json>, value: &'a Expr) {
        match keyword {
            "$ref" => {
                let target = argument.as_str().and_then(|r| r.strip_prefix('#')).and_then(|p| self.root.pointer(p));
                if let Some(target) = target {
                    self.check(target, value);
                }
            }
            "type" => {
                let types: Vec<&str> = match argument {
                    Json::String(t) => vec![t.as_str()],
                    Json::Array(ts) => ts.iter().filter_map(Json::as_str).collect(),
                    _ => return,
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    self.report("type", format!("{} is not of type {}", describe(value), types.join(" or ")));
                }
            }
            "enum" | "enumCaseInsensitive" => {
                let Some(allowed) = argument.as_array() else { return };
                let fold = keyword == "enumCaseInsensitive";
                if !allowed.iter().any(|a| loose_eq(value, a, fold)) {
                    self.report(keyword, format!("{} is not one of {}", describe(value), list_values(allowed)));
                }
            }
            "const" if !loose_eq(value, argument, false) => {
                self.report("const", format!("{} is not {argument}", describe(value)));
            }
            "pattern" => {
                let Some(pattern) = argument.as_str() else { return };
                let text = match value {
                    Expr::String(s) => s.clone(),
                    Expr::Number(n) => n.to_string(),
                    Expr::Bool(b) => b.to_string(),
                    _ => return,
                };
                if patterns::is_match(pattern, &text) == Some(false) {
                    self.report("pattern", format!("{} does not match {pattern:?}", describe(value)));
                } else if patterns::cfn_lint_cannot_compile(pattern) {
                    self.report_at(
                        Level::Warning,
                        "pattern",
                        format!("cfn-lint cannot compile the schema's pattern {pattern:?} and reports E3031 on any literal value here; pass the value through a parameter to lint the template clean"),
                    );
                }
            }
            "format" => {
                let (Some(format), Expr::String(text)) = (argument.as_str(), value) else { return };
                if formats::check(format, text) == Some(false) {
                    self.report("format", format!("{} is not a valid {format}", describe(value)));
                }
            }
            "minLength" | "maxLength" => {
                let (Some(limit), Expr::String(text)) = (argument.as_u64(), value) else { return };
                let length = text.chars().count() as u64;
                if keyword == "minLength" && length < limit {
                    self.report(
                        keyword,
                        format!("{} is {length} characters long; the minimum is {limit}", describe(value)),
                    );
                } else if keyword == "maxLength" && length > limit {
                    self.report(
                        keyword,
                        format!("{} is {length} characters long; the maximum is {limit}", describe(value)),
                    );
                }
            }
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                let (Some(limit), Some(number)) = (argument.as_f64(), as_number(value)) else { return };
                let broken = match keyword {
                    "minimum" => number < limit,
                    "maximum" => number > limit,
                    "exclusiveMinimum" => number <= limit,
                    "exclusiveMaximum" => number >= limit,
                    _ => limit != 0.0 && (number / limit).fract() != 0.0,
                };
                if broken {
                    let relation = match keyword {
                        "minimum" => "less than the minimum",
                        "maximum" => "greater than the maximum",
                        "exclusiveMinimum" => "not greater than",
                        "exclusiveMaximum" => "not less than",
                        _ => "not a multiple of",
                    };
                    self.report(keyword, format!("{} is {relation} {argument}", describe(value)));
                }
            }
            "minItems" | "maxItems" => {
                let (Some(limit), Expr::List(items)) = (argument.as_u64(), value) else { return };
                let count = items.len() as u64;
                if (keyword == "minItems" && count < limit) || (keyword == "maxItems" && count > limit) {
                    let bound = if keyword == "minItems" { "at least" } else { "at most" };
                    self.report(keyword, format!("the list has {count} item(s); it takes {bound} {limit}"));
                }
            }
            "uniqueItems" => {
                let (Some(true), Expr::List(items)) = (argument.as_bool(), value) else { return };
                if let Some((first, second)) = first_duplicate(items) {
                    self.report(
                        "uniqueItems",
                        format!(
                            "items {first} and {second} are the same ({}); the list takes each value once",
                            describe(&items[first])
                        ),
                    );
                }
            }
            "minProperties" | "maxProperties" => {
                let (Some(limit), Expr::Map(map)) = (argument.as_u64(), value) else { return };
                let count = map.len() as u64;
                if (keyword == "minProperties" && count < limit) || (keyword == "maxProperties" && count > limit) {
                    let bound = if keyword == "minProperties" { "at least" } else { "at most" };
                    self.report(keyword, format!("the object has {count} key(s); it takes {bound} {limit}"));
                }
            }
            "properties" => {
                let (Some(schemas), Expr::Map(map)) = (argument.as_object(), value) else { return };
                for (name, item) in map {
                    let Some(schema) = schemas.get(name) else { continue };
                    self.path.push(Segment::Key(name));
                    if self.is_local_artifact() {
                        self.unknown = true;
                    } else {
                        self.read_only(name);
                        self.check(schema, item);
                    }
                    self.path.pop();
                }
            }
            "patternProperties" => {
                let (Some(schemas), Expr::Map(map)) = (argument.as_object(), value) else { return };
                for (pattern, schema) in schemas {
                    for (name, item) in map {
                        if patterns::is_match(pattern, name) == Some(true) {
                            self.path.push(Segment::Key(name));
                            self.check(schema, item);
                            self.path.pop();
                        }
                    }
                }
            }
            "additionalProperties" => {
                let Expr::Map(map) = value else { return };
                let declared = node.get("properties").and_then(Json::as_object);
                let patterned = node.get("patternProperties").and_then(Json::as_object);
                for (name, item) in map {
                    if declared.is_some_and(|d| d.contains_key(name))
                        || patterned
                            .is_some_and(|p| p.keys().any(|pattern| patterns::is_match(pattern, name) != Some(false)))
                    {
                        continue;
                    }
                    self.path.push(Segment::Key(name));
                    match argument {
                        Json::Bool(false) => {
                            let hint = declared
                                .and_then(|d| closest(name, d.keys()))
                                .map(|c| format!("; did you mean {c:?}?"))
                                .unwrap_or_default();
                            self.report("additionalProperties", format!("{name:?} is not a property here{hint}"));
                        }
                        Json::Object(_) => self.check(argument, item),
                        _ => {}
                    }
                    self.path.pop();
                }
            }
            "propertyNames" => {
                let Expr::Map(map) = value else { return };
                for name in map.keys() {
                    // A key is checked as a string value, in a walk of its own.
                    let key = Expr::String(name.clone());
                    let mut keys = Walk::new(self.root, None, self.level, self.rule.clone());
                    keys.check(argument, &key);
                    if !keys.out.is_empty() {
                        self.path.push(Segment::Key(name));
                        let reasons: Vec<String> = keys.out.iter().map(|v| v.message.clone()).collect();
                        self.report(
                            "propertyNames",
                            format!("the key {name:?} is not allowed: {}", reasons.join("; ")),
                        );
                        self.path.pop();
                    }
                }
            }
            "required" => {
                let (Some(names), Expr::Map(map)) = (argument.as_array(), value) else { return };
                for name in names.iter().filter_map(Json::as_str) {
                    if !map.contains_key(name) {
                        self.report("required", format!("{name:?} is required"));
                    }
                }
            }
            "requiredXor" | "requiredOr" => {
                let (Some(names), Expr::Map(map)) = (argument.as_array(), value) else { return };
                let names: Vec<&str> = names.iter().filter_map(Json::as_str).collect();
                let present = names.iter().filter(|n| map.contains_key(**n)).count();
                if present == 0 {
                    self.report(keyword, format!("one of {} is required", names.join(", ")));
                } else if present > 1 && keyword == "requiredXor" {
                    self.report(keyword, format!("only one of {} may be set", names.join(", ")));
                }
            }
            "dependentRequired" | "dependentExcluded" | "dependencies" => {
                let (Some(rules), Expr::Map(map)) = (argument.as_object(), value) else { return };
                for (property, dependency) in rules {
                    if !map.contains_key(property) {
                        continue;
                    }
                    match dependency {
                        Json::Array(others) => {
                            for other in others.iter().filter_map(Json::as_str) {
                                if keyword == "dependentExcluded" && map.contains_key(other) {
                                    self.report(keyword, format!("{other:?} cannot be set together with {property:?}"));
                                } else if keyword != "dependentExcluded" && !map.contains_key(other) {
                                    self.report(keyword, format!("{other:?} is required when {property:?} is set"));
                                }
                            }
                        }
                        schema @ Json::Object(_) if keyword == "dependencies" => self.check(schema, value),
                        _ => {}
                    }
                }
            }
            "items" => {
                let Expr::List(items) = value else { return };
                let skip = node.get("prefixItems").and_then(Json::as_array).map_or(0, Vec::len);
                for (index, item) in items.iter().enumerate().skip(skip) {
                    self.path.push(Segment::Index(index));
                    if argument == &Json::Bool(false) {
                        self.report("items", format!("the list takes at most {skip} item(s)"));
                    } else {
                        self.check(argument, item);
                    }
                    self.path.pop();
                }
            }
            "prefixItems" => {
                let (Some(schemas), Expr::List(items)) = (argument.as_array(), value) else { return };
                for (index, (schema, item)) in schemas.iter().zip(items).enumerate() {
                    self.path.push(Segment::Index(index));
                    self.check(schema, item);
                    self.path.pop();
                }
            }
            "contains" => {
                let Expr::List(items) = value else { return };
                let mut unknown = false;
                for item in items {
                    let (violations, item_unknown) = self.trial(argument, item);
                    if violations.is_empty() && !item_unknown {
                        return;
                    }
                    unknown |= item_unknown && violations.is_empty();
                }
                if unknown {
                    self.unknown = true;
                } else {
                    self.report("contains", "no item of the list is of the kind it must contain".into());
                }
            }
            "allOf" => {
                for schema in argument.as_array().into_iter().flatten() {
                    self.check(schema, value);
                }
            }
            "anyOf" | "oneOf" => {
                let Some(alternatives) = argument.as_array() else { return };
                let mut valid = 0;
                let mut unknown = false;
                let mut closest: Option<Vec<Violation>> = None;
                for alternative in alternatives {
                    let (violations, alternative_unknown) = self.trial(alternative, value);
                    if alternative_unknown {
                        unknown = true;
                    } else if violations.is_empty() {
                        valid += 1;
                        if keyword == "anyOf" {
                            return;
                        }
                    } else if closest.as_ref().map_or(true, |c| violations.len() < c.len()) {
                        closest = Some(violations);
                    }
                }
                if (unknown && valid < 2) || valid == 1 {
                    self.unknown |= unknown;
                    return;
                }
                if valid == 0 {
                    let reasons: Vec<String> = closest.unwrap_or_default().iter().map(|v| v.to_string()).collect();
                    let how = if keyword == "oneOf" { "exactly one" } else { "at least one" };
                    self.report(
                        keyword,
                        format!(
                            "matches none of its {} alternatives, and {how} must hold; the closest fails with: {}",
                            alternatives.len(),
                            reasons.join("; ")
                        ),
                    );
                } else {
                    self.report(keyword, format!("matches {valid} of its alternatives, but exactly one must hold; keep the properties of one"));
                }
            }
            "not" => {
                let (violations, unknown) = self.trial(argument, value);
                if unknown {
                    self.unknown = true;
                } else if violations.is_empty() {
                    self.report(
                        "not",
                        format!("{} is of a kind that is not allowed here ({argument})", describe(value)),
                    );
                }
            }
            "if" => {
                let (violations, unknown) = self.trial(argument, value);
                if unknown {
                    self.unknown = true;
                    return;
                }
                let branch = if violations.is_empty() { node.get("then") } else { node.get("else") };
                if let Some(branch) = branch {
                    self.check(branch, value);
                }
            }
            _ => {}
        }
    }

    fn is_local_artifact(&self) -> bool {
        self.local_artifacts.iter().any(|artifact| {
            artifact.len() == self.path.len()
                && artifact
                    .iter()
                    .zip(&self.path)
                    .all(|(name, segment)| matches!(segment, Segment::Key(key) if key == name))
        })
    }

    /// A read-only property set in a template is ignored by the resource
    /// provider (and shows as drift): a warning, since CloudFormation
    /// accepts it and cfn-lint 1.58.0 does not report it (its E3040 does not
    /// fire; the bad-value corpus found out).
    fn read_only(&mut self, name: &str) {
        let Some(spec) = self.spec else { return };
        let mut pointer = String::from("/properties");
        for segment in &self.path {
            pointer.push('/');
            match segment {
                Segment::Key(key) => pointer.push_str(key),
                Segment::Index(_) => pointer.push('*'),
            }
        }
        if spec.is_read_only(&pointer) {
            self.report_at(
                Level::Warning,
                "readOnly",
                format!("{name:?} is read-only: the resource provider ignores it; read it with Fn::GetAtt instead"),
            );
        }
    }
}

fn property_path(path: &[Segment<'_>]) -> String {
    let mut text = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Segment::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The value in a few words, for a message.
fn describe(value: &Expr) -> String {
    match value {
        Expr::Null => "null".into(),
        Expr::Bool(b) => b.to_string(),
        Expr::Number(n) => n.to_string(),
        Expr::String(s) if s.chars().count() > 64 => format!("{:?}...", s.chars().take(61).collect::<String>()),
        Expr::String(s) => format!("{s:?}"),
        Expr::List(items) => format!("a list of {}", items.len()),
        Expr::Map(map) => format!("an object with {} key(s)", map.len()),
        _ => "an intrinsic function".into(),
    }
}

fn list_values(values: &[Json]) -> String {
    const SHOWN: usize = 12;
    let mut shown: Vec<String> = values.iter().take(SHOWN).map(Json::to_string).collect();
    if values.len() > SHOWN {
        shown.push(format!("... ({} in all)", values.len()));
    }
    format!("[{}]", shown.join(", "))
}

/// `_raw_type` of cfn-lint: CloudFormation's loose scalar types.
fn has_type(value: &Expr, expected: &str) -> bool {
    match expected {
        "object" => matches!(value, Expr::Map(_)),
        "array" => matches!(value, Expr::List(_)),
        "null" => matches!(value, Expr::Null),
        "string" => matches!(value, Expr::Bool(_) | Expr::Number(_) | Expr::String(_)),
        "number" => match value {
            Expr::Number(_) => true,
            Expr::String(s) => s.trim().parse::<f64>().is_ok(),
            _ => false,
        },
        "integer" => match value {
            Expr::Number(n) => n.as_f64().is_some_and(f64::is_finite),
            Expr::String(s) => s.trim().parse::<i128>().is_ok(),
            _ => false,
        },
        "boolean" => match value {
            Expr::Bool(_) => true,
            Expr::String(s) => matches!(s.as_str(), "true" | "True" | "TRUE" | "false" | "False" | "FALSE"),
            _ => false,
        },
        _ => true,
    }
}

fn as_number(value: &Expr) -> Option<f64> {
    match value {
        Expr::Number(n) => n.as_f64(),
        Expr::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// cfn-lint's `_utils.equal`: strings compare with the text of numbers,
/// `"true"`/`"false"` with booleans; `fold` compares strings ignoring case.
fn loose_eq(value: &Expr, expected: &Json, fold: bool) -> bool {
    let is_bool_text = |s: &str| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
    let truthy = |s: &str| s.eq_ignore_ascii_case("true");
    match (value, expected) {
        (Expr::Bool(a), Json::Bool(b)) => a == b,
        (Expr::Bool(a), Json::String(b)) => *a == truthy(b),
        (Expr::String(a), Json::Bool(b)) => truthy(a) == *b,
        (Expr::String(a), Json::String(b)) if is_bool_text(a) || is_bool_text(b) => truthy(a) == truthy(b),
        (Expr::String(a), Json::String(b)) => {
            if fold {
                a.to_lowercase() == b.to_lowercase()
            } else {
                a == b
            }
        }
        (Expr::String(a), Json::Number(b)) => *a == b.to_string(),
        (Expr::Number(a), Json::String(b)) => a.to_string() == *b,
        (Expr::Number(a), Json::Number(b)) => a.as_f64() == b.as_f64(),
        (Expr::Null, Json::Null) => true,
        (Expr::List(a), Json::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| loose_eq(x, y, fold)),
        (Expr::Map(a), Json::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| loose_eq(v, w, fold)))
        }
        _ => false,
    }
}

/// The first pair of equal items, by cfn-lint's `uniq` (numbers and
/// booleans compared as text); intrinsics are equal only when identical.
fn first_duplicate(items: &[Expr]) -> Option<(usize, usize)> {
    let key = |item: &Expr| -> Option<String> {
        match item {
            Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) | Expr::List(_) | Expr::Map(_) => {
                Some(canonical(item))
            }
            _ => None,
        }
    };
    for (i, a) in items.iter().enumerate() {
        for (j, b) in items.iter().enumerate().skip(i + 1) {
            let same = match (key(a), key(b)) {
                (Some(x), Some(y)) => x == y,
                (None, None) => a == b,
                _ => false,
            };
            if same {
                return Some((i, j));
            }
        }
    }
    None
}

fn canonical(item: &Expr) -> String {
    match item {
        Expr::Null => "null".into(),
        Expr::Bool(b) => format!("b:{b}"),
        Expr::Number(n) => format!("s:{n}"),
        Expr::String(s) => format!("s:{s}"),
        Expr::List(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        Expr::Map(map) => {
            let mut entries: Vec<String> = map.iter().map(|(k, v)| format!("{k:?}:{}", canonical(v))).collect();
            entries.sort();
            format!("{{{}}}", entries.join(","))
        }
        other => format!("{other:?}"),
    }
}

/// The candidate closest to a misspelt name, if any is close.
pub(crate) fn closest<'k, S: AsRef<str> + ?Sized + 'k>(
    name: &str,
    candidates: impl Iterator<Item = &'k S>,
) -> Option<&'k str> {
    let name = name.to_lowercase();
    candidates
        .map(|c| (edit_distance(&name, &c.as_ref().to_lowercase()), c.as_ref()))
        .filter(|(d, c)| *d <= 2.max(c.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
