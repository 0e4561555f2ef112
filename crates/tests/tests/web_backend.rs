//! The `web-backend` example: its templates are snapshots, and the
//! architecture of the tutorial is checked piece by piece.
#[allow(dead_code)]
#[path = "../../../examples/web-backend.rs"]
mod example;

use cfnkit::synth::{synth, Format, Template};
use cfnkit_assertions as assertions;
use cfnkit_assertions::{pattern, Match};
use cfnkit_tests::snapshot;
use serde_json::json;

fn template() -> Template {
    synth(&example::web_backend().unwrap()).unwrap()
}

/// The template under `cfnkit_assertions`, for the checks that name
/// what they expect rather than how to dig it out.
fn tested() -> assertions::Template {
    assertions::Template::from_stack(&example::web_backend().unwrap()).unwrap()
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
    let template = tested();
    let subnet = |n: u8| template.resource_at(&format!("Vpc/PrivateSubnet{n}/Subnet")).reference();
    let mongo_ip = template.resource_at("Mongo/Resource").get_att("PrivateIp");
    template.resource_at("Graphql/Resource").has_properties(pattern!({
        "VpcConfig": { "SubnetIds": Match::exact(json!([subnet(1), subnet(2)])) },
        "Environment": { "Variables": { "MONGO_HOST": Match::exact(mongo_ip) } },
        "Runtime": "nodejs24.x",
        "MemorySize": 256,
        "Timeout": 10,
        "Handler": "index.graphql",
    }));
}

#[test]
fn private_subnets_reach_the_internet_through_one_nat_in_a_public_subnet() {
    let template = tested();
    let nat = template.resource_at("Vpc/PublicSubnet1/NATGateway");
    let public_subnet = template.resource_at("Vpc/PublicSubnet1/Subnet").reference();
    nat.has_properties(pattern!({ "SubnetId": Match::exact(public_subnet) }));
    let internet_gateway = template.resource_at("Vpc/IGW").reference();
    for n in 1..=2 {
        let private = template.resource_at(&format!("Vpc/PrivateSubnet{n}/DefaultRoute"));
        private.has_properties(pattern!({ "NatGatewayId": Match::exact(nat.reference()) }));
        let public = template.resource_at(&format!("Vpc/PublicSubnet{n}/DefaultRoute"));
        public.has_properties(pattern!({ "GatewayId": Match::exact(internet_gateway.clone()) }));
    }
    template.resource_count_is("AWS::EC2::NatGateway", 1);
}

#[test]
fn only_the_function_may_reach_mongo_and_only_on_27017() {
    let template = template();
    let tested = assertions::Template::from_synthesised(&template);
    tested.resource_count_is("AWS::EC2::SecurityGroupIngress", 1);
    let function_group = tested.resource_at("Graphql/SecurityGroup/Resource").get_att("GroupId");
    tested.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        pattern!({
            "FromPort": 27017,
            "ToPort": 27017,
            "IpProtocol": "tcp",
            "SourceSecurityGroupId": Match::exact(function_group),
        }),
    );
    tested.resource_at("MongoSg/Resource").has_properties(pattern!({ "SecurityGroupIngress": Match::absent() }));
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
    let url = Match::string_like_regex("/prod/graphql$");
    assertions::Template::from_synthesised(&template)
        .has_output("GraphqlUrl", pattern!({ "Value": { "Fn::Sub": [url, Match::any_value()] } }));
}
