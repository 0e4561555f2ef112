//! Ports and protocols of security group rules.
use super::Ec2Error;
use crate::error::Error;

/// What traffic a security group rule matches.
///
/// ```
/// use cfnkit_constructs::{apigateway::*, ec2::*, iam::*, lambda::*};
/// use cfnkit_core::*;
///
/// let mongo = Port::tcp(27017);
/// assert_eq!(mongo.to_string(), "tcp 27017");
/// assert_eq!(Port::tcp_range(8000, 8080).to_string(), "tcp 8000-8080");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Port {
    /// TCP ports `from..=to`.
    Tcp {
        /// First port.
        from: i64,
        /// Last port.
        to: i64,
    },
    /// UDP ports `from..=to`.
    Udp {
        /// First port.
        from: i64,
        /// Last port.
        to: i64,
    },
    /// ICMP of one type (and code, or all codes).
    Icmp {
        /// ICMP type, 0..=255.
        icmp_type: i64,
        /// ICMP code, 0..=255, or `None` for all codes.
        code: Option<i64>,
    },
    /// Every protocol and port.
    AllTraffic,
}

impl Port {
    /// One TCP port.
    pub fn tcp(port: u16) -> Port {
        Port::Tcp { from: i64::from(port), to: i64::from(port) }
    }

    /// A TCP port range; checked when the rule is added (empty or outside
    /// 0..=65535 is an error).
    pub fn tcp_range(from: i64, to: i64) -> Port {
        Port::Tcp { from, to }
    }

    /// Every TCP port.
    pub fn all_tcp() -> Port {
        Port::Tcp { from: 0, to: 65535 }
    }

    /// One UDP port.
    pub fn udp(port: u16) -> Port {
        Port::Udp { from: i64::from(port), to: i64::from(port) }
    }

    /// A UDP port range; checked when the rule is added.
    pub fn udp_range(from: i64, to: i64) -> Port {
        Port::Udp { from, to }
    }

    /// ICMP echo request (ping).
    pub fn icmp_ping() -> Port {
        Port::Icmp { icmp_type: 8, code: None }
    }

    /// Every protocol and port.
    pub fn all_traffic() -> Port {
        Port::AllTraffic
    }

    /// The rule's `IpProtocol`, `FromPort` and `ToPort`, after checking the range.
    pub(crate) fn rule_fields(&self, path: &str) -> Result<(&'static str, Option<i32>, Option<i32>), Error> {
        let invalid = |from: i64, to: i64, reason| Error::new(path, Ec2Error::InvalidPort { from, to, reason });
        match *self {
            Port::Tcp { from, to } | Port::Udp { from, to } => {
                if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) {
                    return Err(invalid(from, to, "ports are 0..=65535"));
                }
                if from > to {
                    return Err(invalid(from, to, "the range is empty: the first port is after the last"));
                }
                let protocol = if matches!(self, Port::Tcp { .. }) { "tcp" } else { "udp" };
                Ok((protocol, Some(from as i32), Some(to as i32)))
            }
            Port::Icmp { icmp_type, code } => {
                let code_value = code.unwrap_or(-1);
                if !(0..=255).contains(&icmp_type) || !(-1..=255).contains(&code_value) {
                    return Err(invalid(icmp_type, code_value, "ICMP types and codes are 0..=255"));
                }
                Ok(("icmp", Some(icmp_type as i32), Some(code_value as i32)))
            }
            Port::AllTraffic => Ok(("-1", None, None)),
        }
    }

    /// A short label for ids and descriptions: `Tcp27017`.
    pub(crate) fn id_label(&self) -> String {
        match *self {
            Port::Tcp { from, to } if from == to => format!("Tcp{from}"),
            Port::Tcp { from, to } => format!("Tcp{from}To{to}"),
            Port::Udp { from, to } if from == to => format!("Udp{from}"),
            Port::Udp { from, to } => format!("Udp{from}To{to}"),
            Port::Icmp { icmp_type, code: Some(code) } => format!("Icmp{icmp_type}Code{code}"),
            Port::Icmp { icmp_type, code: None } => format!("Icmp{icmp_type}"),
            Port::AllTraffic => "AllTraffic".to_owned(),
        }
    }
}

impl std::fmt::Display for Port {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Port::Tcp { from, to } if from == to => write!(f, "tcp {from}"),
            Port::Tcp { from, to } => write!(f, "tcp {from}-{to}"),
            Port::Udp { from, to } if from == to => write!(f, "udp {from}"),
            Port::Udp { from, to } => write!(f, "udp {from}-{to}"),
            Port::Icmp { icmp_type, code: Some(code) } => write!(f, "icmp type {icmp_type} code {code}"),
            Port::Icmp { icmp_type, code: None } => write!(f, "icmp type {icmp_type}"),
            Port::AllTraffic => write!(f, "all traffic"),
        }
    }
}

/// The traffic a port names, for network intents
/// (`Intent::reaches(&function, &database, Port::tcp(27017))`). A range
/// outside 0..=65535 is clamped to it; rules check ranges when added.
impl From<Port> for cfnkit_core::Traffic {
    fn from(port: Port) -> cfnkit_core::Traffic {
        let clamp = |value: i64| value.clamp(0, 65535) as u16;
        match port {
            Port::Tcp { from, to } => cfnkit_core::Traffic { protocol: 6, from: clamp(from), to: clamp(to) },
            Port::Udp { from, to } => cfnkit_core::Traffic { protocol: 17, from: clamp(from), to: clamp(to) },
            Port::Icmp { icmp_type, .. } => {
                let icmp_type = icmp_type.clamp(0, 255) as u16;
                cfnkit_core::Traffic { protocol: 1, from: icmp_type, to: icmp_type }
            }
            Port::AllTraffic => cfnkit_core::Traffic::all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn ranges_are_checked() {
        assert_eq!(Port::tcp(443).rule_fields("p").unwrap(), ("tcp", Some(443), Some(443)));
        assert_eq!(Port::udp_range(0, 65535).rule_fields("p").unwrap(), ("udp", Some(0), Some(65535)));
        assert_eq!(Port::all_traffic().rule_fields("p").unwrap(), ("-1", None, None));
        assert_eq!(Port::icmp_ping().rule_fields("p").unwrap(), ("icmp", Some(8), Some(-1)));
        for bad in [Port::tcp_range(10, 9), Port::tcp_range(0, 65536), Port::udp_range(-1, 5)] {
            assert!(
                matches!(bad.rule_fields("p"), Err(Error { kind: ErrorKind::Ec2(Ec2Error::InvalidPort { .. }), .. })),
                "{bad:?}"
            );
        }
        assert!(Port::Icmp { icmp_type: 256, code: None }.rule_fields("p").is_err());
    }
}
