//! The invariant checks used on generated stacks can fail: each is shown a
//! template that breaks its rule.
mod common;

use serde_json::json;

#[test]
#[should_panic(expected = "reference to undeclared Missing")]
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

#[test]
fn a_sound_template_passes() {
    common::assert_invariants(&json!({ "Parameters": { "P": { "Type": "String" } }, "Resources": {
        "V": { "Type": "AWS::EC2::VPC", "Properties": { "CidrBlock": { "Ref": "P" } } },
        "A": { "Type": "AWS::EC2::Subnet", "DependsOn": ["V"], "Properties": { "VpcId": { "Ref": "V" }, "Az": { "Ref": "AWS::Region" } } }
    } }));
}
