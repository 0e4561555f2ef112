//! The bad-value corpus (`fixtures/bad-values.json`): for each constraint
//! keyword the validation knows, a property of a real type that breaks it.
//! Synth must refuse each, naming the property path and the keyword.
//!
//! With `CFNKIT_BAD_VALUES_DIR` set, each case is also written there as a
//! template: the type's minimal instance, synthesised, with the bad value
//! forced into its rendered `Properties` (synth itself would refuse it), and
//! a `manifest.json` of where each must be reported. `scripts/test-all` runs
//! cfn-lint over them and fails unless cfn-lint reports every one at that
//! place: what synth refuses is really wrong.
#[path = "common/minimal.rs"]
mod minimal;

use cfnkit::core::Stack;
use cfnkit::synth::{synth, SynthError};
use serde_json::{json, Value as Json};

fn cases() -> Vec<Json> {
    serde_json::from_str::<Json>(include_str!("../fixtures/bad-values.json")).unwrap().as_array().cloned().unwrap()
}

/// The minimal instance of the case's type with its bad values set and
/// its removals made (paths from `Properties`, `.` between names).
fn broken(case: &Json, fixtures: &minimal::Fixtures) -> Json {
    let type_name = case["type"].as_str().unwrap();
    let mut properties = minimal::instance(type_name, fixtures);
    for (name, value) in case["set"].as_object().unwrap() {
        properties[name] = value.clone();
    }
    for name in case["remove"].as_array().unwrap() {
        properties.as_object_mut().unwrap().shift_remove(name.as_str().unwrap());
    }
    properties
}

#[test]
fn synth_refuses_every_bad_value_of_the_corpus_at_its_path() {
    let fixtures = minimal::fixtures();
    let cases = cases();
    let keywords: std::collections::BTreeSet<&str> = cases.iter().map(|c| c["keyword"].as_str().unwrap()).collect();
    assert!(keywords.len() >= 20, "the corpus covers {} keywords", keywords.len());
    let mut manifest = Vec::new();
    let dir = std::env::var_os("CFNKIT_BAD_VALUES_DIR").map(std::path::PathBuf::from);
    for case in &cases {
        let (name, type_name) = (case["name"].as_str().unwrap(), case["type"].as_str().unwrap());
        let (keyword, path) = (case["keyword"].as_str().unwrap(), case["path"].as_str().unwrap());
        let properties = broken(case, &fixtures);
        let mut stack = Stack::new("Bad");
        stack.add(&stack.root(), &minimal::id(type_name), minimal::raw_resource(type_name, &properties)).unwrap();
        match synth(&stack) {
            Err(SynthError::InvalidProperties { violations, .. }) => assert!(
                violations.iter().any(|v| v.keyword == keyword && v.property_path == path),
                "{name}: expected {keyword} at {path:?}, got {violations:#?}"
            ),
            other => panic!("{name}: expected InvalidProperties, got {other:?}"),
        }

        let Some(dir) = &dir else { continue };
        // The same type, valid, rendered; then the bad value forced in.
        let mut good = Stack::new("Bad");
        let good_properties = minimal::instance(type_name, &fixtures);
        good.add(&good.root(), &minimal::id(type_name), minimal::raw_resource(type_name, &good_properties)).unwrap();
        let mut template = synth(&good).unwrap().json().clone();
        template["Resources"][minimal::id(type_name)]["Properties"] = properties;
        std::fs::create_dir_all(dir).unwrap();
        let file = format!("{name}.json");
        std::fs::write(dir.join(&file), serde_json::to_string_pretty(&template).unwrap()).unwrap();
        let mut at = vec![json!("Resources"), json!(minimal::id(type_name)), json!("Properties")];
        at.extend(path.split('.').filter(|s| !s.is_empty()).take(1).map(|s| json!(s)));
        manifest.push(json!({"file": file, "keyword": keyword, "path": at}));
    }
    if let Some(dir) = &dir {
        std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    }
}
