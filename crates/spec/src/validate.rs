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
//!   the extension schemas of its rules (`schemas/cfn-lint/extensions.json.gz`:
//!   at their rule's level, an `E` rule an error, `W`/`I` a warning), and
//!   Lambda's 4 KB environment (E3697, which cfn-lint writes in Python).
//!
//! The walk runs over the schema as `compile.rs` compiled it.
use std::fmt;

use cfnkit_template::Expr;
use serde_json::Value as Json;

use crate::compile::{Bound, Dependency, JsonType, Keyword, NodeId, Pattern, Range};
use crate::data::ResourceSpec;
use crate::formats;

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
    let compiled = spec.compiled();
    let mut walk = Walk::new(&compiled.nodes, Some(spec), Level::Error, None);
    walk.local_artifacts = local_artifacts(spec.type_name(), properties);
    walk.check(compiled.root, properties);
    let mut violations = walk.out;
    for extension in &compiled.extensions {
        let mut walk = Walk::new(&compiled.nodes, None, extension.level, Some(&extension.rule));
        walk.at_path(&extension.path, extension.root, properties);
        violations.extend(walk.out);
    }
    if spec.type_name() == "AWS::Lambda::Function" {
        lambda_environment_size(properties, &mut violations);
    }
    violations
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

#[derive(Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `$ref`s may lead back to the node they came from without consuming the
/// value; past this depth the walk stops rather than recurse for ever.
const MAX_DEPTH: usize = 128;

struct Walk<'a> {
    /// The compiled schema's nodes.
    nodes: &'a [Vec<Keyword>],
    /// For read-only properties; `None` in an extension schema.
    spec: Option<&'a ResourceSpec>,
    level: Level,
    rule: Option<&'a str>,
    path: Vec<Segment<'a>>,
    depth: usize,
    out: Vec<Violation>,
    /// Whether an intrinsic function met a check since the last reset.
    unknown: bool,
    /// How many trials deep the walk is (see `report_at`).
    quiet: u32,
    /// Paths holding a local path for `aws cloudformation package`, which
    /// only that command's output can be checked at.
    local_artifacts: Vec<&'static [&'static str]>,
}

impl<'a> Walk<'a> {
    fn new(nodes: &'a [Vec<Keyword>], spec: Option<&'a ResourceSpec>, level: Level, rule: Option<&'a str>) -> Walk<'a> {
        Walk {
            nodes,
            spec,
            level,
            rule,
            path: Vec::new(),
            depth: 0,
            out: Vec::new(),
            unknown: false,
            quiet: 0,
            local_artifacts: Vec::new(),
        }
    }

    fn report(&mut self, keyword: &str, message: impl FnOnce() -> String) {
        self.report_at(self.level, keyword, message);
    }

    /// Records a violation; inside a trial only that there is one, since
    /// most trials fail (the alternatives of a `oneOf` that do not hold)
    /// and their messages would be written for nothing.
    fn report_at(&mut self, level: Level, keyword: &str, message: impl FnOnce() -> String) {
        if self.quiet > 0 {
            self.out.push(Violation {
                level,
                property_path: String::new(),
                keyword: String::new(),
                message: String::new(),
                rule: None,
            });
            return;
        }
        self.out.push(Violation {
            level,
            property_path: property_path(&self.path),
            keyword: keyword.to_owned(),
            message: message(),
            rule: self.rule.map(str::to_owned),
        });
    }

    /// Checks the values at `path` (property names, `*` for every item of
    /// a list) against the node `root`.
    fn at_path(&mut self, path: &[String], root: NodeId, value: &'a Expr) {
        let Some((first, rest)) = path.split_first() else {
            self.check(root, value);
            return;
        };
        match (value, first.as_str()) {
            (Expr::List(items), "*") => {
                for (index, item) in items.iter().enumerate() {
                    self.path.push(Segment::Index(index));
                    self.at_path(rest, root, item);
                    self.path.pop();
                }
            }
            (Expr::Map(map), name) => {
                if let Some((key, item)) = map.get_key_value(name) {
                    self.path.push(Segment::Key(key));
                    self.at_path(rest, root, item);
                    self.path.pop();
                }
            }
            (Expr::If(_, when_true, when_false), _) => {
                self.at_path(path, root, when_true);
                self.at_path(path, root, when_false);
            }
            _ => {}
        }
    }

    /// Runs a check on the side: how many violations it finds and whether
    /// it met an intrinsic, without reporting either.
    fn trial(&mut self, node: NodeId, value: &'a Expr) -> (usize, bool) {
        let before = self.out.len();
        let saved_unknown = std::mem::replace(&mut self.unknown, false);
        self.quiet += 1;
        self.check(node, value);
        self.quiet -= 1;
        let found = self.out.len() - before;
        self.out.truncate(before);
        let unknown = std::mem::replace(&mut self.unknown, saved_unknown);
        (found, unknown)
    }

    /// The violations of a check on the side, with their messages.
    fn explain(&mut self, node: NodeId, value: &'a Expr) -> Vec<Violation> {
        let saved_out = std::mem::take(&mut self.out);
        let saved_unknown = self.unknown;
        let saved_quiet = std::mem::replace(&mut self.quiet, 0);
        self.check(node, value);
        self.quiet = saved_quiet;
        self.unknown = saved_unknown;
        std::mem::replace(&mut self.out, saved_out)
    }

    fn check(&mut self, node: NodeId, value: &'a Expr) {
        let nodes = self.nodes;
        let keywords = &nodes[node];
        if keywords.is_empty() {
            return;
        }
        match value {
            Expr::If(_, when_true, when_false) => {
                self.check(node, when_true);
                self.check(node, when_false);
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
        for keyword in keywords {
            self.keyword(keyword, value);
        }
        self.depth -= 1;
    }

    fn pattern(&mut self, pattern: &Pattern, value: &Expr) {
        let text: std::borrow::Cow<str> = match value {
            Expr::String(s) => s.into(),
            Expr::Number(n) => n.to_string().into(),
            Expr::Bool(b) => b.to_string().into(),
            _ => return,
        };
        if pattern.is_match(&text) == Some(false) {
            self.report("pattern", || format!("{} does not match {:?}", describe(value), pattern.source));
        } else if pattern.cfn_lint_broken {
            self.report_at(Level::Warning, "pattern", || format!("cfn-lint cannot compile the schema's pattern {:?} and reports E3031 on any literal value here; pass the value through a parameter to lint the template clean", pattern.source),
            );
        }
    }

    fn keyword(&mut self, keyword: &'a Keyword, value: &'a Expr) {
        match keyword {
            Keyword::False => self.report("false", || format!("{} is not allowed here", describe(value))),
            Keyword::Ref(target) => self.check(*target, value),
            Keyword::Type(bits, types) => {
                if !has_type(value, *bits) {
                    self.report("type", || format!("{} is not of type {}", describe(value), types.join(" or ")));
                }
            }
            Keyword::Enum { values, fold, strings } => {
                let name = if *fold { "enumCaseInsensitive" } else { "enum" };
                let found = match (strings, value) {
                    (Some(strings), Expr::String(s)) if !is_bool_text(s) => {
                        if *fold {
                            strings.contains(&s.to_lowercase())
                        } else {
                            strings.contains(s.as_str())
                        }
                    }
                    _ => values.iter().any(|a| loose_eq(value, a, *fold)),
                };
                if !found {
                    self.report(name, || format!("{} is not one of {}", describe(value), list_values(values)));
                }
            }
            Keyword::Const(expected) => {
                if !loose_eq(value, expected, false) {
                    self.report("const", || format!("{} is not {expected}", describe(value)));
                }
            }
            Keyword::Pattern(pattern) => self.pattern(pattern, value),
            Keyword::Format(format) => {
                let Expr::String(text) = value else { return };
                if formats::check(format, text) == Some(false) {
                    self.report("format", || format!("{} is not a valid {format}", describe(value)));
                }
            }
            Keyword::Length(bound, limit) => {
                let Expr::String(text) = value else { return };
                let length = text.chars().count() as u64;
                match bound {
                    Bound::Min if length < *limit => self.report("minLength", || {
                        format!("{} is {length} characters long; the minimum is {limit}", describe(value))
                    }),
                    Bound::Max if length > *limit => self.report("maxLength", || {
                        format!("{} is {length} characters long; the maximum is {limit}", describe(value))
                    }),
                    _ => {}
                }
            }
            Keyword::Range(range, limit, shown) => {
                let Some(number) = as_number(value) else { return };
                let (name, broken, relation) = match range {
                    Range::Minimum => ("minimum", number < *limit, "less than the minimum"),
                    Range::Maximum => ("maximum", number > *limit, "greater than the maximum"),
                    Range::ExclusiveMinimum => ("exclusiveMinimum", number <= *limit, "not greater than"),
                    Range::ExclusiveMaximum => ("exclusiveMaximum", number >= *limit, "not less than"),
                    Range::MultipleOf => {
                        ("multipleOf", *limit != 0.0 && (number / limit).fract() != 0.0, "not a multiple of")
                    }
                };
                if broken {
                    self.report(name, || format!("{} is {relation} {shown}", describe(value)));
                }
            }
            Keyword::Items(bound, limit) => {
                let Expr::List(items) = value else { return };
                let count = items.len() as u64;
                match bound {
                    Bound::Min if count < *limit => {
                        self.report("minItems", || format!("the list has {count} item(s); it takes at least {limit}"))
                    }
                    Bound::Max if count > *limit => {
                        self.report("maxItems", || format!("the list has {count} item(s); it takes at most {limit}"))
                    }
                    _ => {}
                }
            }
            Keyword::UniqueItems => {
                let Expr::List(items) = value else { return };
                if let Some((first, second)) = first_duplicate(items) {
                    self.report("uniqueItems", || {
                        format!(
                            "items {first} and {second} are the same ({}); the list takes each value once",
                            describe(&items[first])
                        )
                    });
                }
            }
            Keyword::PropertyCount(bound, limit) => {
                let Expr::Map(map) = value else { return };
                let count = map.len() as u64;
                match bound {
                    Bound::Min if count < *limit => self.report("minProperties", || {
                        format!("the object has {count} key(s); it takes at least {limit}")
                    }),
                    Bound::Max if count > *limit => self
                        .report("maxProperties", || format!("the object has {count} key(s); it takes at most {limit}")),
                    _ => {}
                }
            }
            Keyword::Properties(schemas, closed) => {
                let Expr::Map(map) = value else { return };
                for (name, item) in map {
                    let Ok(index) = schemas.binary_search_by(|(n, _)| n.as_str().cmp(name)) else {
                        if *closed {
                            self.path.push(Segment::Key(name));
                            self.report("additionalProperties", || {
                                let hint = closest(name, schemas.iter().map(|(n, _)| n))
                                    .map(|c| format!("; did you mean {c:?}?"))
                                    .unwrap_or_default();
                                format!("{name:?} is not a property here{hint}")
                            });
                            self.path.pop();
                        }
                        continue;
                    };
                    self.path.push(Segment::Key(name));
                    if self.is_local_artifact() {
                        self.unknown = true;
                    } else {
                        self.read_only(name);
                        self.check(schemas[index].1, item);
                    }
                    self.path.pop();
                }
            }
            Keyword::PatternProperties(schemas) => {
                let Expr::Map(map) = value else { return };
                for (pattern, schema) in schemas {
                    for (name, item) in map {
                        if pattern.is_match(name) == Some(true) {
                            self.path.push(Segment::Key(name));
                            self.check(*schema, item);
                            self.path.pop();
                        }
                    }
                }
            }
            Keyword::AdditionalProperties { schema, declared, patterns } => {
                let Expr::Map(map) = value else { return };
                for (name, item) in map {
                    if declared.binary_search_by(|d| d.as_str().cmp(name)).is_ok()
                        || patterns.iter().any(|p| p.is_match(name) != Some(false))
                    {
                        continue;
                    }
                    self.path.push(Segment::Key(name));
                    match schema {
                        None => {
                            let hint = closest(name, declared.iter())
                                .map(|c| format!("; did you mean {c:?}?"))
                                .unwrap_or_default();
                            self.report("additionalProperties", || format!("{name:?} is not a property here{hint}"));
                        }
                        Some(schema) => self.check(*schema, item),
                    }
                    self.path.pop();
                }
            }
            Keyword::PropertyNames(schema) => {
                let Expr::Map(map) = value else { return };
                for name in map.keys() {
                    // A key is checked as a string value, in a walk of its own.
                    let key = Expr::String(name.clone());
                    let mut keys = Walk::new(self.nodes, None, self.level, self.rule);
                    keys.check(*schema, &key);
                    if !keys.out.is_empty() {
                        self.path.push(Segment::Key(name));
                        let reasons: Vec<String> = keys.out.iter().map(|v| v.message.clone()).collect();
                        self.report("propertyNames", || {
                            format!("the key {name:?} is not allowed: {}", reasons.join("; "))
                        });
                        self.path.pop();
                    }
                }
            }
            Keyword::Required(names) => {
                let Expr::Map(map) = value else { return };
                for name in names {
                    if !has_key(map, name) {
                        self.report("required", || format!("{name:?} is required"));
                    }
                }
            }
            Keyword::RequiredXor(names) | Keyword::RequiredOr(names) => {
                let Expr::Map(map) = value else { return };
                let xor = matches!(keyword, Keyword::RequiredXor(_));
                let name = if xor { "requiredXor" } else { "requiredOr" };
                let present = names.iter().filter(|n| has_key(map, n)).count();
                if present == 0 {
                    self.report(name, || format!("one of {} is required", names.join(", ")));
                } else if present > 1 && xor {
                    self.report(name, || format!("only one of {} may be set", names.join(", ")));
                }
            }
            Keyword::DependentRequired(rules) | Keyword::DependentExcluded(rules) => {
                let Expr::Map(map) = value else { return };
                let excluded = matches!(keyword, Keyword::DependentExcluded(_));
                for (property, others) in rules {
                    if !has_key(map, property) {
                        continue;
                    }
                    for other in others {
                        if excluded && has_key(map, other) {
                            self.report("dependentExcluded", || {
                                format!("{other:?} cannot be set together with {property:?}")
                            });
                        } else if !excluded && !has_key(map, other) {
                            self.report("dependentRequired", || {
                                format!("{other:?} is required when {property:?} is set")
                            });
                        }
                    }
                }
            }
            Keyword::Dependencies(rules) => {
                let Expr::Map(map) = value else { return };
                for (property, dependency) in rules {
                    if !has_key(map, property) {
                        continue;
                    }
                    match dependency {
                        Dependency::Names(others) => {
                            for other in others.iter().filter(|o| !has_key(map, o)) {
                                self.report("dependencies", || {
                                    format!("{other:?} is required when {property:?} is set")
                                });
                            }
                        }
                        Dependency::Schema(schema) => self.check(*schema, value),
                    }
                }
            }
            Keyword::ItemSchema { schema, skip } => {
                let Expr::List(items) = value else { return };
                for (index, item) in items.iter().enumerate().skip(*skip) {
                    self.path.push(Segment::Index(index));
                    match schema {
                        None => self.report("items", || format!("the list takes at most {skip} item(s)")),
                        Some(schema) => self.check(*schema, item),
                    }
                    self.path.pop();
                }
            }
            Keyword::PrefixItems(schemas) => {
                let Expr::List(items) = value else { return };
                for (index, (schema, item)) in schemas.iter().zip(items).enumerate() {
                    self.path.push(Segment::Index(index));
                    self.check(*schema, item);
                    self.path.pop();
                }
            }
            Keyword::Contains(schema) => {
                let Expr::List(items) = value else { return };
                let mut unknown = false;
                for item in items {
                    let (found, item_unknown) = self.trial(*schema, item);
                    if found == 0 && !item_unknown {
                        return;
                    }
                    unknown |= item_unknown && found == 0;
                }
                if unknown {
                    self.unknown = true;
                } else {
                    self.report("contains", || "no item of the list is of the kind it must contain".into());
                }
            }
            Keyword::AllOf(schemas) => {
                for schema in schemas {
                    self.check(*schema, value);
                }
            }
            Keyword::AnyOf(alternatives) | Keyword::OneOf(alternatives) => {
                let one = matches!(keyword, Keyword::OneOf(_));
                let name = if one { "oneOf" } else { "anyOf" };
                let mut valid = 0;
                let mut unknown = false;
                // The failing alternative with the fewest violations.
                let mut closest: Option<(usize, NodeId)> = None;
                for alternative in alternatives {
                    let (found, alternative_unknown) = self.trial(*alternative, value);
                    if alternative_unknown {
                        unknown = true;
                    } else if found == 0 {
                        valid += 1;
                        if !one {
                            return;
                        }
                    } else if closest.map_or(true, |(fewest, _)| found < fewest) {
                        closest = Some((found, *alternative));
                    }
                }
                if (unknown && valid < 2) || valid == 1 {
                    self.unknown |= unknown;
                    return;
                }
                if valid == 0 {
                    let reasons: Vec<String> = match (self.quiet, closest) {
                        (0, Some((_, alternative))) => {
                            self.explain(alternative, value).iter().map(|v| v.to_string()).collect()
                        }
                        _ => Vec::new(),
                    };
                    let how = if one { "exactly one" } else { "at least one" };
                    self.report(name, || {
                        format!(
                            "matches none of its {} alternatives, and {how} must hold; the closest fails with: {}",
                            alternatives.len(),
                            reasons.join("; ")
                        )
                    });
                } else {
                    self.report(name, || format!("matches {valid} of its alternatives, but exactly one must hold; keep the properties of one"),
                    );
                }
            }
            Keyword::Not(schema, shown) => {
                let (found, unknown) = self.trial(*schema, value);
                if unknown {
                    self.unknown = true;
                } else if found == 0 {
                    self.report("not", || {
                        format!("{} is of a kind that is not allowed here ({shown})", describe(value))
                    });
                }
            }
            Keyword::If { condition, then, otherwise } => {
                let (found, unknown) = self.trial(*condition, value);
                if unknown {
                    self.unknown = true;
                    return;
                }
                let branch = if found == 0 { then } else { otherwise };
                if let Some(branch) = branch {
                    self.check(*branch, value);
                }
            }
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
        if !spec.may_be_read_only(name) {
            return;
        }
        let mut pointer = String::from("/properties");
        for segment in &self.path {
            pointer.push('/');
            match segment {
                Segment::Key(key) => pointer.push_str(key),
                Segment::Index(_) => pointer.push('*'),
            }
        }
        if spec.is_read_only(&pointer) {
            self.report_at(Level::Warning, "readOnly", || {
                format!("{name:?} is read-only: the resource provider ignores it; read it with Fn::GetAtt instead")
            });
        }
    }
}

/// Whether an object has a key. Properties objects are small, and a scan
/// of a few keys beats hashing one with `IndexMap`'s SipHash.
fn has_key(map: &indexmap::IndexMap<String, Expr>, name: &str) -> bool {
    if map.len() <= 12 {
        map.keys().any(|key| key == name)
    } else {
        map.contains_key(name)
    }
}

/// Whether a string is one of the spellings CloudFormation reads as a boolean.
pub(crate) fn is_bool_text(s: &str) -> bool {
    s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
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

/// `_raw_type` of cfn-lint: CloudFormation's loose scalar types. `bits`
/// is a set of [`JsonType`]s; the value fits when it is one of them.
fn has_type(value: &Expr, bits: u8) -> bool {
    let is = |bit: u8| bits & bit != 0;
    if is(JsonType::ANY) {
        return true;
    }
    match value {
        Expr::Map(_) => is(JsonType::OBJECT),
        Expr::List(_) => is(JsonType::ARRAY),
        Expr::Null => is(JsonType::NULL),
        Expr::Bool(_) => is(JsonType::STRING) || is(JsonType::BOOLEAN),
        Expr::Number(n) => {
            is(JsonType::STRING)
                || is(JsonType::NUMBER)
                || (is(JsonType::INTEGER) && n.as_f64().is_some_and(f64::is_finite))
        }
        Expr::String(s) => {
            is(JsonType::STRING)
                || (is(JsonType::NUMBER) && s.trim().parse::<f64>().is_ok())
                || (is(JsonType::INTEGER) && s.trim().parse::<i128>().is_ok())
                || (is(JsonType::BOOLEAN)
                    && matches!(s.as_str(), "true" | "True" | "TRUE" | "false" | "False" | "FALSE"))
        }
        // Intrinsics never reach a type check.
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

/// Levenshtein's distance between two strings, in characters: how many
/// insertions, deletions and substitutions turn one into the other (what
/// "did you mean" suggestions rank by).
///
/// ```
/// assert_eq!(cfnkit_spec::edit_distance("CidrBlok", "CidrBlock"), 1);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
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
