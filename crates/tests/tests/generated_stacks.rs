//! Random valid stacks built from the public API: each must synthesise and
//! hold the invariants; a seeded sample is written for cfn-lint.
//!
//! The sample goes to `$CFNKIT_SAMPLE_DIR` when set (`scripts/test-all` sets
//! it and lints every file there); the seed is fixed, so every run draws the
//! same stacks.
mod common;

use std::cell::Cell;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::time::Duration;

use cfnkit::iam::Statement;
use cfnkit::lambda::Code;
use cfnkit::synth::{logical_id, synth, Format};
use cfnkit_tests::names::*;
use ipnet::Ipv4Net;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value as Json};

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
    /// Rules to IP ranges and prefix lists.
    peer_rules: Vec<PeerRuleSpec>,
    functions: Vec<FunctionSpec>,
    instances: usize,
    /// Route every function from a REST API, each at its own path.
    api: Option<ApiSpec>,
    /// A subnet built on its own, after the VPC.
    extra_subnet: Option<ExtraSubnetSpec>,
    /// A NAT gateway built on its own in a public subnet.
    extra_nat: bool,
    /// Data stores, each granted to a function when there is one.
    stores: Vec<StoreSpec>,
}

/// A data-store construct, and which function (modulo their count) it is
/// granted to.
#[derive(Clone, Debug)]
struct StoreSpec {
    kind: StoreKind,
    grantee: Option<usize>,
}

#[derive(Clone, Debug)]
enum StoreKind {
    /// Read or write granted.
    Bucket {
        versioned: bool,
        read: bool,
    },
    Table {
        sort_key: bool,
        index: bool,
    },
    Queue {
        dead_letter: Option<u32>,
    },
    Secret,
    /// PostgreSQL or MySQL, in isolated (else private) subnets; only in
    /// VPCs of two AZs or more. The grantee may connect.
    Database {
        postgres: bool,
    },
}

fn store_spec() -> impl Strategy<Value = StoreSpec> {
    let kind = prop_oneof![
        (any::<bool>(), any::<bool>()).prop_map(|(versioned, read)| StoreKind::Bucket { versioned, read }),
        (any::<bool>(), any::<bool>()).prop_map(|(sort_key, index)| StoreKind::Table { sort_key, index }),
        prop::option::of(1u32..=1000).prop_map(|dead_letter| StoreKind::Queue { dead_letter }),
        Just(StoreKind::Secret),
        any::<bool>().prop_map(|postgres| StoreKind::Database { postgres }),
    ];
    (kind, prop::option::of(0usize..3)).prop_map(|(kind, grantee)| StoreSpec { kind, grantee })
}

/// A subnet added with `Subnet::builder` at the top of the VPC's range.
///
/// The planned groups cannot reach it: the VPC is the default /16 and the
/// planner hands out blocks from the bottom, at most 13 groups in 3 AZs,
/// each block at most a /23 (512 addresses) aligned to its size, so each
/// ends at most 1,024 addresses past the previous one: all 39 below
/// 10.0.156.0, far from the top /24, 10.0.255.0/24.
#[derive(Clone, Debug)]
struct ExtraSubnetSpec {
    kind: SubnetKind,
    /// 24 to 28: the block is the top one of that size in the VPC's range.
    prefix: u8,
    az: u32,
}

impl ExtraSubnetSpec {
    /// The top block of `prefix` in `vpc`.
    fn cidr(&self, vpc: Ipv4Net) -> String {
        let size = 1u32 << (32 - self.prefix);
        format!("{}/{}", Ipv4Addr::from(u32::from(vpc.broadcast()) - (size - 1)), self.prefix)
    }
}

/// Managed prefix lists by literal id (the ids of S3 and DynamoDB in
/// us-east-1, and a made-up one of the long form).
const PREFIX_LISTS: [&str; 3] = ["pl-63a5400a", "pl-02cd2c6b", "pl-0123456789abcdef0"];

#[derive(Clone, Debug)]
enum PeerSpec {
    /// `10.<second>.0.0/16`, `10.<second>.<third>.0/24` or
    /// `10.<second>.<third>.<third>/32`.
    ///
    /// Octets of one to three digits make peers whose digits read alike
    /// (`10.1.10.0/24` and `10.11.0.0/24`), which once shared a rule id;
    /// `assert_peer_rules_are_present` checks each still gets its rule.
    Ipv4 { second: u8, third: u8, prefix: u8 },
    /// An index into [`PREFIX_LISTS`].
    PrefixList(usize),
}

impl PeerSpec {
    fn peer(&self) -> Peer {
        match self {
            PeerSpec::Ipv4 { .. } => Peer::ipv4(self.text()),
            PeerSpec::PrefixList(_) => Peer::prefix_list(self.text()),
        }
    }

    /// The CIDR block or prefix-list id, as the rule's property holds it.
    fn text(&self) -> String {
        match *self {
            PeerSpec::Ipv4 { second, prefix: 16, .. } => format!("10.{second}.0.0/16"),
            PeerSpec::Ipv4 { second, third, prefix: 24 } => format!("10.{second}.{third}.0/24"),
            PeerSpec::Ipv4 { second, third, .. } => format!("10.{second}.{third}.{third}/32"),
            PeerSpec::PrefixList(index) => PREFIX_LISTS[index].to_owned(),
        }
    }
}

#[derive(Clone, Debug)]
struct PeerRuleSpec {
    group: usize,
    peer: PeerSpec,
    port: u16,
    egress: bool,
}

fn peer_rule_spec(security_groups: usize) -> impl Strategy<Value = PeerRuleSpec> {
    let peer = prop_oneof![
        (
            prop::sample::select(vec![1u8, 11, 110, 111]),
            prop::sample::select(vec![0u8, 1, 10, 11]),
            prop::sample::select(vec![16u8, 24, 32])
        )
            .prop_map(|(second, third, prefix)| PeerSpec::Ipv4 { second, third, prefix }),
        (0..PREFIX_LISTS.len()).prop_map(PeerSpec::PrefixList),
    ];
    (0..security_groups, peer, 1u16..=65535, any::<bool>()).prop_map(|(group, peer, port, egress)| PeerRuleSpec {
        group,
        peer,
        port,
        egress,
    })
}

#[derive(Clone, Debug)]
struct FunctionSpec {
    memory_mb: u32,
    timeout_seconds: u64,
    /// Index of a security group to use, or a new one.
    security_group: Option<usize>,
    /// Open this port on security group 0 to the function.
    database_port: Option<u16>,
    /// Statements granted to the function's role after it is built.
    grants: Vec<Grant>,
    /// How the REST API routes to it, when there is one.
    route: RouteSpec,
}

/// A least-privilege statement on a scoped resource, for `Role::add_statement`.
#[derive(Clone, Copy, Debug)]
enum Grant {
    /// `sqs:SendMessage` on a queue ARN written with `Fn::Sub` pseudo-parameters.
    SendToQueue,
    /// `ssm:GetParameter*` on a parameter path.
    ReadParameters,
    /// Log writes on the function's own log group (`Fn::GetAtt`).
    WriteOwnLogs,
    /// `s3:GetObject` under a prefix, the bucket given as a Sub variable.
    ReadObjects,
}

impl Grant {
    fn statement(self, index: usize, function: &VpcFunction) -> Statement {
        match self {
            Grant::SendToQueue => Statement::allow(["sqs:SendMessage"]).resource(Value::sub(format!(
                "arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:generated-fn{index}"
            ))),
            Grant::ReadParameters => {
                Statement::allow(["ssm:GetParameter", "ssm:GetParameters"]).resource(Value::sub(format!(
                    "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/generated/fn{index}/*"
                )))
            }
            Grant::WriteOwnLogs => {
                Statement::allow(["logs:CreateLogStream", "logs:PutLogEvents"]).resource(function.log_group().arn())
            }
            Grant::ReadObjects => Statement::allow(["s3:GetObject"]).resource(Value::sub_with(
                format!("arn:${{AWS::Partition}}:s3:::${{Bucket}}/fn{index}/*"),
                [("Bucket", Value::from("generated-assets"))],
            )),
        }
    }
}

/// The routes to one function: one path, one or two methods on it.
#[derive(Clone, Debug)]
struct RouteSpec {
    path: PathShape,
    methods: Vec<HttpMethod>,
    /// The route's own integration, else the API's.
    integration: Option<Integration>,
    /// IAM-signed requests only, else public (the API gives the reason).
    iam: bool,
}

#[derive(Clone, Copy, Debug)]
enum PathShape {
    /// `/v1/fn<i>`
    Plain,
    /// `/v1/fn<i>/{id}`
    Parameter,
    /// `/v1/fn<i>/{id}/items`
    BelowParameter,
    /// `/v1/fn<i>/{proxy+}`
    Greedy,
}

impl PathShape {
    /// Each function has its own prefix, so routes never collide.
    fn path(self, index: usize) -> String {
        match self {
            PathShape::Plain => format!("/v1/fn{index}"),
            PathShape::Parameter => format!("/v1/fn{index}/{{id}}"),
            PathShape::BelowParameter => format!("/v1/fn{index}/{{id}}/items"),
            PathShape::Greedy => format!("/v1/fn{index}/{{proxy+}}"),
        }
    }
}

/// OPTIONS is left out: with CORS it is the preflight's, and routing it is
/// an error (tested in `crates/synth/tests/rest_api.rs`).
const ROUTED_METHODS: [HttpMethod; 7] = [
    HttpMethod::Get,
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
    HttpMethod::Head,
    HttpMethod::Any,
];

fn integration() -> impl Strategy<Value = Integration> {
    prop_oneof![Just(Integration::LambdaProxy), Just(Integration::Lambda)]
}

fn route_spec() -> impl Strategy<Value = RouteSpec> {
    let path = prop_oneof![
        Just(PathShape::Plain),
        Just(PathShape::Parameter),
        Just(PathShape::BelowParameter),
        Just(PathShape::Greedy)
    ];
    (path, prop::sample::subsequence(ROUTED_METHODS.to_vec(), 1..=2), prop::option::of(integration()), any::<bool>())
        .prop_map(|(path, methods, integration, iam)| RouteSpec { path, methods, integration, iam })
}

fn function_spec(security_groups: usize) -> impl Strategy<Value = FunctionSpec> {
    let grant = prop_oneof![
        Just(Grant::SendToQueue),
        Just(Grant::ReadParameters),
        Just(Grant::WriteOwnLogs),
        Just(Grant::ReadObjects)
    ];
    (
        128u32..=10240,
        1u64..=900,
        prop::option::of(0..security_groups),
        prop::option::of(1u16..=65535),
        prop::collection::vec(grant, 0..=2),
        route_spec(),
    )
        .prop_map(|(memory_mb, timeout_seconds, security_group, database_port, grants, route)| FunctionSpec {
            memory_mb,
            timeout_seconds,
            security_group,
            database_port,
            grants,
            route,
        })
}

#[derive(Clone, Debug)]
enum CorsSpec {
    None,
    AnyOrigin,
    /// This many origins (1 to 3).
    Origins(usize),
}

#[derive(Clone, Debug)]
struct ApiSpec {
    cors: CorsSpec,
    /// The integration of routes that do not choose one.
    integration: Integration,
}

fn api_spec() -> impl Strategy<Value = ApiSpec> {
    let cors = prop_oneof![Just(CorsSpec::None), Just(CorsSpec::AnyOrigin), (1usize..=3).prop_map(CorsSpec::Origins)];
    (cors, integration()).prop_map(|(cors, integration)| ApiSpec { cors, integration })
}

const ORIGINS: [&str; 3] = ["https://app.example.com", "http://localhost:3000", "https://admin.example.com:8443"];

/// The non-proxy integration answers with one static
/// `Access-Control-Allow-Origin`, so the library refuses it with several
/// origins (by design, tested in `crates/synth/tests/rest_api.rs`): such
/// APIs keep every route on the proxy integration.
fn proxy_only_with_several_origins(mut spec: StackSpec) -> StackSpec {
    if let Some(ApiSpec { cors: CorsSpec::Origins(2..), integration }) = &mut spec.api {
        *integration = Integration::LambdaProxy;
        for function in &mut spec.functions {
            function.route.integration = None;
        }
    }
    spec
}

/// What may be built on its own next to the VPC's planned subnets: a public
/// subnet or a NAT gateway needs the internet gateway that a public group
/// brings; a private subnet with egress needs a NAT gateway, the VPC's or
/// the one built on its own.
fn extras_spec(azs: u32, has_public: bool, nats: u32) -> impl Strategy<Value = (Option<ExtraSubnetSpec>, bool)> {
    let mut kinds = vec![SubnetKind::Isolated];
    if has_public {
        kinds.extend([SubnetKind::Public, SubnetKind::PrivateWithEgress]);
    }
    let subnet = (prop::sample::select(kinds), 24u8..=28, 0..azs).prop_map(|(kind, prefix, az)| ExtraSubnetSpec {
        kind,
        prefix,
        az,
    });
    (prop::option::of(subnet), any::<bool>()).prop_map(move |(subnet, nat)| {
        let needs_nat = nats == 0 && subnet.as_ref().is_some_and(|s| s.kind == SubnetKind::PrivateWithEgress);
        (subnet, has_public && (nat || needs_nat))
    })
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
            let peer_rules = prop::collection::vec(peer_rule_spec(security_groups), 0..=4);
            let functions = prop::collection::vec(function_spec(security_groups), 0..=3);
            let has_public = groups.iter().any(|g| g.kind == SubnetKind::Public);
            let extras = extras_spec(azs, has_public, nats);
            (
                (Just(azs), Just(groups), Just(nats), Just(security_groups)),
                (
                    rules,
                    peer_rules,
                    functions,
                    0usize..=2,
                    prop::option::of(api_spec()),
                    extras,
                    prop::collection::vec(store_spec(), 0..=3),
                ),
            )
        })
        .prop_map(
            |(
                (azs, groups, nats, security_groups),
                (rules, peer_rules, functions, instances, api, (extra_subnet, extra_nat), stores),
            )| {
                proxy_only_with_several_origins(StackSpec {
                    azs,
                    groups,
                    nats,
                    security_groups,
                    rules,
                    peer_rules,
                    functions,
                    instances,
                    api,
                    extra_subnet,
                    extra_nat,
                    stores,
                })
            },
        )
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
    let mut vpc = builder.build(&mut stack, "Vpc")?;
    build_extra_network(&mut stack, &mut vpc, spec)?;
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
    for (index, rule) in spec.peer_rules.iter().enumerate() {
        let group = &groups[rule.group];
        let description = format!("generated peer rule {index}");
        if rule.egress {
            group.add_egress_rule(&mut stack, rule.peer.peer(), Port::tcp(rule.port), &description)?;
        } else {
            group.add_ingress_rule(&mut stack, rule.peer.peer(), Port::tcp(rule.port), &description)?;
        }
    }
    // Functions and instances go where they can: private subnets with
    // egress, else isolated ones; a VPC with neither gets none.
    let placement = [SubnetKind::PrivateWithEgress, SubnetKind::Isolated]
        .into_iter()
        .find(|kind| !vpc.subnets_of_kind(*kind).is_empty())
        .map(SubnetSelection::Kind);
    let Some(placement) = placement else { return Ok(stack) };
    let mut api = match &spec.api {
        Some(api) => {
            let builder = RestApi::builder().public_reason("generated test stack").integration(api.integration);
            let builder = match api.cors {
                CorsSpec::None => builder,
                CorsSpec::AnyOrigin => builder.cors(Cors::any_origin()),
                CorsSpec::Origins(count) => builder.cors(Cors::origins(ORIGINS[..count].iter().copied())),
            };
            Some(builder.build(&mut stack, "Api")?)
        }
        None => None,
    };
    let mut built_functions = Vec::new();
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
        for grant in &function.grants {
            built.role().add_statement(&mut stack, grant.statement(index, &built))?;
        }
        if let Some(api) = api.as_mut() {
            let route = &function.route;
            let mut options = RouteOptions::new();
            if let Some(integration) = route.integration {
                options = options.integration(integration);
            }
            if route.iam {
                options = options.iam();
            }
            for &method in &route.methods {
                api.route_with(&mut stack, &route.path.path(index), method, &built, options.clone())?;
            }
        }
        built_functions.push(built);
    }
    build_stores(&mut stack, &vpc, spec, &built_functions)?;
    for index in 0..spec.instances {
        let instance = Instance::builder(&vpc)
            .subnets(placement.clone())
            .security_group(&groups[0])
            .build(&mut stack, &format!("Host{index}"))?;
        let _ = instance.private_ip();
    }
    Ok(stack)
}

/// The spec's data stores, each granted to its function (when there is
/// one); a database only where it may go (two AZs, isolated or private
/// subnets).
fn build_stores(stack: &mut Stack, vpc: &Vpc, spec: &StackSpec, functions: &[VpcFunction]) -> Result<(), Error> {
    for (index, store) in spec.stores.iter().enumerate() {
        let id = format!("Store{index}");
        let grantee = store.grantee.filter(|_| !functions.is_empty()).map(|g| &functions[g % functions.len()]);
        match store.kind {
            StoreKind::Bucket { versioned, read } => {
                let bucket = Bucket::builder().versioned(versioned).build(stack, &id)?;
                match (grantee, read) {
                    (Some(function), true) => drop(bucket.grant_read(stack, function)?),
                    (Some(function), false) => drop(bucket.grant_write(stack, function)?),
                    (None, _) => {}
                }
            }
            StoreKind::Table { sort_key, index } => {
                let mut builder = Table::builder(Attribute::string("pk"));
                if sort_key {
                    builder = builder.sort_key(Attribute::number("sk"));
                }
                if index {
                    builder = builder.global_index(GlobalIndex::new("ByOwner", Attribute::string("owner")));
                }
                let table = builder.build(stack, &id)?;
                if let Some(function) = grantee {
                    table.grant_read_write(stack, function)?;
                }
            }
            StoreKind::Queue { dead_letter } => {
                let mut builder = Queue::builder();
                if let Some(count) = dead_letter {
                    builder = builder.dead_letter_queue(count);
                }
                let queue = builder.build(stack, &id)?;
                if let Some(function) = grantee {
                    queue.grant_send(stack, function)?;
                }
            }
            StoreKind::Secret => {
                let secret = Secret::builder().build(stack, &id)?;
                if let Some(function) = grantee {
                    secret.grant_read(stack, function)?;
                }
            }
            StoreKind::Database { postgres } => {
                // Subnets of the kind in two AZs (an extra subnet adds one
                // of its kind in a single AZ, which the database refuses).
                let in_two_azs = |kind: SubnetKind| {
                    let subnets = vpc.subnets_of_kind(kind);
                    let azs: HashSet<String> = subnets.iter().map(|s| format!("{:?}", s.availability_zone())).collect();
                    azs.len() >= 2 && subnets.len() == azs.len() * spec.groups.iter().filter(|g| g.kind == kind).count()
                };
                let placement =
                    [SubnetKind::Isolated, SubnetKind::PrivateWithEgress].into_iter().find(|kind| in_two_azs(*kind));
                let Some(kind) = placement else { continue };
                let engine = if postgres { Engine::postgres("17.6") } else { Engine::mysql("8.4.6") };
                let database =
                    DatabaseInstance::builder(vpc, engine).subnets(SubnetSelection::Kind(kind)).build(stack, &id)?;
                if let Some(function) = grantee {
                    database.allow_from(stack, function)?;
                    database.secret().grant_read(stack, function)?;
                }
            }
        }
    }
    Ok(())
}

/// Every grant of a store names that store's ARN (or its objects or
/// indexes), never `*`.
fn assert_grants_are_scoped(template: &Json, spec: &StackSpec) {
    let resources = template["Resources"].as_object().expect("a template has resources");
    let statements: Vec<&Json> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::IAM::Policy")
        .flat_map(|p| p["Properties"]["PolicyDocument"]["Statement"].as_array().expect("statements"))
        .collect();
    for statement in &statements {
        let resource = &statement["Resource"];
        assert!(resource != "*" && !resource.as_array().is_some_and(|r| r.contains(&json!("*"))), "{statement}");
    }
    for (index, store) in spec.stores.iter().enumerate() {
        if store.grantee.is_none() || spec.functions.is_empty() {
            continue;
        }
        let path = match store.kind {
            StoreKind::Database { .. } => format!("Store{index}/Credentials/Resource"),
            _ => format!("Store{index}/Resource"),
        };
        let id = logical_id(&path);
        if !resources.contains_key(&id) {
            continue; // a database the VPC had no place for
        }
        let named = statements.iter().any(|s| s["Resource"].to_string().contains(&format!("\"{id}\"")));
        assert!(named, "no grant names {path} ({id})");
    }
}

/// The standalone NAT gateway and subnet of the spec. The NAT gateway goes
/// in the standalone subnet when that is public (so it waits for the
/// attachment through a subnet the VPC did not plan), else in the VPC's
/// first public subnet; a standalone private subnet routes through it.
fn build_extra_network(stack: &mut Stack, vpc: &mut Vpc, spec: &StackSpec) -> Result<(), Error> {
    let extra = spec.extra_subnet.as_ref();
    let build_subnet = |stack: &mut Stack, vpc: &mut Vpc, extra: &ExtraSubnetSpec, nat: Option<&NatGateway>| {
        let cidr = extra.cidr(vpc.cidr().expect("a VPC built here has a range"));
        let mut builder =
            Subnet::builder(vpc, extra.kind).cidr(cidr).availability_zone(AvailabilityZone::Index(extra.az));
        if let Some(nat) = nat.filter(|_| extra.kind == SubnetKind::PrivateWithEgress) {
            builder = builder.nat_gateway(nat);
        }
        builder.build(stack, "ExtraSubnet")
    };
    let public_extra = extra.filter(|e| e.kind == SubnetKind::Public);
    let placed_first = match public_extra {
        Some(extra) => Some(build_subnet(stack, vpc, extra, None)?),
        None => None,
    };
    let nat = if spec.extra_nat {
        let public = match &placed_first {
            Some(subnet) => subnet.clone(),
            None => vpc.subnets_of_kind(SubnetKind::Public)[0].clone(),
        };
        Some(NatGateway::builder(&public).build(stack, "ExtraNat")?)
    } else {
        None
    };
    if let Some(extra) = extra.filter(|e| e.kind != SubnetKind::Public) {
        build_subnet(stack, vpc, extra, nat.as_ref())?;
    }
    Ok(())
}

/// The reachability report of a generated stack: everything on the way to
/// and from the internet is declared in the template, so no such path is
/// unknown (between endpoints one may be: a rule for a /32 inside a
/// function's subnet holds only if the function's interface gets that
/// address); and nothing is reachable from the internet, since functions
/// and instances go in private or isolated subnets.
fn assert_network_is_known_and_closed(template: &cfnkit::synth::Template) {
    let report = template.network_report();
    for row in &report.egress {
        assert!(row.allowed.maybe.is_empty(), "{} in {}: {}", row.endpoint, row.subnet, row.allowed);
    }
    for row in &report.ingress {
        assert!(
            row.allowed.certain.is_empty() && row.allowed.maybe.is_empty(),
            "{} may be reachable from the internet: {}",
            row.to,
            row.allowed
        );
    }
}

/// Every distinct peer rule the spec asked for is in the template, on its
/// group, peer and port: a rule the library dropped would leave the
/// template valid but the traffic blocked.
fn assert_peer_rules_are_present(template: &Json, spec: &StackSpec) {
    let resources: Vec<&Json> = template["Resources"].as_object().expect("a template has resources").values().collect();
    let asked: HashSet<(usize, String, u16, bool)> =
        spec.peer_rules.iter().map(|r| (r.group, r.peer.text(), r.port, r.egress)).collect();
    for (group, peer, port, egress) in &asked {
        let group_id = logical_id(&format!("Sg{group}/Resource"));
        let (kind, prefix_list_key) = if *egress {
            ("AWS::EC2::SecurityGroupEgress", "DestinationPrefixListId")
        } else {
            ("AWS::EC2::SecurityGroupIngress", "SourcePrefixListId")
        };
        let found = resources.iter().any(|body| {
            let properties = &body["Properties"];
            body["Type"] == kind
                && properties["GroupId"] == json!({ "Fn::GetAtt": [group_id, "GroupId"] })
                && properties["FromPort"] == json!(port)
                && properties["ToPort"] == json!(port)
                && (properties["CidrIp"] == json!(peer) || properties[prefix_list_key] == json!(peer))
        });
        assert!(found, "no {kind} for Sg{group} with {peer} on tcp {port}");
    }
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
            assert_peer_rules_are_present(template.json(), &spec);
            assert_grants_are_scoped(template.json(), &spec);
            assert_network_is_known_and_closed(&template);
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

/// A stack with one group and the given peer rules, nothing else.
fn peer_rules_only(peer_rules: Vec<PeerRuleSpec>) -> StackSpec {
    StackSpec {
        azs: 1,
        groups: vec![GroupSpec { kind: SubnetKind::Isolated, prefix: 24 }],
        nats: 0,
        security_groups: 1,
        rules: Vec::new(),
        peer_rules,
        functions: Vec::new(),
        instances: 0,
        api: None,
        extra_subnet: None,
        extra_nat: false,
        stores: Vec::new(),
    }
}

/// The presence check can fail: a template missing a rule the spec asked
/// for is caught.
#[test]
#[should_panic(expected = "no AWS::EC2::SecurityGroupIngress for Sg0 with 10.123.145.0/24 on tcp 5432")]
fn a_peer_rule_missing_from_the_template_is_caught() {
    let spec = peer_rules_only(vec![PeerRuleSpec {
        group: 0,
        peer: PeerSpec::Ipv4 { second: 123, third: 145, prefix: 24 },
        port: 5432,
        egress: false,
    }]);
    let mut template = synth(&build(&spec).unwrap()).unwrap().json().clone();
    template["Resources"].as_object_mut().unwrap().retain(|_, body| body["Properties"]["CidrIp"] != "10.123.145.0/24");
    assert_peer_rules_are_present(&template, &spec);
}
