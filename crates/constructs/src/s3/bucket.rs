//! `Bucket`: an S3 bucket that is private, encrypted and reachable over TLS
//! only, unless told otherwise.
use crate::error::{check_range, Error};
use crate::iam::{Grantable, PolicyDocument, Principal, Statement};
use crate::l1::iam::Policy;
use crate::l1::s3;
use crate::removal::set_removal_policy;
use cfnkit_core::{DeletionPolicy, Handle, Scope, Stack, Value};

/// Read actions a grant gives: objects, their versions and tags, the
/// bucket's own settings, listings (the AWS CDK's read set).
const READ_ACTIONS: [&str; 3] = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"];
/// Write actions a grant gives: put, tag, lock and abort uploads, and delete
/// objects (the AWS CDK's put and delete sets).
const WRITE_ACTIONS: [&str; 7] = [
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:Abort*",
    "s3:DeleteObject*",
];

/// A lifecycle rule: what expires, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LifecycleRule {
    prefix: Option<String>,
    expire_after_days: Option<u32>,
    noncurrent_expire_after_days: Option<u32>,
    abort_uploads_after_days: Option<u32>,
}

impl LifecycleRule {
    /// A rule for every object.
    pub fn new() -> LifecycleRule {
        LifecycleRule::default()
    }

    /// Only for keys that start with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Deletes current objects `days` after their creation.
    pub fn expire_after_days(mut self, days: u32) -> Self {
        self.expire_after_days = Some(days);
        self
    }

    /// Deletes versions `days` after they stop being current (a versioned
    /// bucket keeps them otherwise, and pays for them).
    pub fn expire_noncurrent_after_days(mut self, days: u32) -> Self {
        self.noncurrent_expire_after_days = Some(days);
        self
    }

    /// Aborts multipart uploads left incomplete for `days`.
    pub fn abort_incomplete_uploads_after_days(mut self, days: u32) -> Self {
        self.abort_uploads_after_days = Some(days);
        self
    }
}

/// An S3 bucket with its TLS-only policy.
///
/// ```
/// use cfnkit_constructs::s3::{Bucket, LifecycleRule};
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let uploads = Bucket::builder()
///     .versioned(true)
///     .lifecycle_rule(LifecycleRule::new().expire_noncurrent_after_days(30))
///     .build(&mut stack, "Uploads")
///     .unwrap();
/// assert_eq!(uploads.path(), "Uploads");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    scope: Scope,
    handle: Handle<s3::Bucket>,
    policy: Handle<s3::BucketPolicy>,
}

/// Builds a [`Bucket`]; see [`Bucket::builder`].
#[derive(Clone, Debug)]
pub struct BucketBuilder {
    versioned: bool,
    lifecycle: Vec<LifecycleRule>,
    removal: DeletionPolicy,
    kms_key_arn: Option<Value>,
}

impl Bucket {
    /// A bucket, secure by default:
    /// - every public access blocked (ACLs and policies);
    /// - encrypted at rest (SSE-S3, or a KMS key with `kms_key`);
    /// - a bucket policy that denies any request not made over TLS
    ///   (`aws:SecureTransport`), as AWS's S3 security best practices ask;
    /// - object ownership enforced by the bucket (ACLs off);
    /// - retained when the stack deletes it or replaces it (its data
    ///   outlives the stack, as with the AWS CDK); `removal_policy` changes it.
    pub fn builder() -> BucketBuilder {
        BucketBuilder { versioned: false, lifecycle: Vec::new(), removal: DeletionPolicy::Retain, kms_key_arn: None }
    }

    /// The bucket's name (`Ref`).
    pub fn bucket_name(&self) -> Value {
        self.handle.reference()
    }

    /// The bucket's ARN.
    pub fn arn(&self) -> Value {
        self.handle.get_att("Arn")
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 bucket.
    pub fn handle(&self) -> &Handle<s3::Bucket> {
        &self.handle
    }

    /// The bucket policy (TLS only).
    pub fn policy(&self) -> &Handle<s3::BucketPolicy> {
        &self.policy
    }

    fn objects(&self) -> Value {
        Value::sub_with("${Arn}/*", [("Arn", self.arn())])
    }

    /// Lets `grantee` read objects, their versions and tags, and list the
    /// bucket: on this bucket's ARN and its objects' only.
    pub fn grant_read(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(READ_ACTIONS).resources([self.arn(), self.objects()]))
    }

    /// Lets `grantee` put and delete objects (and tag, lock, abort uploads).
    pub fn grant_write(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(WRITE_ACTIONS).resources([self.arn(), self.objects()]))
    }

    /// Both [`grant_read`](Self::grant_read) and
    /// [`grant_write`](Self::grant_write), in one statement.
    pub fn grant_read_write(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        let actions = READ_ACTIONS.iter().chain(WRITE_ACTIONS.iter()).copied();
        grantee.grant(stack, Statement::allow(actions).resources([self.arn(), self.objects()]))
    }
}

impl BucketBuilder {
    /// Keeps every version of every object (and needs a lifecycle rule for
    /// old versions, or they are kept, and paid for, forever).
    pub fn versioned(mut self, versioned: bool) -> Self {
        self.versioned = versioned;
        self
    }

    /// Adds a lifecycle rule.
    pub fn lifecycle_rule(mut self, rule: LifecycleRule) -> Self {
        self.lifecycle.push(rule);
        self
    }

    /// What a stack deletion or a replacement does to the bucket
    /// (`Retain` by default; `Delete` fails on a bucket with objects).
    pub fn removal_policy(mut self, policy: DeletionPolicy) -> Self {
        self.removal = policy;
        self
    }

    /// Encrypts with this KMS key (SSE-KMS, with an S3 bucket key to keep
    /// the KMS requests few) instead of S3's own keys.
    pub fn kms_key(mut self, key_arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(key_arn.into());
        self
    }

    /// Creates the bucket and its policy under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Bucket, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Bucket, Error> {
        let path = parent.child_path(id);
        let mut rules = Vec::new();
        for (index, rule) in self.lifecycle.iter().enumerate() {
            let mut l1 = s3::bucket::Rule::new("Enabled");
            l1.id = Some(format!("Rule{index}").into());
            l1.prefix = rule.prefix.clone().map(Into::into);
            for (days, field) in [
                (rule.expire_after_days, "lifecycle expiration days"),
                (rule.noncurrent_expire_after_days, "lifecycle noncurrent expiration days"),
                (rule.abort_uploads_after_days, "lifecycle abort-upload days"),
            ] {
                if let Some(days) = days {
                    check_range(&path, field, i64::from(days), 1, 36_500)?;
                }
            }
            l1.expiration_in_days = rule.expire_after_days.map(|d| i64::from(d).into());
            l1.noncurrent_version_expiration =
                rule.noncurrent_expire_after_days.map(|d| s3::bucket::NoncurrentVersionExpiration::new(i64::from(d)));
            l1.abort_incomplete_multipart_upload =
                rule.abort_uploads_after_days.map(|d| s3::bucket::AbortIncompleteMultipartUpload::new(i64::from(d)));
            if l1.expiration_in_days.is_none()
                && l1.noncurrent_version_expiration.is_none()
                && l1.abort_incomplete_multipart_upload.is_none()
            {
                return Err(Error::new(&path, crate::s3::S3Error::EmptyLifecycleRule { index }));
            }
            rules.push(l1);
        }

        let scope = stack.scope(parent, id)?;
        let encryption = match &self.kms_key_arn {
            Some(key) => s3::bucket::ServerSideEncryptionByDefault {
                kms_master_key_id: Some(key.clone().into()),
                ..s3::bucket::ServerSideEncryptionByDefault::new("aws:kms")
            },
            None => s3::bucket::ServerSideEncryptionByDefault::new("AES256"),
        };
        let rule = s3::bucket::ServerSideEncryptionRule {
            server_side_encryption_by_default: Some(encryption),
            bucket_key_enabled: self.kms_key_arn.as_ref().map(|_| true.into()),
            ..s3::bucket::ServerSideEncryptionRule::new()
        };
        let bucket = s3::Bucket {
            bucket_encryption: Some(s3::bucket::BucketEncryption::new(vec![rule])),
            public_access_block_configuration: Some(s3::bucket::PublicAccessBlockConfiguration {
                block_public_acls: Some(true.into()),
                block_public_policy: Some(true.into()),
                ignore_public_acls: Some(true.into()),
                restrict_public_buckets: Some(true.into()),
            }),
            ownership_controls: Some(s3::bucket::OwnershipControls::new(vec![s3::bucket::OwnershipControlsRule {
                object_ownership: Some("BucketOwnerEnforced".into()),
            }])),
            versioning_configuration: self.versioned.then(|| s3::bucket::VersioningConfiguration::new("Enabled")),
            lifecycle_configuration: (!rules.is_empty()).then(|| s3::bucket::LifecycleConfiguration::new(rules)),
            ..s3::Bucket::new()
        };
        let handle = stack.add(&scope, "Resource", bucket)?;
        set_removal_policy(stack, &handle, self.removal)?;
        stack.options_mut(&handle)?.suppress_checkov(
            "CKV_AWS_18",
            "no server access logs: they need a second bucket of their own and arrive best-effort; CloudTrail \
             data events record object access where an audit needs it",
        );
        let arn = handle.get_att("Arn");
        // "Deny ... when aws:SecureTransport is false" (Amazon S3 security
        // best practices, https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
        let tls_only = Statement::deny(["s3:*"])
            .sid("DenyInsecureTransport")
            .principal(Principal::Aws("*".into()))
            .resources([arn.clone(), Value::sub_with("${Arn}/*", [("Arn", arn)])])
            .condition("Bool", "aws:SecureTransport", "false");
        let policy = s3::BucketPolicy::new(handle.reference(), PolicyDocument::new([tls_only]));
        let policy = stack.add(&scope, "Policy", policy)?;
        Ok(Bucket { scope, handle, policy })
    }
}
