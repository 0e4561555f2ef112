//! What can be wrong with a database.
use thiserror::Error;

/// A database RDS would refuse, or one placed where it should not be; the
/// [`Error`](crate::Error) around it names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum RdsError {
    /// A public subnet chosen for the database.
    #[error("{subnet_path} is a public subnet; put the database in isolated or private subnets (SubnetSelection::Kind(SubnetKind::Isolated))")]
    PublicSubnet {
        /// The subnet.
        subnet_path: String,
    },
    /// Subnets in fewer than two Availability Zones.
    #[error("the {subnets} subnet(s) chosen are in one Availability Zone, but an RDS subnet group needs two; give the VPC two AZs (Vpc::builder().max_azs(2))")]
    SubnetsInOneZone {
        /// How many subnets were chosen.
        subnets: usize,
    },
}
