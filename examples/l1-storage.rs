//! An S3 bucket and a DynamoDB table from the generated L1 types, before
//! their L2 constructs exist: every CloudFormation resource type is a typed
//! Rust struct, behind the feature of its service.
//!
//! ```sh
//! cargo run --example l1-storage --features s3,dynamodb > template.json
//! ```
use std::process::ExitCode;

use cfnkit::core::DeletionPolicy;
use cfnkit::l1::dynamodb::table::{
    AttributeDefinition, KeySchemaItemProperty, PointInTimeRecoverySpecification, SseSpecification,
};
use cfnkit::l1::dynamodb::Table;
use cfnkit::l1::s3::bucket::{
    BucketEncryption, PublicAccessBlockConfiguration, ServerSideEncryptionByDefault, ServerSideEncryptionRule,
    VersioningConfiguration,
};
use cfnkit::l1::s3::Bucket;
use cfnkit::prelude::*;

pub fn storage() -> Result<Stack, Error> {
    let mut stack = Stack::new("Storage");
    stack.set_description("L1 storage: an encrypted private bucket and an on-demand table");

    let encryption = ServerSideEncryptionRule {
        server_side_encryption_by_default: Some(ServerSideEncryptionByDefault::new("aws:kms")),
        bucket_key_enabled: Some(true.into()),
        ..ServerSideEncryptionRule::new()
    };
    let bucket = Bucket {
        bucket_encryption: Some(BucketEncryption::new(vec![encryption])),
        public_access_block_configuration: Some(PublicAccessBlockConfiguration {
            block_public_acls: Some(true.into()),
            block_public_policy: Some(true.into()),
            ignore_public_acls: Some(true.into()),
            restrict_public_buckets: Some(true.into()),
        }),
        versioning_configuration: Some(VersioningConfiguration::new("Enabled")),
        ..Bucket::new()
    };
    let bucket = stack.add(&stack.root(), "Uploads", bucket)?;
    let options = stack.options_mut(&bucket)?;
    options.set_removal_policy(DeletionPolicy::Retain);
    // A scanner finding accepted on purpose carries its reason in the
    // template's Metadata, where checkov reads it.
    options.suppress_checkov("CKV_AWS_18", "an example: server access logs would need a second bucket");

    let table = Table {
        attribute_definitions: vec![AttributeDefinition::new("pk", "S")].into(),
        billing_mode: Some("PAY_PER_REQUEST".into()),
        point_in_time_recovery_specification: Some(PointInTimeRecoverySpecification {
            point_in_time_recovery_enabled: Some(true.into()),
            ..PointInTimeRecoverySpecification::new()
        }),
        sse_specification: Some(SseSpecification { sse_type: Some("KMS".into()), ..SseSpecification::new(true) }),
        ..Table::new(vec![KeySchemaItemProperty::new("pk", "HASH")])
    };
    let table = stack.add(&stack.root(), "Items", table)?;
    let options = stack.options_mut(&table)?;
    options.set_removal_policy(DeletionPolicy::Retain);
    options.suppress_checkov("CKV_AWS_119", "encrypted with the AWS managed key aws/dynamodb");

    // Typed attributes: a bucket's ARN, a table's ARN and name.
    stack.add_output("BucketArn", Output::new(bucket.arn()))?;
    stack.add_output("TableArn", Output::new(table.arn()))?;
    stack.add_output("TableName", Output::new(table.table_name()))?;
    Ok(stack)
}

fn main() -> ExitCode {
    cfnkit::cli::run(storage)
}
