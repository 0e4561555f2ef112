//! Network intents: what a stack says its network must allow or refuse.
//! Synth proves each against the template's routes, gateways, security
//! groups and network ACLs, and refuses the template when one does not
//! hold.
use crate::handle::{Handle, Target};
use crate::resource::Resource;

/// Traffic an intent is about: a protocol by number and a port range
/// (ICMP: a type range).
///
/// ```
/// use cfnkit_core::Traffic;
///
/// assert_eq!(Traffic::tcp(443).to_string(), "tcp/443");
/// assert_eq!(Traffic::all().to_string(), "all traffic");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Traffic {
    /// The IP protocol number: 6 TCP, 17 UDP, 1 ICMP, -1 every protocol.
    pub protocol: i16,
    /// First port (or ICMP type).
    pub from: u16,
    /// Last port (or ICMP type).
    pub to: u16,
}

impl Traffic {
    /// One TCP port.
    pub fn tcp(port: u16) -> Traffic {
        Traffic { protocol: 6, from: port, to: port }
    }

    /// A TCP port range.
    pub fn tcp_range(from: u16, to: u16) -> Traffic {
        Traffic { protocol: 6, from, to }
    }

    /// One UDP port.
    pub fn udp(port: u16) -> Traffic {
        Traffic { protocol: 17, from: port, to: port }
    }

    /// Every protocol and port.
    pub fn all() -> Traffic {
        Traffic { protocol: -1, from: 0, to: 65535 }
    }
}

impl std::fmt::Display for Traffic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.protocol {
            -1 => return f.write_str("all traffic"),
            6 => "tcp".to_owned(),
            17 => "udp".to_owned(),
            1 => "icmp".to_owned(),
            n => format!("protocol {n}"),
        };
        if self.from == self.to {
            write!(f, "{name}/{}", self.from)
        } else {
            write!(f, "{name}/{}-{}", self.from, self.to)
        }
    }
}

/// An AWS service an intent names, reached through a gateway endpoint or
/// the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AwsService {
    /// Amazon S3.
    S3,
    /// Amazon DynamoDB.
    DynamoDb,
}

/// A resource with network interfaces an intent names: a Lambda function
/// in a VPC, an instance, a NAT gateway, an interface endpoint. L2
/// constructs convert into it (`&function`), as does any resource handle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint(pub Target);

impl<T: Resource> From<&Handle<T>> for Endpoint {
    fn from(handle: &Handle<T>) -> Endpoint {
        Endpoint(handle.target().clone())
    }
}

/// What a stack's network must allow or refuse.
///
/// ```
/// use cfnkit_core::{Intent, RawResource, Stack, Traffic};
///
/// let mut stack = Stack::new("Demo");
/// let host = stack.add(&stack.root(), "Host", RawResource::new("AWS::EC2::Instance")).unwrap();
/// stack.add_intent(Intent::unreachable_from_internet(&host)).unwrap();
/// stack.add_intent(Intent::reaches_internet(&host, Traffic::tcp(443))).unwrap();
/// assert_eq!(stack.intents().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// `from` reaches the internet with `traffic`, from every subnet it may use.
    ReachesInternet {
        /// The client.
        from: Endpoint,
        /// What it sends.
        traffic: Traffic,
    },
    /// `from` reaches `to` with `traffic`.
    Reaches {
        /// The client.
        from: Endpoint,
        /// The server.
        to: Endpoint,
        /// What it sends.
        traffic: Traffic,
    },
    /// `from` reaches an AWS service.
    ReachesService {
        /// The client.
        from: Endpoint,
        /// The service.
        service: AwsService,
        /// What it sends.
        traffic: Traffic,
    },
    /// Nothing on the internet can open a connection to `target`.
    UnreachableFromInternet {
        /// The server.
        target: Endpoint,
    },
    /// Only `from` can reach `to` with `traffic`: every rule of `to`'s
    /// security groups that admits it names a group only `from` is in.
    OnlyReaches {
        /// The one client.
        from: Endpoint,
        /// The server.
        to: Endpoint,
        /// The traffic.
        traffic: Traffic,
    },
    /// `target` can send nothing to the internet.
    NoInternetEgress {
        /// The endpoint.
        target: Endpoint,
    },
}

impl Intent {
    /// `from` reaches the internet with `traffic`.
    pub fn reaches_internet(from: impl Into<Endpoint>, traffic: impl Into<Traffic>) -> Intent {
        Intent::ReachesInternet { from: from.into(), traffic: traffic.into() }
    }

    /// `from` reaches `to` with `traffic`.
    pub fn reaches(from: impl Into<Endpoint>, to: impl Into<Endpoint>, traffic: impl Into<Traffic>) -> Intent {
        Intent::Reaches { from: from.into(), to: to.into(), traffic: traffic.into() }
    }

    /// `from` reaches `service` with `traffic`.
    pub fn reaches_service(from: impl Into<Endpoint>, service: AwsService, traffic: impl Into<Traffic>) -> Intent {
        Intent::ReachesService { from: from.into(), service, traffic: traffic.into() }
    }

    /// Nothing on the internet reaches `target`.
    pub fn unreachable_from_internet(target: impl Into<Endpoint>) -> Intent {
        Intent::UnreachableFromInternet { target: target.into() }
    }

    /// Only `from` reaches `to` with `traffic`.
    pub fn only_reaches(from: impl Into<Endpoint>, to: impl Into<Endpoint>, traffic: impl Into<Traffic>) -> Intent {
        Intent::OnlyReaches { from: from.into(), to: to.into(), traffic: traffic.into() }
    }

    /// `target` has no way to the internet.
    pub fn no_internet_egress(target: impl Into<Endpoint>) -> Intent {
        Intent::NoInternetEgress { target: target.into() }
    }

    /// The endpoints the intent names.
    pub fn endpoints(&self) -> Vec<&Endpoint> {
        match self {
            Intent::ReachesInternet { from, .. } | Intent::ReachesService { from, .. } => vec![from],
            Intent::Reaches { from, to, .. } | Intent::OnlyReaches { from, to, .. } => vec![from, to],
            Intent::UnreachableFromInternet { target } | Intent::NoInternetEgress { target } => vec![target],
        }
    }
}
