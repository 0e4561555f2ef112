//! Invariants every synthesised template must hold, checked on the JSON
//! itself rather than through synth's own bookkeeping.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};

use ipnet::Ipv4Net;
use serde_json::Value as Json;

/// What a reference may name, given where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    /// `Ref` and a plain `${Name}` in `Fn::Sub`: a parameter, a resource or a
    /// pseudo-parameter.
    ParameterOrResource,
    /// `Fn::GetAtt`, `DependsOn` and `${Name.Attr}` in `Fn::Sub`.
    Resource,
    /// A resource's or output's `Condition`, `Fn::If`, and `Condition` inside
    /// a condition function.
    Condition,
    /// `Fn::FindInMap`.
    Mapping,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::ParameterOrResource => "parameter, resource or pseudo-parameter",
            Expected::Resource => "resource",
            Expected::Condition => "condition",
            Expected::Mapping => "mapping",
        }
    }
}

/// One name a template uses, where it stands and what it must name.
#[derive(Clone, Debug)]
struct Reference {
    name: String,
    via: &'static str,
    expected: Expected,
}

impl Reference {
    fn new(name: &str, via: &'static str, expected: Expected) -> Reference {
        Reference { name: name.to_owned(), via, expected }
    }
}

/// The pseudo-parameters CloudFormation defines. `AWS::NoValue` is only
/// meaningful in `Ref`, so `Fn::Sub` may not use it.
const PSEUDO_PARAMETERS: [&str; 7] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// Every `Ref`, `Fn::GetAtt`, `DependsOn`, `Fn::Sub` variable, `Fn::FindInMap`
/// map, `Fn::If` condition and resource or output `Condition` names
/// something the template declares, in the section its position requires.
pub fn assert_no_dangling_references(template: &Json) {
    let section = |name: &str| -> HashSet<&str> {
        template.get(name).and_then(Json::as_object).map(|s| s.keys().map(String::as_str).collect()).unwrap_or_default()
    };
    let (parameters, resources, conditions, mappings) =
        (section("Parameters"), section("Resources"), section("Conditions"), section("Mappings"));
    for reference in template_references(template) {
        let name = reference.name.as_str();
        let declared = match reference.expected {
            Expected::ParameterOrResource => {
                PSEUDO_PARAMETERS.contains(&name)
                    || (reference.via == "Ref" && name == "AWS::NoValue")
                    || parameters.contains(name)
                    || resources.contains(name)
            }
            Expected::Resource => resources.contains(name),
            Expected::Condition => conditions.contains(name),
            Expected::Mapping => mappings.contains(name),
        };
        assert!(declared, "{} names {name}, which is not a declared {}", reference.via, reference.expected.describe());
    }
}

/// The references of a whole template: those anywhere in its body, plus the
/// `Condition` attribute of resources and outputs, plus conditions that
/// refer to other conditions.
fn template_references(template: &Json) -> Vec<Reference> {
    let mut out = Vec::new();
    collect_references(template, &mut out);
    for section in ["Resources", "Outputs"] {
        let Some(entries) = template.get(section).and_then(Json::as_object) else { continue };
        for entry in entries.values() {
            if let Some(condition) = entry.get("Condition") {
                // A non-string Condition is malformed; report it as such
                // rather than skipping it.
                let name = condition.as_str().unwrap_or("<not a string>");
                out.push(Reference::new(name, "Condition", Expected::Condition));
            }
        }
    }
    if let Some(conditions) = template.get("Conditions") {
        collect_condition_functions(conditions, &mut out);
    }
    out
}

/// `{"Condition": "Name"}` inside a condition function (`Fn::And`, ...).
/// Only the Conditions section is searched: elsewhere a property may well be
/// called `Condition` (IAM statements have one).
fn collect_condition_functions(node: &Json, out: &mut Vec<Reference>) {
    match node {
        Json::Object(map) => {
            if let (1, Some(Json::String(name))) = (map.len(), map.get("Condition")) {
                out.push(Reference::new(name, "Condition", Expected::Condition));
            }
            map.values().for_each(|value| collect_condition_functions(value, out));
        }
        Json::Array(items) => items.iter().for_each(|item| collect_condition_functions(item, out)),
        _ => {}
    }
}

/// The intrinsic-function references anywhere below `node`.
fn collect_references(node: &Json, out: &mut Vec<Reference>) {
    match node {
        Json::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("Ref", Json::String(name)) => out.push(Reference::new(name, "Ref", Expected::ParameterOrResource)),
                    ("Fn::GetAtt", Json::Array(args)) => {
                        if let Some(name) = args.first().and_then(Json::as_str) {
                            out.push(Reference::new(name, "Fn::GetAtt", Expected::Resource));
                        }
                    }
                    ("Fn::GetAtt", Json::String(dotted)) => {
                        let name = dotted.split_once('.').map_or(dotted.as_str(), |(name, _)| name);
                        out.push(Reference::new(name, "Fn::GetAtt", Expected::Resource));
                    }
                    ("DependsOn", Json::String(name)) => {
                        out.push(Reference::new(name, "DependsOn", Expected::Resource))
                    }
                    ("DependsOn", Json::Array(names)) => out.extend(
                        names
                            .iter()
                            .filter_map(Json::as_str)
                            .map(|n| Reference::new(n, "DependsOn", Expected::Resource)),
                    ),
                    ("Fn::If", Json::Array(args)) => {
                        if let Some(name) = args.first().and_then(Json::as_str) {
                            out.push(Reference::new(name, "Fn::If", Expected::Condition));
                        }
                    }
                    ("Fn::FindInMap", Json::Array(args)) => {
                        if let Some(name) = args.first().and_then(Json::as_str) {
                            out.push(Reference::new(name, "Fn::FindInMap", Expected::Mapping));
                        }
                    }
                    ("Fn::Sub", Json::String(text)) => out.extend(sub_references(text, None)),
                    ("Fn::Sub", Json::Array(args)) => {
                        if let Some(text) = args.first().and_then(Json::as_str) {
                            out.extend(sub_references(text, args.get(1).and_then(Json::as_object)));
                        }
                    }
                    _ => {}
                }
                collect_references(value, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|item| collect_references(item, out)),
        _ => {}
    }
}

/// The template names an `Fn::Sub` string substitutes, as CloudFormation
/// reads them: `${Name}` and `${Name.Attr}`; `${!Literal}` is an escape for a
/// literal `${Literal}`. Names bound in the Sub's own variables map are local
/// and name nothing in the template.
fn sub_references(text: &str, variables: Option<&serde_json::Map<String, Json>>) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        if let Some(escaped) = after.strip_prefix('!') {
            rest = escaped;
            continue;
        }
        // CloudFormation leaves an unclosed `${` as literal text.
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        rest = &after[end + 1..];
        if variables.is_some_and(|v| v.contains_key(name)) {
            continue;
        }
        match name.split_once('.') {
            Some((resource, _attribute)) => out.push(Reference::new(resource, "Fn::Sub", Expected::Resource)),
            None => out.push(Reference::new(name, "Fn::Sub", Expected::ParameterOrResource)),
        }
    }
    out
}

/// The resources `body` waits for: those it names through `Ref`,
/// `Fn::GetAtt`, `DependsOn` or `Fn::Sub`.
fn resource_dependencies<'a>(body: &Json, resources: &'a serde_json::Map<String, Json>) -> HashSet<&'a str> {
    let mut references = Vec::new();
    collect_references(body, &mut references);
    references
        .into_iter()
        .filter(|r| matches!(r.expected, Expected::ParameterOrResource | Expected::Resource))
        .filter_map(|r| resources.get_key_value(&r.name).map(|(name, _)| name.as_str()))
        .collect()
}

/// The resources can be created in some order: no cycle through `Ref`,
/// `Fn::GetAtt`, `DependsOn` or `Fn::Sub` (Kahn's algorithm, independent of
/// synth's DFS).
pub fn assert_acyclic(template: &Json) {
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else { return };
    let waits: HashMap<&str, HashSet<&str>> =
        resources.iter().map(|(name, body)| (name.as_str(), resource_dependencies(body, resources))).collect();
    let mut done: HashSet<&str> = HashSet::new();
    loop {
        let ready: Vec<&str> = waits
            .iter()
            .filter(|(name, deps)| !done.contains(**name) && deps.is_subset(&done))
            .map(|(n, _)| *n)
            .collect();
        if ready.is_empty() {
            break;
        }
        done.extend(ready);
    }
    assert_eq!(
        done.len(),
        resources.len(),
        "some resources wait for each other: {:?}",
        waits.keys().filter(|k| !done.contains(**k)).collect::<Vec<_>>()
    );
}

/// Every subnet's literal block lies inside its VPC's and no two overlap.
pub fn assert_subnets_fit_and_are_disjoint(template: &Json) {
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else { return };
    let vpcs: HashMap<&str, Ipv4Net> = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::EC2::VPC")
        .filter_map(|(name, r)| Some((name.as_str(), r["Properties"]["CidrBlock"].as_str()?.parse().ok()?)))
        .collect();
    let mut by_vpc: HashMap<String, Vec<Ipv4Net>> = HashMap::new();
    for (name, subnet) in resources.iter().filter(|(_, r)| r["Type"] == "AWS::EC2::Subnet") {
        let Some(block) = subnet["Properties"]["CidrBlock"].as_str().and_then(|c| c.parse::<Ipv4Net>().ok()) else {
            continue;
        };
        let vpc = subnet["Properties"]["VpcId"]["Ref"].as_str().unwrap_or_default().to_owned();
        if let Some(range) = vpcs.get(vpc.as_str()) {
            assert!(range.contains(&block), "{name}: {block} is outside {range}");
        }
        let siblings = by_vpc.entry(vpc).or_default();
        for other in siblings.iter() {
            assert!(
                !other.contains(&block.network()) && !block.contains(&other.network()),
                "{name}: {block} overlaps {other}"
            );
        }
        siblings.push(block);
    }
}

/// All of the above.
pub fn assert_invariants(template: &Json) {
    assert_no_dangling_references(template);
    assert_acyclic(template);
    assert_subnets_fit_and_are_disjoint(template);
}
