//! What can be wrong with a table.
use thiserror::Error;

/// A table DynamoDB would refuse; the [`Error`](crate::Error) around it
/// names the construct.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DynamoDbError {
    /// A key attribute declared with two types.
    #[error("key attribute {name:?} is used with two different types; an attribute has one type across the table and its indexes")]
    ConflictingAttributeType {
        /// The attribute.
        name: String,
    },
    /// Two indexes with one name.
    #[error("two indexes are named {name:?}; give each its own name")]
    DuplicateIndex {
        /// The name.
        name: String,
    },
}
