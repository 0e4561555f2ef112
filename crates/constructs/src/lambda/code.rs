//! Where a function's code comes from.
use crate::l1::lambda::function as l1;
use cfnkit_core::Str;

/// Where a function's code comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Code {
    /// Source inline in the template (`nodejs*` and `python*` runtimes
    /// only). `VpcFunction` takes at most 4096 bytes of it, the limit the
    /// CloudFormation documentation gives for `ZipFile`; larger code goes to S3.
    Inline {
        /// The source of `index.*` (`ZipFile`).
        zip_file: Str,
    },
    /// A deployment package in S3.
    S3 {
        /// The bucket, in the function's region (`S3Bucket`).
        s3_bucket: Str,
        /// The object key of the `.zip` (`S3Key`).
        s3_key: Str,
        /// For versioned buckets (`S3ObjectVersion`).
        s3_object_version: Option<Str>,
    },
    /// A local path, for `aws cloudformation package` (see [`Code::local_path`]).
    LocalPath(String),
}
impl Code {
    /// A local file or folder that `aws cloudformation package` uploads to
    /// S3 and replaces with its location; the template must be packaged
    /// before it is deployed.
    pub fn local_path(path: impl Into<String>) -> Code {
        Code::LocalPath(path.into())
    }

    /// Inline source code.
    pub fn inline(source: impl Into<Str>) -> Code {
        Code::Inline { zip_file: source.into() }
    }

    /// A package in S3.
    pub fn s3(bucket: impl Into<Str>, key: impl Into<Str>) -> Code {
        Code::S3 { s3_bucket: bucket.into(), s3_key: key.into(), s3_object_version: None }
    }
}

impl Code {
    /// The L1 `Code`; a local path is none of its forms (`aws cloudformation
    /// package` replaces the path string), so it gives an empty one that the
    /// function construct overrides with the path.
    pub(crate) fn to_l1(&self) -> l1::Code {
        match self {
            Code::Inline { zip_file } => l1::Code { zip_file: Some(zip_file.clone()), ..l1::Code::new() },
            Code::S3 { s3_bucket, s3_key, s3_object_version } => l1::Code {
                s3_bucket: Some(s3_bucket.clone()),
                s3_key: Some(s3_key.clone()),
                s3_object_version: s3_object_version.clone(),
                ..l1::Code::new()
            },
            Code::LocalPath(_) => l1::Code::new(),
        }
    }
}
