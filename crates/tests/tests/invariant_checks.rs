//! The invariant checks used on generated stacks can fail: each is shown a
//! template that breaks its rule.
mod common;

use serde_json::json;

#[test]
#[should_panic(expected = "Ref names Missing, which is not a declared parameter, resource")]
fn dangling_references_are_caught() {
    common::assert_no_dangling_references(
        &json!({ "Resources": { "A": { "Type": "T", "Properties": { "X": { "Ref": "Missing" } } } } }),
    );
}

#[test]
#[should_panic(expected = "wait for each other")]
fn cycles_are_caught() {
    common::assert_acyclic(&json!({ "Resources": {
        "A": { "Type": "T", "DependsOn": ["B"] },
        "B": { "Type": "T", "Properties": { "X": { "Fn::GetAtt": ["A", "Arn"] } } }
    } }));
}

#[test]
#[should_panic(expected = "overlaps")]
fn overlapping_subnets_are_caught() {
    common::assert_subnets_fit_and_are_disjoint(&json!({ "Resources": {
        "V": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
        "A": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "V" }, "CidrBlock": "10.0.0.0/24" } },
        "B": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "V" }, "CidrBlock": "10.0.0.128/25" } }
    } }));
}

#[test]
#[should_panic(expected = "outside")]
fn subnets_outside_their_vpc_are_caught() {
    common::assert_subnets_fit_and_are_disjoint(&json!({ "Resources": {
        "V": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": "10.0.0.0/16" } },
        "A": { "Type": "AWS::EC2::Subnet", "Properties": { "VpcId": { "Ref": "V" }, "CidrBlock": "10.1.0.0/24" } }
    } }));
}

/// A resource whose properties hold `value`, in a template that declares
/// the parameter `P`, the resource `Declared` and the condition `IsProd`.
fn template_with(value: serde_json::Value) -> serde_json::Value {
    json!({
        "Parameters": { "P": { "Type": "String" } },
        "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "P" }, "prod"] } },
        "Resources": {
            "Declared": { "Type": "T" },
            "A": { "Type": "T", "Properties": { "X": value } }
        }
    })
}

#[test]
#[should_panic(expected = "Fn::Sub names Missing, which is not a declared parameter, resource")]
fn sub_string_naming_nothing_is_caught() {
    common::assert_no_dangling_references(&template_with(
        json!({ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Missing}" }),
    ));
}

#[test]
#[should_panic(expected = "Fn::Sub names Missing, which is not a declared parameter, resource")]
fn sub_list_naming_a_name_outside_its_variables_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({
        "Fn::Sub": ["${Local}-${Missing}", { "Local": "bound here" }]
    })));
}

#[test]
#[should_panic(expected = "Fn::Sub names Missing, which is not a declared resource")]
fn sub_attribute_of_an_undeclared_resource_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::Sub": "${Missing.Arn}" })));
}

/// `${Name.Attr}` is `Fn::GetAtt`: a parameter has no attributes.
#[test]
#[should_panic(expected = "Fn::Sub names P, which is not a declared resource")]
fn sub_attribute_of_a_parameter_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::Sub": "${P.Arn}" })));
}

#[test]
#[should_panic(expected = "Fn::Sub names AWS::Regoin, which is not a declared parameter, resource or pseudo-parameter")]
fn sub_misspelt_pseudo_parameter_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::Sub": "${AWS::Regoin}" })));
}

#[test]
#[should_panic(expected = "Condition names Missing, which is not a declared condition")]
fn resource_condition_naming_nothing_is_caught() {
    let mut template = template_with(json!("literal"));
    template["Resources"]["A"]["Condition"] = json!("Missing");
    common::assert_no_dangling_references(&template);
}

#[test]
#[should_panic(expected = "Condition names Missing, which is not a declared condition")]
fn output_condition_naming_nothing_is_caught() {
    let mut template = template_with(json!("literal"));
    template["Outputs"] = json!({ "O": { "Value": "v", "Condition": "Missing" } });
    common::assert_no_dangling_references(&template);
}

#[test]
#[should_panic(expected = "Condition names Missing, which is not a declared condition")]
fn condition_function_naming_nothing_is_caught() {
    let mut template = template_with(json!("literal"));
    template["Conditions"]["Both"] = json!({ "Fn::And": [{ "Condition": "IsProd" }, { "Condition": "Missing" }] });
    common::assert_no_dangling_references(&template);
}

#[test]
#[should_panic(expected = "Fn::If names Missing, which is not a declared condition")]
fn if_naming_nothing_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::If": ["Missing", "a", "b"] })));
}

/// A declared name in the wrong section is as broken as an undeclared one.
#[test]
#[should_panic(expected = "Fn::If names P, which is not a declared condition")]
fn if_naming_a_parameter_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::If": ["P", "a", "b"] })));
}

#[test]
#[should_panic(expected = "Fn::FindInMap names Missing, which is not a declared mapping")]
fn find_in_map_naming_nothing_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Fn::FindInMap": ["Missing", "k", "v"] })));
}

#[test]
#[should_panic(expected = "Ref names IsProd, which is not a declared parameter, resource")]
fn ref_to_a_condition_is_caught() {
    common::assert_no_dangling_references(&template_with(json!({ "Ref": "IsProd" })));
}

#[test]
#[should_panic(expected = "wait for each other")]
fn cycles_through_sub_are_caught() {
    common::assert_acyclic(&json!({ "Resources": {
        "A": { "Type": "T", "DependsOn": ["B"] },
        "B": { "Type": "T", "Properties": { "X": { "Fn::Sub": "${A.Arn}" } } }
    } }));
}

/// A Sub variable shadows the resource of the same name, so `B` does not
/// wait for `A` here.
#[test]
fn sub_variables_shadow_resources_in_the_cycle_check() {
    common::assert_acyclic(&json!({ "Resources": {
        "A": { "Type": "T", "DependsOn": ["B"] },
        "B": { "Type": "T", "Properties": { "X": { "Fn::Sub": ["${A}", { "A": "local" }] } } }
    } }));
}

/// Everything the checks accept, so that none of them passes only because
/// it rejects nothing of this shape.
#[test]
fn a_sound_template_passes() {
    common::assert_invariants(&json!({
        "Parameters": { "P": { "Type": "String" } },
        "Mappings": { "M": { "k": { "v": "x" } } },
        "Conditions": {
            "IsProd": { "Fn::Equals": [{ "Ref": "P" }, "prod"] },
            "NotProd": { "Fn::Not": [{ "Condition": "IsProd" }] }
        },
        "Resources": {
            "V": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": { "Ref": "P" } } },
            "A": {
                "Type": "AWS::EC2::Subnet",
                "DependsOn": ["V"],
                "Condition": "IsProd",
                "Properties": {
                    "VpcId": { "Ref": "V" },
                    "Az": { "Ref": "AWS::Region" },
                    "Name": { "Fn::Sub": "${AWS::StackName}-${P}-${V}-${V.CidrBlock}-${!Literal}-${!Missing.Arn}" },
                    "Local": { "Fn::Sub": ["${Bound}-${V}", { "Bound": { "Fn::GetAtt": ["V", "VpcId"] } }] },
                    "Plain": { "Fn::Sub": "no ${ variable" },
                    "Mode": { "Fn::If": ["NotProd", { "Fn::FindInMap": ["M", "k", "v"] }, { "Ref": "AWS::NoValue" }] },
                    "Dotted": { "Fn::GetAtt": "V.CidrBlock" }
                }
            }
        },
        "Outputs": { "O": { "Value": { "Fn::Sub": "${A}" }, "Condition": "IsProd" } }
    }));
}
