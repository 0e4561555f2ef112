//! Invalid input of every listed kind gives a typed error that names the
//! construct path: never a panic, never a template.
use std::time::Duration;

use cfnkit::cli;
use cfnkit::lambda::Code;
use cfnkit::synth::{synth, SynthError};
use cfnkit_tests::names::*;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x00cf_7417),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs the stack program through the CLI and checks that it refused:
/// exit code 1, nothing on stdout, the construct path on stderr.
fn assert_refused<F>(build: F, path: &str)
where
    F: FnOnce() -> Result<Stack, Error>,
{
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = cli::run_with(["prog"], build, &mut out, &mut err);
    let err = String::from_utf8(err).unwrap();
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "a template was printed for bad input");
    assert!(err.contains(path), "the message {err:?} does not name {path}");
}

fn node_function(vpc: &Vpc) -> cfnkit_tests::names::VpcFunctionBuilder {
    VpcFunction::builder(vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler=async()=>1;"))
}

/// A stack with a VPC and one function configured by `configure`.
fn function_stack(
    configure: impl FnOnce(cfnkit_tests::names::VpcFunctionBuilder) -> cfnkit_tests::names::VpcFunctionBuilder,
) -> Result<Stack, Error> {
    let mut stack = Stack::new("Bad");
    let vpc = Vpc::builder().nat_gateways(1).build(&mut stack, "Vpc")?;
    configure(node_function(&vpc)).build(&mut stack, "Graphql")?;
    Ok(stack)
}

fn block(octet: u8, prefix: u8) -> String {
    format!("10.0.{octet}.0/{prefix}")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn overlapping_subnet_blocks(first in 0u8..=250, offset in 0u8..=3, prefix in 22u8..=24) {
        let a = format!("10.0.{}.0/{prefix}", first & !((1 << (24 - prefix)) - 1));
        let b_octet = (first & !((1 << (24 - prefix)) - 1)).saturating_add(offset % (1 << (24 - prefix)));
        let b = block(b_octet, 24);
        let build = || {
            let mut stack = Stack::new("Bad");
            Vpc::builder()
                .max_azs(1)
                .subnet_group(SubnetGroup::isolated("A").cidrs([a.clone()]))
                .subnet_group(SubnetGroup::isolated("B").cidrs([b.clone()]))
                .build(&mut stack, "Vpc")?;
            Ok(stack)
        };
        let error = build().unwrap_err();
        prop_assert!(matches!(&error, Error { path, kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { other_path, .. }) } if path == "Vpc/BSubnet1" && other_path == "Vpc/ASubnet1"), "{error}");
        assert_refused(build, "Vpc/BSubnet1");
    }

    #[test]
    fn subnet_blocks_outside_the_vpc(second in 1u8..=255, third in 0u8..=255) {
        let outside = format!("10.{second}.{third}.0/24");
        let build = || {
            let mut stack = Stack::new("Bad");
            Vpc::builder().max_azs(1).subnet_group(SubnetGroup::isolated("A").cidrs([outside.clone()])).build(&mut stack, "Vpc")?;
            Ok(stack)
        };
        assert!(matches!(build().unwrap_err(), Error { kind: ErrorKind::Ec2(Ec2Error::CidrOutsideVpc { .. }), .. }));
        assert_refused(build, "Vpc/ASubnet1");
    }

    #[test]
    fn prefix_lengths_outside_16_to_28(prefix in prop_oneof![0u8..16, 29u8..=32]) {
        let group = || {
            let mut stack = Stack::new("Bad");
            Vpc::builder().subnet_group(SubnetGroup::isolated("A").cidr_mask(prefix)).build(&mut stack, "Vpc")?;
            Ok(stack)
        };
        assert!(matches!(group().unwrap_err(), Error { kind: ErrorKind::OutOfRange { field: "prefix length", .. }, .. }));
        assert_refused(group, "Vpc/A");
        let vpc = || {
            let mut stack = Stack::new("Bad");
            Vpc::builder().cidr(format!("10.0.0.0/{prefix}")).build(&mut stack, "Vpc")?;
            Ok(stack)
        };
        assert!(matches!(vpc().unwrap_err(), Error { kind: ErrorKind::Ec2(Ec2Error::CidrPrefixNotAccepted { .. }), .. }));
        assert_refused(vpc, "Vpc");
    }

    #[test]
    fn empty_or_invalid_names(name in prop_oneof![Just(String::new()), "[ /\\-]{1,4}", "[a-z]{1,5}/[a-z]{1,5}"]) {
        let scope_name = name.clone();
        let build = move || {
            let mut stack = Stack::new("Bad");
            let scope = stack.scope(&stack.root(), "Parent")?;
            stack.add(&scope, &scope_name, RawResource::new("AWS::SQS::Queue"))?;
            Ok(stack)
        };
        assert!(matches!(build().unwrap_err(), Error { kind: ErrorKind::Core(CoreErrorKind::InvalidId { .. }), .. }));
        assert_refused(build, "Parent");
        let group = move || {
            let mut stack = Stack::new("Bad");
            Vpc::builder().subnet_group(SubnetGroup::isolated(name.clone())).build(&mut stack, "Vpc")?;
            Ok(stack)
        };
        assert!(matches!(group().unwrap_err(), Error { kind: ErrorKind::Ec2(Ec2Error::InvalidSubnetGroupName { .. }), .. }));
        assert_refused(group, "Vpc");
    }

    #[test]
    fn reversed_or_out_of_range_ports(from in -100_000i64..100_000, to in -100_000i64..100_000) {
        prop_assume!(!(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to);
        let build = || {
            let mut stack = Stack::new("Bad");
            let vpc = Vpc::builder().build(&mut stack, "Vpc")?;
            let sg = SecurityGroup::builder(&vpc).build(&mut stack, "Sg")?;
            sg.add_ingress_rule(&mut stack, Peer::ipv4("10.0.0.0/16"), Port::tcp_range(from, to), "x")?;
            Ok(stack)
        };
        assert!(matches!(build().unwrap_err(), Error { kind: ErrorKind::Ec2(Ec2Error::InvalidPort { .. }), .. }));
        assert_refused(build, "Sg");
    }

    #[test]
    fn function_memory_out_of_range(memory in prop_oneof![0u32..128, 10241u32..=1_000_000]) {
        let build = || function_stack(|f| f.memory_mb(memory));
        assert!(matches!(build().unwrap_err(), Error { kind: ErrorKind::OutOfRange { field: "memory_mb", .. }, .. }));
        assert_refused(build, "Graphql");
    }

    #[test]
    fn function_timeout_out_of_range(millis in prop_oneof![0u64..1000, 900_001u64..=10_000_000, 1001u64..=899_999]) {
        prop_assume!(millis % 1000 != 0 || !(1000..=900_000).contains(&millis));
        let build = || function_stack(|f| f.timeout(Duration::from_millis(millis)));
        assert!(matches!(build().unwrap_err(), Error { kind: ErrorKind::OutOfRange { field: "timeout seconds", .. }, .. }));
        assert_refused(build, "Graphql");
    }

    #[test]
    fn functions_in_public_subnets(group in 0usize..3) {
        let build = || {
            let mut stack = Stack::new("Bad");
            let vpc = Vpc::builder()
                .subnet_group(SubnetGroup::public("Web"))
                .subnet_group(SubnetGroup::public("Edge"))
                .subnet_group(SubnetGroup::private_with_egress("App"))
                .nat_gateways(1)
                .build(&mut stack, "Vpc")?;
            let selection = match group {
                0 => SubnetSelection::Kind(SubnetKind::Public),
                1 => SubnetSelection::Group("Edge".into()),
                _ => SubnetSelection::Subnets(vec![vpc.subnets_of_kind(SubnetKind::PrivateWithEgress)[0].clone(), vpc.subnets_of_kind(SubnetKind::Public)[1].clone()]),
            };
            node_function(&vpc).subnets(selection).build(&mut stack, "Graphql")?;
            Ok::<_, Error>(stack)
        };
        let error = build().unwrap_err();
        prop_assert!(error.to_string().contains("is a public subnet"), "{}", error);
        assert_refused(build, "Graphql");
    }

    #[test]
    fn cycles_through_depends_on(length in 1usize..=12, back_to in 0usize..12) {
        let back_to = back_to % length;
        let mut stack = Stack::new("Cycle");
        let scope = stack.scope(&stack.root(), "Chain").unwrap();
        let queues: Vec<_> = (0..length)
            .map(|i| stack.add(&scope, &format!("Q{i}"), RawResource::new("AWS::SQS::Queue")).unwrap())
            .collect();
        for pair in queues.windows(2) {
            stack.add_dependency(&pair[0], &pair[1]).unwrap();
        }
        stack.add_dependency(&queues[length - 1], &queues[back_to]).unwrap();
        match synth(&stack) {
            Err(SynthError::DependencyCycle { cycle }) => {
                prop_assert_eq!(cycle.len(), length - back_to + 1);
                prop_assert!(cycle.iter().all(|p| p.starts_with("Chain/Q")));
                prop_assert_eq!(cycle.first(), cycle.last());
            }
            other => prop_assert!(false, "expected a cycle, got {:?}", other.map(|_| "a template")),
        }
    }

    #[test]
    fn too_many_resources(count in 501usize..=560) {
        let build = || {
            let mut stack = Stack::new("Big");
            for i in 0..count {
                stack.add(&stack.root(), &format!("Q{i}"), RawResource::new("AWS::SQS::Queue"))?;
            }
            Ok(stack)
        };
        let stack = build().unwrap();
        prop_assert_eq!(synth(&stack).unwrap_err(), SynthError::LimitExceeded { stack: "Big".into(), what: "resources", count, max: 500 });
        assert_refused(build, "Big");
    }
}

#[test]
fn handles_from_a_stack_outside_the_app() {
    // Synthesised alone, the second stack cannot import from the first: it
    // is an error naming both paths (in an app of both, it is an import;
    // see apps.rs).
    let build = || {
        let mut first = Stack::new("First");
        let queue = first.add(&first.root(), "Queue", RawResource::new("AWS::SQS::Queue"))?;
        let mut second = Stack::new("Second");
        second.add(
            &second.root(),
            "Topic",
            RawResource::new("AWS::SNS::Topic").property("DisplayName", queue.get_att("QueueName")),
        )?;
        Ok::<_, Error>(second)
    };
    let error = synth(&build().unwrap()).unwrap_err();
    assert!(
        matches!(&error, SynthError::CrossStackReference { from, to, .. } if from == "Topic" && to == "Queue"),
        "{error}"
    );
    assert!(error.to_string().contains("synth_app"), "{error}");
    let mut out = Vec::new();
    let mut err = Vec::new();
    assert_eq!(cli::run_with(["prog"], build, &mut out, &mut err), 1);
    assert!(out.is_empty());
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("Topic") && err.contains("Queue"), "{err}");

    let mut other = Stack::new("Other");
    let mut stack = Stack::new("Mine");
    let vpc = Vpc::builder().build(&mut other, "Vpc").unwrap();
    let sg = SecurityGroup::builder(&vpc).build(&mut other, "Sg").unwrap();
    let error = stack.add_dependency(sg.handle().unwrap(), sg.handle().unwrap()).unwrap_err();
    assert!(
        matches!(&error.kind, CoreErrorKind::ForeignHandle { handle_path, .. } if handle_path == "Sg/Resource"),
        "{error}"
    );
}
