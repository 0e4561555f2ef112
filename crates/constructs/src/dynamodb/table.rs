//! `Table`: a DynamoDB table with typed keys and indexes, on demand,
//! encrypted, with point-in-time recovery, retained with its data.
use crate::dynamodb::DynamoDbError;
use crate::error::Error;
use crate::iam::{Grantable, Statement};
use crate::l1::dynamodb;
use crate::l1::iam::Policy;
use crate::removal::set_removal_policy;
use cfnkit_core::{DeletionPolicy, Handle, Scope, Stack, Value};

/// Reading items, by key, query or scan (the AWS CDK's read set, without
/// the stream actions a table with no stream has no use for).
const READ_ACTIONS: [&str; 7] = [
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetRecords",
];
/// Writing items (the AWS CDK's write set).
const WRITE_ACTIONS: [&str; 5] = [
    "dynamodb:BatchWriteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
];

/// The type of a key attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeType {
    /// A string (`S`).
    String,
    /// A number (`N`).
    Number,
    /// Binary (`B`).
    Binary,
}

impl AttributeType {
    fn code(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::Number => "N",
            AttributeType::Binary => "B",
        }
    }
}

/// A key attribute: its name and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute's name.
    pub name: String,
    /// Its type.
    pub attribute_type: AttributeType,
}

impl Attribute {
    /// A string attribute.
    pub fn string(name: impl Into<String>) -> Attribute {
        Attribute { name: name.into(), attribute_type: AttributeType::String }
    }

    /// A number attribute.
    pub fn number(name: impl Into<String>) -> Attribute {
        Attribute { name: name.into(), attribute_type: AttributeType::Number }
    }

    /// A binary attribute.
    pub fn binary(name: impl Into<String>) -> Attribute {
        Attribute { name: name.into(), attribute_type: AttributeType::Binary }
    }
}

/// A global secondary index, projecting every attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalIndex {
    name: String,
    partition_key: Attribute,
    sort_key: Option<Attribute>,
}

impl GlobalIndex {
    /// An index on `partition_key`.
    pub fn new(name: impl Into<String>, partition_key: Attribute) -> GlobalIndex {
        GlobalIndex { name: name.into(), partition_key, sort_key: None }
    }

    /// With a sort key.
    pub fn sort_key(mut self, sort_key: Attribute) -> Self {
        self.sort_key = Some(sort_key);
        self
    }
}

/// A DynamoDB table.
///
/// ```
/// use cfnkit_constructs::dynamodb::{Attribute, GlobalIndex, Table};
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let orders = Table::builder(Attribute::string("pk"))
///     .sort_key(Attribute::string("sk"))
///     .global_index(GlobalIndex::new("ByCustomer", Attribute::string("customer")))
///     .build(&mut stack, "Orders")
///     .unwrap();
/// assert_eq!(orders.path(), "Orders");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    scope: Scope,
    handle: Handle<dynamodb::Table>,
}

/// Builds a [`Table`]; see [`Table::builder`].
#[derive(Clone, Debug)]
pub struct TableBuilder {
    partition_key: Attribute,
    sort_key: Option<Attribute>,
    indexes: Vec<GlobalIndex>,
    removal: DeletionPolicy,
    kms_key_arn: Option<Value>,
}

impl Table {
    /// A table keyed on `partition_key`, secure and durable by default:
    /// on-demand billing, point-in-time recovery on, encrypted with an AWS
    /// managed KMS key (or `kms_key`), deletion protection on, and retained
    /// (with its data) when the stack deletes or replaces it.
    pub fn builder(partition_key: Attribute) -> TableBuilder {
        TableBuilder {
            partition_key,
            sort_key: None,
            indexes: Vec::new(),
            removal: DeletionPolicy::Retain,
            kms_key_arn: None,
        }
    }

    /// The table's name (`Ref`).
    pub fn table_name(&self) -> Value {
        self.handle.reference()
    }

    /// The table's ARN.
    pub fn arn(&self) -> Value {
        self.handle.get_att("Arn")
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 table.
    pub fn handle(&self) -> &Handle<dynamodb::Table> {
        &self.handle
    }

    /// The table's ARN and its indexes' (`<arn>/index/*`), which queries on
    /// an index are authorised against.
    fn resources(&self) -> [Value; 2] {
        [self.arn(), Value::sub_with("${Arn}/index/*", [("Arn", self.arn())])]
    }

    /// Lets `grantee` read items of this table and its indexes.
    pub fn grant_read(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(READ_ACTIONS).resources(self.resources()))
    }

    /// Lets `grantee` write items of this table.
    pub fn grant_write(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(WRITE_ACTIONS).resources(self.resources()))
    }

    /// Both, in one statement.
    pub fn grant_read_write(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        let mut actions: Vec<&str> = READ_ACTIONS.to_vec();
        actions.extend(WRITE_ACTIONS.iter().filter(|a| !READ_ACTIONS.contains(a)));
        grantee.grant(stack, Statement::allow(actions).resources(self.resources()))
    }
}

impl TableBuilder {
    /// A sort key.
    pub fn sort_key(mut self, sort_key: Attribute) -> Self {
        self.sort_key = Some(sort_key);
        self
    }

    /// A global secondary index (at most 20 by default).
    pub fn global_index(mut self, index: GlobalIndex) -> Self {
        self.indexes.push(index);
        self
    }

    /// What a stack deletion or a replacement does to the table (`Retain`).
    pub fn removal_policy(mut self, policy: DeletionPolicy) -> Self {
        self.removal = policy;
        self
    }

    /// Encrypts with this customer managed KMS key.
    pub fn kms_key(mut self, key_arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(key_arn.into());
        self
    }

    /// Creates the table under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Table, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Table, Error> {
        let path = parent.child_path(id);
        // Every key attribute is declared once, with one type.
        let mut attributes: Vec<&Attribute> = Vec::new();
        let keys = std::iter::once(&self.partition_key)
            .chain(&self.sort_key)
            .chain(self.indexes.iter().flat_map(|i| std::iter::once(&i.partition_key).chain(&i.sort_key)));
        for attribute in keys {
            match attributes.iter().find(|a| a.name == attribute.name) {
                Some(known) if known.attribute_type != attribute.attribute_type => {
                    return Err(Error::new(
                        &path,
                        DynamoDbError::ConflictingAttributeType { name: attribute.name.clone() },
                    ))
                }
                Some(_) => {}
                None => attributes.push(attribute),
            }
        }
        let mut names = std::collections::HashSet::new();
        for index in &self.indexes {
            if !names.insert(index.name.as_str()) {
                return Err(Error::new(&path, DynamoDbError::DuplicateIndex { name: index.name.clone() }));
            }
        }
        // "Global secondary indexes per table: 20" (the DynamoDB quotas page).
        crate::error::check_range(&path, "global secondary indexes", self.indexes.len() as i64, 0, 20)?;

        let key_schema = |partition: &Attribute, sort: &Option<Attribute>| {
            let mut schema = vec![(partition.name.clone(), "HASH")];
            if let Some(sort) = sort {
                schema.push((sort.name.clone(), "RANGE"));
            }
            schema
        };
        let scope = stack.scope(parent, id)?;
        let table = dynamodb::Table {
            attribute_definitions: attributes
                .iter()
                .map(|a| dynamodb::table::AttributeDefinition::new(a.name.clone(), a.attribute_type.code()))
                .collect::<Vec<_>>()
                .into(),
            billing_mode: Some("PAY_PER_REQUEST".into()),
            point_in_time_recovery_specification: Some(dynamodb::table::PointInTimeRecoverySpecification {
                point_in_time_recovery_enabled: Some(true.into()),
                ..dynamodb::table::PointInTimeRecoverySpecification::new()
            }),
            sse_specification: Some(dynamodb::table::SseSpecification {
                sse_type: Some("KMS".into()),
                kms_master_key_id: self.kms_key_arn.clone().map(Into::into),
                ..dynamodb::table::SseSpecification::new(true)
            }),
            deletion_protection_enabled: Some(true.into()),
            global_secondary_indexes: self
                .indexes
                .iter()
                .map(|index| {
                    let schema = key_schema(&index.partition_key, &index.sort_key)
                        .into_iter()
                        .map(|(name, kind)| dynamodb::table::KeySchemaItem::new(name, kind))
                        .collect::<Vec<_>>();
                    let projection = dynamodb::table::Projection {
                        projection_type: Some("ALL".into()),
                        ..dynamodb::table::Projection::new()
                    };
                    dynamodb::table::GlobalSecondaryIndex::new(index.name.clone(), schema, projection)
                })
                .collect::<Vec<_>>()
                .into(),
            ..dynamodb::Table::new(
                key_schema(&self.partition_key, &self.sort_key)
                    .into_iter()
                    .map(|(name, kind)| dynamodb::table::KeySchemaItemProperty::new(name, kind))
                    .collect::<Vec<_>>(),
            )
        };
        let handle = stack.add(&scope, "Resource", table)?;
        set_removal_policy(stack, &handle, self.removal)?;
        if self.kms_key_arn.is_none() {
            stack.options_mut(&handle)?.suppress_checkov(
                "CKV_AWS_119",
                "encrypted at rest with KMS under the AWS managed key aws/dynamodb; pass kms_key(..) for a \
                 customer managed key",
            );
        }
        Ok(Table { scope, handle })
    }
}
