//! Every pattern of the vendored schemas either compiles, or is listed in
//! `unchecked-patterns.txt` with the reason; the list is kept exact, so a
//! schema refresh that adds or fixes one shows up here.
use std::collections::BTreeSet;

use serde_json::Value as Json;

fn collect(node: &Json, into: &mut BTreeSet<String>) {
    match node {
        Json::Object(map) => {
            for (key, value) in map {
                match key.as_str() {
                    "pattern" => {
                        if let Some(p) = value.as_str() {
                            into.insert(p.to_owned());
                        }
                    }
                    "patternProperties" => {
                        if let Some(m) = value.as_object() {
                            into.extend(m.keys().cloned());
                        }
                    }
                    "enum" | "const" => continue,
                    _ => {}
                }
                collect(value, into);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| collect(i, into)),
        _ => {}
    }
}

/// Compiles every pattern of the schemas: about 35 s in a debug build, so it
/// is left out of a plain `cargo test`; `scripts/test-all` runs it
/// (`cargo test -p cfnkit-spec --test patterns -- --ignored`).
#[test]
#[ignore = "compiles ~3,000 regexes; scripts/test-all runs it"]
fn unchecked_patterns_are_exactly_the_listed_ones() {
    let mut all = BTreeSet::new();
    for name in cfnkit_spec::type_names() {
        collect(cfnkit_spec::resource_type(name).unwrap().schema(), &mut all);
    }
    let mut unchecked = String::new();
    for pattern in &all {
        if let Some(reason) = cfnkit_spec::unsupported_pattern(pattern) {
            let reason = reason.lines().last().unwrap_or("").trim();
            unchecked.push_str(&format!("{pattern}\t{reason}\n"));
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/unchecked-patterns.txt");
    let listed = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("CFNKIT_BLESS").is_some() {
        std::fs::write(path, &unchecked).unwrap();
        return;
    }
    assert_eq!(listed, unchecked, "the unchecked patterns changed; rerun with CFNKIT_BLESS=1 and review the list");
    assert!(all.len() > 2000, "{} patterns", all.len());
}
