//! DynamoDB constructs: `Table`, with typed keys and indexes, on demand,
//! encrypted and recoverable.
mod error;
pub(crate) mod table;

pub use error::DynamoDbError;
pub use table::{Attribute, AttributeType, GlobalIndex, Table, TableBuilder};
