//! `Secret`: a generated credential in Secrets Manager, never in the
//! template, with least-privilege reads and optional rotation.
use std::time::Duration;

use crate::error::{check_range, Error};
use crate::iam::{Grantable, Statement};
use crate::l1::iam::Policy;
use crate::l1::secretsmanager;
use crate::lambda::LambdaTarget;
use crate::removal::set_removal_policy;
use cfnkit_core::{DeletionPolicy, Handle, Scope, Stack, Value};

/// Reading the value (the AWS CDK's read set).
const READ_ACTIONS: [&str; 2] = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];

/// Characters a generated password leaves out: those RDS refuses in a
/// master password ("/", "@", '"' and spaces) and the ones shells and
/// connection strings trip on.
pub const EXCLUDED_CHARACTERS: &str = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

/// A secret holding a generated password (and a username, for a database).
///
/// ```
/// use cfnkit_constructs::secretsmanager::Secret;
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let credentials = Secret::builder().username("app").build(&mut stack, "DbCredentials").unwrap();
/// let _password = credentials.field("password");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Secret {
    scope: Scope,
    handle: Handle<secretsmanager::Secret>,
}

/// Builds a [`Secret`]; see [`Secret::builder`].
#[derive(Clone, Debug)]
pub struct SecretBuilder {
    username: Option<String>,
    length: u32,
    description: Option<String>,
    kms_key_arn: Option<Value>,
    rotation: Option<(Value, Duration)>,
    removal: DeletionPolicy,
}

impl Secret {
    /// A secret whose `password` field Secrets Manager generates at deploy
    /// (32 characters, none of [`EXCLUDED_CHARACTERS`]): the value never
    /// appears in the template or the program.
    pub fn builder() -> SecretBuilder {
        SecretBuilder {
            username: None,
            length: 32,
            description: None,
            kms_key_arn: None,
            rotation: None,
            removal: DeletionPolicy::Delete,
        }
    }

    /// The secret's ARN (`Ref`).
    pub fn arn(&self) -> Value {
        self.handle.reference()
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 secret.
    pub fn handle(&self) -> &Handle<secretsmanager::Secret> {
        &self.handle
    }

    /// A dynamic reference to one field of the secret's JSON value
    /// (`{{resolve:secretsmanager:<arn>:SecretString:<field>}}`), which
    /// CloudFormation resolves at deploy, for a property that takes the
    /// value itself (a database's master password).
    pub fn field(&self, field: &str) -> Value {
        Value::sub_with(
            format!("{{{{resolve:secretsmanager:${{Secret}}:SecretString:{field}}}}}"),
            [("Secret", self.arn())],
        )
    }

    /// Lets `grantee` read the secret's value, and this secret's only.
    pub fn grant_read(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(READ_ACTIONS).resource(self.arn()))
    }
}

impl SecretBuilder {
    /// Makes the value `{"username": <username>, "password": <generated>}`,
    /// the shape a database's credentials take.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// The generated password's length (20 to 128; 32 by default).
    pub fn password_length(mut self, length: u32) -> Self {
        self.length = length;
        self
    }

    /// The secret's description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Encrypts with this KMS key instead of `aws/secretsmanager`.
    pub fn kms_key(mut self, key_arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(key_arn.into());
        self
    }

    /// Rotates the secret every `every` with `rotation_function` (a
    /// function that implements Secrets Manager's four rotation steps).
    pub fn rotation(mut self, rotation_function: &impl LambdaTarget, every: Duration) -> Self {
        self.rotation = Some((rotation_function.function_arn(), every));
        self
    }

    /// What a stack deletion or a replacement does to the secret (`Delete`
    /// by default; a database's own credentials are kept as long as the
    /// database's snapshot is).
    pub fn removal_policy(mut self, policy: DeletionPolicy) -> Self {
        self.removal = policy;
        self
    }

    /// Creates the secret under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Secret, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Secret, Error> {
        let path = parent.child_path(id);
        check_range(&path, "password length", i64::from(self.length), 20, 128)?;
        let days = self.rotation.as_ref().map(|(_, every)| every.as_secs() / 86_400);
        if let Some(days) = days {
            // "AutomaticallyAfterDays ... 1 to 1000"
            // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html).
            check_range(&path, "rotation days", days as i64, 1, 1000)?;
        }
        let scope = stack.scope(parent, id)?;
        let generate = secretsmanager::secret::GenerateSecretString {
            exclude_characters: Some(EXCLUDED_CHARACTERS.into()),
            password_length: Some(i64::from(self.length).into()),
            generate_string_key: self.username.as_ref().map(|_| "password".into()),
            secret_string_template: self
                .username
                .as_ref()
                .map(|user| serde_json::json!({ "username": user }).to_string().into()),
            ..secretsmanager::secret::GenerateSecretString::new()
        };
        let secret = secretsmanager::Secret {
            description: self.description.clone().map(Into::into),
            generate_secret_string: Some(generate),
            kms_key_id: self.kms_key_arn.clone().map(Into::into),
            ..secretsmanager::Secret::new()
        };
        let handle = stack.add(&scope, "Resource", secret)?;
        set_removal_policy(stack, &handle, self.removal)?;
        if self.kms_key_arn.is_none() {
            stack.options_mut(&handle)?.suppress_checkov(
                "CKV_AWS_149",
                "encrypted under the AWS managed key aws/secretsmanager, which this account's principals use \
                 through their IAM grants; pass kms_key(..) for a customer managed key (to share it with another \
                 account)",
            );
        }
        if let (Some((function, _)), Some(days)) = (self.rotation, days) {
            let schedule = secretsmanager::RotationSchedule {
                rotation_lambda_arn: Some(function.into()),
                rotation_rules: Some(secretsmanager::rotation_schedule::RotationRules {
                    automatically_after_days: Some((days as i64).into()),
                    ..secretsmanager::rotation_schedule::RotationRules::new()
                }),
                ..secretsmanager::RotationSchedule::new(handle.reference())
            };
            stack.add(&scope, "Rotation", schedule)?;
        }
        Ok(Secret { scope, handle })
    }
}
