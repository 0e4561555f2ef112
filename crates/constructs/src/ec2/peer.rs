//! The other side of a security group rule.
use crate::ec2::security_group::SecurityGroup;
use cfnkit_core::StableHash;
use cfnkit_core::Value;

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

    /// A label for construct ids that tells every two peers apart: the exact
    /// range or group path (with `/`, the path separator, escaped), so that
    /// `10.1.10.0/24` and `10.11.0.0/24` never share a rule's id.
    pub(crate) fn id_label(&self) -> String {
        let escape = |text: &str| text.replace('_', "__").replace('/', "_");
        match self {
            Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => escape(cidr.trim()),
            Peer::AnywhereIpv4 => "AnyIpv4".to_owned(),
            Peer::AnywhereIpv6 => "AnyIpv6".to_owned(),
            Peer::SecurityGroup(group) => escape(group.path()),
            Peer::PrefixList(Value::String(id)) => escape(id),
            Peer::PrefixList(other) => {
                let json = other.to_json_with_paths().unwrap_or_default();
                format!("PrefixList{:08X}", StableHash::of(&json.to_string()))
            }
        }
    }
}
