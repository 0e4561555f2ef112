//! An app's output: a file per template, and a manifest that says in which
//! order to deploy them and with which commands.
use serde_json::json;

use crate::template::Template;
use crate::Format;

/// One stack of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestStack {
    /// The stack's name (`--stack-name`).
    pub name: String,
    /// Its template's file name.
    pub template: String,
    /// The stacks it imports from, which deploy before it.
    pub dependencies: Vec<String>,
    /// Its parameters' logical IDs; those without a default need a value.
    pub parameters: Vec<String>,
    /// Its nested stacks' template files, which `package` uploads.
    pub nested: Vec<String>,
    /// The `aws` commands that deploy it, in order.
    pub commands: Vec<String>,
    /// Each resource's construct path, by logical ID: what lets a later
    /// `diff` against this output name the construct of a resource that is
    /// gone or renamed.
    pub construct_paths: Vec<(String, String)>,
}

/// The stacks of an app in deploy order, for people and for CI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// In deploy order.
    pub stacks: Vec<ManifestStack>,
}

/// The file a stack's template is written to.
pub fn template_file(stack: &str, format: Format) -> String {
    format!("{stack}.template.{}", extension(format))
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Yaml => "yaml",
    }
}

impl Manifest {
    /// The manifest of `templates`, which [`crate::synth_app`] returned in
    /// deploy order.
    pub fn of(templates: &[Template], format: Format) -> Manifest {
        let stacks = templates
            .iter()
            .map(|template| {
                let name = template.stack_name().to_owned();
                let file = template_file(&name, format);
                let nested: Vec<String> = template.nested().iter().map(|n| n.file.clone()).collect();
                let model = template.model();
                let parameters: Vec<String> = model.parameters.keys().cloned().collect();
                let mut commands = Vec::new();
                // `package` uploads what TemplateURL names as a local file
                // (the nested templates) and rewrites it to the S3 URL.
                let deployed = if nested.is_empty() {
                    file.clone()
                } else {
                    let packaged = format!("{name}.packaged.{}", extension(format));
                    commands.push(format!(
                        "aws cloudformation package --template-file {file} --s3-bucket \"$BUCKET\" --output-template-file {packaged}"
                    ));
                    packaged
                };
                let mut deploy = format!("aws cloudformation deploy --template-file {deployed} --stack-name {name}");
                if let Some(capability) = capability(template) {
                    deploy.push_str(&format!(" --capabilities {capability}"));
                }
                let required: Vec<&String> = model
                    .parameters
                    .iter()
                    .filter(|(_, p)| !p.attributes.contains_key("Default"))
                    .map(|(id, _)| id)
                    .collect();
                if !required.is_empty() {
                    deploy.push_str(" --parameter-overrides");
                    for id in required {
                        deploy.push_str(&format!(" {id}=<value>"));
                    }
                }
                commands.push(deploy);
                let construct_paths = template
                    .logical_ids()
                    .filter(|(_, id)| model.resources.contains_key(*id))
                    .map(|(path, id)| (id.to_owned(), path.to_owned()))
                    .collect();
                ManifestStack {
                    name,
                    template: file,
                    dependencies: template.dependencies().to_vec(),
                    parameters,
                    nested,
                    commands,
                    construct_paths,
                }
            })
            .collect();
        Manifest { stacks }
    }

    /// The manifest as pretty JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let stacks: Vec<serde_json::Value> = self
            .stacks
            .iter()
            .map(|s| {
                json!({
                    "name": s.name,
                    "template": s.template,
                    "dependencies": s.dependencies,
                    "parameters": s.parameters,
                    "nested": s.nested,
                    "commands": s.commands,
                    "constructPaths": s.construct_paths.iter().map(|(id, path)| (id.clone(), json!(path))).collect::<serde_json::Map<String, serde_json::Value>>(),
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(
            &json!({ "deployOrder": self.stacks.iter().map(|s| &s.name).collect::<Vec<_>>(), "stacks": stacks }),
        )
        .expect("a JSON value serialises");
        text.push('\n');
        text
    }
}

/// The capability `deploy` needs: IAM resources need `CAPABILITY_IAM`,
/// and named ones `CAPABILITY_NAMED_IAM`
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities);
/// a nested stack's IAM resources count for its parent.
fn capability(template: &Template) -> Option<&'static str> {
    let mut iam = false;
    let mut named = false;
    let models = std::iter::once(template.model()).chain(template.nested().iter().map(|n| n.template.model()));
    for model in models {
        for resource in model.resources.values() {
            if resource.resource_type.starts_with("AWS::IAM::") {
                iam = true;
                named |= ["RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"]
                    .iter()
                    .any(|key| resource.properties.contains_key(*key));
            }
        }
    }
    match (iam, named) {
        (_, true) => Some("CAPABILITY_NAMED_IAM"),
        (true, false) => Some("CAPABILITY_IAM"),
        _ => None,
    }
}
