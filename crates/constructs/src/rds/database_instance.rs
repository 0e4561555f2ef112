//! `DatabaseInstance`: RDS PostgreSQL or MySQL in a VPC's isolated or
//! private subnets, with its subnet group, security group and credentials
//! in Secrets Manager; encrypted, protected and snapshotted on removal.
use crate::ec2::{Connectable, Port, SecurityGroup, Subnet, SubnetKind, SubnetSelection, Vpc};
use crate::error::{check_range, Error};
use crate::l1::{rds, secretsmanager};
use crate::rds::RdsError;
use crate::removal::set_removal_policy;
use crate::secretsmanager::Secret;
use cfnkit_core::{DeletionPolicy, Handle, Scope, Stack, Value};

/// The database engine and its version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Engine {
    /// PostgreSQL, e.g. `Engine::postgres("17.6")`.
    Postgres {
        /// The engine version.
        version: String,
    },
    /// MySQL, e.g. `Engine::mysql("8.4.6")`.
    Mysql {
        /// The engine version.
        version: String,
    },
}

impl Engine {
    /// PostgreSQL at `version`.
    pub fn postgres(version: impl Into<String>) -> Engine {
        Engine::Postgres { version: version.into() }
    }

    /// MySQL at `version`.
    pub fn mysql(version: impl Into<String>) -> Engine {
        Engine::Mysql { version: version.into() }
    }

    fn name(&self) -> &'static str {
        match self {
            Engine::Postgres { .. } => "postgres",
            Engine::Mysql { .. } => "mysql",
        }
    }

    fn version(&self) -> &str {
        match self {
            Engine::Postgres { version } | Engine::Mysql { version } => version,
        }
    }

    /// The port the engine listens on.
    pub fn port(&self) -> u16 {
        match self {
            Engine::Postgres { .. } => 5432,
            Engine::Mysql { .. } => 3306,
        }
    }

    /// The logs RDS can publish to CloudWatch Logs for the engine.
    fn log_exports(&self) -> &'static [&'static str] {
        match self {
            Engine::Postgres { .. } => &["postgresql", "upgrade"],
            Engine::Mysql { .. } => &["error", "general", "slowquery"],
        }
    }
}

/// An RDS database instance.
///
/// ```
/// use cfnkit_constructs::ec2::{SubnetGroup, Vpc};
/// use cfnkit_constructs::rds::{DatabaseInstance, Engine};
/// use cfnkit_core::Stack;
///
/// let mut stack = Stack::new("Demo");
/// let vpc = Vpc::builder().max_azs(2).subnet_group(SubnetGroup::isolated("Data")).build(&mut stack, "Vpc").unwrap();
/// let database = DatabaseInstance::builder(&vpc, Engine::postgres("17.6")).build(&mut stack, "Database").unwrap();
/// assert_eq!(database.port(), 5432);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseInstance {
    scope: Scope,
    handle: Handle<rds::DbInstance>,
    security_group: SecurityGroup,
    secret: Secret,
    port: u16,
}

/// Builds a [`DatabaseInstance`]; see [`DatabaseInstance::builder`].
#[derive(Clone, Debug)]
pub struct DatabaseInstanceBuilder {
    vpc: Vpc,
    engine: Engine,
    instance_class: String,
    storage_gb: u32,
    subnets: Option<SubnetSelection>,
    credentials: Option<Secret>,
    username: String,
    database_name: Option<String>,
    multi_az: bool,
    backup_days: u32,
    removal: DeletionPolicy,
}

impl DatabaseInstance {
    /// A database in `vpc`, secure by default: in its isolated subnets
    /// (else its private ones; never public ones), reachable only through
    /// its own security group (which allows nothing until told to), storage
    /// encrypted, deletion protection on, credentials generated into a
    /// Secrets Manager secret (never in the template), IAM authentication
    /// and log exports on, backups kept 7 days, and a final snapshot when
    /// the stack deletes or replaces it.
    pub fn builder(vpc: &Vpc, engine: Engine) -> DatabaseInstanceBuilder {
        DatabaseInstanceBuilder {
            vpc: vpc.clone(),
            engine,
            instance_class: "db.t4g.micro".to_owned(),
            storage_gb: 20,
            subnets: None,
            credentials: None,
            username: "dbadmin".to_owned(),
            database_name: None,
            multi_az: false,
            backup_days: 7,
            removal: DeletionPolicy::Snapshot,
        }
    }

    /// The endpoint's host name.
    pub fn endpoint_address(&self) -> Value {
        self.handle.get_att("Endpoint.Address")
    }

    /// The port the engine listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The credentials' secret (`username`, `password`, and the host and
    /// port, which RDS adds through the secret's target attachment).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The database's security group.
    pub fn security_group(&self) -> &SecurityGroup {
        &self.security_group
    }

    /// The construct path.
    pub fn path(&self) -> &str {
        self.scope.path()
    }

    /// The L1 instance.
    pub fn handle(&self) -> &Handle<rds::DbInstance> {
        &self.handle
    }

    /// Lets `client` (a function, an instance, a group) connect on the
    /// engine's port.
    pub fn allow_from(&self, stack: &mut Stack, client: &impl Connectable) -> Result<(), Error> {
        self.security_group.allow_from(stack, client, Port::tcp(self.port))
    }
}

impl Connectable for DatabaseInstance {
    fn security_groups(&self) -> Vec<SecurityGroup> {
        vec![self.security_group.clone()]
    }
}

impl DatabaseInstanceBuilder {
    /// The instance class (`db.t4g.micro` by default).
    pub fn instance_class(mut self, class: impl Into<String>) -> Self {
        self.instance_class = class.into();
        self
    }

    /// Allocated storage, in GiB (20 to 65,536; 20 by default).
    pub fn storage_gb(mut self, gb: u32) -> Self {
        self.storage_gb = gb;
        self
    }

    /// Which subnets (isolated ones by default, else private ones).
    pub fn subnets(mut self, selection: SubnetSelection) -> Self {
        self.subnets = Some(selection);
        self
    }

    /// Uses this secret's `username` and `password` instead of a new one
    /// (it must have been built with `.username(..)`).
    pub fn credentials(mut self, secret: &Secret) -> Self {
        self.credentials = Some(secret.clone());
        self
    }

    /// The master user's name in a generated secret (`dbadmin` by default).
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = username.into();
        self
    }

    /// Creates a database of this name in the instance.
    pub fn database_name(mut self, name: impl Into<String>) -> Self {
        self.database_name = Some(name.into());
        self
    }

    /// A standby in a second AZ (twice the cost; failover in a minute or two).
    pub fn multi_az(mut self, multi_az: bool) -> Self {
        self.multi_az = multi_az;
        self
    }

    /// Days of automated backups (1 to 35; 7 by default).
    pub fn backup_days(mut self, days: u32) -> Self {
        self.backup_days = days;
        self
    }

    /// What a stack deletion or a replacement does (`Snapshot` by default).
    pub fn removal_policy(mut self, policy: DeletionPolicy) -> Self {
        self.removal = policy;
        self
    }

    /// Creates the instance, its subnet group, security group and secret
    /// under `id`.
    pub fn build(self, stack: &mut Stack, id: &str) -> Result<DatabaseInstance, Error> {
        let root = stack.root();
        self.build_in(stack, &root, id)
    }

    /// As [`build`](Self::build), under `parent`.
    pub fn build_in(self, stack: &mut Stack, parent: &Scope, id: &str) -> Result<DatabaseInstance, Error> {
        let path = parent.child_path(id);
        check_range(&path, "storage (GiB)", i64::from(self.storage_gb), 20, 65_536)?;
        check_range(&path, "backup days", i64::from(self.backup_days), 1, 35)?;
        let selection = match &self.subnets {
            Some(selection) => selection.clone(),
            None if !self.vpc.subnets_of_kind(SubnetKind::Isolated).is_empty() => {
                SubnetSelection::Kind(SubnetKind::Isolated)
            }
            None => SubnetSelection::Kind(SubnetKind::PrivateWithEgress),
        };
        let subnets: Vec<Subnet> = self.vpc.select_subnets_for(&path, &selection)?;
        if let Some(public) = subnets.iter().find(|s| s.kind() == SubnetKind::Public) {
            return Err(Error::new(&path, RdsError::PublicSubnet { subnet_path: public.path().to_owned() }));
        }
        // "A DB subnet group must have subnets in at least two
        // Availability Zones"
        // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html).
        let mut zones = Vec::new();
        for subnet in &subnets {
            if let Some(zone) = subnet.availability_zone() {
                if !zones.contains(&zone) {
                    zones.push(zone);
                }
            }
        }
        if zones.len() < 2 && subnets.iter().all(|s| s.availability_zone().is_some()) {
            return Err(Error::new(&path, RdsError::SubnetsInOneZone { subnets: subnets.len() }));
        }

        let scope = stack.scope(parent, id)?;
        let security_group = SecurityGroup::builder(&self.vpc)
            .description(format!("{} database", self.engine.name()))
            .allow_all_outbound(false)
            .build_in(stack, &scope, "SecurityGroup")?;
        let subnet_group = rds::DbSubnetGroup::new(
            format!("Subnets of {path}"),
            subnets.iter().map(|s| cfnkit_core::Str::from(s.subnet_id())).collect::<Vec<_>>(),
        );
        let subnet_group = stack.add(&scope, "SubnetGroup", subnet_group)?;
        let secret = match self.credentials {
            Some(secret) => secret,
            None => Secret::builder()
                .username(self.username.clone())
                .description(format!("Master credentials of {path}"))
                // A kept snapshot or instance needs its credentials.
                .removal_policy(match self.removal {
                    DeletionPolicy::Delete => DeletionPolicy::Delete,
                    _ => DeletionPolicy::Retain,
                })
                .build_in(stack, &scope, "Credentials")?,
        };
        let port = self.engine.port();
        let instance = rds::DbInstance {
            engine: Some(self.engine.name().into()),
            engine_version: Some(self.engine.version().into()),
            db_instance_class: Some(self.instance_class.clone().into()),
            allocated_storage: Some(self.storage_gb.to_string().into()),
            storage_type: Some("gp3".into()),
            storage_encrypted: Some(true.into()),
            deletion_protection: Some(true.into()),
            publicly_accessible: Some(false.into()),
            multi_az: Some(self.multi_az.into()),
            backup_retention_period: Some(i64::from(self.backup_days).into()),
            copy_tags_to_snapshot: Some(true.into()),
            auto_minor_version_upgrade: Some(true.into()),
            enable_iam_database_authentication: Some(true.into()),
            enable_cloudwatch_logs_exports: self
                .engine
                .log_exports()
                .iter()
                .map(|l| cfnkit_core::Str::from(*l))
                .collect::<Vec<_>>()
                .into(),
            master_username: Some(secret.field("username").into()),
            master_user_password: Some(secret.field("password").into()),
            db_name: self.database_name.clone().map(Into::into),
            db_subnet_group_name: Some(subnet_group.reference().into()),
            vpc_security_groups: vec![cfnkit_core::Str::from(security_group.group_id())].into(),
            port: Some(port.to_string().into()),
            ..rds::DbInstance::new()
        };
        let handle = stack.add(&scope, "Resource", instance)?;
        set_removal_policy(stack, &handle, self.removal)?;
        let options = stack.options_mut(&handle)?;
        if !self.multi_az {
            options.suppress_checkov(
                "CKV_AWS_157",
                "single-AZ, at half the cost: if its AZ fails it is restored from its automated backups; \
                 multi_az(true) keeps a synchronous standby in a second AZ",
            );
        }
        options.suppress_checkov(
            "CKV_AWS_118",
            "no enhanced monitoring: the instance's CloudWatch metrics and its exported logs are on; \
             OS-level metrics need a monitoring role and are billed as CloudWatch Logs",
        );
        // Adds the host, port and engine to the secret, so a client reads
        // all it needs from one place.
        let attachment =
            secretsmanager::SecretTargetAttachment::new(secret.arn(), handle.reference(), "AWS::RDS::DBInstance");
        stack.add(&scope, "SecretAttachment", attachment)?;
        Ok(DatabaseInstance { scope, handle, security_group, secret, port })
    }
}
