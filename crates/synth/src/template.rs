//! The synthesised template and its rendering as JSON or YAML.
use std::str::FromStr;

use cfnkit_constructs::Warning;
use indexmap::IndexMap;
use serde_json::Value as Json;

use crate::error::SynthError;
use crate::limits::{BODY_WARN_BYTES, MAX_BODY_BYTES};

/// The output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON, two-space indent (the default).
    #[default]
    Json,
    /// YAML, intrinsic functions in their long form (`Fn::GetAtt:`).
    Yaml,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "yaml" | "yml" => Ok(Format::Yaml),
            other => Err(format!("unknown format {other:?}: use json or yaml")),
        }
    }
}

/// A synthesised template: every reference resolved, every check passed.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    stack_name: String,
    body: Json,
    warnings: Vec<Warning>,
    logical_ids: IndexMap<String, String>,
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
        body: Json,
        warnings: Vec<Warning>,
        logical_ids: IndexMap<String, String>,
    ) -> Template {
        Template { stack_name: stack_name.to_owned(), body, warnings, logical_ids }
    }

    /// The name of the stack it came from.
    pub fn stack_name(&self) -> &str {
        &self.stack_name
    }

    /// The template as a JSON value.
    pub fn json(&self) -> &Json {
        &self.body
    }

    /// Warnings the constructs recorded.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The logical ID synth gave the construct at `path`.
    pub fn logical_id(&self, path: &str) -> Option<&str> {
        self.logical_ids.get(path).map(String::as_str)
    }

    /// The template's resources section, for tests and tools.
    pub fn resources(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.body.get("Resources").and_then(Json::as_object).into_iter().flatten().map(|(k, v)| (k.as_str(), v))
    }

    /// Renders the body, checking CloudFormation's 1 MB limit and warning
    /// above the 51,200 bytes that `deploy` accepts without `--s3-bucket`.
    pub fn render(&self, format: Format) -> Result<Rendered, SynthError> {
        let mut body = match format {
            Format::Json => serde_json::to_string_pretty(&self.body),
            Format::Yaml => serde_yaml::to_string(&self.body).map_err(serde::ser::Error::custom),
        }
        .map_err(|e: serde_json::Error| SynthError::Serialize {
            path: self.stack_name.clone(),
            message: e.to_string(),
        })?;
        if !body.ends_with('\n') {
            body.push('\n');
        }
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
