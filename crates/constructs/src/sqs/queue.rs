//! `Queue`: an encrypted SQS queue, with a dead-letter queue when asked,
//! consumed by functions whose timeout its visibility timeout fits.
use std::time::Duration;

use crate::error::{check_range, Error};
use crate::iam::{Grantable, Statement};
use crate::l1::iam::Policy;
use crate::l1::lambda::EventSourceMapping;
use crate::l1::sqs;
use crate::lambda::VpcFunction;
use crate::removal::set_removal_policy;
use crate::sqs::SqsError;
use cfnkit_core::{DeletionPolicy, Handle, Scope, Stack, Value};

/// Sending (the AWS CDK's send set).
const SEND_ACTIONS: [&str; 3] = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"];
/// Consuming: receive, delete, extend the visibility of a message (the AWS
/// CDK's consume set).
const CONSUME_ACTIONS: [&str; 5] = [
    "sqs:ReceiveMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueUrl",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
];

/// SQS's default visibility timeout, 30 seconds.
const DEFAULT_VISIBILITY: u64 = 30;

/// An SQS queue.
///
/// ```
/// use std::time::Duration;
/// use cfnkit_constructs::sqs::Queue;
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let jobs = Queue::builder()
///     .visibility_timeout(Duration::from_secs(60))
///     .dead_letter_queue(5)
///     .build(&mut stack, "Jobs")
///     .unwrap();
/// assert!(jobs.dead_letter_queue().is_some());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    scope: Scope,
    handle: Handle<sqs::Queue>,
    dead_letter: Option<Handle<sqs::Queue>>,
    visibility_seconds: u64,
}

/// Builds a [`Queue`]; see [`Queue::builder`].
#[derive(Clone, Debug)]
pub struct QueueBuilder {
    visibility: Duration,
    retention: Option<Duration>,
    max_receive_count: Option<u32>,
    removal: DeletionPolicy,
    kms_key_arn: Option<Value>,
}

impl Queue {
    /// A queue, encrypted at rest with SQS's own keys (or a KMS key),
    /// deleted with the stack unless `removal_policy` says otherwise, and
    /// with a dead-letter queue when `dead_letter_queue` is called.
    pub fn builder() -> QueueBuilder {
        QueueBuilder {
            visibility: Duration::from_secs(DEFAULT_VISIBILITY),
            retention: None,
            max_receive_count: None,
            removal: DeletionPolicy::Delete,
            kms_key_arn: None,
        }
    }

    /// The queue's URL (`Ref`).
    pub fn queue_url(&self) -> Value {
        self.handle.reference()
    }

    /// The queue's ARN.
    pub fn arn(&self) -> Value {
        self.handle.get_att("Arn")
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 queue.
    pub fn handle(&self) -> &Handle<sqs::Queue> {
        &self.handle
    }

    /// The dead-letter queue, when the queue has one.
    pub fn dead_letter_queue(&self) -> Option<&Handle<sqs::Queue>> {
        self.dead_letter.as_ref()
    }

    /// Lets `grantee` send messages to this queue, and only this one.
    pub fn grant_send(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(SEND_ACTIONS).resource(self.arn()))
    }

    /// Lets `grantee` receive and delete this queue's messages.
    pub fn grant_consume(&self, stack: &mut Stack, grantee: &impl Grantable) -> Result<Handle<Policy>, Error> {
        grantee.grant(stack, Statement::allow(CONSUME_ACTIONS).resource(self.arn()))
    }

    /// Makes `function` consume the queue (an event source mapping, and the
    /// grant to consume). The queue's visibility timeout must be at least
    /// six times the function's timeout, as Lambda asks, or a message still
    /// being processed reappears and runs twice.
    pub fn add_consumer(
        &self,
        stack: &mut Stack,
        function: &VpcFunction,
        batch_size: u32,
    ) -> Result<Handle<EventSourceMapping>, Error> {
        let id = format!("{}Consumer", function.path().chars().filter(char::is_ascii_alphanumeric).collect::<String>());
        let path = self.scope.child_path(&id);
        // "we recommend setting the source queue's visibility timeout to at
        // least six times the timeout that you configure on your function"
        // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
        let needed = u64::from(function.timeout_seconds()) * 6;
        if self.visibility_seconds < needed {
            return Err(Error::new(
                path,
                SqsError::VisibilityTimeoutTooShort {
                    visibility: self.visibility_seconds,
                    function_path: function.path().to_owned(),
                    function_timeout: function.timeout_seconds(),
                },
            ));
        }
        check_range(&path, "batch size", i64::from(batch_size), 1, 10_000)?;
        let mapping = EventSourceMapping {
            event_source_arn: Some(self.arn().into()),
            batch_size: Some(i64::from(batch_size).into()),
            ..EventSourceMapping::new(function.function_name())
        };
        self.grant_consume(stack, function)?;
        Ok(stack.add(&self.scope, &id, mapping)?)
    }
}

impl QueueBuilder {
    /// How long a received message stays hidden from other consumers
    /// (0 s to 12 h; 30 s by default).
    pub fn visibility_timeout(mut self, timeout: Duration) -> Self {
        self.visibility = timeout;
        self
    }

    /// How long a message is kept (60 s to 14 days; SQS's default is 4 days).
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = Some(retention);
        self
    }

    /// Adds a dead-letter queue (`<id>/DeadLetterQueue`, kept 14 days) that a
    /// message goes to after `max_receive_count` receives without being
    /// deleted.
    pub fn dead_letter_queue(mut self, max_receive_count: u32) -> Self {
        self.max_receive_count = Some(max_receive_count);
        self
    }

    /// What a stack deletion or a replacement does to the queue and its
    /// messages (`Delete` by default).
    pub fn removal_policy(mut self, policy: DeletionPolicy) -> Self {
        self.removal = policy;
        self
    }

    /// Encrypts with this KMS key instead of SQS's own keys.
    pub fn kms_key(mut self, key_arn: impl Into<Value>) -> Self {
        self.kms_key_arn = Some(key_arn.into());
        self
    }

    /// Creates the queue (and its dead-letter queue) under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<Queue, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<Queue, Error> {
        let path = parent.child_path(id);
        let visibility = self.visibility.as_secs();
        check_range(&path, "visibility timeout (seconds)", visibility as i64, 0, 43_200)?;
        // Retention, SQS's 4 days when not given, said explicitly (cfn-lint I3013).
        let retention = self.retention.map_or(345_600, |r| r.as_secs());
        check_range(&path, "retention (seconds)", retention as i64, 60, 1_209_600)?;
        if let Some(count) = self.max_receive_count {
            check_range(&path, "max receive count", i64::from(count), 1, 1000)?;
        }

        let scope = stack.scope(parent, id)?;
        let encrypted = |queue: sqs::Queue, key: &Option<Value>| match key {
            Some(key) => sqs::Queue { kms_master_key_id: Some(key.clone().into()), ..queue },
            None => sqs::Queue { sqs_managed_sse_enabled: Some(true.into()), ..queue },
        };
        let dead_letter = match self.max_receive_count {
            Some(_) => {
                let queue = sqs::Queue { message_retention_period: Some(1_209_600.into()), ..sqs::Queue::new() };
                let handle = stack.add(&scope, "DeadLetterQueue", encrypted(queue, &self.kms_key_arn))?;
                set_removal_policy(stack, &handle, self.removal)?;
                self.accept_scanner_findings(stack, &handle)?;
                Some(handle)
            }
            None => None,
        };
        let redrive = match (&dead_letter, self.max_receive_count) {
            (Some(queue), Some(count)) => Some(Value::map([
                ("deadLetterTargetArn", queue.get_att("Arn")),
                ("maxReceiveCount", Value::from(i64::from(count))),
            ])),
            _ => None,
        };
        let queue = sqs::Queue {
            visibility_timeout: Some((visibility as i64).into()),
            message_retention_period: Some((retention as i64).into()),
            redrive_policy: redrive,
            ..sqs::Queue::new()
        };
        let handle = stack.add(&scope, "Resource", encrypted(queue, &self.kms_key_arn))?;
        set_removal_policy(stack, &handle, self.removal)?;
        self.accept_scanner_findings(stack, &handle)?;
        Ok(Queue { scope, handle, dead_letter, visibility_seconds: visibility })
    }

    /// Records why a queue without a customer managed key passes checkov's
    /// `CKV_AWS_27`, which counts only KMS keys as encryption.
    fn accept_scanner_findings(&self, stack: &mut Stack, queue: &Handle<sqs::Queue>) -> Result<(), Error> {
        if self.kms_key_arn.is_none() {
            stack.options_mut(queue)?.suppress_checkov(
                "CKV_AWS_27",
                "encrypted at rest with SQS-owned keys (SSE-SQS, SqsManagedSseEnabled), which checkov does not \
                 count; pass kms_key(..) for a customer managed key",
            );
        }
        Ok(())
    }
}
