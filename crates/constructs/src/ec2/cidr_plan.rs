//! Carving subnet ranges out of a VPC's range.
//!
//! Blocks are handed out in the order they are asked for, each at the lowest
//! free address aligned to its size, never looking at later requests: so
//! adding a subnet group at the end never moves an existing subnet (a moved
//! subnet is a replaced subnet in CloudFormation).
use ipnet::Ipv4Net;

use super::Ec2Error;
use crate::error::{check_range, Error};

/// Parses a CIDR block and checks it is in canonical form (`10.0.0.0/16`,
/// not `10.0.0.1/16`) with a prefix AWS accepts for VPCs and subnets.
pub(crate) fn parse_block(path: &str, text: &str) -> Result<Ipv4Net, Error> {
    let invalid = |kind: Ec2Error| Error::new(path, kind);
    let block: Ipv4Net = text.parse().map_err(|_| {
        invalid(Ec2Error::InvalidCidr { cidr: text.to_owned(), expected: "an IPv4 block such as 10.0.0.0/16" })
    })?;
    check_prefix(path, block.prefix_len())
        .map_err(|_| invalid(Ec2Error::CidrPrefixNotAccepted { cidr: text.to_owned(), prefix: block.prefix_len() }))?;
    if block.network() != block.addr() {
        return Err(invalid(Ec2Error::CidrHostBitsSet { cidr: text.to_owned(), network: block.trunc().to_string() }));
    }
    Ok(block)
}

/// AWS accepts VPC and subnet blocks from /16 (65,536 addresses) to /28 (16).
pub(crate) fn check_prefix(path: &str, prefix: u8) -> Result<(), Error> {
    check_range(path, "prefix length", i64::from(prefix), 16, 28)
}

/// The blocks handed out so far within one VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CidrPlan {
    vpc_path: String,
    vpc: Ipv4Net,
    taken: Vec<(Ipv4Net, String)>,
    cursor: u32,
}

impl CidrPlan {
    pub(crate) fn new(vpc_path: &str, vpc: Ipv4Net) -> CidrPlan {
        CidrPlan { vpc_path: vpc_path.to_owned(), vpc, taken: Vec::new(), cursor: u32::from(vpc.network()) }
    }

    /// Claims a block the user chose for the subnet at `path`.
    pub(crate) fn reserve(&mut self, path: &str, block: Ipv4Net) -> Result<(), Error> {
        if !self.vpc.contains(&block) {
            let kind = Ec2Error::CidrOutsideVpc {
                cidr: block.to_string(),
                vpc_cidr: self.vpc.to_string(),
                vpc_path: self.vpc_path.clone(),
            };
            return Err(Error::new(path, kind));
        }
        if let Some((other, owner)) = self.taken.iter().find(|(other, _)| overlaps(*other, block)) {
            let kind = Ec2Error::CidrOverlap {
                cidr: block.to_string(),
                other_path: owner.clone(),
                other_cidr: other.to_string(),
            };
            return Err(Error::new(path, kind));
        }
        self.taken.push((block, path.to_owned()));
        Ok(())
    }

    /// Hands out the lowest free block of the given prefix length past the
    /// blocks handed out before.
    pub(crate) fn allocate(&mut self, path: &str, prefix: u8) -> Result<Ipv4Net, Error> {
        check_prefix(path, prefix)?;
        if prefix < self.vpc.prefix_len() {
            return Err(Error::new(path, Ec2Error::SubnetLargerThanVpc { prefix, vpc_cidr: self.vpc.to_string() }));
        }
        let size = 1u64 << (32 - prefix);
        let end = u64::from(u32::from(self.vpc.broadcast())) + 1;
        let mut start = align_up(u64::from(self.cursor), size);
        loop {
            if start + size > end {
                let kind =
                    Ec2Error::NoRoomInVpc { prefix, vpc_cidr: self.vpc.to_string(), vpc_path: self.vpc_path.clone() };
                return Err(Error::new(path, kind));
            }
            let candidate = Ipv4Net::new(std::net::Ipv4Addr::from(start as u32), prefix).expect("prefix checked");
            match self.taken.iter().find(|(other, _)| overlaps(*other, candidate)) {
                Some((other, _)) => start = align_up(u64::from(u32::from(other.broadcast())) + 1, size),
                None => {
                    self.taken.push((candidate, path.to_owned()));
                    self.cursor = (start + size).min(u64::from(u32::MAX)) as u32;
                    return Ok(candidate);
                }
            }
        }
    }
}

fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn align_up(value: u64, size: u64) -> u64 {
    value.div_ceil(size) * size
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn net(text: &str) -> Ipv4Net {
        text.parse().unwrap()
    }

    #[test]
    fn allocates_aligned_blocks_in_order() {
        let mut plan = CidrPlan::new("Vpc", net("10.0.0.0/16"));
        assert_eq!(plan.allocate("a", 24).unwrap(), net("10.0.0.0/24"));
        assert_eq!(plan.allocate("b", 24).unwrap(), net("10.0.1.0/24"));
        assert_eq!(plan.allocate("c", 20).unwrap(), net("10.0.16.0/20"));
        assert_eq!(plan.allocate("d", 24).unwrap(), net("10.0.32.0/24"));
    }

    #[test]
    fn skips_reserved_blocks() {
        let mut plan = CidrPlan::new("Vpc", net("10.0.0.0/16"));
        plan.reserve("explicit", net("10.0.0.0/23")).unwrap();
        assert_eq!(plan.allocate("a", 24).unwrap(), net("10.0.2.0/24"));
    }

    #[test]
    fn rejects_overlap_and_outside_blocks() {
        let mut plan = CidrPlan::new("Vpc", net("10.0.0.0/16"));
        plan.allocate("a", 24).unwrap();
        assert!(matches!(
            plan.reserve("b", net("10.0.0.128/25")),
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::CidrOverlap { .. }), .. })
        ));
        assert!(matches!(
            plan.reserve("c", net("10.1.0.0/24")),
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::CidrOutsideVpc { .. }), .. })
        ));
    }

    #[test]
    fn runs_out_of_room_with_an_error() {
        let mut plan = CidrPlan::new("Vpc", net("10.0.0.0/26"));
        plan.allocate("a", 27).unwrap();
        plan.allocate("b", 27).unwrap();
        assert!(matches!(
            plan.allocate("c", 28),
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::NoRoomInVpc { .. }), .. })
        ));
        assert!(matches!(
            plan.allocate("d", 25),
            Err(Error { kind: ErrorKind::Ec2(Ec2Error::SubnetLargerThanVpc { .. }), .. })
        ));
    }

    #[test]
    fn allocation_at_the_top_of_the_address_space_does_not_overflow() {
        let mut plan = CidrPlan::new("Vpc", net("255.255.0.0/16"));
        assert_eq!(plan.allocate("a", 17).unwrap(), net("255.255.0.0/17"));
        assert_eq!(plan.allocate("b", 17).unwrap(), net("255.255.128.0/17"));
        assert!(plan.allocate("c", 28).is_err());
    }

    #[test]
    fn parse_checks_form_and_prefix() {
        assert_eq!(parse_block("p", "10.0.0.0/16").unwrap(), net("10.0.0.0/16"));
        for bad in ["10.0.0.1/16", "10.0.0.0/8", "10.0.0.0/29", "nonsense", "10.0.0.0"] {
            assert!(matches!(parse_block("p", bad), Err(Error { kind: ErrorKind::Ec2(_), .. })), "{bad}");
        }
    }
}
