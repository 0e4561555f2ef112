//! [`Match`]: what a pattern says about one place of a template, and the
//! walk that compares it with what the template holds there.
use std::fmt;

use regex::Regex;
use serde_json::Value as Json;

use crate::error::Mismatch;

/// What the value at one place of a template must be: a literal (JSON as
/// the template writes it) or a matcher (`absent`, `any_value`, ...), at
/// any depth of a pattern.
///
/// A pattern is usually written with [`pattern!`](crate::pattern), JSON
/// with a `Match` wherever a literal will not do; any `serde_json::Value`,
/// string, number or boolean is a literal `Match` too (`From`).
///
/// # How literals match
///
/// As in the AWS CDK's assertions:
///
/// - a **scalar** (string, number, boolean, null) equals the template's
///   value exactly, as JSON: `"true"` is not `true`, `2` is not `2.0` nor
///   `"2"`, although CloudFormation would accept either. The assertions
///   check what the template says, not what it would deploy to;
/// - an **object** needs each key it gives, each value matching; inside
///   [`Match::object_like`] (which the assertions put around every
///   resource, output and template pattern) the template's object may hold
///   other keys too, at every depth; inside [`Match::exact`] it may not;
/// - an **array** needs exactly as many items, each matching in order;
///   [`Match::array_with`] is the one that lets others be around.
///
/// Every matcher but [`Match::exact`] (and [`Match::object_like`], which
/// says the opposite) passes on how objects match to the literals inside
/// it; in the CDK `arrayWith` makes its object items exact, here they
/// match as the objects around them do.
#[derive(Clone, Debug)]
pub struct Match(Kind);

#[derive(Clone, Debug)]
enum Kind {
    /// A string, number, boolean or null, compared as JSON.
    Scalar(Json),
    /// A literal object: the keys given, in the pattern's order.
    Object(Vec<(String, Match)>),
    /// A literal array: as many items, each matching.
    Array(Vec<Match>),
    Exact(Box<Match>),
    ObjectLike(Box<Match>),
    ArrayWith(Vec<Match>),
    Absent,
    AnyValue,
    StringLike(Regex),
    Not(Box<Match>),
    SerializedJson(Box<Match>),
}

/// Whether a literal object allows keys it does not name: the one setting
/// matchers pass down to the literals inside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Objects {
    /// Keys not in the pattern are allowed (`object_like`).
    Partial,
    /// Keys not in the pattern are mismatches (`exact`).
    Exact,
}

impl Match {
    /// Deep equality: the value is exactly the pattern, with no key the
    /// pattern does not give, at any depth (until a matcher inside says
    /// otherwise, e.g. `object_like`).
    pub fn exact(pattern: impl Into<Match>) -> Match {
        Match(Kind::Exact(Box::new(pattern.into())))
    }

    /// The value holds every key the pattern gives, each matching; other
    /// keys are ignored, at every depth of the pattern's literal objects.
    /// What the assertions put around a resource's or an output's pattern.
    pub fn object_like(pattern: impl Into<Match>) -> Match {
        Match(Kind::ObjectLike(Box::new(pattern.into())))
    }

    /// The value is an array in which items matching the given ones appear
    /// in this order, not necessarily next to each other, with any other
    /// items around them.
    pub fn array_with<M: Into<Match>>(items: impl IntoIterator<Item = M>) -> Match {
        Match(Kind::ArrayWith(items.into_iter().map(Into::into).collect()))
    }

    /// The key must not be there. Anywhere else (an array item, the whole
    /// resource) nothing is ever absent, so it never matches.
    pub fn absent() -> Match {
        Match(Kind::Absent)
    }

    /// The key must be there, with any value but `null`.
    pub fn any_value() -> Match {
        Match(Kind::AnyValue)
    }

    /// The value is a string in which the regular expression (Rust's
    /// `regex` syntax) finds a match; anchor it (`^...$`) to match the
    /// whole string.
    ///
    /// # Panics
    ///
    /// When the expression does not compile: a pattern is written in a
    /// test; [`Match::try_string_like_regex`] returns the error instead.
    #[track_caller]
    pub fn string_like_regex(regex: &str) -> Match {
        match Match::try_string_like_regex(regex) {
            Ok(matcher) => matcher,
            Err(error) => panic!("string_like_regex({regex:?}): {error}"),
        }
    }

    /// [`Match::string_like_regex`], returning the error of an expression
    /// that does not compile.
    pub fn try_string_like_regex(regex: &str) -> Result<Match, regex::Error> {
        Regex::new(regex).map(|regex| Match(Kind::StringLike(regex)))
    }

    /// The value does not match the pattern (a missing key matches
    /// `not(any_value())`, and does not match `not(absent())`).
    pub fn not(pattern: impl Into<Match>) -> Match {
        Match(Kind::Not(Box::new(pattern.into())))
    }

    /// The value is a string of JSON (a policy document or a
    /// `SecretStringTemplate` written as text) whose parsed value matches
    /// the pattern. A mismatch inside it is reported at the string's path
    /// followed by `(JSON)` and the path inside the parsed value.
    pub fn serialized_json(pattern: impl Into<Match>) -> Match {
        Match(Kind::SerializedJson(Box::new(pattern.into())))
    }

    /// A literal object with the given keys, in this order: what
    /// [`pattern!`](crate::pattern) makes of `{ ... }`. It matches as the
    /// objects around it do (see [How literals match](Match#how-literals-match)).
    pub fn object<K: Into<String>, M: Into<Match>>(entries: impl IntoIterator<Item = (K, M)>) -> Match {
        Match(Kind::Object(entries.into_iter().map(|(key, value)| (key.into(), value.into())).collect()))
    }

    /// A literal array: exactly these items, in this order. What
    /// [`pattern!`](crate::pattern) makes of `[ ... ]`.
    pub fn array<M: Into<Match>>(items: impl IntoIterator<Item = M>) -> Match {
        Match(Kind::Array(items.into_iter().map(Into::into).collect()))
    }

    /// Whether `value` matches, as a top-level pattern: objects partial,
    /// as [`Match::object_like`] has them.
    pub fn matches(&self, value: &Json) -> bool {
        self.mismatches(value).is_empty()
    }

    /// Every place where `value` does not match, as a top-level pattern
    /// (objects partial), with paths from `value`'s root (`""`).
    pub fn mismatches(&self, value: &Json) -> Vec<Mismatch> {
        let mut mismatches = Vec::new();
        self.check(Some(value), Objects::Partial, "", &mut mismatches);
        mismatches
    }

    /// Compares `actual` (`None`: the key is not there) with this pattern
    /// at `path` (a JSON pointer), adding each mismatch to `out`.
    pub(crate) fn check(&self, actual: Option<&Json>, objects: Objects, path: &str, out: &mut Vec<Mismatch>) {
        match &self.0 {
            Kind::Absent => {
                if let Some(found) = actual {
                    out.push(Mismatch::new(path, "no value (absent())", describe(found)));
                }
            }
            Kind::AnyValue => match actual {
                None => out.push(Mismatch::new(path, "any value (any_value())", "nothing")),
                Some(Json::Null) => out.push(Mismatch::new(path, "any value but null (any_value())", "null")),
                Some(_) => {}
            },
            Kind::Not(inner) => {
                let mut inner_mismatches = Vec::new();
                inner.check(actual, objects, path, &mut inner_mismatches);
                if inner_mismatches.is_empty() {
                    out.push(Mismatch::new(path, shorten(self.to_string()), describe_option(actual)));
                }
            }
            Kind::Exact(inner) => inner.check(actual, Objects::Exact, path, out),
            Kind::ObjectLike(inner) => inner.check(actual, Objects::Partial, path, out),
            // Every other pattern needs a value.
            _ if actual.is_none() => out.push(Mismatch::new(path, shorten(self.to_string()), "nothing")),
            Kind::Scalar(expected) => {
                if actual != Some(expected) {
                    out.push(Mismatch::new(path, shorten(expected.to_string()), describe_option(actual)));
                }
            }
            Kind::Object(entries) => {
                let Some(Json::Object(found)) = actual else {
                    out.push(Mismatch::new(path, shorten(self.to_string()), describe_option(actual)));
                    return;
                };
                for (key, pattern) in entries {
                    pattern.check(found.get(key), objects, &child(path, key), out);
                }
                if objects == Objects::Exact {
                    for (key, value) in found {
                        if !entries.iter().any(|(expected, _)| expected == key) {
                            out.push(Mismatch::new(&child(path, key), "no such key (exact)", describe(value)));
                        }
                    }
                }
            }
            Kind::Array(items) => {
                let Some(Json::Array(found)) = actual else {
                    out.push(Mismatch::new(path, shorten(self.to_string()), describe_option(actual)));
                    return;
                };
                if found.len() != items.len() {
                    out.push(Mismatch::new(
                        path,
                        format!("an array of {}", count_items(items.len())),
                        format!("{}: {}", count_items(found.len()), describe_array(found)),
                    ));
                }
                for (index, (pattern, value)) in items.iter().zip(found).enumerate() {
                    pattern.check(Some(value), objects, &child(path, &index.to_string()), out);
                }
            }
            Kind::ArrayWith(items) => {
                let Some(Json::Array(found)) = actual else {
                    out.push(Mismatch::new(path, shorten(self.to_string()), describe_option(actual)));
                    return;
                };
                check_subsequence(items, found, objects, path, out);
            }
            Kind::StringLike(regex) => match actual {
                Some(Json::String(text)) if regex.is_match(text) => {}
                _ => out.push(Mismatch::new(path, shorten(self.to_string()), describe_option(actual))),
            },
            Kind::SerializedJson(inner) => {
                let parsed = match actual {
                    Some(Json::String(text)) => serde_json::from_str::<Json>(text).ok(),
                    _ => None,
                };
                match parsed {
                    Some(parsed) => inner.check(Some(&parsed), objects, &format!("{path}(JSON)"), out),
                    None => out.push(Mismatch::new(
                        path,
                        shorten(format!("a string of JSON matching {inner}")),
                        describe_option(actual),
                    )),
                }
            }
        }
    }

    /// The mismatches of `actual` against this pattern, on their own.
    fn mismatches_at(&self, actual: &Json, objects: Objects, path: &str) -> Vec<Mismatch> {
        let mut mismatches = Vec::new();
        self.check(Some(actual), objects, path, &mut mismatches);
        mismatches
    }
}

/// `array_with`: each pattern item matched by the earliest item after the
/// previous one's (taking the earliest leaves the most room for the rest,
/// so this finds the items whenever they are there). An item that matches
/// nothing is reported with the closest item's own mismatches, so that the
/// count ranks candidates by how near they came.
fn check_subsequence(items: &[Match], found: &[Json], objects: Objects, path: &str, out: &mut Vec<Mismatch>) {
    let mut next = 0;
    for (number, pattern) in items.iter().enumerate() {
        let matched = (next..found.len())
            .find(|&index| pattern.mismatches_at(&found[index], objects, &child(path, &index.to_string())).is_empty());
        if let Some(index) = matched {
            next = index + 1;
            continue;
        }
        let closest = (next..found.len())
            .map(|index| (index, pattern.mismatches_at(&found[index], objects, &child(path, &index.to_string()))))
            .min_by_key(|(_, mismatches)| mismatches.len());
        let expected = shorten(format!("an item matching {pattern} (array_with's item {number}) from index {next} on"));
        match closest {
            Some((index, mismatches)) => {
                out.push(Mismatch::new(path, expected, format!("none; the closest is item {index}, below")));
                out.extend(mismatches);
            }
            None => {
                out.push(Mismatch::new(path, expected, format!("{} items: {}", found.len(), describe_array(found))))
            }
        }
    }
}

/// `path` followed by one more key or index, escaped as RFC 6901 says.
pub(crate) fn child(path: &str, key: &str) -> String {
    format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// `1 item`, `2 items`.
fn count_items(count: usize) -> String {
    format!("{count} item{}", if count == 1 { "" } else { "s" })
}

/// A value as a message shows it: compact JSON, cut short.
fn describe(value: &Json) -> String {
    shorten(value.to_string())
}

fn describe_option(value: Option<&Json>) -> String {
    value.map_or_else(|| "nothing".to_owned(), describe)
}

fn describe_array(items: &[Json]) -> String {
    if items.is_empty() {
        "[]".to_owned()
    } else {
        describe(&Json::Array(items.to_vec()))
    }
}

/// Longest text a message shows of one value: a whole policy document
/// would bury the line that says what differs.
const MAX_SHOWN_CHARS: usize = 160;

fn shorten(text: String) -> String {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The pattern as the messages show it: JSON, with each matcher written as
/// the call that made it.
impl fmt::Display for Match {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(f: &mut fmt::Formatter<'_>, items: &[Match]) -> fmt::Result {
            f.write_str("[")?;
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            f.write_str("]")
        }
        match &self.0 {
            Kind::Scalar(value) => write!(f, "{value}"),
            Kind::Object(entries) => {
                f.write_str("{")?;
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {value}", Json::String(key.clone()))?;
                }
                f.write_str("}")
            }
            Kind::Array(items) => list(f, items),
            Kind::Exact(inner) => write!(f, "exact({inner})"),
            Kind::ObjectLike(inner) => write!(f, "object_like({inner})"),
            Kind::ArrayWith(items) => {
                f.write_str("array_with(")?;
                list(f, items)?;
                f.write_str(")")
            }
            Kind::Absent => f.write_str("absent()"),
            Kind::AnyValue => f.write_str("any_value()"),
            Kind::StringLike(regex) => write!(f, "string_like_regex({:?})", regex.as_str()),
            Kind::Not(inner) => write!(f, "not({inner})"),
            Kind::SerializedJson(inner) => write!(f, "serialized_json({inner})"),
        }
    }
}

/// JSON as a literal pattern: objects and arrays become literal objects
/// and arrays, the rest scalars.
impl From<Json> for Match {
    fn from(value: Json) -> Match {
        match value {
            Json::Object(entries) => Match::object(entries),
            Json::Array(items) => Match::array(items),
            scalar => Match(Kind::Scalar(scalar)),
        }
    }
}

impl From<&Json> for Match {
    fn from(value: &Json) -> Match {
        Match::from(value.clone())
    }
}

/// Scalars as literal patterns, so that `pattern!` takes `"nodejs24.x"`,
/// `256` or a `&str` variable where JSON would.
macro_rules! scalar_from {
    ($($scalar:ty),*) => {
        $(
            impl From<$scalar> for Match {
                fn from(value: $scalar) -> Match {
                    Match(Kind::Scalar(Json::from(value)))
                }
            }
        )*
    };
}

scalar_from!(&str, String, bool, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);

impl From<&String> for Match {
    fn from(value: &String) -> Match {
        Match(Kind::Scalar(Json::String(value.clone())))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lines(pattern: &Match, value: Json) -> Vec<String> {
        pattern.mismatches(&value).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn literal_objects_are_partial_at_every_depth_and_arrays_exact() {
        let pattern = Match::from(json!({ "A": { "B": 1 }, "L": [{ "C": 2 }] }));
        assert!(pattern.matches(&json!({ "A": { "B": 1, "X": 0 }, "L": [{ "C": 2, "Y": 0 }], "Z": 0 })));
        assert_eq!(
            lines(&pattern, json!({ "A": { "B": 2 }, "L": [{ "C": 2 }, 3] })),
            ["/A/B: expected 1, found 2", "/L: expected an array of 1 item, found 2 items: [{\"C\":2},3]"]
        );
    }

    #[test]
    fn exact_refuses_other_keys_until_an_object_like_inside_allows_them() {
        let pattern =
            Match::exact(Match::object([("A", Match::from(1)), ("B", Match::object_like(json!({ "C": 1 })))]));
        assert!(pattern.matches(&json!({ "A": 1, "B": { "C": 1, "D": 2 } })));
        assert_eq!(
            lines(&pattern, json!({ "A": 1, "B": { "C": 1 }, "E": 3 })),
            ["/E: expected no such key (exact), found 3"]
        );
        assert_eq!(
            lines(&Match::exact(json!({ "A": { "B": 1 } })), json!({ "A": { "B": 1, "X": 0 } })),
            ["/A/X: expected no such key (exact), found 0"]
        );
    }

    #[test]
    fn scalars_compare_as_the_template_writes_them() {
        assert!(Match::from(256).matches(&json!(256)));
        assert!(Match::from(256u64).matches(&json!(256)));
        assert!(!Match::from(2).matches(&json!(2.0)));
        assert_eq!(lines(&Match::from(true), json!("true")), [": expected true, found \"true\""]);
    }

    #[test]
    fn array_with_finds_items_in_order_with_others_between() {
        let pattern = Match::array_with(["a", "c"]);
        assert!(pattern.matches(&json!(["a", "b", "c", "d"])));
        assert!(!pattern.matches(&json!(["c", "a"])));
        assert_eq!(
            lines(&pattern, json!(["c", "a"])),
            [": expected an item matching \"c\" (array_with's item 1) from index 2 on, found 2 items: [\"c\",\"a\"]"]
        );
        // The closest item's own mismatches follow, at their index.
        let statements = Match::array_with([json!({ "Action": "s3:GetObject", "Resource": "arn" })]);
        assert_eq!(
            lines(&statements, json!([{ "Action": "s3:PutObject" }, { "Action": "s3:GetObject", "Resource": "*" }])),
            [
                ": expected an item matching {\"Action\": \"s3:GetObject\", \"Resource\": \"arn\"} (array_with's item 0) from index 0 on, found none; the closest is item 1, below",
                "/1/Resource: expected \"arn\", found \"*\""
            ]
        );
        assert_eq!(lines(&pattern, json!("a")), [": expected array_with([\"a\", \"c\"]), found \"a\""]);
    }

    #[test]
    fn absent_any_value_and_not_decide_about_missing_keys() {
        let pattern = Match::object([("Gone", Match::absent()), ("There", Match::any_value())]);
        assert!(pattern.matches(&json!({ "There": 0 })));
        assert_eq!(
            lines(&pattern, json!({ "Gone": 1, "There": null })),
            [
                "/Gone: expected no value (absent()), found 1",
                "/There: expected any value but null (any_value()), found null"
            ]
        );
        assert_eq!(lines(&pattern, json!({})), ["/There: expected any value (any_value()), found nothing"]);
        assert!(Match::object([("K", Match::not(Match::any_value()))]).matches(&json!({})));
        assert_eq!(
            lines(&Match::object([("K", Match::not("x"))]), json!({ "K": "x" })),
            ["/K: expected not(\"x\"), found \"x\""]
        );
        assert!(!Match::absent().matches(&json!(null)));
    }

    #[test]
    fn string_like_regex_searches_unless_anchored() {
        assert!(Match::string_like_regex("/prod/").matches(&json!("https://x/prod/graphql")));
        assert!(!Match::string_like_regex("^/prod/$").matches(&json!("https://x/prod/graphql")));
        assert_eq!(
            lines(&Match::string_like_regex("^nodejs"), json!(24)),
            [": expected string_like_regex(\"^nodejs\"), found 24"]
        );
        assert!(Match::try_string_like_regex("(").is_err());
    }

    #[test]
    fn serialized_json_parses_the_string_and_reports_inside_it() {
        let pattern = Match::serialized_json(json!({ "username": "app" }));
        assert!(pattern.matches(&json!(r#"{"username":"app","other":1}"#)));
        assert_eq!(
            lines(&pattern, json!(r#"{"username":"root"}"#)),
            ["(JSON)/username: expected \"app\", found \"root\""]
        );
        assert_eq!(
            lines(&pattern, json!("not json")),
            [": expected a string of JSON matching {\"username\": \"app\"}, found \"not json\""]
        );
    }

    #[test]
    fn long_values_are_cut_short_and_keys_escaped() {
        let long = "x".repeat(500);
        let shown = &lines(&Match::from("y"), json!(long))[0];
        assert!(shown.ends_with('…') && shown.len() < 200, "{shown}");
        assert_eq!(child("/A", "a/b~c"), "/A/a~1b~0c");
    }
}
