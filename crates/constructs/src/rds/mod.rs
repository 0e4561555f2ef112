//! RDS constructs: `DatabaseInstance`, PostgreSQL or MySQL in a VPC's
//! isolated or private subnets, credentials in Secrets Manager.
pub(crate) mod database_instance;
mod error;

pub use database_instance::{DatabaseInstance, DatabaseInstanceBuilder, Engine};
pub use error::RdsError;
