//! Synth speed: the web backend, and generated stacks of 50 to 500
//! resources to show how the cost grows.
//!
//! The web-backend stack is the example's own definition, included here,
//! so the benchmark measures what `cargo run --example web-backend` does.
use std::hint::black_box;
use std::time::Duration;

use cfnkit::lambda::Code;
use cfnkit::synth::{synth, Format};
use cfnkit_tests::names::*;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

#[allow(dead_code)]
#[path = "../../../examples/web-backend.rs"]
mod example;

/// A VPC over three AZs, then units of a security group, a function using
/// it (role, log group, function) and a rule letting the previous unit's
/// group in, until the stack holds `resources` resources.
fn generated(resources: usize) -> Stack {
    let mut stack = Stack::new("Generated");
    let vpc = Vpc::builder().max_azs(3).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    let mut count = stack.entries().count();
    let mut previous: Option<SecurityGroup> = None;
    let mut unit = 0;
    while count + 5 <= resources {
        let group = SecurityGroup::builder(&vpc)
            .description(format!("unit {unit}"))
            .build(&mut stack, &format!("Sg{unit}"))
            .unwrap();
        let function = VpcFunction::builder(&vpc)
            .runtime(Runtime::Nodejs24x)
            .handler("index.handler")
            .code(Code::inline("exports.handler = async () => 1;"))
            .security_group(&group)
            .env("PEER", previous.as_ref().map_or_else(|| group.group_id(), SecurityGroup::group_id))
            .build(&mut stack, &format!("Fn{unit}"))
            .unwrap();
        if let Some(previous) = &previous {
            group.allow_from(&mut stack, previous, Port::tcp(443)).unwrap();
        } else {
            group.allow_from(&mut stack, &function, Port::tcp(443)).unwrap();
        }
        previous = Some(group);
        unit += 1;
        count += 5;
    }
    while count < resources {
        SecurityGroup::builder(&vpc).description("padding").build(&mut stack, &format!("Pad{count}")).unwrap();
        count += 1;
    }
    assert_eq!(stack.entries().count(), resources);
    stack
}

/// One function behind a REST API with `routes` CORS-enabled routes (about
/// four resources a route: path resource, method, preflight, permission).
fn api_with_routes(routes: usize) -> Stack {
    let mut stack = Stack::new("Routes");
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Vpc").unwrap();
    let function = VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => 1;"))
        .build(&mut stack, "Fn")
        .unwrap();
    let mut api =
        RestApi::builder().cors(Cors::any_origin()).public_reason("benchmark").build(&mut stack, "Api").unwrap();
    for route in 0..routes {
        api.route(&mut stack, &format!("/r{route}"), HttpMethod::Post, &function).unwrap();
    }
    stack
}

fn web_backend(c: &mut Criterion) {
    let mut group = c.benchmark_group("web_backend");
    group.bench_function("build", |b| b.iter(|| example::web_backend().unwrap()));
    let stack = example::web_backend().unwrap();
    group.bench_function("synth", |b| b.iter(|| synth(black_box(&stack)).unwrap()));
    let template = synth(&stack).unwrap();
    group.bench_function("render_json", |b| b.iter(|| template.render(black_box(Format::Json)).unwrap()));
    group.bench_function("render_yaml", |b| b.iter(|| template.render(black_box(Format::Yaml)).unwrap()));
    group.bench_function("build_synth_json", |b| {
        b.iter(|| synth(&example::web_backend().unwrap()).unwrap().render(Format::Json).unwrap())
    });
    group.bench_function("build_synth_yaml", |b| {
        b.iter(|| synth(&example::web_backend().unwrap()).unwrap().render(Format::Yaml).unwrap())
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("generated");
    group.measurement_time(Duration::from_secs(3));
    for resources in [50, 100, 200, 500] {
        group.throughput(Throughput::Elements(resources as u64));
        let stack = generated(resources);
        group.bench_with_input(BenchmarkId::new("synth_json", resources), &stack, |b, stack| {
            b.iter(|| synth(stack).unwrap().render(Format::Json).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("build_synth_json", resources), &resources, |b, &resources| {
            b.iter(|| synth(&generated(resources)).unwrap().render(Format::Json).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("api_routes");
    group.measurement_time(Duration::from_secs(3));
    for routes in [20, 40, 80, 110] {
        group.throughput(Throughput::Elements(routes as u64));
        group.bench_with_input(BenchmarkId::new("build_synth_json", routes), &routes, |b, &routes| {
            b.iter(|| synth(&api_with_routes(routes)).unwrap().render(Format::Json).unwrap())
        });
    }
    group.finish();
}

/// A generated stack of `resources` resources whose network has more to
/// analyse: the generated units (functions with groups that admit each
/// other), three database hosts that every unit's group may reach on 5432,
/// and a network ACL on the private subnets.
fn network(resources: usize) -> Stack {
    // The second VPC, its hosts and the ACL take 36 resources.
    let mut stack = generated(resources - 36);
    let vpc = Vpc::builder().max_azs(2).nat_gateways(1).build(&mut stack, "Data").unwrap();
    let database = SecurityGroup::builder(&vpc).description("databases").build(&mut stack, "DbSg").unwrap();
    for host in 0..3 {
        Instance::builder(&vpc).security_group(&database).build(&mut stack, &format!("Db{host}")).unwrap();
    }
    NetworkAcl::builder(&vpc)
        .subnets(SubnetSelection::Kind(SubnetKind::PrivateWithEgress))
        .allow(100, Direction::Outbound, "0.0.0.0/0", Port::all_tcp())
        .allow(100, Direction::Inbound, "0.0.0.0/0", Port::tcp_range(1024, 65535))
        .allow(110, Direction::Inbound, "10.0.0.0/16", Port::tcp(5432))
        .build(&mut stack, "Acl")
        .unwrap();
    while stack.entries().count() < resources {
        let n = stack.entries().count();
        SecurityGroup::builder(&vpc).description("padding").build(&mut stack, &format!("NetPad{n}")).unwrap();
    }
    stack
}

/// The reachability analysis alone, on a synthesised template: reading
/// the network and the whole report (every interface to the internet,
/// every pair of endpoints, internet ingress).
fn reachability(c: &mut Criterion) {
    let mut group = c.benchmark_group("reachability");
    group.measurement_time(Duration::from_secs(3));
    for resources in [100, 200, 300, 500] {
        group.throughput(Throughput::Elements(resources as u64));
        let template = synth(&network(resources)).unwrap();
        group.bench_with_input(BenchmarkId::new("report", resources), &template, |b, template| {
            b.iter(|| template.network_report())
        });
    }
    group.finish();
}

criterion_group!(benches, web_backend, scaling, reachability);
criterion_main!(benches);
