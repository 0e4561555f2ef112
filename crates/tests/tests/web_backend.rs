//! The `web-backend` example: its templates are snapshots, and the
//! architecture of the tutorial is checked piece by piece.
#[allow(dead_code)]
#[path = "../../../examples/web-backend.rs"]
mod example;

use cfnkit::synth::{synth, Format, Template};
use serde_json::{json, Value as Json};

macro_rules! snapshot {
    ($name:expr, $body:expr) => {
        insta::with_settings!({ snapshot_path => "../../../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $body);
        })
    };
}

fn template() -> Template {
    synth(&example::web_backend().unwrap()).unwrap()
}

fn resource<'a>(template: &'a Template, path: &str) -> &'a Json {
    template.resource(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

fn reference(template: &Template, path: &str) -> Json {
    template.reference(path).unwrap_or_else(|| panic!("no resource at {path}"))
}

#[test]
fn json_snapshot() {
    snapshot!("web_backend.json", template().render(Format::Json).unwrap().body);
}

#[test]
fn yaml_snapshot() {
    snapshot!("web_backend.yaml", template().render(Format::Yaml).unwrap().body);
}

#[test]
fn the_example_synthesises_without_warnings() {
    let template = template();
    assert!(template.warnings().is_empty(), "{:?}", template.warnings());
    assert_eq!(template.render(Format::Json).unwrap().warnings, vec![]);
}

#[test]
fn the_function_sits_in_the_private_subnets_and_reaches_mongo_by_private_ip() {
    let template = template();
    let function = &resource(&template, "Graphql/Resource")["Properties"];
    assert_eq!(
        function["VpcConfig"]["SubnetIds"],
        json!([reference(&template, "Vpc/PrivateSubnet1/Subnet"), reference(&template, "Vpc/PrivateSubnet2/Subnet")])
    );
    assert_eq!(
        function["Environment"]["Variables"]["MONGO_HOST"],
        json!({ "Fn::GetAtt": [template.logical_id("Mongo/Resource").unwrap(), "PrivateIp"] })
    );
    assert_eq!(
        (function["Runtime"].as_str(), function["MemorySize"].as_u64(), function["Timeout"].as_u64()),
        (Some("nodejs24.x"), Some(256), Some(10))
    );
    assert_eq!(function["Handler"], "index.graphql");
}

#[test]
fn private_subnets_reach_the_internet_through_one_nat_in_a_public_subnet() {
    let template = template();
    let nat = resource(&template, "Vpc/PublicSubnet1/NATGateway");
    assert_eq!(nat["Properties"]["SubnetId"], reference(&template, "Vpc/PublicSubnet1/Subnet"));
    for n in 1..=2 {
        let private = &resource(&template, &format!("Vpc/PrivateSubnet{n}/DefaultRoute"))["Properties"];
        assert_eq!(private["NatGatewayId"], reference(&template, "Vpc/PublicSubnet1/NATGateway"));
        let public = &resource(&template, &format!("Vpc/PublicSubnet{n}/DefaultRoute"))["Properties"];
        assert_eq!(public["GatewayId"], reference(&template, "Vpc/IGW"));
    }
    assert_eq!(template.resources().filter(|(_, r)| r["Type"] == "AWS::EC2::NatGateway").count(), 1);
}

#[test]
fn only_the_function_may_reach_mongo_and_only_on_27017() {
    let template = template();
    let rules: Vec<&Json> =
        template.resources().filter(|(_, r)| r["Type"] == "AWS::EC2::SecurityGroupIngress").map(|(_, r)| r).collect();
    assert_eq!(rules.len(), 1);
    let rule = &rules[0]["Properties"];
    assert_eq!(
        (rule["FromPort"].as_u64(), rule["ToPort"].as_u64(), rule["IpProtocol"].as_str()),
        (Some(27017), Some(27017), Some("tcp"))
    );
    assert_eq!(
        rule["SourceSecurityGroupId"],
        json!({ "Fn::GetAtt": [template.logical_id("Graphql/SecurityGroup/Resource").unwrap(), "GroupId"] })
    );
    assert!(resource(&template, "MongoSg/Resource")["Properties"].get("SecurityGroupIngress").is_none());
    let body = template.render(Format::Json).unwrap().body;
    assert!(!body.contains(r#""CidrIp": "0.0.0.0/0", "FromPort""#));
}

#[test]
fn post_graphql_has_cors_and_the_outputs_are_there() {
    let template = template();
    let methods: Vec<&str> = template
        .resources()
        .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method")
        .filter_map(|(_, r)| r["Properties"]["HttpMethod"].as_str())
        .collect();
    assert_eq!(methods, ["POST", "OPTIONS"]);
    let outputs = template.json()["Outputs"].as_object().unwrap();
    assert_eq!(outputs.keys().collect::<Vec<_>>(), ["GraphqlUrl", "VpcId", "MongoPrivateIp"]);
    assert!(outputs["GraphqlUrl"]["Value"]["Fn::Sub"][0].as_str().unwrap().ends_with("/prod/graphql"));
}
