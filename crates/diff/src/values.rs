//! Comparing template values as CloudFormation reads them: `"10"` and `10`
//! are one value, as are `"true"` and `true`, and key order never matters.
//! What differs is reported leaf by leaf, as a path into the resource.
use serde_json::Value as Json;

use cfnkit_template::{Expr, Reference};

use crate::Sameness;

/// Whether `a` and `b` are the same value once scalars are compared by
/// their text (CloudFormation passes every scalar to the service as a
/// string) and objects without regard to key order.
pub(crate) fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, value)| b.get(key).is_some_and(|other| same(value, other)))
        }
        (Json::Array(a), Json::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        _ => a == b || matches!((scalar_text(a), scalar_text(b)), (Some(a), Some(b)) if a == b),
    }
}

/// How `a` and `b`, the same by [`same`], differ in writing: `None` when
/// byte for byte the same.
pub(crate) fn sameness(a: &Json, b: &Json) -> Option<Sameness> {
    if a == b {
        // `==` ignores key order (serde_json keeps it, in an IndexMap);
        // the text does not.
        let (a_text, b_text) = (a.to_string(), b.to_string());
        return (a_text != b_text).then_some(Sameness::KeyOrder);
    }
    Some(Sameness::Scalars)
}

fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text.clone()),
        Json::Number(number) => Some(number.to_string()),
        Json::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Whether `object` is an intrinsic function (`{"Ref": ..}`, `{"Fn::..": ..}`)
/// or a condition reference, which is compared whole.
pub(crate) fn is_intrinsic(object: &serde_json::Map<String, Json>) -> bool {
    object.len() == 1
        && object.keys().next().is_some_and(|key| key == "Ref" || key == "Condition" || key.starts_with("Fn::"))
}

/// One value that differs: where (keys and list indexes below the
/// resource's `Properties`), what it was and what it becomes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Leaf {
    pub(crate) path: Vec<String>,
    pub(crate) old: Option<Json>,
    pub(crate) new: Option<Json>,
}

/// The leaves in which `old` and `new` differ, in the order `new` writes
/// them (then what only `old` has). Objects are entered key by key, lists
/// of equal length item by item; an intrinsic function is one leaf.
pub(crate) fn leaves(old: Option<&Json>, new: Option<&Json>) -> Vec<Leaf> {
    let mut out = Vec::new();
    collect(&mut Vec::new(), old, new, &mut out);
    out
}

fn collect(path: &mut Vec<String>, old: Option<&Json>, new: Option<&Json>, out: &mut Vec<Leaf>) {
    match (old, new) {
        (Some(a), Some(b)) if same(a, b) => {}
        (Some(Json::Object(a)), Some(Json::Object(b))) if !is_intrinsic(a) && !is_intrinsic(b) => {
            for key in b.keys().chain(a.keys().filter(|key| !b.contains_key(*key))) {
                path.push(key.clone());
                collect(path, a.get(key), b.get(key), out);
                path.pop();
            }
        }
        (Some(Json::Array(a)), Some(Json::Array(b))) if a.len() == b.len() => {
            for (index, (a, b)) in a.iter().zip(b).enumerate() {
                path.push(index.to_string());
                collect(path, Some(a), Some(b), out);
                path.pop();
            }
        }
        (None, None) => {}
        _ => out.push(Leaf { path: path.clone(), old: old.cloned(), new: new.cloned() }),
    }
}

/// The value at `path` (keys and list indexes) inside `value`.
pub(crate) fn at<'v>(value: Option<&'v Json>, path: &[String]) -> Option<&'v Json> {
    path.iter().try_fold(value?, |value, segment| match value {
        Json::Object(map) => map.get(segment),
        Json::Array(list) => list.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// How [`references`] names a mapping (`Fn::FindInMap`).
pub(crate) const MAPPING: &str = "mapping ";
/// How [`references`] names a condition (`Fn::If`).
pub(crate) const CONDITION: &str = "condition ";

/// The logical IDs `value` refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub`
/// names; mappings and conditions prefixed with [`MAPPING`] and
/// [`CONDITION`]), each once, pseudo-parameters left out.
pub(crate) fn references(value: &Json) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(expr) = Expr::from_json(value.clone()) {
        expr.visit_references(&mut |reference| {
            // Mappings and conditions are named apart from resources, so
            // that a changed one can cascade like a replaced resource.
            let name = match reference {
                Reference::Ref(name) | Reference::GetAtt(name, _) => name.to_owned(),
                Reference::Mapping(name) => format!("{MAPPING}{name}"),
                Reference::Condition(name) => format!("{CONDITION}{name}"),
            };
            if !name.starts_with("AWS::") && !found.contains(&name) {
                found.push(name);
            }
        });
        // `${Name}` in an `Fn::Sub` string is a reference too, unless it
        // is one of the function's own variables.
        expr.visit_subs(&mut |template, variables| {
            for (name, _) in cfnkit_template::sub_names(template) {
                if !name.starts_with("AWS::") && !variables.contains_key(name) && !found.iter().any(|f| f == name) {
                    found.push(name.to_owned());
                }
            }
        });
    }
    found
}

/// Each place in `value` that refers to another entry: the path of the
/// outermost intrinsic function holding the reference, and the names it
/// refers to.
pub(crate) fn reference_sites(value: &Json) -> Vec<(Vec<String>, Vec<String>)> {
    let mut sites = Vec::new();
    walk_sites(&mut Vec::new(), value, &mut sites);
    sites
}

fn walk_sites(path: &mut Vec<String>, value: &Json, sites: &mut Vec<(Vec<String>, Vec<String>)>) {
    match value {
        Json::Object(map) if is_intrinsic(map) => {
            let names = references(value);
            if !names.is_empty() {
                sites.push((path.clone(), names));
            }
        }
        Json::Object(map) => {
            for (key, child) in map {
                path.push(key.clone());
                walk_sites(path, child, sites);
                path.pop();
            }
        }
        Json::Array(list) => {
            for (index, child) in list.iter().enumerate() {
                path.push(index.to_string());
                walk_sites(path, child, sites);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A value for a table or a message: `Ref X` as `X`, `Fn::GetAtt [X, A]`
/// as `X.A`, any other value as compact JSON.
pub(crate) fn short(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        Json::Number(number) => number.to_string(),
        Json::Bool(flag) => flag.to_string(),
        Json::Object(map) if map.len() == 1 => match (map.get("Ref"), map.get("Fn::GetAtt")) {
            (Some(Json::String(name)), _) => name.clone(),
            (_, Some(Json::Array(parts))) if parts.len() == 2 => format!("{}.{}", short(&parts[0]), short(&parts[1])),
            (_, Some(Json::String(dotted))) => dotted.clone(),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

/// What in `value` a local diff cannot know: parameters (`parameter`
/// describes one by name, `None` for a name that is not a parameter),
/// imports, dynamic references, conditions.
pub(crate) fn unknowns(value: &Json, parameter: &dyn Fn(&str) -> Option<String>, out: &mut Vec<String>) {
    let mut add = |what: String| {
        if !out.contains(&what) {
            out.push(what);
        }
    };
    match value {
        Json::String(text) => {
            for (marker, what) in [
                ("{{resolve:ssm-secure:", "a SecureString parameter resolved at deploy"),
                ("{{resolve:ssm:", "an SSM parameter resolved at deploy"),
                ("{{resolve:secretsmanager:", "a secret resolved at deploy"),
            ] {
                if text.contains(marker) {
                    add(what.to_owned());
                }
            }
        }
        Json::Object(map) => {
            if let Some(what) = map.get("Ref").and_then(Json::as_str).and_then(parameter) {
                add(what);
            }
            if map.contains_key("Fn::ImportValue") {
                add(format!("the export {}", short(&map["Fn::ImportValue"])));
            }
            if let Some(Json::Array(parts)) = map.get("Fn::If") {
                if let Some(Json::String(condition)) = parts.first() {
                    add(format!("condition {condition}"));
                }
            }
            if let Some(sub) = map.get("Fn::Sub") {
                let template = match sub {
                    Json::String(text) => Some(text.as_str()),
                    Json::Array(parts) => parts.first().and_then(Json::as_str),
                    _ => None,
                };
                for (name, _) in template.map(cfnkit_template::sub_names).unwrap_or_default() {
                    if let Some(what) = parameter(name) {
                        add(what);
                    }
                }
            }
            for child in map.values() {
                unknowns(child, parameter, out);
            }
        }
        Json::Array(list) => {
            for child in list {
                unknowns(child, parameter, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_compared_by_their_text_and_keys_in_any_order() {
        assert!(same(&json!("10"), &json!(10)));
        assert!(same(&json!("true"), &json!(true)));
        assert!(!same(&json!("10.0"), &json!(10)));
        assert!(same(&json!({"a": 1, "b": [true]}), &json!({"b": ["true"], "a": "1"})));
        assert!(!same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert_eq!(sameness(&json!({"a": 1, "b": 2}), &json!({"b": 2, "a": 1})), Some(Sameness::KeyOrder));
        assert_eq!(sameness(&json!({"a": 1}), &json!({"a": "1"})), Some(Sameness::Scalars));
        assert_eq!(sameness(&json!({"a": 1}), &json!({"a": 1})), None);
    }

    #[test]
    fn leaves_name_each_differing_value_and_keep_intrinsics_whole() {
        let old = json!({"A": {"B": 1, "C": [1, 2]}, "D": {"Ref": "X"}, "Gone": 1});
        let new = json!({"A": {"B": 2, "C": [1, 3]}, "D": {"Ref": "Y"}});
        let paths: Vec<String> = leaves(Some(&old), Some(&new)).iter().map(|l| l.path.join("/")).collect();
        assert_eq!(paths, ["A/B", "A/C/1", "D", "Gone"]);
        let list = leaves(Some(&json!([1, 2])), Some(&json!([1, 2, 3])));
        assert_eq!(list.len(), 1, "lists of different lengths differ whole");
    }

    #[test]
    fn references_and_their_sites_are_found_in_every_form() {
        let value = json!({
            "A": {"Ref": "X"},
            "B": [{"Fn::GetAtt": ["Y", "Arn"]}],
            "C": {"Fn::Sub": "${Z}-${AWS::Region}"},
            "D": "literal"
        });
        let sites = reference_sites(&value);
        let found: Vec<(String, Vec<String>)> = sites.into_iter().map(|(p, n)| (p.join("/"), n)).collect();
        assert_eq!(
            found,
            [
                ("A".into(), vec!["X".to_owned()]),
                ("B/0".into(), vec!["Y".to_owned()]),
                ("C".into(), vec!["Z".to_owned()])
            ]
        );
    }

    #[test]
    fn what_cannot_be_known_locally_is_named() {
        let value = json!({
            "A": {"Ref": "ImageParam"},
            "B": {"Fn::ImportValue": "Network:Vpc"},
            "C": "{{resolve:ssm:/my/param}}",
            "D": {"Fn::If": ["IsProd", 1, 2]},
            "E": {"Ref": "Resource"}
        });
        let mut found = Vec::new();
        unknowns(&value, &|name| (name == "ImageParam").then(|| format!("the value of parameter {name}")), &mut found);
        assert_eq!(
            found,
            [
                "the value of parameter ImageParam",
                "the export Network:Vpc",
                "an SSM parameter resolved at deploy",
                "condition IsProd"
            ]
        );
    }
}
