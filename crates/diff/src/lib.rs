//! What deploying a template over the one deployed will do, worked out
//! locally: each resource added, removed (destroyed, or orphaned under
//! `DeletionPolicy: Retain`), replaced and why (a create-only property, a
//! type change, or a cascade through a reference to a replaced resource,
//! named), possibly replaced (a property the schema lists as conditionally
//! create-only), updated, or unchanged once values are normalised (`"10"`
//! equals `10`, key order never matters; a metadata-only change says so).
//! A logical ID that changed is a rename: CloudFormation deletes the old
//! resource and creates the new one. Security-group rules and IAM
//! statements that change are listed as tables, and the reachability
//! analysis of both templates gives the paths opened and closed.
//!
//! Which properties replace a resource comes from the CloudFormation
//! resource schemas (`createOnlyProperties`, and
//! `conditionalCreateOnlyProperties` for "may be replaced"), through
//! [`cfnkit_spec`]. What a local diff cannot know (parameter values,
//! imports, values resolved at deploy, conditions) is marked, with the
//! change-set commands that would confirm it.
//!
//! ```
//! use cfnkit_diff::{diff, Change};
//! use cfnkit_template::Template;
//!
//! let old = Template::parse(r#"{"Resources": {"Net": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}"#).unwrap();
//! let new = Template::parse(r#"{"Resources": {"Net": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}}}}"#).unwrap();
//! let diff = diff(&old, &new, &Default::default());
//! assert!(matches!(diff.resources[0].change, Change::Replaced { .. }));
//! ```
#![warn(missing_docs)]

mod classify;
mod render;
mod tables;
mod values;

use indexmap::IndexMap;

pub use render::Style;
pub use tables::{PathChange, RuleChange, StatementChange};

/// What a deploy does to one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDiff {
    /// Its logical ID (in the new template; in the old one when removed).
    pub logical_id: String,
    /// Its construct path, when the new template has it.
    pub path: Option<String>,
    /// Its type (the new one, when it changed).
    pub resource_type: String,
    /// What happens to it.
    pub change: Change,
    /// What a local diff cannot know about it: the parameters, imports,
    /// values resolved at deploy and conditions its properties depend on.
    pub unknowns: Vec<String>,
}

/// What happens to a resource.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// New in this template.
    Added,
    /// Gone from this template.
    Removed(Removal),
    /// The same resource under a new logical ID: CloudFormation deletes
    /// the old one and creates this one.
    Renamed {
        /// The old logical ID.
        from: String,
        /// The old construct path, when the previous output recorded it
        /// (the manifest of `--output-dir`).
        from_path: Option<String>,
        /// What happens to the old resource.
        old: Removal,
    },
    /// A new physical resource replaces the old one.
    Replaced {
        /// Why, each reason on its own.
        reasons: Vec<Reason>,
        /// Every property that changes.
        updates: Vec<PropertyChange>,
        /// Whether the old one is kept (`UpdateReplacePolicy: Retain`).
        old_retained: bool,
    },
    /// Replaced or updated in place, depending on the change (the schema
    /// lists the property as conditionally create-only).
    MayBeReplaced {
        /// What may replace it.
        reasons: Vec<Reason>,
        /// Every property that changes.
        updates: Vec<PropertyChange>,
    },
    /// Updated in place.
    Updated {
        /// Every property that changes.
        updates: Vec<PropertyChange>,
        /// Properties that change because a resource they refer to is
        /// replaced.
        cascades: Vec<Reason>,
    },
    /// Nothing CloudFormation acts on; why the templates still differ,
    /// if they do.
    Unchanged(Option<Sameness>),
}

impl Change {
    /// How serious the change is, for ordering and for `--fail-on`:
    /// unchanged 0, updated 1, may be replaced 2, replaced or renamed 3;
    /// added 1, removed 3.
    pub fn severity(&self) -> u8 {
        match self {
            Change::Unchanged(_) => 0,
            Change::Updated { .. } | Change::Added => 1,
            Change::MayBeReplaced { .. } => 2,
            Change::Replaced { .. } | Change::Renamed { .. } | Change::Removed(_) => 3,
        }
    }

    /// Whether a physical resource may be created anew in place of the
    /// old one (replaced, possibly replaced, renamed).
    pub fn replaces(&self) -> bool {
        matches!(self, Change::Replaced { .. } | Change::MayBeReplaced { .. } | Change::Renamed { .. })
    }

    /// Whether a physical resource is deleted: removed or renamed without
    /// a retaining policy, or replaced without `UpdateReplacePolicy:
    /// Retain`.
    pub fn destroys(&self) -> bool {
        match self {
            Change::Removed(removal) | Change::Renamed { old: removal, .. } => *removal != Removal::Retained,
            Change::Replaced { old_retained, .. } => !old_retained,
            _ => false,
        }
    }
}

/// Why templates that CloudFormation reads as the same still differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sameness {
    /// Only keys in another order.
    KeyOrder,
    /// Only scalars written differently (`"10"` against `10`).
    Scalars,
    /// Only `Metadata`, which CloudFormation stores but no service reads.
    Metadata,
    /// Only `DependsOn`: the order of operations, not the resource.
    DependsOn,
    /// Only `DeletionPolicy` or `UpdateReplacePolicy`: what a later
    /// removal or replacement does.
    Policies,
}

/// What happens to a resource that goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Deleted with its data.
    Destroyed,
    /// Deleted after a final snapshot (`DeletionPolicy: Snapshot`, the
    /// default of RDS instances and clusters).
    Snapshot,
    /// Left in the account, out of the stack (`DeletionPolicy: Retain`).
    Retained,
}

/// Why a resource is (or may be) replaced, or updated in cascade.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// A property whose change replaces the resource.
    CreateOnly {
        /// The property, as a path below `Properties` (`CidrBlock`).
        property: String,
    },
    /// A property whose change replaces the resource in some cases.
    ConditionallyCreateOnly {
        /// The property.
        property: String,
    },
    /// The resource type changed.
    TypeChanged {
        /// The old type.
        from: String,
    },
    /// A property that refers to a replaced resource, whose physical ID
    /// (and attributes) change with it.
    Cascade {
        /// The property.
        property: String,
        /// The replaced resource's logical ID.
        through: String,
        /// Whether the property is create-only (then the cascade replaces
        /// this resource too), conditionally so, or updatable.
        effect: CascadeEffect,
    },
}

/// What a cascade does to the resource that refers to a replaced one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CascadeEffect {
    /// The property is create-only: this resource is replaced too.
    Replaces,
    /// The property is conditionally create-only.
    MayReplace,
    /// The property is updated in place.
    Updates,
}

/// One property value that changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PropertyChange {
    /// The path below `Properties`, keys and list indexes (`A/0/B`).
    pub property: String,
    /// The old value, if it had one.
    pub old: Option<serde_json::Value>,
    /// The new value, if it has one.
    pub new: Option<serde_json::Value>,
}

/// An output or parameter added, removed or changed.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryChange {
    /// Its logical ID.
    pub logical_id: String,
    /// `+`, `-` or `~`.
    pub kind: EntryKind,
    /// For an output: the export it had and loses, if any (removing an
    /// export another stack imports fails the deploy).
    pub lost_export: Option<String>,
}

/// Whether an entry is added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// Changed.
    Changed,
}

/// Everything a deploy of the new template over the old one does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    /// Every resource of either template, the new template's order first,
    /// then those only the old one has.
    pub resources: Vec<ResourceDiff>,
    /// Parameters added, removed or changed.
    pub parameters: Vec<EntryChange>,
    /// Outputs added, removed or changed.
    pub outputs: Vec<EntryChange>,
    /// Security-group rules added and removed.
    pub rules: Vec<RuleChange>,
    /// IAM and resource-policy statements added and removed.
    pub statements: Vec<StatementChange>,
    /// Network paths opened and closed.
    pub reachability: Vec<PathChange>,
}

impl Diff {
    /// Whether the deploy changes nothing CloudFormation acts on.
    pub fn is_empty(&self) -> bool {
        self.resources.iter().all(|r| r.change.severity() == 0) && self.parameters.is_empty() && self.outputs.is_empty()
    }

    /// The resources that change (every one but the unchanged).
    pub fn changed(&self) -> impl Iterator<Item = &ResourceDiff> {
        self.resources.iter().filter(|r| r.change.severity() > 0)
    }

    /// The diff of the resource `logical_id`.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceDiff> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }
}

/// The diff of deploying `new` over `old`. `paths` maps the new template's
/// logical IDs to construct paths, for the report.
pub fn diff(
    old: &cfnkit_template::Template,
    new: &cfnkit_template::Template,
    paths: &IndexMap<String, String>,
) -> Diff {
    diff_with_paths(old, new, &Paths { old: IndexMap::new(), new: paths.clone() })
}

/// Construct paths by logical ID.
pub type PathMap = IndexMap<String, String>;

/// The construct paths of each template's resources, by logical ID.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paths {
    /// The old template's, when its output recorded them (the manifest
    /// `--output-dir` writes), so that a removed or renamed resource is
    /// named by its construct too.
    pub old: PathMap,
    /// The new template's.
    pub new: PathMap,
}

/// [`diff`], with the old template's construct paths too.
pub fn diff_with_paths(old: &cfnkit_template::Template, new: &cfnkit_template::Template, paths: &Paths) -> Diff {
    let old_json = old.to_json();
    let new_json = new.to_json();
    let mut diff = Diff {
        resources: classify::resources(&old_json, &new_json, paths),
        parameters: classify::entries(&old_json, &new_json, "Parameters"),
        outputs: classify::entries(&old_json, &new_json, "Outputs"),
        rules: tables::rules(&old_json, &new_json),
        statements: tables::statements(&old_json, &new_json),
        reachability: Vec::new(),
    };
    diff.reachability = tables::reachability(old, new);
    diff
}
