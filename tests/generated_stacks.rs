//! Random valid stacks built from the public API: each must synthesise and
//! hold the invariants; a seeded sample is written for cfn-lint.
//!
//! The sample goes to `$CFNKIT_SAMPLE_DIR` when set (`scripts/test-all` sets
//! it and lints every file there); the seed is fixed, so every run draws the
//! same stacks.
mod common;

use std::cell::Cell;

use std::time::Duration;

use cfnkit::constructs::l1::lambda::Code;
use cfnkit::constructs::{
    Cors, Error, HttpMethod, Instance, Peer, Port, RestApi, Runtime, SecurityGroup, Stack, SubnetGroup, SubnetKind,
    SubnetSelection, Vpc, VpcFunction,
};
use cfnkit::synth::{synth, Format};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// How many generated stacks `scripts/test-all` hands to cfn-lint.
const SAMPLE_SIZE: usize = 32;
const CASES: u32 = 96;
const SEED: [u8; 32] = *b"cfnkit generated stacks, seed 01";

#[derive(Clone, Debug)]
struct GroupSpec {
    kind: SubnetKind,
    prefix: u8,
}

#[derive(Clone, Debug)]
struct StackSpec {
    azs: u32,
    groups: Vec<GroupSpec>,
    nats: u32,
    security_groups: usize,
    /// (into, from, port) over security group indices.
    rules: Vec<(usize, usize, u16)>,
    functions: Vec<FunctionSpec>,
    instances: usize,
    /// Route every function from a REST API, each at its own path.
    api: Option<bool>,
}

#[derive(Clone, Debug)]
struct FunctionSpec {
    memory_mb: u32,
    timeout_seconds: u64,
    /// Index of a security group to use, or a new one.
    security_group: Option<usize>,
    /// Open this port on security group 0 to the function.
    database_port: Option<u16>,
}

fn function_spec(security_groups: usize) -> impl Strategy<Value = FunctionSpec> {
    (128u32..=10240, 1u64..=900, prop::option::of(0..security_groups), prop::option::of(1u16..=65535)).prop_map(
        |(memory_mb, timeout_seconds, security_group, database_port)| FunctionSpec {
            memory_mb,
            timeout_seconds,
            security_group,
            database_port,
        },
    )
}

fn group_specs(kind: SubnetKind, max: usize) -> impl Strategy<Value = Vec<GroupSpec>> {
    prop::collection::vec((23u8..=26).prop_map(move |prefix| GroupSpec { kind, prefix }), 0..=max)
}

fn stack_spec() -> impl Strategy<Value = StackSpec> {
    (
        1u32..=3,
        group_specs(SubnetKind::Public, 4),
        group_specs(SubnetKind::PrivateWithEgress, 4),
        group_specs(SubnetKind::Isolated, 4),
    )
        .prop_flat_map(|(azs, public, private, isolated)| {
            let mut groups: Vec<GroupSpec> = public.into_iter().chain(private).chain(isolated).collect();
            if groups.is_empty() {
                groups.push(GroupSpec { kind: SubnetKind::Isolated, prefix: 24 });
            }
            let has_public = groups.iter().any(|g| g.kind == SubnetKind::Public);
            let needs_nat = groups.iter().any(|g| g.kind == SubnetKind::PrivateWithEgress);
            if needs_nat && !has_public {
                groups.insert(0, GroupSpec { kind: SubnetKind::Public, prefix: 26 });
            }
            let nats = if needs_nat {
                1..=azs
            } else if has_public {
                0..=azs
            } else {
                0..=0
            };
            (Just(azs), Just(groups), nats, 1usize..=5)
        })
        .prop_flat_map(|(azs, groups, nats, security_groups)| {
            let rules = prop::collection::vec((0..security_groups, 0..security_groups, 1u16..=65535), 0..=8);
            let functions = prop::collection::vec(function_spec(security_groups), 0..=3);
            let api = prop::option::of(any::<bool>());
            (Just(azs), Just(groups), Just(nats), Just(security_groups), rules, functions, 0usize..=2, api)
        })
        .prop_map(|(azs, groups, nats, security_groups, rules, functions, instances, api)| StackSpec {
            azs,
            groups,
            nats,
            security_groups,
            rules,
            functions,
            instances,
            api,
        })
}

fn build(spec: &StackSpec) -> Result<Stack, Error> {
    let mut stack = Stack::new("Generated");
    let mut builder = Vpc::builder().max_azs(spec.azs).nat_gateways(spec.nats);
    for (index, group) in spec.groups.iter().enumerate() {
        let name = format!("{}{index}", group.kind.label());
        let group = match group.kind {
            SubnetKind::Public => SubnetGroup::public(name),
            SubnetKind::PrivateWithEgress => SubnetGroup::private_with_egress(name),
            SubnetKind::Isolated => SubnetGroup::isolated(name),
        };
        builder = builder.subnet_group(group.cidr_mask(spec.groups[index].prefix));
    }
    let vpc = builder.build(&mut stack, "Vpc")?;
    let groups: Vec<SecurityGroup> = (0..spec.security_groups)
        .map(|i| SecurityGroup::builder(&vpc).description(format!("group {i}")).build(&mut stack, &format!("Sg{i}")))
        .collect::<Result<_, _>>()?;
    for &(into, from, port) in &spec.rules {
        groups[into].allow_from(&mut stack, &groups[from], Port::tcp(port))?;
    }
    if let Some(first) = groups.first() {
        first.add_ingress_rule(
            &mut stack,
            Peer::ipv4(vpc.cidr().unwrap().to_string()),
            Port::tcp(443),
            "from the VPC",
        )?;
    }
    // Functions and instances go where they can: private subnets with
    // egress, else isolated ones; a VPC with neither gets none.
    let placement = [SubnetKind::PrivateWithEgress, SubnetKind::Isolated]
        .into_iter()
        .find(|kind| !vpc.subnets_of_kind(*kind).is_empty())
        .map(SubnetSelection::Kind);
    let Some(placement) = placement else { return Ok(stack) };
    let mut api = match spec.api {
        Some(with_cors) => {
            let builder = RestApi::builder().public_reason("generated test stack");
            let builder = if with_cors { builder.cors(Cors::any_origin()) } else { builder };
            Some(builder.build(&mut stack, "Api")?)
        }
        None => None,
    };
    for (index, function) in spec.functions.iter().enumerate() {
        let mut builder = VpcFunction::builder(&vpc)
            .runtime(Runtime::Nodejs24x)
            .handler("index.handler")
            .code(Code::inline("exports.handler = async () => ({ statusCode: 200 });"))
            .memory_mb(function.memory_mb)
            .timeout(Duration::from_secs(function.timeout_seconds))
            .subnets(placement.clone());
        if let Some(group) = function.security_group {
            builder = builder.security_group(&groups[group]);
        }
        let built = builder.build(&mut stack, &format!("Fn{index}"))?;
        if let Some(port) = function.database_port {
            groups[0].allow_from(&mut stack, &built, Port::tcp(port))?;
        }
        if let Some(api) = api.as_mut() {
            api.route(&mut stack, &format!("/v1/fn{index}"), HttpMethod::Post, &built)?;
        }
    }
    for index in 0..spec.instances {
        let instance = Instance::builder(&vpc)
            .subnets(placement.clone())
            .security_group(&groups[0])
            .build(&mut stack, &format!("Host{index}"))?;
        let _ = instance.private_ip();
    }
    Ok(stack)
}

#[test]
fn generated_stacks_synthesise_and_hold_the_invariants() {
    let sample_dir = std::env::var_os("CFNKIT_SAMPLE_DIR").map(std::path::PathBuf::from);
    if let Some(dir) = &sample_dir {
        std::fs::create_dir_all(dir).unwrap();
    }
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED));
    let written = Cell::new(0usize);
    runner
        .run(&stack_spec(), |spec| {
            let stack = build(&spec).map_err(|e| TestCaseError::fail(format!("valid spec rejected: {e}\n{spec:?}")))?;
            let template = synth(&stack).map_err(|e| TestCaseError::fail(format!("synth failed: {e}")))?;
            common::assert_invariants(template.json());
            let json = template.render(Format::Json).unwrap().body;
            let again = synth(&build(&spec).unwrap()).unwrap().render(Format::Json).unwrap().body;
            prop_assert_eq!(&json, &again, "not deterministic");
            if let Some(dir) = &sample_dir {
                let n = written.get();
                if n < SAMPLE_SIZE {
                    let (format, extension) = if n % 2 == 0 { (Format::Json, "json") } else { (Format::Yaml, "yaml") };
                    let body = template.render(format).unwrap().body;
                    std::fs::write(dir.join(format!("generated-{n:02}.{extension}")), body).unwrap();
                    written.set(n + 1);
                }
            }
            Ok(())
        })
        .unwrap();
}
