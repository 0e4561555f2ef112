//! The schemas' `format`s, checked as cfn-lint 1.58.0 checks them.
//!
//! Standard formats follow `cfnlint/jsonschema/_format.py`; the AWS ones
//! (`AWS::EC2::VPC.Id` and the like) follow the rules in
//! `cfnlint/rules/formats/` (E1150–E1164), each a pattern matched at the
//! start of the value. Formats cfn-lint does not check (`json`, `int64`,
//! `uri`, the `...Ids` list formats) are not checked here either.
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::patterns::is_match;

/// cfn-lint's `FormatKeyword.ARN_PREFIX`, at the start of each ARN pattern.
macro_rules! arn {
    ($rest:literal) => {
        concat!("^arn:aws[a-zA-Z-]*:", $rest)
    };
}

/// Whether `value` has the format; `None` for a format not checked.
pub(crate) fn check(format: &str, value: &str) -> Option<bool> {
    let by_pattern = |pattern: &str| is_match(pattern, value);
    match format {
        "date-time" => Some(is_date_time(value)),
        "date" => Some(is_date(value)),
        "email" => Some(value.contains('@')),
        "ipv4" => Some(value.parse::<Ipv4Addr>().is_ok()),
        "ipv6" => Some(value.parse::<Ipv6Addr>().is_ok()),
        "ipv4-network" => Some(is_network::<Ipv4Addr>(value)),
        "ipv6-network" => Some(is_network::<Ipv6Addr>(value)),
        // E1150–E1164: patterns cfn-lint matches with `re.match`.
        "AWS::EC2::SecurityGroup.Id" => by_pattern(r"^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$"),
        "AWS::EC2::VPC.Id" => by_pattern(r"^vpc-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$"),
        "AWS::EC2::Image.Id" => by_pattern(r"^ami-([0-9a-z]{8}|[0-9a-z]{17})$"),
        "AWS::EC2::SecurityGroup.Name" => by_pattern(r"^[a-zA-Z0-9 \._\-:\/()#\,@\[\]+=&;\{\}!\$\*]+$"),
        "AWS::EC2::Subnet.Id" => by_pattern(r"^subnet-(([0-9A-Fa-f]{8})|([0-9A-Fa-f]{17}))$"),
        "AWS::Logs::LogGroup.Name" => by_pattern(r"^[\.\-_\/#A-Za-z0-9]{1,512}\z"),
        "AWS::IAM::Role.Arn" => by_pattern(arn!(r"iam::\d{12}:role/.+$")),
        "AWS::KMS::Key.Arn" => by_pattern(arn!(r"kms:[a-z0-9-]+:\d{12}:(key|alias)/.+$")),
        "AWS::SNS::Topic.Arn" => by_pattern(arn!(r"sns:[a-z0-9-]+:\d{12}:.+$")),
        "AWS::ACM::Certificate.Arn" => by_pattern(arn!(r"acm:[a-z0-9-]+:\d{12}:certificate/.+$")),
        "AWS::Lambda::Function.Arn" => by_pattern(arn!(r"lambda:[a-z0-9-]+:\d{12}:function:.+(:.+)?$")),
        "AWS::KMS::Key.Id" => by_pattern(
            r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+)$",
        ),
        "AWS::KMS::Alias.AliasName" => by_pattern(r"^alias/[a-zA-Z0-9:/_-]+$"),
        // cfn-lint lets an empty bucket name through (CloudFormation then
        // generates one).
        "AWS::S3::Bucket.Name" if value.is_empty() => Some(true),
        "AWS::S3::Bucket.Name" => by_pattern(r"^(?![.\-])(?!.*\.\.)(?!.*\-\.)(?!.*\.\-)[a-z0-9.\-]{3,63}(?<![.\-])$"),
        _ => None,
    }
}

/// Python's `ipaddress.IPv4Network(value)` (strict): an address with an
/// optional prefix length, and no host bits set.
fn is_network<A: std::str::FromStr>(value: &str) -> bool {
    match value.split_once('/') {
        None => value.parse::<A>().is_ok(),
        Some((address, _)) => {
            address.parse::<A>().is_ok() && value.parse::<ipnet::IpNet>().is_ok_and(|net| net.trunc() == net)
        }
    }
}

/// cfn-lint's `_RE_DATE_TIME`. Its offset is `Z` or a sign followed by
/// `_RE_TIME_NUMOFFSET`, which has its own sign: so `+05:00` fails in
/// cfn-lint, and here, since what cfn-lint reports we must not emit.
fn is_date_time(value: &str) -> bool {
    is_match(
        r"^\d{4}-(0[1-9]|1[0-2])-\d{2}T([01]\d|2[0123]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-][+-]([01]\d|2[0123]):[0-5]\d)$",
        value,
    ) == Some(true)
        && value.is_ascii()
}

/// cfn-lint's `_RE_DATE` and `datetime.date.fromisoformat`.
fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return false };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn networks_are_strict_as_in_python() {
        assert_eq!(check("ipv4-network", "10.0.0.0/16"), Some(true));
        assert_eq!(check("ipv4-network", "10.0.0.1/16"), Some(false), "host bits set");
        assert_eq!(check("ipv4-network", "10.0.0.0/33"), Some(false));
        assert_eq!(check("ipv4-network", "10.0.0.0"), Some(true));
        assert_eq!(check("ipv6-network", "2001:db8::/32"), Some(true));
        assert_eq!(check("ipv6-network", "10.0.0.0/8"), Some(false));
    }

    #[test]
    fn aws_ids_and_names() {
        assert_eq!(check("AWS::EC2::VPC.Id", "vpc-0123abcd"), Some(true));
        assert_eq!(check("AWS::EC2::VPC.Id", "vpc-1"), Some(false));
        assert_eq!(check("AWS::EC2::SecurityGroup.Id", "sg-0123456789abcdef0"), Some(true));
        assert_eq!(check("AWS::S3::Bucket.Name", "my..bucket"), Some(false));
        assert_eq!(check("AWS::S3::Bucket.Name", "my-bucket"), Some(true));
        assert_eq!(check("AWS::S3::Bucket.Name", ""), Some(true));
        assert_eq!(check("AWS::Logs::LogGroup.Name", "/aws/lambda/x"), Some(true));
        assert_eq!(check("AWS::IAM::Role.Arn", "arn:aws:iam::123456789012:role/r"), Some(true));
        assert_eq!(check("AWS::IAM::Role.Arn", "role/r"), Some(false));
        assert_eq!(check("json", "{"), None);
    }

    #[test]
    fn dates_follow_cfn_lint() {
        assert_eq!(check("date-time", "2026-12-05T10:00:00Z"), Some(true));
        assert_eq!(check("date-time", "2026-12-05T10:00:00.5Z"), Some(true));
        assert_eq!(check("date-time", "2026-12-05 10:00:00"), Some(false));
        assert_eq!(check("date", "2024-02-29"), Some(true));
        assert_eq!(check("date", "2023-02-29"), Some(false));
    }
}
