//! Finding a type's schema in the embedded data and parsing it once.
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::compile::Compiled;

use crate::generated::TYPES;

static DATA: &str = include_str!("../data/resource-types.jsonl");

/// One parsed entry per type of [`TYPES`], filled on first use.
static PARSED: [OnceLock<ResourceSpec>; TYPES.len()] = [const { OnceLock::new() }; TYPES.len()];

/// What the schemas say about one resource type.
#[derive(Debug)]
pub struct ResourceSpec {
    type_name: &'static str,
    schema: Json,
    create_only: Vec<String>,
    conditional_create_only: Vec<String>,
    read_only: HashSet<String>,
    /// The last names of the read-only pointers, to rule most properties
    /// out without building their pointer.
    read_only_names: HashSet<String>,
    /// The schema compiled for the validator, on first validation.
    compiled: OnceLock<Compiled>,
    stateful: bool,
    lifecycle: Option<(String, Option<String>)>,
    write_only: Vec<String>,
    primary_identifier: Vec<String>,
    deprecated: Vec<String>,
}

/// The spec of a resource type, or `None` for a type the schemas do not
/// have (a third-party type, a typo). A custom resource (`Custom::Name`)
/// has the spec of `AWS::CloudFormation::CustomResource`, as in cfn-lint.
pub fn resource_type(type_name: &str) -> Option<&'static ResourceSpec> {
    // A map rather than a binary search: synth asks once per resource, and
    // eleven comparisons of names that share their `AWS::EC2::` prefix
    // showed in its profile.
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| TYPES.iter().enumerate().map(|(i, (name, _, _))| (*name, i)).collect());
    let type_name = if type_name.starts_with("Custom::") { "AWS::CloudFormation::CustomResource" } else { type_name };
    let index = *index.get(type_name)?;
    Some(PARSED[index].get_or_init(|| {
        let (name, start, end) = TYPES[index];
        // The generator wrote this JSON; a parse failure is a broken build.
        let schema: Json = serde_json::from_str(&DATA[start..end]).expect("the generated schema data is JSON");
        ResourceSpec::new(name, schema)
    }))
}

/// The type name the schemas have that is closest to `type_name`, for a
/// "did you mean" in an error.
pub fn closest_type_name(type_name: &str) -> Option<&'static str> {
    crate::validate::closest(type_name, type_names())
}

/// Every type name the schemas have, sorted.
pub fn type_names() -> impl Iterator<Item = &'static str> {
    TYPES.iter().map(|(name, _, _)| *name)
}

fn strings(schema: &Json, key: &str) -> Vec<String> {
    schema
        .get(key)
        .and_then(Json::as_array)
        .map(|items| items.iter().filter_map(Json::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

impl ResourceSpec {
    fn new(type_name: &'static str, schema: Json) -> ResourceSpec {
        let read_only: HashSet<String> = strings(&schema, "readOnlyProperties").into_iter().collect();
        let read_only_names = read_only.iter().filter_map(|p| p.rsplit('/').next()).map(str::to_owned).collect();
        ResourceSpec {
            type_name,
            read_only,
            read_only_names,
            compiled: OnceLock::new(),
            stateful: schema.get("stateful").and_then(Json::as_bool) == Some(true),
            lifecycle: schema.get("lifecycle").and_then(|l| {
                let status = l.get("status").and_then(Json::as_str)?.to_owned();
                Some((status, l.get("date").and_then(Json::as_str).map(str::to_owned)))
            }),
            create_only: strings(&schema, "createOnlyProperties"),
            conditional_create_only: strings(&schema, "conditionalCreateOnlyProperties"),
            write_only: strings(&schema, "writeOnlyProperties"),
            primary_identifier: strings(&schema, "primaryIdentifier"),
            deprecated: strings(&schema, "deprecatedProperties"),
            schema,
        }
    }

    /// The type name, e.g. `AWS::EC2::Subnet`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The schema (its validation keywords only), as JSON.
    pub fn schema(&self) -> &Json {
        &self.schema
    }

    /// Properties whose change replaces the resource, as JSON pointers
    /// into the schema (`/properties/CidrBlock`, `/properties/A/B`).
    pub fn create_only_properties(&self) -> &[String] {
        &self.create_only
    }

    /// Properties whose change may replace the resource, depending on
    /// how it changes (the schema's `conditionalCreateOnlyProperties`).
    pub fn conditional_create_only_properties(&self) -> &[String] {
        &self.conditional_create_only
    }

    /// Whether the property at `pointer` (`/properties/Arn`, with `*` for
    /// list items) is read-only: an attribute, never set in a template.
    pub fn is_read_only(&self, pointer: &str) -> bool {
        self.read_only.contains(pointer)
    }

    /// Whether any read-only pointer ends in `name` (a quick filter before
    /// [`ResourceSpec::is_read_only`]).
    pub(crate) fn may_be_read_only(&self, name: &str) -> bool {
        self.read_only_names.contains(name)
    }

    /// The schema compiled for the validator.
    pub(crate) fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| crate::compile::compile(&self.schema))
    }

    /// Read-only properties, sorted.
    pub fn read_only_properties(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.read_only.iter().map(String::as_str).collect();
        all.sort_unstable();
        all
    }

    /// Properties the service accepts but never returns (passwords and
    /// the like), so a drift check cannot compare them.
    pub fn write_only_properties(&self) -> &[String] {
        &self.write_only
    }

    /// The properties that identify a resource of this type.
    pub fn primary_identifier(&self) -> &[String] {
        &self.primary_identifier
    }

    /// Deprecated properties.
    pub fn deprecated_properties(&self) -> &[String] {
        &self.deprecated
    }

    /// Whether cfn-lint counts the type as stateful (rule I3011: its data
    /// goes with it on a replacement or a stack deletion, so its
    /// `DeletionPolicy` and `UpdateReplacePolicy` should be set on purpose).
    pub fn is_stateful(&self) -> bool {
        self.stateful
    }

    /// Where the type's service is in its life, when it is ending: shut
    /// down (E3710), sunsetting (W3696) or in maintenance (W3697), with the
    /// date; from the schemas' `lifecycle`.
    pub fn lifecycle(&self) -> Option<(&str, Option<&str>)> {
        self.lifecycle.as_ref().map(|(status, date)| (status.as_str(), date.as_deref()))
    }

    /// Whether the `Fn::GetAtt` attribute `attribute` (`Arn`,
    /// `Endpoint.Address`) is a list, as the schema declares it; `None`
    /// when the schema does not describe it.
    pub fn attribute_is_list(&self, attribute: &str) -> Option<bool> {
        let mut node = &self.schema;
        for segment in attribute.split('.') {
            node = self.follow_ref(node).get("properties")?.get(segment)?;
        }
        let node = self.follow_ref(node);
        Some(node.get("type").and_then(Json::as_str) == Some("array"))
    }

    /// `node`, or the definition its `$ref` names.
    fn follow_ref<'s>(&'s self, node: &'s Json) -> &'s Json {
        node.get("$ref")
            .and_then(Json::as_str)
            .and_then(|pointer| pointer.strip_prefix('#'))
            .and_then(|pointer| self.schema.pointer(pointer))
            .unwrap_or(node)
    }

    /// Whether the type takes tags, and under which property.
    pub fn tag_property(&self) -> Option<&str> {
        let tagging = self.schema.get("tagging")?;
        if tagging.get("taggable").and_then(Json::as_bool) == Some(false) {
            return None;
        }
        Some(tagging.get("tagProperty").and_then(Json::as_str).map_or("Tags", |p| p.trim_start_matches("/properties/")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_indexed_type_parses_and_the_index_is_sorted() {
        assert!(TYPES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(type_names().count(), TYPES.len());
        for name in type_names() {
            let spec = resource_type(name).unwrap();
            assert_eq!(spec.type_name(), name);
            assert!(spec.schema().get("properties").is_some(), "{name}");
        }
    }

    #[test]
    fn a_type_the_schemas_lack_has_no_spec() {
        assert!(resource_type("AWS::EC2::Subnett").is_none());
        assert!(resource_type("MyOrg::Service::Thing").is_none());
        assert_eq!(resource_type("Custom::Thing").unwrap().type_name(), "AWS::CloudFormation::CustomResource");
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(crate::edit_distance("Graphql/Resource", "Grapql/Resource"), 1);
        assert_eq!(crate::edit_distance("kitten", "sitting"), 3);
        assert_eq!(crate::edit_distance("", "abc"), 3);
        assert_eq!(crate::edit_distance("same", "same"), 0);
    }

    #[test]
    fn list_attributes_are_told_from_scalar_ones() {
        let subnet = resource_type("AWS::EC2::Subnet").unwrap();
        assert_eq!(subnet.attribute_is_list("Ipv6CidrBlocks"), Some(true));
        assert_eq!(subnet.attribute_is_list("SubnetId"), Some(false));
        let database = resource_type("AWS::RDS::DBInstance").unwrap();
        assert_eq!(database.attribute_is_list("Endpoint.Address"), Some(false));
        assert_eq!(database.attribute_is_list("Endpoint.Nothing"), None);
        assert_eq!(subnet.attribute_is_list("Nothing"), None);
    }

    #[test]
    fn the_diff_data_is_there() {
        let subnet = resource_type("AWS::EC2::Subnet").unwrap();
        assert!(subnet.create_only_properties().contains(&"/properties/VpcId".to_owned()));
        assert!(subnet.is_read_only("/properties/SubnetId"));
        assert_eq!(subnet.primary_identifier(), ["/properties/SubnetId"]);
        assert_eq!(subnet.tag_property(), Some("Tags"));
        assert!(!subnet.is_stateful());
        assert!(resource_type("AWS::RDS::DBInstance").unwrap().is_stateful());
        assert_eq!(resource_type("AWS::QLDB::Ledger").unwrap().lifecycle().map(|l| l.0), Some("shutdown"));
        assert_eq!(subnet.lifecycle(), None);
        let function = resource_type("AWS::Lambda::Function").unwrap();
        assert!(function.create_only_properties().contains(&"/properties/FunctionName".to_owned()));
    }
}
