//! [`Template`]: a whole template, section by section.
use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::error::ParseError;
use crate::expr::Expr;

/// The `AWSTemplateFormatVersion` every template carries.
pub const FORMAT_VERSION: &str = "2010-09-09";

/// A CloudFormation template. Sections keep their entries in order, so a
/// template renders the same bytes every time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Template {
    /// `Description`.
    pub description: Option<String>,
    /// Top-level sections this model does not interpret (`Metadata`,
    /// `Transform`, `Rules`), as read from a template.
    pub other: IndexMap<String, Expr>,
    /// `Parameters`, by logical ID.
    pub parameters: IndexMap<String, Parameter>,
    /// `Mappings`, by logical ID: `{top_level_key: {second_level_key: value}}`.
    pub mappings: IndexMap<String, Expr>,
    /// `Conditions`, by logical ID.
    pub conditions: IndexMap<String, Expr>,
    /// `Resources`, by logical ID.
    pub resources: IndexMap<String, Resource>,
    /// `Outputs`, by logical ID.
    pub outputs: IndexMap<String, Output>,
}

/// A template parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// `Type`: `String`, `Number`, `AWS::EC2::VPC::Id`, ...
    pub parameter_type: String,
    /// The other attributes (`Description`, `Default`, `AllowedValues`,
    /// ...), in the order they are written.
    pub attributes: IndexMap<String, Expr>,
}

/// A resource declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// `Type`, e.g. `AWS::EC2::VPC`.
    pub resource_type: String,
    /// `Properties`; omitted when empty.
    pub properties: IndexMap<String, Expr>,
    /// `DependsOn`: logical IDs.
    pub depends_on: Vec<String>,
    /// `Condition`: a condition's logical ID.
    pub condition: Option<String>,
    /// `Metadata`.
    pub metadata: IndexMap<String, Expr>,
    /// `UpdateReplacePolicy`.
    pub update_replace_policy: Option<String>,
    /// `DeletionPolicy`.
    pub deletion_policy: Option<String>,
    /// Attributes this model does not interpret (`CreationPolicy`,
    /// `UpdatePolicy`), as read from a template.
    pub other: IndexMap<String, Expr>,
}

impl Resource {
    /// A resource of a type with no properties.
    pub fn new(resource_type: impl Into<String>) -> Resource {
        Resource {
            resource_type: resource_type.into(),
            properties: IndexMap::new(),
            depends_on: Vec::new(),
            condition: None,
            metadata: IndexMap::new(),
            update_replace_policy: None,
            deletion_policy: None,
            other: IndexMap::new(),
        }
    }

    /// A property by name.
    pub fn property(&self, name: &str) -> Option<&Expr> {
        self.properties.get(name)
    }
}

/// A stack output.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// `Description`.
    pub description: Option<String>,
    /// `Value`.
    pub value: Expr,
    /// `Export.Name`.
    pub export_name: Option<Expr>,
    /// `Condition`: a condition's logical ID.
    pub condition: Option<String>,
}

impl Template {
    /// The template as a JSON value, as rendering writes it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a Template always serialises")
    }

    /// Reads a template from its JSON value.
    pub fn from_json(json: serde_json::Value) -> Result<Template, ParseError> {
        Template::from_expr(Expr::from_json(json)?)
    }

    /// Reads a template from an expression tree (a parsed document).
    pub fn from_expr(expr: Expr) -> Result<Template, ParseError> {
        let Expr::Map(top) = expr else { return Err(ParseError::shape("template", "an object")) };
        let mut template = Template::default();
        for (key, value) in top {
            match key.as_str() {
                "AWSTemplateFormatVersion" => {}
                "Description" => template.description = Some(string(value, "Description")?),
                "Parameters" => {
                    for (id, body) in section(value, "Parameters")? {
                        let at = format!("Parameters.{id}");
                        let mut attributes = object(body, &at)?;
                        let parameter_type = attributes
                            .shift_remove("Type")
                            .ok_or_else(|| ParseError::shape(format!("{at}.Type"), "a parameter type"))
                            .and_then(|t| string(t, &format!("{at}.Type")))?;
                        template.parameters.insert(id, Parameter { parameter_type, attributes });
                    }
                }
                "Mappings" => template.mappings = section(value, "Mappings")?,
                "Conditions" => template.conditions = section(value, "Conditions")?,
                "Resources" => {
                    for (id, body) in section(value, "Resources")? {
                        let at = format!("Resources.{id}");
                        template.resources.insert(id, resource(body, &at)?);
                    }
                }
                "Outputs" => {
                    for (id, body) in section(value, "Outputs")? {
                        let at = format!("Outputs.{id}");
                        template.outputs.insert(id, output(body, &at)?);
                    }
                }
                _ => {
                    template.other.insert(key, value);
                }
            }
        }
        Ok(template)
    }
}

fn string(expr: Expr, at: &str) -> Result<String, ParseError> {
    match expr {
        Expr::String(text) => Ok(text),
        _ => Err(ParseError::shape(at, "a string")),
    }
}

fn object(expr: Expr, at: &str) -> Result<IndexMap<String, Expr>, ParseError> {
    match expr {
        Expr::Map(map) => Ok(map),
        _ => Err(ParseError::shape(at, "an object")),
    }
}

fn section(expr: Expr, at: &str) -> Result<IndexMap<String, Expr>, ParseError> {
    object(expr, at)
}

fn resource(body: Expr, at: &str) -> Result<Resource, ParseError> {
    let mut attributes = object(body, at)?;
    let resource_type = attributes
        .shift_remove("Type")
        .ok_or_else(|| ParseError::shape(format!("{at}.Type"), "a resource type"))
        .and_then(|t| string(t, &format!("{at}.Type")))?;
    let mut resource = Resource::new(resource_type);
    for (key, value) in attributes {
        let key_at = format!("{at}.{key}");
        match key.as_str() {
            "Properties" => resource.properties = object(value, &key_at)?,
            "DependsOn" => {
                resource.depends_on = match value {
                    Expr::String(one) => vec![one],
                    Expr::List(items) => {
                        items.into_iter().map(|item| string(item, &key_at)).collect::<Result<_, _>>()?
                    }
                    _ => return Err(ParseError::shape(key_at, "a logical ID or a list of them")),
                }
            }
            "Condition" => resource.condition = Some(string(value, &key_at)?),
            "Metadata" => resource.metadata = object(value, &key_at)?,
            "UpdateReplacePolicy" => resource.update_replace_policy = Some(string(value, &key_at)?),
            "DeletionPolicy" => resource.deletion_policy = Some(string(value, &key_at)?),
            _ => {
                resource.other.insert(key, value);
            }
        }
    }
    Ok(resource)
}

fn output(body: Expr, at: &str) -> Result<Output, ParseError> {
    let mut attributes = object(body, at)?;
    let value = attributes.shift_remove("Value").ok_or_else(|| ParseError::shape(format!("{at}.Value"), "a value"))?;
    let mut output = Output { description: None, value, export_name: None, condition: None };
    for (key, value) in attributes {
        let key_at = format!("{at}.{key}");
        match key.as_str() {
            "Description" => output.description = Some(string(value, &key_at)?),
            "Export" => {
                let mut export = object(value, &key_at)?;
                output.export_name = Some(
                    export.shift_remove("Name").ok_or_else(|| ParseError::shape(format!("{key_at}.Name"), "a name"))?,
                );
            }
            "Condition" => output.condition = Some(string(value, &key_at)?),
            _ => return Err(ParseError::shape(key_at, "Description, Value, Export or Condition")),
        }
    }
    Ok(output)
}

/// Serialises entries of a map that are set, in order.
struct Entries<S: SerializeMap>(S);

impl<S: SerializeMap> Entries<S> {
    fn entry<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) -> Result<(), S::Error> {
        self.0.serialize_entry(key, value)
    }

    fn section<V: Serialize>(&mut self, key: &str, section: &IndexMap<String, V>) -> Result<(), S::Error> {
        if section.is_empty() {
            return Ok(());
        }
        self.0.serialize_entry(key, section)
    }

    fn optional<V: Serialize>(&mut self, key: &str, value: &Option<V>) -> Result<(), S::Error> {
        match value {
            Some(value) => self.0.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    fn other(&mut self, other: &IndexMap<String, Expr>) -> Result<(), S::Error> {
        other.iter().try_for_each(|(key, value)| self.0.serialize_entry(key, value))
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Entries(serializer.serialize_map(None)?);
        map.entry("AWSTemplateFormatVersion", FORMAT_VERSION)?;
        map.optional("Description", &self.description)?;
        map.other(&self.other)?;
        map.section("Parameters", &self.parameters)?;
        map.section("Mappings", &self.mappings)?;
        map.section("Conditions", &self.conditions)?;
        map.section("Resources", &self.resources)?;
        map.section("Outputs", &self.outputs)?;
        map.0.end()
    }
}

impl Serialize for Parameter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Entries(serializer.serialize_map(Some(1 + self.attributes.len()))?);
        map.entry("Type", &self.parameter_type)?;
        map.other(&self.attributes)?;
        map.0.end()
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = Entries(serializer.serialize_map(None)?);
        map.entry("Type", &self.resource_type)?;
        map.section("Properties", &self.properties)?;
        if !self.depends_on.is_empty() {
            map.entry("DependsOn", &self.depends_on)?;
        }
        map.optional("Condition", &self.condition)?;
        map.section("Metadata", &self.metadata)?;
        map.optional("UpdateReplacePolicy", &self.update_replace_policy)?;
        map.optional("DeletionPolicy", &self.deletion_policy)?;
        map.other(&self.other)?;
        map.0.end()
    }
}

impl Serialize for Output {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Export<'a>(&'a Expr);
        impl Serialize for Export<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Name", self.0)?;
                map.end()
            }
        }
        let mut map = Entries(serializer.serialize_map(None)?);
        map.optional("Description", &self.description)?;
        map.entry("Value", &self.value)?;
        map.optional("Export", &self.export_name.as_ref().map(Export))?;
        map.optional("Condition", &self.condition)?;
        map.0.end()
    }
}
