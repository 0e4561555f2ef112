//! [`Template`]: a template under test, its queries and its assertions.
use std::collections::HashMap;

use cfnkit_core::{Resource, Stack};
use cfnkit_synth::SynthError;
use serde_json::{Map, Value as Json};

use crate::error::{AssertionError, Candidate, Mismatch};
use crate::matcher::{Match, Objects};

/// How many candidates a failure shows: enough to spot the intended one,
/// few enough to read.
const CLOSEST_SHOWN: usize = 3;

/// How many construct paths a failed [`Template::resource_at`] suggests.
const NEAREST_PATHS_SHOWN: usize = 5;

/// A template under test: the JSON CloudFormation would get, and the
/// construct path each logical ID was named from, so that failures name
/// both.
///
/// Each assertion comes twice: `try_...` returns an [`AssertionError`]
/// whose message shows what the template has instead, and the plain form
/// panics with that message at the caller's line, for tests.
#[derive(Clone, Debug)]
pub struct Template {
    json: Json,
    /// Construct path → logical ID, in synth's order.
    ids_by_path: Vec<(String, String)>,
    /// Logical ID → construct path.
    paths_by_id: HashMap<String, String>,
}

impl Template {
    /// Synthesises the stack (every check synth makes included) and takes
    /// its template; synth's error is returned, not panicked.
    pub fn from_stack(stack: &Stack) -> Result<Template, SynthError> {
        cfnkit_synth::synth(stack).map(|template| Template::from_synthesised(&template))
    }

    /// A template synth already made (one of `synth_app`'s, a nested
    /// stack's); it is copied, so the original stays the caller's.
    pub fn from_synthesised(template: &cfnkit_synth::Template) -> Template {
        let ids_by_path: Vec<(String, String)> =
            template.logical_ids().map(|(path, id)| (path.to_owned(), id.to_owned())).collect();
        let paths_by_id = ids_by_path.iter().map(|(path, id)| (id.clone(), path.clone())).collect();
        Template { json: template.json().clone(), ids_by_path, paths_by_id }
    }

    /// Any template as JSON (read from a file, written by hand). It has no
    /// construct paths: failures name logical IDs only, and
    /// [`Template::resource_at`] finds nothing.
    pub fn from_json(json: Json) -> Template {
        Template { json, ids_by_path: Vec::new(), paths_by_id: HashMap::new() }
    }

    /// The template as JSON.
    pub fn json(&self) -> &Json {
        &self.json
    }

    /// The logical ID synth gave the construct at `path`.
    pub fn logical_id(&self, path: &str) -> Option<&str> {
        self.ids_by_path.iter().find(|(known, _)| known == path).map(|(_, id)| id.as_str())
    }

    /// The construct path the logical ID was named from.
    pub fn path_of(&self, logical_id: &str) -> Option<&str> {
        self.paths_by_id.get(logical_id).map(String::as_str)
    }

    /// Every resource, by logical ID, in template order.
    fn resources(&self) -> impl Iterator<Item = (&str, &Json)> {
        section(&self.json, "Resources")
    }

    /// The resources of one CloudFormation type, by logical ID, in order.
    pub fn resources_of_type(&self, resource_type: &str) -> Vec<(&str, &Json)> {
        self.resources().filter(|(_, resource)| type_of(resource) == Some(resource_type)).collect()
    }

    /// The resources of an L1 type, without writing its type name:
    /// `resources_of::<cfnkit::l1::lambda::function::Function>()`.
    /// ([`cfnkit_core::RawResource`] has no type name of its own: use
    /// [`Template::resources_of_type`] for it.)
    pub fn resources_of<T: Resource>(&self) -> Vec<(&str, &Json)> {
        self.resources_of_type(T::TYPE_NAME)
    }

    /// The resources of the type whose whole definition (`Properties`,
    /// `DependsOn`, `Metadata`, policies, ...) matches the pattern, as
    /// [`Match::object_like`] has it, by logical ID.
    pub fn find_resources(&self, resource_type: &str, pattern: impl Into<Match>) -> Vec<(&str, &Json)> {
        let pattern = Match::object_like(pattern);
        self.resources_of_type(resource_type).into_iter().filter(|(_, resource)| pattern.matches(resource)).collect()
    }

    /// The outputs whose logical ID matches `id` (a string, or a matcher
    /// such as [`Match::any_value`] for every one) and whose definition
    /// (`Value`, `Export`, `Description`, `Condition`) matches the pattern.
    pub fn find_outputs(&self, id: impl Into<Match>, pattern: impl Into<Match>) -> Vec<(&str, &Json)> {
        let (id, pattern) = (id.into(), Match::object_like(pattern));
        section(&self.json, "Outputs")
            .filter(|(logical_id, output)| id.matches(&Json::from(*logical_id)) && pattern.matches(output))
            .collect()
    }

    /// Asserts that a resource of the type has `Properties` matching the
    /// pattern, as [`Match::object_like`] has it (a resource with no
    /// `Properties` is matched as `{}`). Mismatches are reported from the
    /// resource (`/Properties/Runtime`), for the three closest resources.
    #[track_caller]
    pub fn has_resource_properties(&self, resource_type: &str, pattern: impl Into<Match>) {
        or_panic(self.try_has_resource_properties(resource_type, pattern));
    }

    /// [`Template::has_resource_properties`], returning the failure.
    pub fn try_has_resource_properties(
        &self,
        resource_type: &str,
        pattern: impl Into<Match>,
    ) -> Result<(), AssertionError> {
        let pattern = Match::object_like(pattern);
        self.find_resource(resource_type, |resource| properties_mismatches(&pattern, resource))
    }

    /// Asserts that a resource of the type has a whole definition
    /// (`Properties`, `DependsOn`, `Metadata`, `DeletionPolicy`, ...)
    /// matching the pattern, as [`Match::object_like`] has it.
    #[track_caller]
    pub fn has_resource(&self, resource_type: &str, pattern: impl Into<Match>) {
        or_panic(self.try_has_resource(resource_type, pattern));
    }

    /// [`Template::has_resource`], returning the failure.
    pub fn try_has_resource(&self, resource_type: &str, pattern: impl Into<Match>) -> Result<(), AssertionError> {
        let pattern = Match::object_like(pattern);
        self.find_resource(resource_type, |resource| pattern.mismatches(resource))
    }

    /// Asserts that the template has exactly `count` resources of the
    /// type; the failure lists the ones it has.
    #[track_caller]
    pub fn resource_count_is(&self, resource_type: &str, count: usize) {
        or_panic(self.try_resource_count_is(resource_type, count));
    }

    /// [`Template::resource_count_is`], returning the failure.
    pub fn try_resource_count_is(&self, resource_type: &str, count: usize) -> Result<(), AssertionError> {
        let found = self.resources_of_type(resource_type);
        if found.len() == count {
            return Ok(());
        }
        Err(AssertionError::WrongResourceCount {
            resource_type: resource_type.to_owned(),
            expected: count,
            found: found.iter().map(|(id, _)| Candidate::name(id, self.path_of(id))).collect(),
        })
    }

    /// Asserts that an Output whose logical ID matches `id` (a string, or
    /// a matcher such as [`Match::string_like_regex`]) has a definition
    /// matching the pattern, as [`Match::object_like`] has it. A mismatch
    /// of the ID is reported at the path `(logical ID)`.
    #[track_caller]
    pub fn has_output(&self, id: impl Into<Match>, pattern: impl Into<Match>) {
        or_panic(self.try_has_output(id, pattern));
    }

    /// [`Template::has_output`], returning the failure.
    pub fn try_has_output(&self, id: impl Into<Match>, pattern: impl Into<Match>) -> Result<(), AssertionError> {
        let (id, pattern) = (id.into(), Match::object_like(pattern));
        let outputs: Vec<(&str, &Json)> = section(&self.json, "Outputs").collect();
        let candidates = outputs.iter().map(|(logical_id, output)| {
            let mut mismatches = Vec::new();
            id.check(Some(&Json::from(*logical_id)), Objects::Partial, "(logical ID)", &mut mismatches);
            mismatches.extend(pattern.mismatches(output));
            self.candidate(logical_id, mismatches)
        });
        match closest(candidates) {
            Ok(()) => Ok(()),
            Err(closest) => Err(AssertionError::NoMatchingOutput { closest, of: outputs.len() }),
        }
    }

    /// Asserts that the whole template matches the pattern, as
    /// [`Match::object_like`] has it (`{"Resources": {"Id": {...}}}`).
    #[track_caller]
    pub fn template_matches(&self, pattern: impl Into<Match>) {
        or_panic(self.try_template_matches(pattern));
    }

    /// [`Template::template_matches`], returning the failure.
    pub fn try_template_matches(&self, pattern: impl Into<Match>) -> Result<(), AssertionError> {
        let mismatches = Match::object_like(pattern).mismatches(&self.json);
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(AssertionError::TemplateMismatch { mismatches })
        }
    }

    /// The resource named from the construct path (`"Graphql/Resource"`),
    /// to assert on it alone; its failures name the path.
    ///
    /// # Panics
    ///
    /// When no resource was named from the path, listing the nearest paths
    /// that have one; [`Template::try_resource_at`] returns that instead.
    #[track_caller]
    pub fn resource_at(&self, path: &str) -> ResourceAt<'_> {
        or_panic(self.try_resource_at(path))
    }

    /// [`Template::resource_at`], returning the failure.
    pub fn try_resource_at(&self, path: &str) -> Result<ResourceAt<'_>, AssertionError> {
        let found = self.logical_id(path).and_then(|id| Some((id, self.json.get("Resources")?.get(id)?)));
        match found {
            Some((logical_id, json)) => Ok(ResourceAt { path: path.to_owned(), logical_id, json }),
            None => Err(AssertionError::NoResourceAtPath { path: path.to_owned(), nearest: self.nearest_paths(path) }),
        }
    }

    /// The construct paths of resources fewest edits away from `path` (a
    /// typo, a scope's path without its `/Resource`), in template order
    /// among equals.
    fn nearest_paths(&self, path: &str) -> Vec<String> {
        let resources: Vec<&str> = self.resources().map(|(id, _)| id).collect();
        let mut paths: Vec<&str> = self
            .ids_by_path
            .iter()
            .filter(|(_, id)| resources.contains(&id.as_str()))
            .map(|(known, _)| known.as_str())
            .collect();
        paths.sort_by_cached_key(|known| cfnkit_spec::edit_distance(known, path));
        paths.into_iter().take(NEAREST_PATHS_SHOWN).map(str::to_owned).collect()
    }

    /// Passes when a resource of the type has no mismatches; otherwise the
    /// error with the closest ones, or with the types there are.
    fn find_resource(
        &self,
        resource_type: &str,
        mismatches: impl Fn(&Json) -> Vec<Mismatch>,
    ) -> Result<(), AssertionError> {
        let resources = self.resources_of_type(resource_type);
        if resources.is_empty() {
            let mut present_types: Vec<String> = Vec::new();
            for (_, resource) in self.resources() {
                if let Some(present) = type_of(resource).filter(|t| !present_types.iter().any(|known| known == t)) {
                    present_types.push(present.to_owned());
                }
            }
            return Err(AssertionError::NoResourceOfType { resource_type: resource_type.to_owned(), present_types });
        }
        let candidates = resources.iter().map(|(id, resource)| self.candidate(id, mismatches(resource)));
        closest(candidates).map_err(|closest| AssertionError::NoMatchingResource {
            resource_type: resource_type.to_owned(),
            closest,
            of: resources.len(),
        })
    }

    fn candidate(&self, logical_id: &str, mismatches: Vec<Mismatch>) -> Candidate {
        Candidate { logical_id: logical_id.to_owned(), path: self.path_of(logical_id).map(str::to_owned), mismatches }
    }
}

/// One resource of a template, found by its construct path: assertions on
/// it alone, and the references a pattern writes to it.
#[derive(Clone, Debug)]
pub struct ResourceAt<'a> {
    path: String,
    logical_id: &'a str,
    json: &'a Json,
}

impl<'a> ResourceAt<'a> {
    /// The construct path it was found by.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Its logical ID.
    pub fn logical_id(&self) -> &'a str {
        self.logical_id
    }

    /// Its whole definition as JSON.
    pub fn json(&self) -> &'a Json {
        self.json
    }

    /// `{"Ref": <logical ID>}`: how the template refers to it, for a
    /// pattern.
    pub fn reference(&self) -> Json {
        serde_json::json!({ "Ref": self.logical_id })
    }

    /// `{"Fn::GetAtt": [<logical ID>, attribute]}`, for a pattern.
    pub fn get_att(&self, attribute: &str) -> Json {
        serde_json::json!({ "Fn::GetAtt": [self.logical_id, attribute] })
    }

    /// Asserts that its `Properties` match the pattern, as
    /// [`Match::object_like`] has it (none: `{}`).
    #[track_caller]
    pub fn has_properties(&self, pattern: impl Into<Match>) {
        or_panic(self.try_has_properties(pattern));
    }

    /// [`ResourceAt::has_properties`], returning the failure.
    pub fn try_has_properties(&self, pattern: impl Into<Match>) -> Result<(), AssertionError> {
        self.result(properties_mismatches(&Match::object_like(pattern), self.json))
    }

    /// Asserts that its whole definition (`Properties`, `DependsOn`,
    /// `Metadata`, `DeletionPolicy`, ...) matches the pattern, as
    /// [`Match::object_like`] has it.
    #[track_caller]
    pub fn has_definition(&self, pattern: impl Into<Match>) {
        or_panic(self.try_has_definition(pattern));
    }

    /// [`ResourceAt::has_definition`], returning the failure.
    pub fn try_has_definition(&self, pattern: impl Into<Match>) -> Result<(), AssertionError> {
        self.result(Match::object_like(pattern).mismatches(self.json))
    }

    fn result(&self, mismatches: Vec<Mismatch>) -> Result<(), AssertionError> {
        if mismatches.is_empty() {
            return Ok(());
        }
        let resource = Candidate::name(self.logical_id, Some(&self.path));
        Err(AssertionError::ResourceMismatch { resource, mismatches })
    }
}

/// A resource's `Properties` against the pattern, with paths from the
/// resource; missing `Properties` are `{}`, as CloudFormation reads them.
fn properties_mismatches(pattern: &Match, resource: &Json) -> Vec<Mismatch> {
    let empty = Json::Object(Map::new());
    let properties = resource.get("Properties").unwrap_or(&empty);
    let mut mismatches = Vec::new();
    pattern.check(Some(properties), Objects::Partial, "/Properties", &mut mismatches);
    mismatches
}

/// `Ok` when some candidate has no mismatch; else the closest few, fewest
/// mismatches first (template order among equals).
fn closest(candidates: impl Iterator<Item = Candidate>) -> Result<(), Vec<Candidate>> {
    let mut failed = Vec::new();
    for candidate in candidates {
        if candidate.mismatches.is_empty() {
            return Ok(());
        }
        failed.push(candidate);
    }
    failed.sort_by_key(|candidate| candidate.mismatches.len());
    failed.truncate(CLOSEST_SHOWN);
    Err(failed)
}

/// The entries of a template section (`Resources`, `Outputs`), in order.
fn section<'a>(template: &'a Json, name: &str) -> impl Iterator<Item = (&'a str, &'a Json)> {
    template.get(name).and_then(Json::as_object).into_iter().flatten().map(|(id, body)| (id.as_str(), body))
}

fn type_of(resource: &Json) -> Option<&str> {
    resource.get("Type").and_then(Json::as_str)
}

/// The panicking form's failure: the error's message, at the test's line.
#[track_caller]
fn or_panic<T>(result: Result<T, AssertionError>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{error}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::pattern;

    fn functions() -> Template {
        Template::from_json(json!({
            "Resources": {
                "Python": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": { "Runtime": "python3.13", "MemorySize": 128 },
                },
                "Node": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": { "Runtime": "nodejs22.x", "MemorySize": 256 },
                },
                "Bare": { "Type": "AWS::Lambda::Function" },
                "Far": {
                    "Type": "AWS::Lambda::Function",
                    "Properties": { "Runtime": "go1.x", "MemorySize": 1, "Layers": [] },
                },
                "Role": { "Type": "AWS::IAM::Role", "DependsOn": ["Python"], "DeletionPolicy": "Retain" },
            },
            "Outputs": {
                "Url": { "Value": "https://x/prod", "Export": { "Name": "Url" } },
                "Name": { "Value": "n" },
            },
        }))
    }

    #[test]
    fn candidates_are_ranked_by_mismatches_and_three_are_shown() {
        let error = functions()
            .try_has_resource_properties(
                "AWS::Lambda::Function",
                pattern!({ "Runtime": "nodejs24.x", "MemorySize": 256 }),
            )
            .unwrap_err();
        let AssertionError::NoMatchingResource { closest, of, .. } = &error else { panic!("{error:?}") };
        assert_eq!(*of, 4);
        let ids: Vec<&str> = closest.iter().map(|candidate| candidate.logical_id.as_str()).collect();
        assert_eq!(ids, ["Node", "Python", "Bare"]);
        assert_eq!(
            error.to_string(),
            "no AWS::Lambda::Function matches the pattern; the closest of the 4 there are:\n  \
             Node, 1 mismatch:\n    /Properties/Runtime: expected \"nodejs24.x\", found \"nodejs22.x\"\n  \
             Python, 2 mismatches:\n    /Properties/Runtime: expected \"nodejs24.x\", found \"python3.13\"\n    \
             /Properties/MemorySize: expected 256, found 128\n  \
             Bare, 2 mismatches:\n    /Properties/Runtime: expected \"nodejs24.x\", found nothing\n    \
             /Properties/MemorySize: expected 256, found nothing"
        );
    }

    #[test]
    fn a_missing_type_lists_the_types_there_are() {
        let template = functions();
        let error = template.try_has_resource_properties("AWS::S3::Bucket", pattern!({})).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the template has no AWS::S3::Bucket; the types it has: AWS::Lambda::Function, AWS::IAM::Role"
        );
        let empty = Template::from_json(json!({}));
        assert_eq!(
            empty.try_has_resource("AWS::S3::Bucket", pattern!({})).unwrap_err().to_string(),
            "the template has no AWS::S3::Bucket: it has no resources at all"
        );
    }

    #[test]
    fn properties_missing_are_an_empty_object_and_has_resource_sees_the_whole_definition() {
        let template = functions();
        template.has_resource_properties("AWS::Lambda::Function", pattern!({ "Runtime": Match::absent() }));
        template.has_resource("AWS::IAM::Role", pattern!({ "DependsOn": ["Python"], "DeletionPolicy": "Retain" }));
        let error = template.try_has_resource("AWS::IAM::Role", pattern!({ "DeletionPolicy": "Delete" })).unwrap_err();
        assert!(error.to_string().contains("/DeletionPolicy: expected \"Delete\", found \"Retain\""), "{error}");
    }

    #[test]
    fn counts_list_what_was_found() {
        let template = functions();
        template.resource_count_is("AWS::IAM::Role", 1);
        template.resource_count_is("AWS::S3::Bucket", 0);
        assert_eq!(
            template.try_resource_count_is("AWS::Lambda::Function", 2).unwrap_err().to_string(),
            "expected 2 AWS::Lambda::Function, found 4: Python, Node, Bare, Far"
        );
        assert_eq!(
            template.try_resource_count_is("AWS::S3::Bucket", 1).unwrap_err().to_string(),
            "expected 1 AWS::S3::Bucket, found none"
        );
    }

    #[test]
    fn outputs_match_by_id_and_definition() {
        let template = functions();
        template.has_output("Url", pattern!({ "Export": { "Name": "Url" } }));
        template.has_output(Match::any_value(), pattern!({ "Value": "n" }));
        template.has_output(Match::string_like_regex("^U"), pattern!({ "Value": Match::string_like_regex("/prod$") }));
        let error = template.try_has_output("Url", pattern!({ "Value": "n" })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no Output matches; the closest of the 2 there are:\n  \
             Url, 1 mismatch:\n    /Value: expected \"n\", found \"https://x/prod\"\n  \
             Name, 1 mismatch:\n    (logical ID): expected \"Url\", found \"Name\""
        );
        let none = Template::from_json(json!({ "Resources": {} }));
        assert_eq!(
            none.try_has_output(Match::any_value(), pattern!({})).unwrap_err().to_string(),
            "no Output matches: the template has none"
        );
        let ids: Vec<&str> =
            template.find_outputs(Match::any_value(), pattern!({})).iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, ["Url", "Name"]);
    }

    #[test]
    fn find_resources_returns_every_match_in_order() {
        let template = functions();
        let found = template
            .find_resources("AWS::Lambda::Function", pattern!({ "Properties": { "MemorySize": Match::any_value() } }));
        assert_eq!(found.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ["Python", "Node", "Far"]);
        assert!(template.find_resources("AWS::S3::Bucket", pattern!({})).is_empty());
        assert_eq!(template.resources_of_type("AWS::IAM::Role").len(), 1);
    }

    #[test]
    fn the_whole_template_matches_partially() {
        let template = functions();
        template.template_matches(pattern!({ "Resources": { "Role": { "Type": "AWS::IAM::Role" } } }));
        let error =
            template.try_template_matches(pattern!({ "Resources": { "Gone": Match::any_value() } })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the template does not match the pattern:\n  /Resources/Gone: expected any value (any_value()), found nothing"
        );
    }

    #[test]
    fn a_template_from_json_has_no_construct_paths() {
        let template = functions();
        assert_eq!(template.path_of("Python"), None);
        assert_eq!(
            template.try_resource_at("Python").unwrap_err().to_string(),
            "no resource at construct path \"Python\": the template has no construct paths"
        );
    }

    #[test]
    #[should_panic(expected = "/Properties/Runtime: expected \"java21\", found \"python3.13\"")]
    fn the_plain_form_panics_with_the_message() {
        functions()
            .has_resource_properties("AWS::Lambda::Function", pattern!({ "Runtime": "java21", "MemorySize": 128 }));
    }
}
