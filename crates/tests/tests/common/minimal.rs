//! A minimal instance of a resource type from its schema: the required
//! properties (and what `oneOf`, `requiredXor` and the dependency keywords
//! require with them), each with a value drawn from its `const`, `enum`,
//! `format` or `pattern`, within its lengths, ranges and item counts.
use cfnkit::core::{RawResource, Value};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{json, Map, Value as Json};

/// The fixtures of `fixtures/minimal-instances.json`.
pub fn fixtures() -> Fixtures {
    let text = include_str!("../../fixtures/minimal-instances.json");
    serde_json::from_str::<Json>(text).unwrap().as_object().cloned().unwrap()
}

/// The minimal `Properties` of a type of the vendored schemas.
pub fn instance(type_name: &str, fixtures: &Fixtures) -> Json {
    let schema = cfnkit::spec::resource_type(type_name).unwrap().schema();
    properties(type_name, schema, fixtures)
}

/// A raw resource of `type_name` with `properties`.
pub fn raw_resource(type_name: &str, properties: &Json) -> RawResource {
    let mut resource = RawResource::new(type_name);
    for (name, value) in properties.as_object().into_iter().flatten() {
        resource = resource.property(name.clone(), Value::from_json(value.clone()));
    }
    resource
}

/// A logical ID from the type name: `AWS::EC2::Subnet` → `AWSEC2Subnet`.
pub fn id(type_name: &str) -> String {
    type_name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A fixed value per (type, property path) where no schema keyword says
/// enough for cfn-lint's own rules (e.g. an IAM policy document).
pub type Fixtures = Map<String, Json>;

/// The minimal `Properties` of `type_name`, from its schema. Where one of
/// cfn-lint's extension schemas lists the values of a property (instance
/// types by service), the first is taken, as from an `enum`.
pub fn properties(type_name: &str, schema: &Json, fixtures: &Fixtures) -> Json {
    let mut fixtures = fixtures.clone();
    for extension in schema.get("cfnLintExtensions").and_then(Json::as_array).into_iter().flatten() {
        let first = extension.pointer("/schema/enum/0");
        let path: Vec<&str> =
            extension.get("path").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str).collect();
        if let (Some(first), false) = (first, path.is_empty()) {
            fixtures.entry(format!("{type_name}/{}", path.join("/"))).or_insert_with(|| first.clone());
        }
    }
    let fixtures = &fixtures;
    let mut generator = Generator { root: schema, depth: 0, type_name, fixtures, path: Vec::new() };
    let mut properties = generator.value(schema);
    // A fixture of a top-level property the schema does not require adds it.
    if let Json::Object(map) = &mut properties {
        let prefix = format!("{type_name}/");
        for (key, value) in fixtures {
            if let Some(name) = key.strip_prefix(&prefix).filter(|n| !n.contains('/')) {
                map.entry(name.to_owned()).or_insert_with(|| value.clone());
            }
        }
    }
    properties
}

struct Generator<'a> {
    root: &'a Json,
    depth: usize,
    type_name: &'a str,
    fixtures: &'a Fixtures,
    path: Vec<String>,
}

/// A node with its `$ref` and `allOf` parts, in the order they apply.
fn facets<'a>(root: &'a Json, node: &'a Json, into: &mut Vec<&'a Map<String, Json>>, depth: usize) {
    let Some(map) = node.as_object() else { return };
    if depth > 32 {
        return;
    }
    into.push(map);
    if let Some(target) =
        map.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| root.pointer(p))
    {
        facets(root, target, into, depth + 1);
    }
    for part in map.get("allOf").and_then(Json::as_array).into_iter().flatten() {
        facets(root, part, into, depth + 1);
    }
}

fn keyword<'a>(facets: &[&'a Map<String, Json>], name: &str) -> Option<&'a Json> {
    facets.iter().find_map(|f| f.get(name))
}

impl Generator<'_> {
    fn value(&mut self, node: &Json) -> Json {
        let fixture_key = format!("{}/{}", self.type_name, self.path.join("/"));
        if let Some(fixed) = self.fixtures.get(&fixture_key) {
            return fixed.clone();
        }
        let mut parts = Vec::new();
        facets(self.root, node, &mut parts, 0);
        if let Some(value) = keyword(&parts, "const") {
            return value.clone();
        }
        if let Some(first) = ["enum", "enumCaseInsensitive"]
            .iter()
            .find_map(|k| keyword(&parts, k))
            .and_then(Json::as_array)
            .and_then(|e| e.first())
        {
            return first.clone();
        }
        // The first alternative of a oneOf/anyOf holds the shape to build.
        let alternative =
            ["oneOf", "anyOf"].iter().find_map(|k| keyword(&parts, k)).and_then(Json::as_array).and_then(|a| a.first());
        if let Some(alternative) = alternative {
            facets(self.root, alternative, &mut parts, 0);
        }
        let types: Vec<&str> = match keyword(&parts, "type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        let has_shape = |k: &str| keyword(&parts, k).is_some();
        let kind = if types.contains(&"string") && !has_shape("properties") && !has_shape("required") {
            "string"
        } else if let Some(first) = types.first() {
            first
        } else if has_shape("properties") || has_shape("required") || has_shape("patternProperties") {
            "object"
        } else if has_shape("items") {
            "array"
        } else {
            "string"
        };
        self.depth += 1;
        let value = if self.depth > 24 {
            json!({})
        } else {
            match kind {
                "object" => self.object(&parts),
                "array" => self.array(&parts),
                "integer" => json!(number(&parts, true)),
                "number" => json!(number(&parts, false)),
                "boolean" => json!(false),
                _ => json!(string(&parts)),
            }
        };
        self.depth -= 1;
        value
    }

    fn object(&mut self, parts: &[&Map<String, Json>]) -> Json {
        let mut names: Vec<String> = Vec::new();
        let add = |name: &str, names: &mut Vec<String>| {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        };
        for part in parts {
            for name in part.get("required").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str) {
                add(name, &mut names);
            }
            for key in ["requiredXor", "requiredOr"] {
                let has_one = part
                    .get(key)
                    .and_then(Json::as_array)
                    .is_some_and(|a| a.iter().filter_map(Json::as_str).any(|n| names.iter().any(|m| m == n)));
                if let (false, Some(first)) = (has_one, part.get(key).and_then(Json::as_array).and_then(|a| a.first()))
                {
                    add(first.as_str().unwrap_or_default(), &mut names);
                }
            }
        }
        // Dependencies of what is there, until nothing more is needed.
        let mut index = 0;
        while index < names.len() {
            let name = names[index].clone();
            for part in parts {
                for key in ["dependentRequired", "dependencies"] {
                    if let Some(Json::Array(others)) = part.get(key).and_then(|d| d.get(&name)) {
                        for other in others.iter().filter_map(Json::as_str) {
                            add(other, &mut names);
                        }
                    }
                }
            }
            index += 1;
        }
        let minimum = keyword(parts, "minProperties").and_then(Json::as_u64).unwrap_or(0) as usize;
        if names.len() < minimum {
            let declared: Vec<String> = parts
                .iter()
                .filter_map(|p| p.get("properties").and_then(Json::as_object))
                .flat_map(|p| p.keys().cloned())
                .collect();
            for name in declared {
                if names.len() >= minimum {
                    break;
                }
                add(&name, &mut names);
            }
            while names.len() < minimum {
                let key = parts
                    .iter()
                    .filter_map(|p| p.get("patternProperties").and_then(Json::as_object))
                    .flat_map(|p| p.keys())
                    .find_map(|pattern| from_pattern(pattern, 1, 128, names.len()))
                    .unwrap_or_else(|| format!("key{}", names.len()));
                add(&key, &mut names);
            }
        }
        let mut object = Map::new();
        for name in names {
            let schema = parts
                .iter()
                .find_map(|p| p.get("properties").and_then(|ps| ps.get(&name)))
                .or_else(|| {
                    parts
                        .iter()
                        .filter_map(|p| p.get("patternProperties").and_then(Json::as_object))
                        .find_map(|ps| ps.iter().find(|(pattern, _)| matches(pattern, &name)).map(|(_, s)| s))
                })
                .or_else(|| keyword(parts, "additionalProperties").filter(|a| a.is_object()))
                .cloned()
                .unwrap_or(json!({"type": "string"}));
            self.path.push(name.clone());
            let value = self.value(&schema);
            self.path.pop();
            object.insert(name, value);
        }
        Json::Object(object)
    }

    fn array(&mut self, parts: &[&Map<String, Json>]) -> Json {
        let min = keyword(parts, "minItems").and_then(Json::as_u64).unwrap_or(1).max(1) as usize;
        let max = keyword(parts, "maxItems").and_then(Json::as_u64).map_or(usize::MAX, |m| m as usize);
        let count = min.min(max);
        let items = keyword(parts, "items").cloned().unwrap_or(json!({"type": "string"}));
        self.path.push("*".into());
        let mut list = Vec::new();
        for _ in 0..count {
            list.push(self.value(&items));
        }
        self.path.pop();
        // Unique items: vary the first string of each item by a digit.
        if count > 1 {
            for (i, item) in list.iter_mut().enumerate() {
                suffix_first_string(item, i);
            }
        }
        Json::Array(list)
    }
}

/// Makes items of a list differ: the last character of the first string
/// becomes the item's digit (which keeps ids such as `subnet-...0` valid).
fn suffix_first_string(value: &mut Json, index: usize) -> bool {
    match value {
        Json::String(s) => {
            s.pop();
            s.push_str(&(index % 10).to_string());
            true
        }
        Json::Array(items) => items.iter_mut().any(|item| suffix_first_string(item, index)),
        Json::Object(map) => map.values_mut().any(|item| suffix_first_string(item, index)),
        _ => false,
    }
}

fn number(parts: &[&Map<String, Json>], integer: bool) -> Json {
    let min = keyword(parts, "minimum")
        .and_then(Json::as_f64)
        .or_else(|| keyword(parts, "exclusiveMinimum").and_then(Json::as_f64).map(|m| m + 1.0));
    let max = keyword(parts, "maximum")
        .and_then(Json::as_f64)
        .or_else(|| keyword(parts, "exclusiveMaximum").and_then(Json::as_f64).map(|m| m - 1.0));
    let mut value = match (min, max) {
        (Some(min), _) => min,
        (None, Some(max)) if max < 1.0 => max,
        _ => 1.0,
    };
    if let Some(step) = keyword(parts, "multipleOf").and_then(Json::as_f64) {
        value = (value / step).ceil() * step;
    }
    if integer || value.fract() == 0.0 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn string(parts: &[&Map<String, Json>]) -> String {
    let min = keyword(parts, "minLength").and_then(Json::as_u64).unwrap_or(0) as usize;
    let max = keyword(parts, "maxLength").and_then(Json::as_u64).map_or(usize::MAX, |m| m as usize);
    if let Some(sample) = keyword(parts, "format").and_then(Json::as_str).and_then(format_sample) {
        return sample.to_owned();
    }
    if let Some(pattern) = keyword(parts, "pattern").and_then(Json::as_str) {
        for variant in 0..4 {
            if let Some(text) = from_pattern(pattern, min, max, variant) {
                return text;
            }
        }
    }
    let word = "example";
    let length = min.max(word.len().min(max)).min(max);
    word.chars().cycle().take(length).collect()
}

/// A value of each format cfn-lint checks, and of the common others.
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "AWS::EC2::VPC.Id" => "vpc-0123456789abcdef0",
        "AWS::EC2::Subnet.Id" => "subnet-0123456789abcdef0",
        "AWS::EC2::SecurityGroup.Id" => "sg-0123456789abcdef0",
        "AWS::EC2::SecurityGroup.Name" => "example",
        "AWS::EC2::Image.Id" => "ami-0123456789abcdef0",
        "AWS::IAM::Role.Arn" => "arn:aws:iam::123456789012:role/example",
        "AWS::KMS::Key.Arn" => "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-abcd-0123-0123456789ab",
        "AWS::KMS::Key.Id" => "0123abcd-0123-abcd-0123-0123456789ab",
        "AWS::KMS::Alias.AliasName" => "alias/example",
        "AWS::SNS::Topic.Arn" => "arn:aws:sns:us-east-1:123456789012:example",
        "AWS::Lambda::Function.Arn" => "arn:aws:lambda:us-east-1:123456789012:function:example",
        "AWS::ACM::Certificate.Arn" => {
            "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-abcd-0123-0123456789ab"
        }
        "AWS::S3::Bucket.Name" => "example-bucket",
        "AWS::Logs::LogGroup.Name" => "example",
        "AWS::SQS::Queue.Arn" => "arn:aws:sqs:us-east-1:123456789012:example",
        "AWS::Route53::HostedZone.Id" => "Z0123456789ABCDEFGHIJ",
        "ipv4-network" => "10.0.0.0/16",
        "ipv6-network" => "2001:db8::/56",
        "ipv4" => "10.0.0.1",
        "ipv6" => "2001:db8::1",
        "date-time" => "2026-01-01T00:00:00Z",
        "date" => "2026-01-01",
        "email" => "team@example.com",
        "uri" => "https://example.com",
        _ => return None,
    })
}

fn matches(pattern: &str, text: &str) -> bool {
    cfnkit::spec::pattern_matches(pattern, text) != Some(false)
}

/// A string that matches `pattern` with a length in `min..=max`; each
/// repetition takes `variant` more turns than its minimum, so the caller
/// can stretch a string that came out too short.
pub fn from_pattern(pattern: &str, min: usize, max: usize, variant: usize) -> Option<String> {
    let without_lookaround = strip_lookaround(&cfnkit::spec::rust_pattern(pattern));
    let hir = regex_syntax::ParserBuilder::new().build().parse(&without_lookaround).ok()?;
    for extra in 0..=128 {
        let mut out = String::new();
        write(&hir, extra, variant, &mut out);
        let length = out.chars().count();
        if length > max {
            return None;
        }
        if length >= min && matches(pattern, &out) {
            return Some(out);
        }
    }
    None
}

fn write(hir: &Hir, extra: usize, variant: usize, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => {
            if let Some(c) = pick(class, variant) {
                out.push(c);
            }
        }
        HirKind::Repetition(repetition) => {
            let max = repetition.max.unwrap_or(u32::MAX) as usize;
            let count = (repetition.min as usize + extra).min(max);
            for _ in 0..count {
                write(&repetition.sub, extra, variant, out);
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, extra, variant, out),
        HirKind::Concat(items) => items.iter().for_each(|item| write(item, extra, variant, out)),
        HirKind::Alternation(branches) => write(&branches[variant % branches.len()], extra, variant, out),
    }
}

/// A readable character of the class: a lower-case letter, a digit, an
/// upper-case letter or a common punctuation mark, if the class has one.
fn pick(class: &Class, variant: usize) -> Option<char> {
    let candidates = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "-_./: "];
    let contains = |c: char| match class {
        Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(b) => c.is_ascii() && b.ranges().iter().any(|r| r.start() <= c as u8 && c as u8 <= r.end()),
    };
    for group in candidates.iter().cycle().skip(variant % candidates.len()).take(candidates.len()) {
        if let Some(c) = group.chars().find(|c| contains(*c)) {
            return Some(c);
        }
    }
    match class {
        Class::Unicode(u) => u.ranges().iter().map(|r| r.start().max(' ')).find(|c| contains(*c)),
        Class::Bytes(b) => b.ranges().first().map(|r| r.start() as char),
    }
}

/// The pattern without its lookaround groups, which regex-syntax cannot
/// read; the full pattern checks the result.
fn strip_lookaround(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        if rest.starts_with("(?=") || rest.starts_with("(?!") || rest.starts_with("(?<=") || rest.starts_with("(?<!") {
            let mut depth = 0;
            let mut in_set = false;
            while i < chars.len() {
                match chars[i] {
                    '\\' => i += 1,
                    '[' => in_set = true,
                    ']' => in_set = false,
                    '(' if !in_set => depth += 1,
                    ')' if !in_set => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        out.push(chars[i]);
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i + 1]);
            i += 1;
        }
        i += 1;
    }
    out
}
