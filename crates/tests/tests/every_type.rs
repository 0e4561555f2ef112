//! Every resource type of the vendored schemas gets a minimal instance
//! (`common/minimal.rs`) that synthesises: the schema validation at synth
//! accepts what the schema's own constraints build.
//!
//! With `CFNKIT_EVERY_TYPE_DIR` set, the instances of every type whose
//! service is not shut down are also written there, as templates of 100
//! resources, for cfn-lint (`scripts/test-all` lints them all: 13 s).
#[path = "common/minimal.rs"]
mod minimal;

use cfnkit::core::{DeletionPolicy, Output, Parameter, ParameterType, Stack};
use cfnkit::synth::{synth, Format, SynthError};

/// Adds the minimal instance with both policies set, as cfn-lint's I3011
/// asks of a stateful type (and harmless on any other).
fn add(stack: &mut Stack, type_name: &str, fixtures: &minimal::Fixtures) {
    let handle = stack
        .add(
            &stack.root(),
            &minimal::id(type_name),
            minimal::raw_resource(type_name, &minimal::instance(type_name, fixtures)),
        )
        .unwrap();
    let options = stack.options_mut(&handle).unwrap();
    options.deletion_policy = Some(DeletionPolicy::Delete);
    options.update_replace_policy = Some(DeletionPolicy::Delete);
}

/// A stack with the parameter fixtures may refer to: a value cfn-lint
/// cannot check (two Glue name patterns its regex engine refuses) is passed
/// through it (and an output uses it, where no fixture does).
fn stack() -> Stack {
    let mut stack = Stack::new("Minimal");
    let name = stack.add_parameter("ExampleName", Parameter::new(ParameterType::String)).unwrap();
    stack.add_output("ExampleNameOut", Output::new(name.value())).unwrap();
    stack
}

/// Whether AWS has shut the type's service down: synth refuses it (E3710).
fn shut_down(type_name: &str) -> bool {
    cfnkit::spec::resource_type(type_name).and_then(|s| s.lifecycle()).is_some_and(|(status, _)| status == "shutdown")
}

#[test]
fn every_resource_type_has_a_minimal_instance_that_synthesises() {
    let fixtures = minimal::fixtures();
    let names: Vec<&str> = cfnkit::spec::type_names().collect();
    assert!(names.len() > 1800, "{} types", names.len());
    let mut failures = Vec::new();
    for name in &names {
        let mut stack = stack();
        add(&mut stack, name, &fixtures);
        match synth(&stack) {
            Err(SynthError::ServiceShutDown { .. }) if shut_down(name) => {}
            Err(error) => failures.push(error.to_string()),
            Ok(_) if shut_down(name) => failures.push(format!("{name}: its service is shut down, yet it synthesised")),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} types fail:\n{}", failures.len(), names.len(), failures.join("\n"));

    let Some(dir) = std::env::var_os("CFNKIT_EVERY_TYPE_DIR") else { return };
    let selected: Vec<&str> = names.iter().copied().filter(|name| !shut_down(name)).collect();
    std::fs::create_dir_all(&dir).unwrap();
    for (chunk_index, chunk) in selected.chunks(100).enumerate() {
        let mut stack = stack();
        for name in chunk {
            add(&mut stack, name, &fixtures);
        }
        let body = synth(&stack).unwrap().render(Format::Json).unwrap().body;
        std::fs::write(std::path::Path::new(&dir).join(format!("every-type-{chunk_index:02}.json")), body).unwrap();
    }
}
