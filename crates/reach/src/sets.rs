//! Interval sets: ports, ICMP types, protocol numbers and IPv4 addresses
//! are all ranges of integers, and every rule, route and query is a union
//! of such ranges.

/// A set of `u32`s as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    /// The empty set.
    pub fn empty() -> Ranges {
        Ranges(Vec::new())
    }

    /// `from..=to`, or the empty set when `from > to`.
    pub fn range(from: u32, to: u32) -> Ranges {
        if from > to {
            Ranges::empty()
        } else {
            Ranges(vec![(from, to)])
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ranges, in order.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.0
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: u32) -> bool {
        self.0.iter().any(|&(from, to)| from <= value && value <= to)
    }

    /// The union.
    pub fn union(&self, other: &Ranges) -> Ranges {
        let mut all: Vec<(u32, u32)> = self.0.iter().chain(&other.0).copied().collect();
        all.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (from, to) in all {
            match out.last_mut() {
                Some(last) if from <= last.1.saturating_add(1) => last.1 = last.1.max(to),
                _ => out.push((from, to)),
            }
        }
        Ranges(out)
    }

    /// The intersection.
    pub fn intersect(&self, other: &Ranges) -> Ranges {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = (self.0[i], other.0[j]);
            let from = a.0.max(b.0);
            let to = a.1.min(b.1);
            if from <= to {
                out.push((from, to));
            }
            if a.1 < b.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Ranges(out)
    }

    /// The values of `self` not in `other`.
    pub fn subtract(&self, other: &Ranges) -> Ranges {
        let mut out = Vec::new();
        for &(from, to) in &self.0 {
            let mut start = from;
            let mut done = false;
            for &(o_from, o_to) in &other.0 {
                if o_to < start || o_from > to {
                    continue;
                }
                if o_from > start {
                    out.push((start, o_from - 1));
                }
                if o_to >= to {
                    done = true;
                    break;
                }
                start = o_to + 1;
            }
            if !done {
                out.push((start, to));
            }
        }
        Ranges(out)
    }

    /// Whether every value of `other` is in `self`.
    pub fn covers(&self, other: &Ranges) -> bool {
        other.subtract(self).is_empty()
    }
}

impl std::fmt::Display for Ranges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (index, &(from, to)) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            if from == to {
                write!(f, "{from}")?;
            } else {
                write!(f, "{from}-{to}")?;
            }
        }
        Ok(())
    }
}

/// A set of values 0..=255 (ICMP types, protocol numbers) as bits: the
/// operations every path does many times allocate nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bits([u64; 4]);

impl Bits {
    /// Every value 0..=255.
    pub const ALL: Bits = Bits([u64::MAX; 4]);

    /// `from..=to` (clamped to 255).
    pub fn range(from: u32, to: u32) -> Bits {
        let mut bits = Bits::default();
        for value in from..=to.min(255) {
            bits.0[(value / 64) as usize] |= 1 << (value % 64);
        }
        bits
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    /// The union.
    pub fn union(&self, other: &Bits) -> Bits {
        Bits(std::array::from_fn(|i| self.0[i] | other.0[i]))
    }

    /// The intersection.
    pub fn intersect(&self, other: &Bits) -> Bits {
        Bits(std::array::from_fn(|i| self.0[i] & other.0[i]))
    }

    /// The values of `self` not in `other`.
    pub fn subtract(&self, other: &Bits) -> Bits {
        Bits(std::array::from_fn(|i| self.0[i] & !other.0[i]))
    }

    /// Whether every value of `other` is in `self`.
    pub fn covers(&self, other: &Bits) -> bool {
        other.subtract(self).is_empty()
    }

    /// The set as ranges, for display.
    pub fn to_ranges(&self) -> Ranges {
        let mut ranges = Ranges::empty();
        for value in 0..256u32 {
            if self.0[(value / 64) as usize] & (1 << (value % 64)) != 0 {
                ranges = ranges.union(&Ranges::range(value, value));
            }
        }
        ranges
    }
}

/// IP protocol numbers with ports of their own.
pub const TCP: u32 = 6;
/// UDP's protocol number.
pub const UDP: u32 = 17;
/// ICMP's protocol number.
pub const ICMP: u32 = 1;

/// A set of traffic: TCP and UDP ports, ICMP types, and other protocols
/// by number (all of their traffic or none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Traffic {
    /// TCP destination ports.
    pub tcp: Ranges,
    /// UDP destination ports.
    pub udp: Ranges,
    /// ICMP types (codes are not told apart: a rule for one code of a
    /// type counts as the whole type).
    pub icmp: Bits,
    /// Other protocol numbers, whole.
    pub other: Bits,
}

impl Traffic {
    /// No traffic.
    pub fn none() -> Traffic {
        Traffic::default()
    }

    /// Every protocol and port (`IpProtocol: -1`).
    pub fn all() -> Traffic {
        Traffic {
            tcp: Ranges::range(0, 65535),
            udp: Ranges::range(0, 65535),
            icmp: Bits::ALL,
            // Every protocol number but ICMP's, TCP's and UDP's.
            other: Bits([!(1 << ICMP) & !(1 << TCP) & !(1 << UDP), u64::MAX, u64::MAX, u64::MAX]),
        }
    }

    /// TCP ports `from..=to`.
    pub fn tcp(from: u32, to: u32) -> Traffic {
        Traffic { tcp: Ranges::range(from, to.min(65535)), ..Traffic::none() }
    }

    /// UDP ports `from..=to`.
    pub fn udp(from: u32, to: u32) -> Traffic {
        Traffic { udp: Ranges::range(from, to.min(65535)), ..Traffic::none() }
    }

    /// The traffic of one protocol by number and a port (or ICMP type)
    /// range; `-1` is every protocol.
    pub fn protocol(protocol: i64, from: u32, to: u32) -> Traffic {
        match protocol {
            -1 => Traffic::all(),
            6 => Traffic::tcp(from, to),
            17 => Traffic::udp(from, to),
            1 => Traffic { icmp: Bits::range(from, to.min(255)), ..Traffic::none() },
            n if (0..=255).contains(&n) => Traffic { other: Bits::range(n as u32, n as u32), ..Traffic::none() },
            _ => Traffic::none(),
        }
    }

    /// Whether there is no traffic in the set.
    pub fn is_empty(&self) -> bool {
        self.tcp.is_empty() && self.udp.is_empty() && self.icmp.is_empty() && self.other.is_empty()
    }

    /// The union.
    pub fn union(&self, other: &Traffic) -> Traffic {
        Traffic {
            tcp: self.tcp.union(&other.tcp),
            udp: self.udp.union(&other.udp),
            icmp: self.icmp.union(&other.icmp),
            other: self.other.union(&other.other),
        }
    }

    /// The intersection.
    pub fn intersect(&self, other: &Traffic) -> Traffic {
        Traffic {
            tcp: self.tcp.intersect(&other.tcp),
            udp: self.udp.intersect(&other.udp),
            icmp: self.icmp.intersect(&other.icmp),
            other: self.other.intersect(&other.other),
        }
    }

    /// The traffic of `self` not in `other`.
    pub fn subtract(&self, other: &Traffic) -> Traffic {
        Traffic {
            tcp: self.tcp.subtract(&other.tcp),
            udp: self.udp.subtract(&other.udp),
            icmp: self.icmp.subtract(&other.icmp),
            other: self.other.subtract(&other.other),
        }
    }

    /// Whether all of `other` is in `self`.
    pub fn covers(&self, other: &Traffic) -> bool {
        other.subtract(self).is_empty()
    }

    /// The replies to this traffic: TCP and UDP to `ephemeral` ports, ICMP
    /// as itself (an echo reply is answered by type, which codes do not
    /// tell apart here), other protocols whole.
    pub fn replies(&self, ephemeral: &Ranges) -> Traffic {
        Traffic {
            tcp: if self.tcp.is_empty() { Ranges::empty() } else { ephemeral.clone() },
            udp: if self.udp.is_empty() { Ranges::empty() } else { ephemeral.clone() },
            icmp: if self.icmp.is_empty() { Bits::default() } else { Bits::ALL },
            other: self.other,
        }
    }
}

impl std::fmt::Display for Traffic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == Traffic::all() {
            return f.write_str("all traffic");
        }
        let mut parts = Vec::new();
        if !self.tcp.is_empty() {
            parts.push(if self.tcp == Ranges::range(0, 65535) {
                "tcp".to_owned()
            } else {
                format!("tcp/{}", self.tcp)
            });
        }
        if !self.udp.is_empty() {
            parts.push(if self.udp == Ranges::range(0, 65535) {
                "udp".to_owned()
            } else {
                format!("udp/{}", self.udp)
            });
        }
        if !self.icmp.is_empty() {
            parts.push(if self.icmp == Bits::ALL {
                "icmp".to_owned()
            } else {
                format!("icmp/{}", self.icmp.to_ranges())
            });
        }
        if !self.other.is_empty() {
            parts.push(format!("protocol {}", self.other.to_ranges()));
        }
        if parts.is_empty() {
            f.write_str("nothing")
        } else {
            f.write_str(&parts.join(" "))
        }
    }
}

/// An IPv4 CIDR block as an address range.
pub fn cidr_range(cidr: &str) -> Option<(u32, u32)> {
    let (address, prefix) = cidr.split_once('/')?;
    let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
    let address: std::net::Ipv4Addr = address.parse().ok()?;
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    let start = u32::from(address) & mask;
    Some((start, start | !mask))
}

/// The prefix length of an address range that is a CIDR block.
pub fn prefix_len(range: (u32, u32)) -> u32 {
    32 - (range.1 - range.0).checked_add(1).map_or(32, u32::trailing_zeros)
}

/// An address range written as a CIDR block when it is one, else as `a-b`.
pub fn format_range(range: (u32, u32)) -> String {
    let start = std::net::Ipv4Addr::from(range.0);
    let len = prefix_len(range);
    if cidr_range(&format!("{start}/{len}")) == Some(range) {
        format!("{start}/{len}")
    } else {
        format!("{start}-{}", std::net::Ipv4Addr::from(range.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = Ranges::range(0, 10).union(&Ranges::range(20, 30));
        let b = Ranges::range(5, 25);
        assert_eq!(a.intersect(&b).ranges(), &[(5, 10), (20, 25)]);
        assert_eq!(a.subtract(&b).ranges(), &[(0, 4), (26, 30)]);
        assert_eq!(a.union(&b).ranges(), &[(0, 30)]);
        assert!(Ranges::range(0, 30).covers(&a));
        assert!(!a.covers(&b));
        assert_eq!(Ranges::range(0, u32::MAX).subtract(&Ranges::range(0, u32::MAX)), Ranges::empty());
        assert_eq!(Ranges::range(0, 5).union(&Ranges::range(6, 9)).ranges(), &[(0, 9)]);
    }

    #[test]
    fn cidrs() {
        assert_eq!(cidr_range("10.0.0.0/16"), Some((0x0a00_0000, 0x0a00_ffff)));
        assert_eq!(cidr_range("0.0.0.0/0"), Some((0, u32::MAX)));
        assert_eq!(prefix_len((0, u32::MAX)), 0);
        assert_eq!(prefix_len((5, 5)), 32);
        assert_eq!(format_range((0x0a00_0000, 0x0a00_ffff)), "10.0.0.0/16");
        assert_eq!(Traffic::protocol(-1, 0, 0), Traffic::all());
        assert_eq!(Traffic::tcp(443, 443).to_string(), "tcp/443");
    }
}
