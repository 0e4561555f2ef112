//! The other side of a security group rule.
use crate::security_group::SecurityGroup;
use crate::value::Value;

/// Where traffic of a rule comes from (ingress) or goes to (egress).
#[derive(Clone, Debug, PartialEq)]
pub enum Peer {
    /// An IPv4 range. `0.0.0.0/0` is refused for ingress: use [`Peer::anywhere_ipv4`].
    Ipv4(String),
    /// An IPv6 range. `::/0` is refused for ingress: use [`Peer::anywhere_ipv6`].
    Ipv6(String),
    /// The whole IPv4 internet, asked for explicitly.
    AnywhereIpv4,
    /// The whole IPv6 internet, asked for explicitly.
    AnywhereIpv6,
    /// Members of a security group.
    SecurityGroup(SecurityGroup),
    /// A managed prefix list, by id.
    PrefixList(Value),
}

impl Peer {
    /// An IPv4 range such as `10.0.0.0/16`.
    pub fn ipv4(cidr: impl Into<String>) -> Peer {
        Peer::Ipv4(cidr.into())
    }

    /// An IPv6 range.
    pub fn ipv6(cidr: impl Into<String>) -> Peer {
        Peer::Ipv6(cidr.into())
    }

    /// Anyone on the IPv4 internet (`0.0.0.0/0`): the explicit opt-in for
    /// open ingress.
    pub fn anywhere_ipv4() -> Peer {
        Peer::AnywhereIpv4
    }

    /// Anyone on the IPv6 internet (`::/0`).
    pub fn anywhere_ipv6() -> Peer {
        Peer::AnywhereIpv6
    }

    /// Members of a security group.
    pub fn security_group(group: &SecurityGroup) -> Peer {
        Peer::SecurityGroup(group.clone())
    }

    /// A managed prefix list (`pl-...`, or a reference).
    pub fn prefix_list(id: impl Into<Value>) -> Peer {
        Peer::PrefixList(id.into())
    }

    /// A short label for construct ids.
    pub(crate) fn id_label(&self) -> String {
        let raw = match self {
            Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => cidr.clone(),
            Peer::AnywhereIpv4 => "AnyIpv4".to_owned(),
            Peer::AnywhereIpv6 => "AnyIpv6".to_owned(),
            Peer::SecurityGroup(group) => group.path().to_owned(),
            Peer::PrefixList(Value::String(id)) => id.clone(),
            Peer::PrefixList(other) => format!("PrefixList{}", serde_json::to_string(other).unwrap_or_default()),
        };
        raw.chars().filter(char::is_ascii_alphanumeric).collect()
    }
}
