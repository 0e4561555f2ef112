//! How CloudFormation names become Rust names. The rules are part of the
//! generated API, so they are written down here and in ARCHITECTURE.md:
//!
//! - **Words**: a name splits into words at a lower-case letter or digit
//!   followed by an upper-case one (`CidrBlock`, `S3Bucket`), and inside a
//!   run of capitals before its last one when a lower-case letter follows
//!   (`VPCEndpoint` is `VPC`, `Endpoint`), unless that letter is the `s`
//!   of a plural acronym (`SizeInMBs` is `Size`, `In`, `MBs`). `IPv4`,
//!   `IPv6` and `OAuth` are one word.
//!   Other characters (`-`, `_`, `.`, spaces) separate words and vanish.
//! - **Types** (resources, property types) are the words capitalised and
//!   joined: `VPC` is `Vpc`, `DBInstance` is `DbInstance`.
//! - **Fields and methods** are the words in lower case joined by `_`:
//!   `MapPublicIpOnLaunch` is `map_public_ip_on_launch`.
//! - **Service modules** are the service's name in lower case, no
//!   separators (`ApiGateway` is `apigateway`), prefixed with the vendor and
//!   `_` when it is not `AWS` (`Alexa::ASK` is `alexa_ask`).
//! - **Keywords**: a name that is a Rust keyword gets a trailing `_`
//!   (`Type` is `type_`).
//! - **Clashes**: a name already taken in its scope (two properties that
//!   both become `sse_enabled`, a property type named like the resource,
//!   its attributes type, or a name of Rust's prelude) gets the suffix
//!   `Property` for types, then `2`, `3`, ... in schema order.
//! - A name that starts with a digit gets a leading `_` (fields) or `T`
//!   (types).

/// Rust's keywords, strict and reserved, in every edition we support.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names a generated type must not take: the prelude's, and the
/// names generated code uses unqualified.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Vec",
    "Box",
    "String",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "Into",
    "From",
    "Iterator",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToOwned",
    "ToString",
    "Self",
    "Debug",
];

/// Splits a CloudFormation name into words.
pub fn words(name: &str) -> Vec<String> {
    let normalised = name
        .replace("IPv4", "Ipv4")
        .replace("IPv6", "Ipv6")
        .replace("IPV4", "Ipv4")
        .replace("IPV6", "Ipv6")
        .replace("OAuth", "Oauth");
    let chars: Vec<char> = normalised.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !current.is_empty() {
            let previous = chars[i - 1];
            // A plural acronym (`MBs`, `ARNs`) stays one word.
            let plural = chars.get(i + 1) == Some(&'s') && chars.get(i + 2).map_or(true, |n| !n.is_ascii_lowercase());
            let next_is_lower = !plural && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary = previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower);
            if boundary {
                words.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `VPCEndpoint` is `VpcEndpoint`.
pub fn type_name(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// `MapPublicIpOnLaunch` is `map_public_ip_on_launch`; keywords get a `_`.
pub fn field_name(name: &str) -> String {
    let mut out = words(name).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    if out.is_empty() {
        out.push_str("unnamed");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    escape_keyword(out)
}

/// `ApiGateway` is `apigateway`; `Alexa::ASK` is `alexa_ask`.
pub fn service_module(vendor: &str, service: &str) -> String {
    let service: String = service.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let name = if vendor == "AWS" { service } else { format!("{}_{service}", vendor.to_ascii_lowercase()) };
    escape_keyword(name)
}

fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Names taken in one scope; `claim` hands out a free one by the clash rule.
#[derive(Default)]
pub struct Taken(std::collections::HashSet<String>);

impl Taken {
    /// Marks `name` as taken.
    pub fn reserve(&mut self, name: &str) {
        self.0.insert(name.to_owned());
    }

    /// `wanted` if free, else `wanted` + `suffix`, else numbered.
    pub fn claim(&mut self, wanted: &str, suffix: &str) -> String {
        let mut candidates = vec![wanted.to_owned()];
        if !suffix.is_empty() {
            candidates.push(format!("{wanted}{suffix}"));
        }
        for candidate in candidates {
            if self.0.insert(candidate.clone()) {
                return candidate;
            }
        }
        let base = if suffix.is_empty() { wanted.to_owned() } else { format!("{wanted}{suffix}") };
        (2..).map(|n| format!("{base}{n}")).find(|c| self.0.insert(c.clone())).expect("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_documented_rules() {
        assert_eq!(type_name("VPC"), "Vpc");
        assert_eq!(type_name("VPCEndpoint"), "VpcEndpoint");
        assert_eq!(type_name("DBInstance"), "DbInstance");
        assert_eq!(type_name("EIP"), "Eip");
        assert_eq!(type_name("S3Location"), "S3Location");
        assert_eq!(type_name("IPv6CidrBlock"), "Ipv6CidrBlock");
        assert_eq!(field_name("MapPublicIpOnLaunch"), "map_public_ip_on_launch");
        assert_eq!(field_name("VPCId"), "vpc_id");
        assert_eq!(field_name("Ipv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(field_name("IPv6Address"), "ipv6_address");
        assert_eq!(field_name("S3Bucket"), "s3_bucket");
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(field_name("SizeInMBs"), "size_in_mbs");
        assert_eq!(field_name("SubnetARNs"), "subnet_arns");
        assert_eq!(field_name("ConnectorOAuthRequest"), "connector_oauth_request");
        assert_eq!(field_name("Subnets"), "subnets");
        assert_eq!(field_name("aws:cdk:path"), "aws_cdk_path");
        assert_eq!(field_name("3DSetting"), "_3_d_setting");
        assert_eq!(service_module("AWS", "ApiGateway"), "apigateway");
        assert_eq!(service_module("Alexa", "ASK"), "alexa_ask");
    }

    #[test]
    fn clashes_get_the_suffix_then_numbers() {
        let mut taken = Taken::default();
        taken.reserve("Subnet");
        assert_eq!(taken.claim("Subnet", "Property"), "SubnetProperty");
        assert_eq!(taken.claim("Subnet", "Property"), "SubnetProperty2");
        assert_eq!(taken.claim("sse", ""), "sse");
        assert_eq!(taken.claim("sse", ""), "sse2");
    }
}
