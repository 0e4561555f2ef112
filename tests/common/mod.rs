//! Invariants every synthesised template must hold, checked on the JSON
//! itself rather than through synth's own bookkeeping.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};

use ipnet::Ipv4Net;
use serde_json::Value as Json;

/// Every `Ref`, `Fn::GetAtt`, `DependsOn` and `Fn::Sub` variable names
/// something the template declares.
pub fn assert_no_dangling_references(template: &Json) {
    let declared: HashSet<&str> = ["Parameters", "Resources", "Conditions", "Mappings"]
        .iter()
        .filter_map(|section| template.get(*section).and_then(Json::as_object))
        .flat_map(|section| section.keys().map(String::as_str))
        .collect();
    let mut targets = Vec::new();
    collect_targets(template, &mut targets);
    for target in targets {
        assert!(target.starts_with("AWS::") || declared.contains(target.as_str()), "reference to undeclared {target}");
    }
}

fn collect_targets(node: &Json, out: &mut Vec<String>) {
    match node {
        Json::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("Ref", Json::String(name)) => out.push(name.clone()),
                    ("Fn::GetAtt", Json::Array(args)) => {
                        out.extend(args.first().and_then(Json::as_str).map(str::to_owned))
                    }
                    ("DependsOn", Json::Array(names)) => {
                        out.extend(names.iter().filter_map(Json::as_str).map(str::to_owned))
                    }
                    _ => {}
                }
                collect_targets(value, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|item| collect_targets(item, out)),
        _ => {}
    }
}

/// The resources can be created in some order: no cycle through `Ref`,
/// `Fn::GetAtt` or `DependsOn` (Kahn's algorithm, independent of synth's DFS).
pub fn assert_acyclic(template: &Json) {
    let Some(resources) = template.get("Resources").and_then(Json::as_object) else { return };
    let mut waits: HashMap<&str, HashSet<String>> = HashMap::new();
    for (name, body) in resources {
        let mut targets = Vec::new();
        collect_targets(body, &mut targets);
        waits.insert(name, targets.into_iter().filter(|t| resources.contains_key(t)).collect());
    }
    let mut done: HashSet<String> = HashSet::new();
    loop {
        let ready: Vec<&str> = waits
            .iter()
            .filter(|(name, deps)| !done.contains(**name) && deps.is_subset(&done))
            .map(|(n, _)| *n)
            .collect();
        if ready.is_empty() {
            break;
        }
        done.extend(ready.into_iter().map(str::to_owned));
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
