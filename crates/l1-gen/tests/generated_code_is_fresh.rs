//! The committed L1 crates are exactly what the generator writes from the
//! vendored schemas: editing a generated file, or the generator or the
//! schemas without regenerating, fails here.

#[test]
fn the_generated_l1_crates_are_fresh() {
    let root = cfnkit_l1_gen::repository_root();
    let files = cfnkit_l1_gen::generate(&root).expect("the vendored schemas load");
    assert!(files.len() > 1854, "every resource type has a file: {}", files.len());
    let stale = cfnkit_l1_gen::stale(&root, &files);
    assert!(
        stale.is_empty(),
        "{} generated files are stale; run `cargo run -p cfnkit-l1-gen` and commit the result:\n{}",
        stale.len(),
        stale.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_resource_type_of_the_schemas_is_generated() {
    let root = cfnkit_l1_gen::repository_root();
    let files = cfnkit_l1_gen::generate(&root).expect("the vendored schemas load");
    let type_names: Vec<&str> = files
        .values()
        .filter_map(|text| text.split("const TYPE_NAME: &'static str = \"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(type_names.len(), 1854);
    for expected in ["AWS::EC2::VPC", "AWS::S3::Bucket", "AWS::DynamoDB::Table", "Alexa::ASK::Skill"] {
        assert!(type_names.contains(&expected), "{expected}");
    }
}
