//! Apps of several stacks: a handle of one stack used in another becomes an
//! export and an import, the stacks deploy in order, cycles and
//! cross-Region references are refused, and an export can be kept.
use std::collections::HashMap;
use std::time::Duration;

use cfnkit::synth::{synth_app, SynthError, Template};
use cfnkit_tests::names::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value as Json};

fn by_name(templates: &[Template]) -> HashMap<&str, &Template> {
    templates.iter().map(|t| (t.stack_name(), t)).collect()
}

fn order(templates: &[Template]) -> Vec<&str> {
    templates.iter().map(|t| t.stack_name()).collect()
}

/// A network stack (VPC, a shared security group) and an application stack
/// whose function uses its VPC, private subnets and group.
fn network_and_application() -> App {
    let mut network = Stack::new("Network");
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut network, "Vpc").unwrap();
    let shared = SecurityGroup::builder(&vpc).description("application").build(&mut network, "AppSg").unwrap();
    let mut application = Stack::new("Application");
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .timeout(Duration::from_secs(10))
        .security_group(&shared)
        .build(&mut application, "Api")
        .unwrap();
    let mut app = App::new();
    app.add_stack(application).unwrap();
    app.add_stack(network).unwrap();
    app
}

#[test]
fn an_application_stack_imports_the_network_stacks_subnets_and_group() {
    let templates = synth_app(&network_and_application()).unwrap();
    assert_eq!(order(&templates), ["Network", "Application"]);
    let stacks = by_name(&templates);
    let application = stacks["Application"];
    assert_eq!(application.dependencies(), ["Network"]);
    let function = application.resource("Api/Resource").unwrap();
    let config = &function["Properties"]["VpcConfig"];
    // Lists of handles: one export per element.
    let subnets: Vec<&Json> = config["SubnetIds"].as_array().unwrap().iter().collect();
    assert_eq!(subnets.len(), 2);
    for subnet in &subnets {
        let name = subnet["Fn::ImportValue"].as_str().unwrap();
        assert!(name.starts_with("Network:VpcPrivateSubnet"), "{name}");
    }
    assert_eq!(config["SecurityGroupIds"][0]["Fn::ImportValue"].as_str().unwrap().rsplit('-').next(), Some("GroupId"));
    // Every import names an export of the network stack.
    let network = stacks["Network"];
    let exports: Vec<&str> =
        network.json()["Outputs"].as_object().unwrap().values().filter_map(|o| o["Export"]["Name"].as_str()).collect();
    for import in imports(application.json()) {
        assert!(exports.contains(&import.as_str()), "{import} is not exported: {exports:?}");
    }
    // The network stack knows nothing of the application.
    assert!(network.dependencies().is_empty());
    assert!(imports(network.json()).is_empty());
}

/// Every `Fn::ImportValue` name in a template.
fn imports(json: &Json) -> Vec<String> {
    let mut found = Vec::new();
    fn walk(json: &Json, found: &mut Vec<String>) {
        match json {
            Json::Object(map) => {
                if let Some(Json::String(name)) = map.get("Fn::ImportValue") {
                    found.push(name.clone());
                }
                map.values().for_each(|v| walk(v, found));
            }
            Json::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    walk(json, &mut found);
    found
}

#[test]
fn ref_getatt_and_sub_variables_each_become_imports() {
    let mut producer = Stack::new("Producer");
    let queue = producer.add(&producer.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let mut consumer = Stack::new("Consumer");
    let topic = RawResource::new("AWS::SNS::Topic")
        .property("DisplayName", queue.get_att("QueueName"))
        .property("TopicName", Value::sub_with("orders-${Name}", [("Name", queue.get_att("QueueName"))]));
    consumer.add(&consumer.root(), "Topic", topic).unwrap();
    let parameter =
        RawResource::new("AWS::SSM::Parameter").property("Type", "String").property("Value", queue.reference());
    consumer.add(&consumer.root(), "QueueUrl", parameter).unwrap();
    let mut app = App::new();
    app.add_stack(producer).unwrap();
    app.add_stack(consumer).unwrap();
    let templates = synth_app(&app).unwrap();
    let stacks = by_name(&templates);
    let consumer = stacks["Consumer"];
    let topic = &consumer.resource("Topic").unwrap()["Properties"];
    assert_eq!(topic["DisplayName"], json!({ "Fn::ImportValue": "Producer:Queue-QueueName" }));
    assert_eq!(
        topic["TopicName"],
        json!({ "Fn::Sub": ["orders-${Name}", { "Name": { "Fn::ImportValue": "Producer:Queue-QueueName" } }] })
    );
    assert_eq!(
        consumer.resource("QueueUrl").unwrap()["Properties"]["Value"],
        json!({ "Fn::ImportValue": "Producer:Queue" })
    );
    let outputs = &stacks["Producer"].json()["Outputs"];
    assert_eq!(outputs["ExportQueueQueueName"]["Value"], json!({ "Fn::GetAtt": ["Queue", "QueueName"] }));
    assert_eq!(outputs["ExportQueue"]["Value"], json!({ "Ref": "Queue" }));
    assert_eq!(outputs.as_object().unwrap().len(), 2, "one export per distinct value");
}

#[test]
fn a_cycle_between_stacks_is_an_error_naming_the_references() {
    let mut a = Stack::new("A");
    let mut b = Stack::new("B");
    let queue_a = a.add(&a.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let queue_b = b.add(&b.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    a.add(
        &a.root(),
        "Topic",
        RawResource::new("AWS::SNS::Topic").property("DisplayName", queue_b.get_att("QueueName")),
    )
    .unwrap();
    b.add(
        &b.root(),
        "Topic",
        RawResource::new("AWS::SNS::Topic").property("DisplayName", queue_a.get_att("QueueName")),
    )
    .unwrap();
    let mut app = App::new();
    app.add_stack(a).unwrap();
    app.add_stack(b).unwrap();
    let error = synth_app(&app).unwrap_err();
    let SynthError::StackCycle { cycle, references } = &error else { panic!("{error}") };
    assert_eq!(cycle, &["A", "B", "A"]);
    assert_eq!(references, &["A/Topic -> B/Queue", "B/Topic -> A/Queue"]);
    assert!(error.to_string().contains("move the shared resources into one stack"), "{error}");
}

#[test]
fn stacks_in_different_regions_or_accounts_cannot_import() {
    for (producer_env, consumer_env, what) in [
        ((None, Some("us-east-1")), (None, Some("eu-west-1")), "Region"),
        ((Some("111111111111"), None), (Some("222222222222"), None), "account"),
    ] {
        let mut producer = Stack::new("Producer");
        producer.set_environment(producer_env.0, producer_env.1);
        let queue = producer.add(&producer.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
        let mut consumer = Stack::new("Consumer");
        consumer.set_environment(consumer_env.0, consumer_env.1);
        consumer
            .add(
                &consumer.root(),
                "Topic",
                RawResource::new("AWS::SNS::Topic").property("DisplayName", queue.get_att("QueueName")),
            )
            .unwrap();
        let mut app = App::new();
        app.add_stack(producer).unwrap();
        app.add_stack(consumer).unwrap();
        let error = synth_app(&app).unwrap_err();
        assert!(
            matches!(&error, SynthError::CrossEnvironmentReference { difference, from, .. } if difference.contains(what) && from == "Topic"),
            "{error}"
        );
    }
}

/// The deadly embrace: the consumer no longer uses the value, but the
/// export stays until the consumer is deployed without it.
#[test]
fn a_kept_export_stays_without_a_consumer() {
    let mut producer = Stack::new("Producer");
    let queue = producer.add(&producer.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    producer.keep_export(queue.get_att("Arn")).unwrap();
    assert!(producer.keep_export(Value::from("literal")).is_err());
    let mut app = App::new();
    app.add_stack(producer).unwrap();
    app.add_stack(Stack::new("Consumer")).unwrap();
    let templates = synth_app(&app).unwrap();
    let outputs = &by_name(&templates)["Producer"].json()["Outputs"];
    assert_eq!(outputs["ExportQueueArn"]["Export"]["Name"], "Producer:Queue-Arn");
    assert_eq!(outputs["ExportQueueArn"]["Value"], json!({ "Fn::GetAtt": ["Queue", "Arn"] }));
}

#[test]
fn a_depends_on_across_stacks_orders_the_stacks_and_stays_out_of_the_template() {
    let mut first = Stack::new("First");
    let queue = first.add(&first.root(), "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    let mut second = Stack::new("Second");
    let topic = second.add(&second.root(), "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    second.options_mut(&topic).unwrap().depends_on.push(queue.target().clone());
    let mut app = App::new();
    app.add_stack(second).unwrap();
    app.add_stack(first).unwrap();
    let templates = synth_app(&app).unwrap();
    assert_eq!(order(&templates), ["First", "Second"]);
    assert!(templates[1].resource("Topic").unwrap().get("DependsOn").is_none());
    assert!(templates[0].json().get("Outputs").is_none(), "an order needs no export");
}

#[test]
fn from_450_resources_synth_warns() {
    let mut stack = Stack::new("Big");
    for n in 0..450 {
        stack.add(&stack.root(), &format!("Topic{n}"), RawResource::new("AWS::SNS::Topic")).unwrap();
    }
    let templates = synth_app(&App::from(stack)).unwrap();
    assert!(templates[0].warnings().iter().any(|w| w.message.starts_with("450 resources, near CloudFormation's 500")));
}

/// Random apps of 2 to 4 stacks, each with a few queues, and random
/// references from a topic of one stack to a queue of another: synth
/// refuses exactly the apps whose references make a cycle, and otherwise
/// every `Fn::ImportValue` names an export of a stack earlier in the
/// deploy order.
#[test]
fn generated_apps_import_only_from_earlier_stacks() {
    let config = Config { cases: 64, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[21; 32]));
    let spec = (2usize..=4).prop_flat_map(|stacks| {
        (Just(stacks), prop::collection::vec((0..stacks, 0..stacks, 0usize..2, any::<bool>()), 0..=6))
    });
    runner
        .run(&spec, |(count, references)| {
            let mut stacks: Vec<Stack> = (0..count).map(|i| Stack::new(format!("S{i}"))).collect();
            let queues: Vec<Vec<Handle<RawResource>>> = stacks
                .iter_mut()
                .map(|stack| {
                    (0..2)
                        .map(|q| {
                            stack.add(&stack.root(), &format!("Queue{q}"), RawResource::new("AWS::SQS::Queue")).unwrap()
                        })
                        .collect()
                })
                .collect();
            let mut edges: Vec<(usize, usize)> = Vec::new();
            for (n, (from, to, queue, attribute)) in references.iter().enumerate() {
                let value =
                    if *attribute { queues[*to][*queue].get_att("Arn") } else { queues[*to][*queue].reference() };
                let stack = &mut stacks[*from];
                let topic = RawResource::new("AWS::SNS::Topic").property("DisplayName", value);
                stack.add(&stack.root(), &format!("Topic{n}"), topic).unwrap();
                if from != to {
                    edges.push((*from, *to));
                }
            }
            let mut app = App::new();
            for stack in stacks {
                app.add_stack(stack).unwrap();
            }
            let cyclic = has_cycle(count, &edges);
            match synth_app(&app) {
                Err(SynthError::StackCycle { .. }) => prop_assert!(cyclic, "a cycle reported where there is none"),
                Err(other) => prop_assert!(false, "{other}"),
                Ok(templates) => {
                    prop_assert!(!cyclic, "a cycle went unnoticed");
                    let mut exported: Vec<String> = Vec::new();
                    for template in &templates {
                        for import in imports(template.json()) {
                            prop_assert!(
                                exported.contains(&import),
                                "{} imports {import} before it is exported",
                                template.stack_name()
                            );
                        }
                        if let Some(outputs) = template.json()["Outputs"].as_object() {
                            exported.extend(
                                outputs.values().filter_map(|o| o["Export"]["Name"].as_str().map(str::to_owned)),
                            );
                        }
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A naive cycle check: can any stack reach itself through the edges?
fn has_cycle(count: usize, edges: &[(usize, usize)]) -> bool {
    (0..count).any(|start| {
        let mut seen = vec![false; count];
        let mut stack: Vec<usize> = edges.iter().filter(|(f, _)| *f == start).map(|(_, t)| *t).collect();
        while let Some(node) = stack.pop() {
            if node == start {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(edges.iter().filter(|(f, _)| *f == node).map(|(_, t)| *t));
            }
        }
        false
    })
}

#[test]
fn a_nested_stack_gets_its_own_template_and_references_cross_as_parameters_and_outputs() {
    let mut stack = Stack::new("Parent");
    let root = stack.root();
    let key = stack.add(&root, "Key", RawResource::new("AWS::KMS::Key")).unwrap();
    let storage = stack.nested_stack(&root, "Storage").unwrap();
    let queue = stack
        .add(&storage, "Queue", RawResource::new("AWS::SQS::Queue").property("KmsMasterKeyId", key.get_att("Arn")))
        .unwrap();
    let workers = stack.nested_stack(&root, "Workers").unwrap();
    let topic = stack
        .add(&workers, "Topic", RawResource::new("AWS::SNS::Topic").property("DisplayName", queue.get_att("QueueName")))
        .unwrap();
    let alarm_topic = stack
        .add(&root, "Alerts", RawResource::new("AWS::SNS::Topic").property("DisplayName", queue.get_att("QueueName")))
        .unwrap();
    stack.options_mut(&alarm_topic).unwrap().depends_on.push(topic.target().clone());
    let template = cfnkit::synth::synth(&stack).unwrap();

    let nested = template.nested();
    assert_eq!(nested.len(), 2);
    assert_eq!((nested[0].path.as_str(), nested[0].file.as_str()), ("Storage", "Parent.Storage.nested.template.json"));
    let queue_id = nested[0].template.logical_id("Storage/Queue").unwrap().to_owned();
    let topic_id = nested[1].template.logical_id("Workers/Topic").unwrap().to_owned();
    let crossing = format!("{queue_id}QueueName");
    let from_storage = json!({ "Fn::GetAtt": ["Storage", format!("Outputs.{crossing}")] });

    let parent = template.json();
    let storage_stack = &parent["Resources"]["Storage"];
    assert_eq!(storage_stack["Type"], "AWS::CloudFormation::Stack");
    assert_eq!(storage_stack["Properties"]["TemplateURL"], "Parent.Storage.nested.template.json");
    assert_eq!(storage_stack["Properties"]["Parameters"], json!({ "KeyArn": { "Fn::GetAtt": ["Key", "Arn"] } }));
    assert_eq!(
        parent["Resources"]["Workers"]["Properties"]["Parameters"],
        json!({ crossing.clone(): from_storage.clone() })
    );
    assert_eq!(parent["Resources"]["Alerts"]["Properties"]["DisplayName"], from_storage);
    assert_eq!(parent["Resources"]["Alerts"]["DependsOn"], json!(["Workers"]));
    assert!(parent["Resources"].get(&queue_id).is_none(), "the queue is in the nested template");
    assert_eq!(template.logical_id("Storage"), Some("Storage"));

    let storage_json = nested[0].template.json();
    assert_eq!(storage_json["Parameters"]["KeyArn"]["Type"], "String");
    assert_eq!(storage_json["Resources"][&queue_id]["Properties"]["KmsMasterKeyId"], json!({ "Ref": "KeyArn" }));
    assert_eq!(storage_json["Outputs"][&crossing]["Value"], json!({ "Fn::GetAtt": [queue_id, "QueueName"] }));
    let workers_json = nested[1].template.json();
    assert_eq!(workers_json["Resources"][&topic_id]["Properties"]["DisplayName"], json!({ "Ref": crossing }));
}

#[test]
fn each_template_has_its_own_limits_so_a_nested_stack_passes_500() {
    let mut stack = Stack::new("Large");
    let root = stack.root();
    let half = stack.nested_stack(&root, "Half").unwrap();
    for n in 0..300 {
        stack.add(&root, &format!("A{n}"), RawResource::new("AWS::SNS::Topic")).unwrap();
        stack.add(&half, &format!("B{n}"), RawResource::new("AWS::SNS::Topic")).unwrap();
    }
    let template = cfnkit::synth::synth(&stack).unwrap();
    assert_eq!(template.model().resources.len(), 301);
    assert_eq!(template.nested()[0].template.model().resources.len(), 300);
}

#[test]
fn nested_stacks_refuse_what_cannot_cross_and_do_not_nest() {
    let mut stack = Stack::new("Parent");
    let root = stack.root();
    let inner = stack.nested_stack(&root, "Inner").unwrap();
    let error = stack.nested_stack(&inner, "Deeper").unwrap_err();
    assert_eq!(error.kind, CoreErrorKind::NestedStackInNestedStack);
    let condition =
        stack.add_condition("IsProd", Condition::equals(Value::pseudo(Pseudo::Region), "us-east-1")).unwrap();
    let queue = stack.add(&inner, "Queue", RawResource::new("AWS::SQS::Queue")).unwrap();
    stack.options_mut(&queue).unwrap().set_condition(&condition);
    let error = cfnkit::synth::synth(&stack).unwrap_err();
    assert!(error.to_string().contains("conditions and mappings stay in their own template"), "{error}");
}

#[test]
fn crossing_names_never_collide_with_logical_ids() {
    // `Topic` + `TopicName` and a resource whose logical ID is
    // `TopicTopicName` both cross into the nested stack: each keeps its
    // own parameter and value.
    let mut stack = Stack::new("Parent");
    let root = stack.root();
    let topic = stack.add(&root, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    let lookalike = stack.add(&root, "TopicTopicName", RawResource::new("AWS::SNS::Topic")).unwrap();
    let inner = stack.nested_stack(&root, "Inner").unwrap();
    stack
        .add(
            &inner,
            "ByAttribute",
            RawResource::new("AWS::SNS::Topic").property("DisplayName", topic.get_att("TopicName")),
        )
        .unwrap();
    stack
        .add(&inner, "ByRef", RawResource::new("AWS::SNS::Topic").property("DisplayName", lookalike.reference()))
        .unwrap();
    let template = cfnkit::synth::synth(&stack).unwrap();

    let parameters = template.json()["Resources"]["Inner"]["Properties"]["Parameters"].clone();
    let parameters = parameters.as_object().unwrap();
    assert_eq!(parameters.len(), 2, "{parameters:?}");
    assert_eq!(parameters["TopicTopicName"], json!({ "Ref": "TopicTopicName" }));
    let (by_attribute, value) = parameters.iter().find(|(name, _)| *name != "TopicTopicName").unwrap();
    assert!(by_attribute.starts_with("TopicTopicName") && by_attribute.len() == "TopicTopicName".len() + 8);
    assert_eq!(*value, json!({ "Fn::GetAtt": ["Topic", "TopicName"] }));
    let child = template.nested()[0].template.json();
    let id = |path| template.nested()[0].template.logical_id(path).unwrap().to_owned();
    assert_eq!(
        child["Resources"][id("Inner/ByAttribute")]["Properties"]["DisplayName"],
        json!({ "Ref": by_attribute })
    );
    assert_eq!(child["Resources"][id("Inner/ByRef")]["Properties"]["DisplayName"], json!({ "Ref": "TopicTopicName" }));
}

#[test]
fn a_hand_written_ref_reaches_only_its_own_template() {
    let mut stack = Stack::new("Parent");
    let root = stack.root();
    stack.add(&root, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    let inner = stack.nested_stack(&root, "Inner").unwrap();
    stack
        .add(
            &inner,
            "Copy",
            RawResource::new("AWS::SNS::Topic").property("DisplayName", Value::from_json(json!({ "Ref": "Topic" }))),
        )
        .unwrap();
    let error = cfnkit::synth::synth(&stack).unwrap_err();
    assert!(
        matches!(&error, SynthError::WrongReferenceKind { from, to, .. } if from == "Inner/Copy" && to == "Topic"),
        "{error:?}"
    );
    assert!(error.to_string().contains("refer to it by its handle"), "{error}");
}

#[test]
fn a_list_attribute_crosses_joined_and_comes_back_a_list() {
    let mut stack = Stack::new("Parent");
    let root = stack.root();
    let outer_vpc =
        stack.add(&root, "OuterVpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16")).unwrap();
    let inner = stack.nested_stack(&root, "Inner").unwrap();
    let inner_vpc =
        stack.add(&inner, "InnerVpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.1.0.0/16")).unwrap();
    stack
        .add(
            &inner,
            "In",
            RawResource::new("AWS::SNS::Topic")
                .property("DisplayName", Value::select(0, outer_vpc.get_att("CidrBlockAssociations"))),
        )
        .unwrap();
    stack
        .add(
            &root,
            "Out",
            RawResource::new("AWS::SNS::Topic")
                .property("DisplayName", Value::select(0, inner_vpc.get_att("CidrBlockAssociations"))),
        )
        .unwrap();
    let template = cfnkit::synth::synth(&stack).unwrap();
    let parent = template.json();
    let child = template.nested()[0].template.json();
    let inner_vpc_id = template.nested()[0].template.logical_id("Inner/InnerVpc").unwrap().to_owned();

    // Into the nested stack: joined in the parent, a list parameter inside.
    assert_eq!(
        parent["Resources"]["Inner"]["Properties"]["Parameters"]["OuterVpcCidrBlockAssociations"],
        json!({ "Fn::Join": [",", { "Fn::GetAtt": ["OuterVpc", "CidrBlockAssociations"] }] })
    );
    assert_eq!(child["Parameters"]["OuterVpcCidrBlockAssociations"]["Type"], "CommaDelimitedList");
    // Out of it: joined in the output, split again in the parent.
    let output = format!("{inner_vpc_id}CidrBlockAssociations");
    assert_eq!(
        child["Outputs"][&output]["Value"],
        json!({ "Fn::Join": [",", { "Fn::GetAtt": [inner_vpc_id, "CidrBlockAssociations"] }] })
    );
    assert_eq!(
        parent["Resources"]["Out"]["Properties"]["DisplayName"],
        json!({ "Fn::Select": [0, { "Fn::Split": [",", { "Fn::GetAtt": ["Inner", format!("Outputs.{output}")] }] }] })
    );
}

/// An app of `producer` and a consumer whose topic's display name is
/// `value`.
fn consumed(producer: Stack, value: Value) -> Result<Vec<Template>, SynthError> {
    let mut consumer = Stack::new("Consumer");
    consumer
        .add(&consumer.root(), "Topic", RawResource::new("AWS::SNS::Topic").property("DisplayName", value))
        .unwrap();
    let mut app = App::new();
    app.add_stack(producer).unwrap();
    app.add_stack(consumer).unwrap();
    synth_app(&app)
}

#[test]
fn an_export_output_id_taken_by_another_entry_or_too_long_is_kept_apart_by_a_hash() {
    let mut producer = Stack::new("Producer");
    let root = producer.root();
    let topic = producer.add(&root, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    producer.add(&root, "ExportTopicTopicName", RawResource::new("AWS::SNS::Topic")).unwrap();
    let templates = consumed(producer, topic.get_att("TopicName")).unwrap();
    let outputs = by_name(&templates)["Producer"].json()["Outputs"].as_object().unwrap().clone();
    assert_eq!(outputs.len(), 1);
    let (id, output) = outputs.iter().next().unwrap();
    assert_ne!(id, "ExportTopicTopicName");
    assert!(id.starts_with("ExportTopicTopicName"), "{id}");
    assert_eq!(output["Export"]["Name"], "Producer:Topic-TopicName");
    assert_eq!(output["Value"], json!({ "Fn::GetAtt": ["Topic", "TopicName"] }));

    // A deep construct path: the export name and the Output's ID both stay
    // within CloudFormation's 255 characters.
    let mut producer = Stack::new("P");
    let mut scope = producer.root();
    for depth in 0..40 {
        scope = producer.scope(&scope, &format!("Level{depth}Of40")).unwrap();
    }
    let deep = producer.add(&scope, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    let templates = consumed(producer, deep.get_att("TopicName")).unwrap();
    let outputs = by_name(&templates)["P"].json()["Outputs"].as_object().unwrap().clone();
    let (id, output) = outputs.iter().next().unwrap();
    assert!(id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    assert!(output["Export"]["Name"].as_str().unwrap().len() <= 255);
}

#[test]
fn an_export_name_a_hand_written_output_holds_is_not_reused_for_another_value() {
    let mut producer = Stack::new("Producer");
    let root = producer.root();
    let topic = producer.add(&root, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    producer.add_output("Mine", Output::new("something else").export_name("Producer:Topic-TopicName")).unwrap();
    let error = consumed(producer, topic.get_att("TopicName")).unwrap_err();
    assert!(matches!(&error, SynthError::ExportNameTaken { output, .. } if output == "Mine"), "{error:?}");
}

#[test]
fn a_resource_inside_a_nested_stack_is_not_exported_to_another_stack() {
    let mut producer = Stack::new("Producer");
    let root = producer.root();
    let inner = producer.nested_stack(&root, "Inner").unwrap();
    let topic = producer.add(&inner, "Topic", RawResource::new("AWS::SNS::Topic")).unwrap();
    let error = consumed(producer, topic.get_att("TopicName")).unwrap_err();
    assert!(error.to_string().contains("inside a nested stack cannot be exported"), "{error}");
}

#[test]
fn a_list_attribute_is_not_exported_as_it_is() {
    let mut producer = Stack::new("Producer");
    let vpc = producer
        .add(&producer.root(), "Vpc", RawResource::new("AWS::EC2::VPC").property("CidrBlock", "10.0.0.0/16"))
        .unwrap();
    let error = consumed(producer, Value::select(0, vpc.get_att("CidrBlockAssociations"))).unwrap_err();
    assert!(error.to_string().contains("a list attribute cannot be exported"), "{error}");
}
