//! The synthesised template: the template model, its warnings, and the
//! logical ID synth gave each construct path.
use std::sync::OnceLock;

use cfnkit_core::Warning;
use cfnkit_template as model;
use cfnkit_template::Format;
use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::SynthError;
use crate::limits::{BODY_WARN_BYTES, MAX_BODY_BYTES};

/// A synthesised template: every reference resolved, every check passed.
#[derive(Clone, Debug)]
pub struct Template {
    stack_name: String,
    model: model::Template,
    json: OnceLock<Json>,
    warnings: Vec<Warning>,
    logical_ids: IndexMap<String, String>,
    dependencies: Vec<String>,
    nested: Vec<NestedTemplate>,
}

/// The template of a nested stack, deployed by its parent's
/// `AWS::CloudFormation::Stack`.
#[derive(Clone, Debug, PartialEq)]
pub struct NestedTemplate {
    /// The nested-stack scope's construct path.
    pub path: String,
    /// The file its parent's `TemplateURL` names: write the template there,
    /// beside the parent's, for `aws cloudformation package` to upload.
    pub file: String,
    /// The template.
    pub template: Template,
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.stack_name == other.stack_name
            && self.model == other.model
            && self.warnings == other.warnings
            && self.logical_ids == other.logical_ids
            && self.dependencies == other.dependencies
            && self.nested == other.nested
    }
}

/// The languages [`Template::network_diagram`] draws in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Diagram {
    /// A Mermaid flowchart, for Markdown that renders it.
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
}

/// A rendered template body and every warning about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    /// The template text, ending in a newline.
    pub body: String,
    /// Warnings from the constructs and about the body's size.
    pub warnings: Vec<Warning>,
}

impl Template {
    pub(crate) fn new(
        stack_name: &str,
        model: model::Template,
        warnings: Vec<Warning>,
        logical_ids: IndexMap<String, String>,
    ) -> Template {
        Template {
            stack_name: stack_name.to_owned(),
            model,
            json: OnceLock::new(),
            warnings,
            logical_ids,
            dependencies: Vec::new(),
            nested: Vec::new(),
        }
    }

    /// Adds warnings found after the template was made (quotas over
    /// several templates).
    pub(crate) fn add_warnings(&mut self, warnings: Vec<Warning>) {
        self.warnings.extend(warnings);
    }

    pub(crate) fn set_nested(&mut self, nested: Vec<NestedTemplate>) {
        self.nested = nested;
    }

    /// The templates of the stack's nested stacks, in the order their
    /// scopes were added.
    pub fn nested(&self) -> &[NestedTemplate] {
        &self.nested
    }

    /// The model, to add what linking an app adds (exports); the JSON
    /// is rendered again.
    pub(crate) fn model_mut(&mut self) -> &mut model::Template {
        self.json = OnceLock::new();
        &mut self.model
    }

    pub(crate) fn set_dependencies(&mut self, dependencies: Vec<String>) {
        self.dependencies = dependencies;
    }

    /// The stacks of the app this one imports from, which deploy before it.
    pub fn dependencies(&self) -> &[String] {
        &self.dependencies
    }

    /// The name of the stack it came from.
    pub fn stack_name(&self) -> &str {
        &self.stack_name
    }

    /// Who reaches what in this template's network: internet egress per
    /// interface (with the NAT and AZ it goes through), flows between
    /// endpoints, internet ingress, and warnings (a way out across AZs).
    pub fn network_report(&self) -> cfnkit_reach::Report {
        let network = cfnkit_reach::Network::read(&self.model, self.paths_by_id());
        cfnkit_reach::Analysis::new(&network).report()
    }

    /// The network as a diagram: VPCs, subnets by AZ, route targets,
    /// endpoints and the flows the analysis allows.
    pub fn network_diagram(&self, diagram: Diagram) -> String {
        let network = cfnkit_reach::Network::read(&self.model, self.paths_by_id());
        let analysis = cfnkit_reach::Analysis::new(&network);
        match diagram {
            Diagram::Mermaid => analysis.mermaid(),
            Diagram::Dot => analysis.dot(),
        }
    }

    fn paths_by_id(&self) -> std::collections::HashMap<&str, &str> {
        self.logical_ids.iter().map(|(path, id)| (id.as_str(), path.as_str())).collect()
    }

    /// The typed template model.
    pub fn model(&self) -> &model::Template {
        &self.model
    }

    /// The template as a JSON value (made once, on first use).
    pub fn json(&self) -> &Json {
        self.json.get_or_init(|| self.model.to_json())
    }

    /// Warnings the constructs recorded.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The logical ID synth gave the construct at `path`.
    pub fn logical_id(&self, path: &str) -> Option<&str> {
        self.logical_ids.get(path).map(String::as_str)
    }

    /// Every construct path with the logical ID synth gave it, in order.
    pub fn logical_ids(&self) -> impl Iterator<Item = (&str, &str)> {
        self.logical_ids.iter().map(|(path, id)| (path.as_str(), id.as_str()))
    }

    /// The resource declared for the construct at `path`, as JSON: the
    /// lookup tests and tools make most (a test asserts on it with
    /// `cfnkit_assertions::Template::resource_at`, whose failures name the
    /// path and what differs).
    pub fn resource(&self, path: &str) -> Option<&Json> {
        self.json().get("Resources")?.get(self.logical_id(path)?)
    }

    /// `{"Ref": <logical ID>}` of the construct at `path`, as a template
    /// writes a reference to it.
    pub fn reference(&self, path: &str) -> Option<Json> {
        self.logical_id(path).map(|id| serde_json::json!({ "Ref": id }))
    }

    /// The resources of one CloudFormation type, by logical ID, in order.
    pub fn resources_of_type<'a>(&'a self, resource_type: &'a str) -> impl Iterator<Item = (&'a str, &'a Json)> + 'a {
        self.resources().filter(move |(_, body)| body.get("Type").and_then(Json::as_str) == Some(resource_type))
    }

    /// The template's resources section as JSON, for tests and tools.
    pub fn resources(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.json().get("Resources").and_then(Json::as_object).into_iter().flatten().map(|(k, v)| (k.as_str(), v))
    }

    /// Renders the body, checking CloudFormation's 1 MB limit and warning
    /// above the 51,200 bytes that `deploy` accepts without `--s3-bucket`.
    pub fn render(&self, format: Format) -> Result<Rendered, SynthError> {
        let body = self.model.render(format);
        if body.len() > MAX_BODY_BYTES {
            return Err(SynthError::TemplateTooLarge { stack: self.stack_name.clone(), bytes: body.len() });
        }
        let mut warnings = self.warnings.clone();
        if body.len() > BODY_WARN_BYTES {
            warnings.push(crate::stack_warning(
                &self.stack_name,
                format!(
                    "the template is {} bytes, over the {BODY_WARN_BYTES} bytes CloudFormation takes inline: deploy it with `aws cloudformation deploy --s3-bucket BUCKET`",
                    body.len()
                ),
            ));
        }
        Ok(Rendered { body, warnings })
    }
}
