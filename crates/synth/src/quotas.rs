//! AWS account quotas that one template can exceed, counted on the
//! resolved template so that L1-only and imported parts count too.
//!
//! A count is a lower bound: what the template certainly asks for. A
//! conditional resource, a branch of `Fn::If` or a list that is not a
//! literal adds only to the upper bound, and a value not known at synth
//! (a parameter, an imported id) counts at its shortest. Synth refuses a
//! template whose lower bound is over the quota, and warns when the upper
//! bound is over 80 % of it. Each count cites the AWS page that defines it
//! ([`Quota::source`]).
use std::collections::HashMap;

use cfnkit_core::{Quota, Quotas};
use cfnkit_template::{Expr, Template};
use indexmap::IndexMap;

use crate::error::{QuotaFinding, SynthError};
use crate::stack_warning;

/// The quota values synth checks against: the stack's raised ones, then the
/// app's, then AWS's defaults.
pub(crate) struct Limits<'a> {
    pub(crate) stack: &'a Quotas,
    pub(crate) app: Option<&'a Quotas>,
}

impl Limits<'_> {
    fn of(&self, quota: Quota) -> u32 {
        self.stack
            .raised(quota)
            .or_else(|| self.app.and_then(|app| app.raised(quota)))
            .unwrap_or_else(|| quota.default_value())
    }
}

/// A count with what is certain and what may be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Count {
    certain: u64,
    possible: u64,
}

impl Count {
    fn add(&mut self, n: u64, certain: bool) {
        self.possible += n;
        if certain {
            self.certain += n;
        }
    }
}

/// One counted thing: the resource (or the stack, for Region-wide counts)
/// that owns it, and the detail the message gives ("IPv4 inbound rules").
struct Tally<'t> {
    quota: Quota,
    owner: Owner<'t>,
    detail: &'static str,
    count: Count,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Owner<'t> {
    Resource(&'t str),
    Stack,
    /// An Availability Zone, as the subnet's property spells it.
    Zone(String),
}

/// The Region-wide counts of one or more templates (VPCs, internet
/// gateways, Elastic IPs), which add up across everything deployed to one
/// Region and account.
pub(crate) type RegionCounts = IndexMap<(Quota, &'static str), Count>;

/// Adds `from` to `into`; counts that are only possibly in the same Region
/// (`certain` false) add to the upper bound alone.
pub(crate) fn add_region_counts(into: &mut RegionCounts, from: &RegionCounts, certain: bool) {
    for (key, count) in from {
        let total = into.entry(*key).or_default();
        total.possible += count.possible;
        if certain {
            total.certain += count.certain;
        }
    }
}

/// Counts every quota over `template` and checks the counts against
/// `limits`; `paths` maps logical IDs to construct paths. Returns the
/// template's Region-wide counts, which the caller adds up across the
/// templates that share a Region.
pub(crate) fn check(
    stack: &str,
    template: &Template,
    paths: &HashMap<&str, &str>,
    limits: &Limits<'_>,
    warnings: &mut Vec<cfnkit_core::Warning>,
) -> Result<RegionCounts, SynthError> {
    let tallies = Counter::new(template).count();
    let mut findings = Vec::new();
    let mut region = RegionCounts::new();
    for tally in tallies {
        let path = match tally.owner {
            Owner::Resource(id) => paths.get(id).copied().unwrap_or(id).to_owned(),
            Owner::Stack | Owner::Zone(_) => stack.to_owned(),
        };
        let detail = match &tally.owner {
            Owner::Zone(zone) => format!("{} in Availability Zone {zone}", tally.detail),
            _ => tally.detail.to_owned(),
        };
        if tally.owner == Owner::Stack {
            region.insert((tally.quota, tally.detail), tally.count);
        }
        judge(path, tally.quota, detail, tally.count, limits, &mut findings, warnings);
    }
    if findings.is_empty() {
        Ok(region)
    } else {
        Err(SynthError::QuotaExceeded { findings })
    }
}

/// Checks Region-wide counts added up across templates (a stack and its
/// nested stacks; the stacks of an app in one Region and account): `scope`
/// names them, `across` says how they were added up.
pub(crate) fn check_region(
    scope: &str,
    across: &str,
    counts: &RegionCounts,
    limits: &Limits<'_>,
    warnings: &mut Vec<cfnkit_core::Warning>,
) -> Result<(), SynthError> {
    let mut findings = Vec::new();
    for ((quota, detail), count) in counts {
        let detail = format!("{} {across}", detail.trim_end_matches(" in this stack"));
        judge(scope.to_owned(), *quota, detail, *count, limits, &mut findings, warnings);
    }
    if findings.is_empty() {
        Ok(())
    } else {
        Err(SynthError::QuotaExceeded { findings })
    }
}

/// A count against its quota: over it for certain is a finding, possibly
/// over 80 % of it a warning.
fn judge(
    path: String,
    quota: Quota,
    detail: String,
    count: Count,
    limits: &Limits<'_>,
    findings: &mut Vec<QuotaFinding>,
    warnings: &mut Vec<cfnkit_core::Warning>,
) {
    let limit = limits.of(quota);
    if count.certain > u64::from(limit) {
        findings.push(QuotaFinding { path, quota, detail, count: count.certain, limit });
    } else if count.possible * 5 > u64::from(limit) * 4 {
        let maybe = if count.possible > count.certain { "up to " } else { "" };
        warnings.push(stack_warning(
            &path,
            format!(
                "{maybe}{} {detail}, over 80 % of the account's quota of {limit} {} ({}); {}",
                count.possible,
                quota,
                quota.source(),
                fix(quota)
            ),
        ));
    }
}

/// What to do about a quota, for the error and the warning.
pub(crate) fn fix(quota: Quota) -> String {
    let change = quota.advice();
    if quota.adjustable() {
        format!(
            "{change}; or, once the account's quota is raised (Service Quotas), record it with \
             stack.raise_quota(Quota::{quota:?}, value)"
        )
    } else {
        format!("{change} (AWS does not raise this quota)")
    }
}

fn zone_text(zone: &Expr) -> String {
    match zone {
        Expr::String(name) => name.clone(),
        Expr::Select(index, list) if matches!(**list, Expr::GetAzs(_)) => match index.as_ref() {
            Expr::Number(n) => format!("#{n} of the Region"),
            Expr::String(n) => format!("#{n} of the Region"),
            other => other.to_json().to_string(),
        },
        other => other.to_json().to_string(),
    }
}

struct Counter<'t> {
    template: &'t Template,
    tallies: IndexMap<(Quota, Owner<'t>, &'static str), Count>,
}

impl<'t> Counter<'t> {
    fn new(template: &'t Template) -> Counter<'t> {
        Counter { template, tallies: IndexMap::new() }
    }

    fn add(&mut self, quota: Quota, owner: &Owner<'t>, detail: &'static str, n: u64, certain: bool) {
        self.tallies.entry((quota, owner.clone(), detail)).or_default().add(n, certain);
    }

    /// The logical ID of the template resource `expr` refers to
    /// (`Ref` or `Fn::GetAtt`), if it is of `resource_type`.
    fn target(&self, expr: Option<&'t Expr>, resource_type: &str) -> Option<&'t str> {
        let id = match expr? {
            Expr::Ref(id) | Expr::GetAtt(id, _) => id.as_str(),
            _ => return None,
        };
        let (id, resource) = self.template.resources.get_key_value(id)?;
        (resource.resource_type == resource_type).then_some(id.as_str())
    }

    fn count(mut self) -> Vec<Tally<'t>> {
        let template = self.template;
        for (id, resource) in &template.resources {
            let certain = resource.condition.is_none();
            let property = |name: &str| resource.properties.get(name);
            match resource.resource_type.as_str() {
                "AWS::EC2::SecurityGroup" => {
                    let owner = Owner::Resource(id);
                    for (rule, rule_certain) in items(property("SecurityGroupIngress")) {
                        self.security_group_rule(&owner, false, rule, certain && rule_certain);
                    }
                    // "When you create a security group, if you do not add
                    // egress rules, we add egress rules that allow all
                    // outbound IPv4 and IPv6 traffic. Otherwise, we do not
                    // add them"
                    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html):
                    // the default IPv4 rule counts unless an egress rule is
                    // declared for certain; an empty list declares none.
                    let egress: Vec<(&IndexMap<String, Expr>, bool)> = items(property("SecurityGroupEgress"));
                    if !egress.iter().any(|(_, rule_certain)| *rule_certain) {
                        let surely = certain && egress.is_empty();
                        self.add(Quota::OutboundRulesPerSecurityGroup, &owner, "IPv4 outbound rules", 1, surely);
                    }
                    for (rule, rule_certain) in egress {
                        self.security_group_rule(&owner, true, rule, certain && rule_certain);
                    }
                }
                kind @ ("AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress") => {
                    if let Some(group) = self.target(property("GroupId"), "AWS::EC2::SecurityGroup") {
                        let egress = kind == "AWS::EC2::SecurityGroupEgress";
                        self.security_group_rule(&Owner::Resource(group), egress, &resource.properties, certain);
                    }
                }
                "AWS::EC2::Route" => {
                    if let Some(table) = self.target(property("RouteTableId"), "AWS::EC2::RouteTable") {
                        // A customer-managed prefix list counts as its
                        // maximum entries, and IPv4 and IPv6 routes are
                        // counted apart (the VPC quotas page).
                        let list = property("DestinationPrefixListId").and_then(|list| self.prefix_list_weight(list));
                        let ipv6 = property("DestinationIpv6CidrBlock").is_some() || list.is_some_and(|(_, v6)| v6);
                        let weight = list.map_or(1, |(weight, _)| weight);
                        let detail = if ipv6 { "IPv6 routes" } else { "IPv4 routes" };
                        self.add(Quota::RoutesPerRouteTable, &Owner::Resource(table), detail, weight, certain);
                    }
                }
                "AWS::EC2::VPCEndpoint" => {
                    let gateway = match property("VpcEndpointType") {
                        None => true,
                        Some(kind) => kind.as_str() == Some("Gateway"),
                    };
                    if gateway {
                        // A gateway endpoint adds one route, to the
                        // service's prefix list, to each table it is given.
                        for (table, table_certain) in items(property("RouteTableIds")) {
                            if let Some(table) = self.target(Some(table), "AWS::EC2::RouteTable") {
                                let owner = Owner::Resource(table);
                                let detail = "IPv4 routes";
                                self.add(Quota::RoutesPerRouteTable, &owner, detail, 1, certain && table_certain);
                            }
                        }
                    } else {
                        self.security_groups(id, groups(&[property("SecurityGroupIds")]), certain);
                    }
                }
                "AWS::EC2::Subnet" => {
                    if let Some(vpc) = self.target(property("VpcId"), "AWS::EC2::VPC") {
                        self.add(Quota::SubnetsPerVpc, &Owner::Resource(vpc), "subnets", 1, certain);
                    }
                }
                "AWS::EC2::VPC" => {
                    self.add(Quota::VpcsPerRegion, &Owner::Stack, "VPCs in this stack", 1, certain);
                    if property("CidrBlock").is_some() || property("Ipv4IpamPoolId").is_some() {
                        let owner = Owner::Resource(id);
                        self.add(Quota::Ipv4CidrBlocksPerVpc, &owner, "IPv4 CIDR blocks", 1, certain);
                    }
                }
                "AWS::EC2::VPCCidrBlock" => {
                    let ipv4 = property("CidrBlock").is_some() || property("Ipv4IpamPoolId").is_some();
                    if let Some(vpc) = self.target(property("VpcId"), "AWS::EC2::VPC").filter(|_| ipv4) {
                        let owner = Owner::Resource(vpc);
                        self.add(Quota::Ipv4CidrBlocksPerVpc, &owner, "IPv4 CIDR blocks", 1, certain);
                    }
                }
                "AWS::EC2::InternetGateway" => {
                    let detail = "internet gateways in this stack";
                    self.add(Quota::InternetGatewaysPerRegion, &Owner::Stack, detail, 1, certain);
                }
                "AWS::EC2::EIP" => {
                    let detail = "Elastic IP addresses in this stack";
                    self.add(Quota::ElasticIpsPerRegion, &Owner::Stack, detail, 1, certain);
                }
                "AWS::EC2::NatGateway" => {
                    let zone = self
                        .target(property("SubnetId"), "AWS::EC2::Subnet")
                        .and_then(|subnet| template.resources[subnet].properties.get("AvailabilityZone"))
                        .filter(|zone| known_zone(zone));
                    if let Some(zone) = zone {
                        let detail = "NAT gateways in this stack";
                        self.add(
                            Quota::NatGatewaysPerAvailabilityZone,
                            &Owner::Zone(zone_text(zone)),
                            detail,
                            1,
                            certain,
                        );
                    }
                }
                "AWS::EC2::NetworkAclEntry" => {
                    if let Some(acl) = self.target(property("NetworkAclId"), "AWS::EC2::NetworkAcl") {
                        let egress = property("Egress").is_some_and(is_true);
                        let detail = match (egress, property("Ipv6CidrBlock").is_some()) {
                            (false, false) => "IPv4 inbound rules",
                            (false, true) => "IPv6 inbound rules",
                            (true, false) => "IPv4 outbound rules",
                            (true, true) => "IPv6 outbound rules",
                        };
                        let owner = Owner::Resource(acl);
                        // "This quota includes the default deny rules"
                        // (the VPC quotas page): one per direction and
                        // family, which an entry of that family implies.
                        if !self.tallies.contains_key(&(Quota::RulesPerNetworkAcl, owner.clone(), detail)) {
                            self.add(Quota::RulesPerNetworkAcl, &owner, detail, 1, true);
                        }
                        self.add(Quota::RulesPerNetworkAcl, &owner, detail, 1, certain);
                    }
                }
                "AWS::Lambda::Function" => {
                    let vpc_groups = property("VpcConfig").and_then(|c| c.get("SecurityGroupIds"));
                    self.security_groups(id, groups(&[vpc_groups]), certain);
                }
                "AWS::Lambda::Permission" => {
                    if let Some(function) = self.target(property("FunctionName"), "AWS::Lambda::Function") {
                        let size = permission_statement_bytes(id, &resource.properties);
                        let detail = "bytes of resource-based policy (at least)";
                        self.add(Quota::LambdaResourcePolicyBytes, &Owner::Resource(function), detail, size, certain);
                    }
                }
                "AWS::EC2::Instance" => {
                    let primary = groups(&[property("SecurityGroupIds"), property("SecurityGroups")]);
                    self.security_groups(id, primary, certain);
                    for (interface, interface_certain) in
                        items::<&IndexMap<String, Expr>>(property("NetworkInterfaces"))
                    {
                        self.security_groups(id, groups(&[interface.get("GroupSet")]), certain && interface_certain);
                    }
                }
                "AWS::EC2::NetworkInterface" => self.security_groups(id, groups(&[property("GroupSet")]), certain),
                "AWS::EC2::LaunchTemplate" => {
                    let data = property("LaunchTemplateData");
                    self.security_groups(id, groups(&[data.and_then(|d| d.get("SecurityGroupIds"))]), certain);
                    let interfaces = data.and_then(|d| d.get("NetworkInterfaces"));
                    for (interface, interface_certain) in items::<&IndexMap<String, Expr>>(interfaces) {
                        self.security_groups(id, groups(&[interface.get("Groups")]), certain && interface_certain);
                    }
                }
                "AWS::IAM::Role" => {
                    let owner = Owner::Resource(id);
                    for (policy, policy_certain) in items::<&IndexMap<String, Expr>>(property("Policies")) {
                        let size = policy.get("PolicyDocument").map_or(0, min_policy_chars);
                        let detail = "characters of inline policies (at least)";
                        self.add(Quota::RoleInlinePolicyCharacters, &owner, detail, size, certain && policy_certain);
                    }
                    if let Some(trust) = property("AssumeRolePolicyDocument") {
                        let detail = "characters of trust policy (at least)";
                        self.add(Quota::RoleTrustPolicyCharacters, &owner, detail, min_policy_chars(trust), certain);
                    }
                    for (_, arn_certain) in items::<&Expr>(property("ManagedPolicyArns")) {
                        let detail = "managed policies";
                        self.add(Quota::ManagedPoliciesPerRole, &owner, detail, 1, certain && arn_certain);
                    }
                }
                "AWS::IAM::Policy" | "AWS::IAM::RolePolicy" => {
                    let size = property("PolicyDocument").map_or(0, min_policy_chars);
                    let roles: Vec<(&Expr, bool)> = match property("RoleName") {
                        Some(role) => vec![(role, true)],
                        None => items(property("Roles")),
                    };
                    for (role, role_certain) in roles {
                        if let Some(role) = self.target(Some(role), "AWS::IAM::Role") {
                            let detail = "characters of inline policies (at least)";
                            let owner = Owner::Resource(role);
                            self.add(Quota::RoleInlinePolicyCharacters, &owner, detail, size, certain && role_certain);
                        }
                    }
                }
                "AWS::IAM::ManagedPolicy" => {
                    let size = property("PolicyDocument").map_or(0, min_policy_chars);
                    let detail = "characters (at least)";
                    self.add(Quota::ManagedPolicyCharacters, &Owner::Resource(id), detail, size, certain);
                    for (role, role_certain) in items(property("Roles")) {
                        if let Some(role) = self.target(Some(role), "AWS::IAM::Role") {
                            let owner = Owner::Resource(role);
                            let detail = "managed policies";
                            self.add(Quota::ManagedPoliciesPerRole, &owner, detail, 1, certain && role_certain);
                        }
                    }
                }
                "AWS::ApiGateway::RestApi" => {
                    // The root resource ("/") counts among the API's resources.
                    self.add(Quota::ResourcesPerRestApi, &Owner::Resource(id), "resources", 1, certain);
                }
                "AWS::ApiGateway::Resource" => {
                    if let Some(api) = self.target(property("RestApiId"), "AWS::ApiGateway::RestApi") {
                        self.add(Quota::ResourcesPerRestApi, &Owner::Resource(api), "resources", 1, certain);
                    }
                }
                _ => {}
            }
        }
        self.tallies.into_iter().map(|((quota, owner, detail), count)| Tally { quota, owner, detail, count }).collect()
    }

    /// The groups of one network interface (or of the interfaces a function
    /// or endpoint gets, which all carry the same groups).
    fn security_groups(&mut self, id: &'t str, count: Count, certain: bool) {
        let entry =
            self.tallies.entry((Quota::SecurityGroupsPerNetworkInterface, Owner::Resource(id), "security groups"));
        let entry = entry.or_default();
        // Several interfaces of one instance are each checked against the
        // quota; keep the largest.
        entry.possible = entry.possible.max(count.possible);
        if certain {
            entry.certain = entry.certain.max(count.certain);
        }
    }

    fn security_group_rule(
        &mut self,
        owner: &Owner<'t>,
        egress: bool,
        rule: &'t IndexMap<String, Expr>,
        certain: bool,
    ) {
        // "A rule that references a security group or AWS-managed prefix
        // list ID counts as one rule for IPv4 and one rule for IPv6" (the
        // page's wording for years; later versions say only "one rule", so
        // counting it in both families is the safe reading); "if
        // you reference a customer-managed prefix list in a security group
        // rule, the maximum number of entries for the prefix lists equals
        // the same number of security group rules" (the VPC quotas page).
        let prefix_list = rule.get("SourcePrefixListId").or_else(|| rule.get("DestinationPrefixListId"));
        let (ipv4, ipv6, certain) = if rule.contains_key("CidrIpv6") {
            (0, 1, certain)
        } else if rule.contains_key("CidrIp") {
            (1, 0, certain)
        } else if let Some(list) = prefix_list {
            match self.prefix_list_weight(list) {
                Some((weight, false)) => (weight, 0, certain),
                Some((weight, true)) => (0, weight, certain),
                // A list of another template may be AWS-managed (one rule
                // in each family) or a customer's of any size: it only
                // may count.
                None => (1, 1, false),
            }
        } else {
            (1, 1, certain)
        };
        let (quota, ipv4_detail, ipv6_detail) = if egress {
            (Quota::OutboundRulesPerSecurityGroup, "IPv4 outbound rules", "IPv6 outbound rules")
        } else {
            (Quota::InboundRulesPerSecurityGroup, "IPv4 inbound rules", "IPv6 inbound rules")
        };
        if ipv4 > 0 {
            self.add(quota, owner, ipv4_detail, ipv4, certain);
        }
        if ipv6 > 0 {
            self.add(quota, owner, ipv6_detail, ipv6, certain);
        }
    }

    /// How many rules or routes a customer-managed prefix list of this
    /// template counts as (its `MaxEntries`, whatever it holds), and
    /// whether it is IPv6; `None` for a list the template does not declare.
    fn prefix_list_weight(&self, list: &Expr) -> Option<(u64, bool)> {
        let id = self.target(Some(list), "AWS::EC2::PrefixList")?;
        let list = &self.template.resources[id];
        let weight = list.properties.get("MaxEntries").and_then(literal_u64)?;
        let ipv6 = list.properties.get("AddressFamily").and_then(Expr::as_str) == Some("IPv6");
        Some((weight, ipv6))
    }
}
/// How many security groups the lists hold together.
fn groups(lists: &[Option<&Expr>]) -> Count {
    let mut count = Count::default();
    for list in lists {
        for (_, certain) in items::<&Expr>(*list) {
            count.add(1, certain);
        }
    }
    count
}

/// The items of a list property, each with whether it is certain: items of
/// a literal list are; items of either branch of an `Fn::If` only may be.
/// Other intrinsics yield lists of unknown length, which count nothing.
fn items<'t, T: FromExpr<'t>>(expr: Option<&'t Expr>) -> Vec<(T, bool)> {
    let mut out = Vec::new();
    if let Some(expr) = expr {
        collect_items(expr, true, &mut out);
    }
    out
}

fn collect_items<'t, T: FromExpr<'t>>(expr: &'t Expr, certain: bool, out: &mut Vec<(T, bool)>) {
    match expr {
        Expr::List(list) => {
            for item in list {
                match item {
                    Expr::If(_, yes, no) => {
                        for branch in [yes, no] {
                            if let Some(item) = T::from_expr(branch) {
                                out.push((item, false));
                            }
                        }
                    }
                    item => {
                        if let Some(item) = T::from_expr(item) {
                            out.push((item, certain));
                        }
                    }
                }
            }
        }
        Expr::If(_, yes, no) => {
            collect_items(yes, false, out);
            collect_items(no, false, out);
        }
        _ => {}
    }
}

/// What a list item is read as: any expression, or an object.
trait FromExpr<'t>: Sized {
    fn from_expr(expr: &'t Expr) -> Option<Self>;
}

impl<'t> FromExpr<'t> for &'t Expr {
    fn from_expr(expr: &'t Expr) -> Option<Self> {
        Some(expr)
    }
}

impl<'t> FromExpr<'t> for &'t IndexMap<String, Expr> {
    fn from_expr(expr: &'t Expr) -> Option<Self> {
        expr.as_map()
    }
}

fn literal_u64(expr: &Expr) -> Option<u64> {
    match expr {
        Expr::Number(n) => n.as_u64(),
        Expr::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn is_true(expr: &Expr) -> bool {
    match expr {
        Expr::Bool(b) => *b,
        Expr::String(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A zone named literally or by index into `Fn::GetAZs`: two subnets that
/// spell it alike are in the same AZ. A parameter or an import says
/// nothing.
fn known_zone(zone: &Expr) -> bool {
    match zone {
        Expr::String(_) => true,
        Expr::Select(index, list) => literal_u64(index).is_some() && matches!(**list, Expr::GetAzs(_)),
        _ => false,
    }
}

/// The fewest characters `expr` can stand for, as a string.
fn min_text_chars(expr: &Expr) -> u64 {
    match expr {
        Expr::String(text) => text.chars().filter(|c| !c.is_whitespace()).count() as u64,
        Expr::Number(n) => n.to_string().len() as u64,
        Expr::Bool(b) => b.to_string().len() as u64,
        Expr::Ref(name) => min_pseudo_chars(name),
        Expr::Sub(template, variables) => {
            let mut total = 0;
            let mut rest = template.as_str();
            while let Some(start) = rest.find("${") {
                total += rest[..start].chars().filter(|c| !c.is_whitespace()).count() as u64;
                let after = &rest[start + 2..];
                let Some(end) = after.find('}') else { break };
                let name = &after[..end];
                total += match variables.get(name) {
                    Some(value) => min_text_chars(value),
                    None if name.starts_with('!') => name.len() as u64 + 2,
                    None => min_pseudo_chars(name),
                };
                rest = &after[end + 1..];
            }
            total + rest.chars().filter(|c| !c.is_whitespace()).count() as u64
        }
        Expr::Join(delimiter, list) => match list.as_ref() {
            Expr::List(items) => {
                let parts: u64 = items.iter().map(min_text_chars).sum();
                parts + (delimiter.len() * items.len().saturating_sub(1)) as u64
            }
            _ => 0,
        },
        Expr::If(_, yes, no) => min_text_chars(yes).min(min_text_chars(no)),
        _ => 0,
    }
}

/// The shortest value of a pseudo-parameter; anything else is at least
/// one character (a resource's name or id).
fn min_pseudo_chars(name: &str) -> u64 {
    match name {
        "AWS::AccountId" => 12,
        "AWS::Partition" => 3,
        // "us-east-1", "eu-west-1": no Region name is shorter.
        "AWS::Region" => 9,
        "AWS::URLSuffix" => 13,
        _ => 1,
    }
}

/// The fewest characters of a policy document, as IAM counts them: its
/// JSON with no white space ("IAM doesn't count white space when
/// calculating the size of a policy", the IAM quotas page).
fn min_policy_chars(document: &Expr) -> u64 {
    match document {
        Expr::Map(map) => {
            let entries: u64 = map.iter().map(|(key, value)| key.len() as u64 + 3 + min_policy_chars(value)).sum();
            entries + 2 + map.len().saturating_sub(1) as u64
        }
        Expr::List(list) => {
            let items: u64 = list.iter().map(min_policy_chars).sum();
            items + 2 + list.len().saturating_sub(1) as u64
        }
        Expr::Number(_) | Expr::Bool(_) => min_text_chars(document),
        Expr::Null => 4,
        Expr::If(_, yes, no) => min_policy_chars(yes).min(min_policy_chars(no)),
        // A string, literal or built: its text and two quotes.
        other => min_text_chars(other) + 2,
    }
}

/// The fewest bytes the statement Lambda adds to the function's policy for
/// one `AWS::Lambda::Permission`: `{"Sid":..,"Effect":"Allow",
/// "Principal":{"Service":..},"Action":..,"Resource":<function ARN>,
/// "Condition":{"ArnLike":{"AWS:SourceArn":..}}}`, the Sid being at least
/// the permission's logical ID (CloudFormation names it after the stack and
/// logical ID) and the ARN at least `arn:aws:lambda:us-east-1:<account>:function:x`.
fn permission_statement_bytes(id: &str, properties: &IndexMap<String, Expr>) -> u64 {
    const SKELETON: u64 =
        r#"{"Sid":"","Effect":"Allow","Principal":{"Service":""},"Action":"","Resource":""},"#.len() as u64;
    const FUNCTION_ARN: u64 = "arn:aws:lambda:us-east-1:123456789012:function:x".len() as u64;
    let text = |name: &str| properties.get(name).map_or(0, min_text_chars);
    let mut size = SKELETON + id.len() as u64 + text("Principal") + text("Action") + FUNCTION_ARN;
    if properties.contains_key("SourceArn") {
        size += r#","Condition":{"ArnLike":{"AWS:SourceArn":""}}"#.len() as u64 + text("SourceArn");
    }
    if properties.contains_key("SourceAccount") {
        size += r#","Condition":{"StringEquals":{"AWS:SourceAccount":""}}"#.len() as u64 + text("SourceAccount");
    }
    size
}
