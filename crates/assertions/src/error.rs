//! Why an assertion failed, told with the template's closest candidates so
//! that the message alone says what to fix.
use std::fmt;

/// One place where a value does not match its pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Where, as a JSON pointer from the resource, output or template the
    /// pattern was matched against (`/Properties/Runtime`); `(JSON)` marks
    /// the way into a string parsed by [`Match::serialized_json`](crate::Match::serialized_json).
    pub path: String,
    /// What the pattern asks for there.
    pub expected: String,
    /// What the template holds there (`nothing` for a missing key).
    pub found: String,
}

impl Mismatch {
    pub(crate) fn new(path: &str, expected: impl Into<String>, found: impl Into<String>) -> Mismatch {
        Mismatch { path: path.to_owned(), expected: expected.into(), found: found.into() }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: expected {}, found {}", self.path, self.expected, self.found)
    }
}

/// A resource or output that did not match, with every place it differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Its logical ID.
    pub logical_id: String,
    /// The construct path synth named it from, when the template came from
    /// a stack.
    pub path: Option<String>,
    /// Where it differs from the pattern.
    pub mismatches: Vec<Mismatch>,
}

impl Candidate {
    /// `LogicalId (construct Path)`, or the logical ID alone when there is
    /// no path or it says nothing more.
    pub(crate) fn name(logical_id: &str, path: Option<&str>) -> String {
        match path {
            Some(path) if path != logical_id => format!("{logical_id} (construct {path})"),
            _ => logical_id.to_owned(),
        }
    }
}

/// Why an assertion failed. Its message lists what the template holds
/// instead: the closest candidates and where they differ, or what exists.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AssertionError {
    /// The template has no resource of the type asked about.
    NoResourceOfType {
        /// The type asked about.
        resource_type: String,
        /// The types the template has, each once, in template order.
        present_types: Vec<String>,
    },
    /// Resources of the type exist, but none matches the pattern.
    NoMatchingResource {
        /// The type asked about.
        resource_type: String,
        /// The closest resources (at most three), fewest mismatches first.
        closest: Vec<Candidate>,
        /// How many resources of the type there are.
        of: usize,
    },
    /// Not as many resources of the type as expected.
    WrongResourceCount {
        /// The type asked about.
        resource_type: String,
        /// How many were expected.
        expected: usize,
        /// Each one found: `LogicalId (construct Path)`.
        found: Vec<String>,
    },
    /// No Output matches the logical ID and pattern asked about.
    NoMatchingOutput {
        /// The closest outputs (at most three), fewest mismatches first.
        closest: Vec<Candidate>,
        /// How many outputs there are.
        of: usize,
    },
    /// No resource was named from this construct path.
    NoResourceAtPath {
        /// The path asked about.
        path: String,
        /// The resources' paths nearest to it (fewest edits), at most five.
        nearest: Vec<String>,
    },
    /// The resource at a construct path does not match the pattern.
    ResourceMismatch {
        /// The resource: `LogicalId (construct Path)`.
        resource: String,
        /// Where it differs.
        mismatches: Vec<Mismatch>,
    },
    /// The whole template does not match the pattern.
    TemplateMismatch {
        /// Where it differs.
        mismatches: Vec<Mismatch>,
    },
}

impl std::error::Error for AssertionError {}

impl fmt::Display for AssertionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssertionError::NoResourceOfType { resource_type, present_types } if present_types.is_empty() => {
                write!(f, "the template has no {resource_type}: it has no resources at all")
            }
            AssertionError::NoResourceOfType { resource_type, present_types } => {
                write!(f, "the template has no {resource_type}; the types it has: {}", present_types.join(", "))
            }
            AssertionError::NoMatchingResource { resource_type, closest, of } => {
                write!(f, "no {resource_type} matches the pattern; the closest of the {of} there are:")?;
                write_candidates(f, closest)
            }
            AssertionError::WrongResourceCount { resource_type, expected, found } if found.is_empty() => {
                write!(f, "expected {expected} {resource_type}, found none")
            }
            AssertionError::WrongResourceCount { resource_type, expected, found } => {
                write!(f, "expected {expected} {resource_type}, found {}: {}", found.len(), found.join(", "))
            }
            AssertionError::NoMatchingOutput { of: 0, .. } => f.write_str("no Output matches: the template has none"),
            AssertionError::NoMatchingOutput { closest, of } => {
                write!(f, "no Output matches; the closest of the {of} there are:")?;
                write_candidates(f, closest)
            }
            AssertionError::NoResourceAtPath { path, nearest } if nearest.is_empty() => {
                write!(f, "no resource at construct path {path:?}: the template has no construct paths")
            }
            AssertionError::NoResourceAtPath { path, nearest } => {
                write!(f, "no resource at construct path {path:?}; the nearest paths with one: {}", nearest.join(", "))
            }
            AssertionError::ResourceMismatch { resource, mismatches } => {
                write!(f, "{resource} does not match the pattern:")?;
                write_mismatches(f, mismatches)
            }
            AssertionError::TemplateMismatch { mismatches } => {
                f.write_str("the template does not match the pattern:")?;
                write_mismatches(f, mismatches)
            }
        }
    }
}

fn write_candidates(f: &mut fmt::Formatter<'_>, candidates: &[Candidate]) -> fmt::Result {
    for candidate in candidates {
        let count = candidate.mismatches.len();
        let plural = if count == 1 { "" } else { "es" };
        let name = Candidate::name(&candidate.logical_id, candidate.path.as_deref());
        write!(f, "\n  {name}, {count} mismatch{plural}:")?;
        for mismatch in &candidate.mismatches {
            write!(f, "\n    {mismatch}")?;
        }
    }
    Ok(())
}

fn write_mismatches(f: &mut fmt::Formatter<'_>, mismatches: &[Mismatch]) -> fmt::Result {
    for mismatch in mismatches {
        write!(f, "\n  {mismatch}")?;
    }
    Ok(())
}
