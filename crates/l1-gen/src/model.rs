//! The generator's model: what Rust each resource schema becomes, before
//! any text is written. Building it decides every type, name and doc line;
//! `emit` only prints it.
use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;

use crate::naming::{self, Taken};

/// The Rust type of a property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// `cfn::Str`
    Str,
    /// `cfn::Int`
    Int,
    /// `cfn::Bool`
    Bool,
    /// `cfn::Double`
    Double,
    /// `cfn::Value`: free-form JSON, or a property of several types.
    Json,
    /// `cfn::List<T>`
    List(Box<RustType>),
    /// `cfn::IndexMap<String, T>`
    Map(Box<RustType>),
    /// `cfn::Tag`, for every `{Key, Value}` tag type.
    Tag,
    /// A property type of this resource, by index in `ResourceType::structs`.
    Struct(usize),
}

/// One property of a resource or of a property type.
#[derive(Clone, Debug)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    pub ty: RustType,
    pub required: bool,
    /// Held in a `Box` to break a recursive type.
    pub boxed: bool,
    pub doc: Vec<String>,
}

/// A property type.
#[derive(Clone, Debug)]
pub struct StructDef {
    pub rust: String,
    /// The schema's name for it (a definition's, or the property's).
    pub schema_name: String,
    pub doc: Vec<String>,
    pub fields: Vec<Field>,
}

/// A typed accessor on a resource's attributes type.
#[derive(Clone, Debug)]
pub struct Attribute {
    pub rust: String,
    /// The `Fn::GetAtt` name (`Endpoint.Address`); `None` for `Ref`.
    pub get_att: Option<String>,
    pub ty: RustType,
    pub doc: Vec<String>,
}

/// One resource type.
#[derive(Clone, Debug)]
pub struct ResourceType {
    pub type_name: String,
    pub rust: String,
    pub attributes_rust: String,
    /// The file and module name.
    pub module: String,
    pub doc: Vec<String>,
    pub docs_url: String,
    pub ref_doc: String,
    pub fields: Vec<Field>,
    pub structs: Vec<StructDef>,
    pub attributes: Vec<Attribute>,
    /// `List`, `Map` or `None`, as `cfnkit_core::TagShape` names them.
    pub tag_shape: &'static str,
}

/// What the CDK's service spec says of a type that its schema does not.
#[derive(Clone, Debug, Default)]
pub struct SpecEntry {
    /// What `Ref` returns, when it is not the primary identifier.
    pub reference: Option<Vec<String>>,
    /// Every `Fn::GetAtt` attribute.
    pub attributes: Vec<SpecAttribute>,
}

/// One `Fn::GetAtt` attribute of the service spec.
#[derive(Clone, Debug)]
pub struct SpecAttribute {
    /// `Arn`, `Endpoint.Address`.
    pub name: String,
    /// `string`, `integer`, `number`, `boolean`, `list` (of strings) or `json`.
    pub kind: String,
    pub doc: String,
}

/// One AWS service: a crate.
#[derive(Clone, Debug)]
pub struct Service {
    pub module: String,
    /// `AWS::EC2`
    pub namespace: String,
    pub resources: Vec<ResourceType>,
}

/// Every service of the schemas, by module name.
pub fn services(types: &serde_json::Map<String, Json>, spec: &HashMap<String, SpecEntry>) -> Vec<Service> {
    let mut by_module: BTreeMap<String, Service> = BTreeMap::new();
    for (type_name, schema) in types {
        let parts: Vec<&str> = type_name.split("::").collect();
        let [vendor, service, resource] = parts[..] else { continue };
        let module = naming::service_module(vendor, service);
        let entry = by_module.entry(module.clone()).or_insert_with(|| Service {
            module,
            namespace: format!("{vendor}::{service}"),
            resources: Vec::new(),
        });
        entry.resources.push(ResourceBuilder::new(type_name, resource, schema, spec.get(type_name)).build());
    }
    let mut services: Vec<Service> = by_module.into_values().collect();
    for service in &mut services {
        // Module (file) names of resources are unique within the service.
        let mut taken = Taken::default();
        for resource in &mut service.resources {
            resource.module = taken.claim(&resource.module, "_resource");
        }
    }
    services
}

struct ResourceBuilder<'a> {
    type_name: &'a str,
    resource: &'a str,
    schema: &'a Json,
    spec: Option<&'a SpecEntry>,
    structs: Vec<StructDef>,
    /// Struct index by the JSON pointer of its schema node.
    by_pointer: HashMap<String, usize>,
    type_names: Taken,
    /// How deep `rust_type` is, to stop on schemas that refer to themselves
    /// through arrays alone.
    depth: usize,
}

impl<'a> ResourceBuilder<'a> {
    fn new(type_name: &'a str, resource: &'a str, schema: &'a Json, spec: Option<&'a SpecEntry>) -> Self {
        let mut type_names = Taken::default();
        for reserved in naming::RESERVED_TYPE_NAMES {
            type_names.reserve(reserved);
        }
        ResourceBuilder {
            type_name,
            resource,
            schema,
            spec,
            structs: Vec::new(),
            by_pointer: HashMap::new(),
            type_names,
            depth: 0,
        }
    }

    fn build(mut self) -> ResourceType {
        let rust = self.type_names.claim(&naming::type_name(self.resource), "Resource");
        let attributes_rust = self.type_names.claim(&format!("{rust}Attributes"), "");
        let read_only: Vec<Vec<String>> = pointer_list(self.schema, "readOnlyProperties");
        let create_only: Vec<Vec<String>> = pointer_list(self.schema, "createOnlyProperties");
        let required = string_list(self.schema.get("required"));
        let mut fields = Vec::new();
        let mut field_names = Taken::default();
        if let Some(properties) = self.schema.get("properties").and_then(Json::as_object) {
            for (name, node) in properties {
                if read_only.iter().any(|path| path.len() == 1 && path[0] == *name) {
                    continue;
                }
                let pointer = format!("/properties/{}", escape_pointer(name));
                let ty = self.rust_type(node, &pointer, name);
                let mut doc = describe(node, self.resolve(node));
                let is_required = required.contains(name);
                doc.extend(notes(self.resolve(node), is_required));
                if create_only.iter().any(|path| path.len() == 1 && path[0] == *name) {
                    doc.push(String::new());
                    doc.push("Create-only: changing it replaces the resource.".into());
                }
                let rust = field_names.claim(&naming::field_name(name), "");
                fields.push(Field { wire: name.clone(), rust, ty, required: is_required, boxed: false, doc });
            }
        }
        self.box_recursive_fields();
        let tag_shape = self.tag_shape(&fields);
        let (attributes, ref_doc) = self.attributes(&read_only);
        let (vendor, service) = {
            let parts: Vec<&str> = self.type_name.split("::").collect();
            (parts[0].to_ascii_lowercase(), parts[1].to_ascii_lowercase())
        };
        let docs_url = if vendor == "aws" {
            format!(
                "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-{service}-{}.html",
                self.resource.to_ascii_lowercase()
            )
        } else {
            format!(
                "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/{vendor}-{service}-{}.html",
                self.resource.to_ascii_lowercase()
            )
        };
        let description = self.schema.get("description").and_then(Json::as_str).unwrap_or("");
        ResourceType {
            type_name: self.type_name.to_owned(),
            module: naming::field_name(self.resource),
            rust,
            attributes_rust,
            doc: crate::docs::doc_lines(description),
            docs_url,
            ref_doc,
            fields,
            structs: self.structs,
            attributes,
            tag_shape,
        }
    }

    /// Follows `$ref`s to the node they name.
    fn resolve<'n>(&'n self, mut node: &'n Json) -> &'n Json {
        for _ in 0..16 {
            match node.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => match self.schema.pointer(pointer) {
                    Some(target) => node = target,
                    None => return node,
                },
                None => return node,
            }
        }
        node
    }

    fn rust_type(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        if self.depth > 48 {
            return RustType::Json;
        }
        self.depth += 1;
        let ty = self.rust_type_at(node, pointer, hint);
        self.depth -= 1;
        ty
    }

    fn rust_type_at(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        if let Some(reference) = node.get("$ref").and_then(Json::as_str) {
            let Some(target_pointer) = reference.strip_prefix('#') else { return RustType::Json };
            let Some(target) = self.schema.pointer(target_pointer) else { return RustType::Json };
            let name = target_pointer.rsplit('/').next().unwrap_or(hint).to_owned();
            return self.rust_type(target, target_pointer, &name);
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).filter(|t| *t != "null").collect(),
            _ => Vec::new(),
        };
        match types[..] {
            ["string"] => RustType::Str,
            ["integer"] => RustType::Int,
            ["number"] => RustType::Double,
            ["boolean"] => RustType::Bool,
            ["array"] => RustType::List(Box::new(self.items_type(node, pointer, hint))),
            ["object"] => self.object_type(node, pointer, hint),
            [] => self.untyped(node, pointer, hint),
            _ => RustType::Json,
        }
    }

    fn items_type(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        match node.get("items") {
            Some(items) if items.is_object() => {
                self.rust_type(items, &format!("{pointer}/items"), &format!("{hint}Item"))
            }
            _ => RustType::Json,
        }
    }

    /// A node without `type`: its properties, combinators or constraints say what it is.
    fn untyped(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        if node.get("properties").is_some() {
            return self.object_type(node, pointer, hint);
        }
        if node.get("items").is_some() {
            return RustType::List(Box::new(self.items_type(node, pointer, hint)));
        }
        let mut alternatives = alternatives(node);
        // cfn-lint's patches add a `"format": "json"` alternative (the same
        // value as a JSON string) beside the typed one: type it as the typed
        // one, and the string form stays reachable through an override.
        let typed: Vec<&Json> =
            alternatives.iter().copied().filter(|a| a.get("format").and_then(Json::as_str) != Some("json")).collect();
        if let [only] = typed[..] {
            if alternatives.len() > 1 {
                let pointer = match only.get("$ref").and_then(Json::as_str) {
                    Some(_) => pointer.to_owned(),
                    None => format!("{pointer}/typed"),
                };
                return self.rust_type(only, &pointer, hint);
            }
        }
        alternatives.retain(|a| typed.contains(a));
        if !alternatives.is_empty() {
            // All objects: one struct of their properties. All one primitive:
            // that primitive. Anything else: free-form JSON.
            if alternatives.iter().all(|a| is_object_like(self.resolve(a))) {
                return self.object_type(node, pointer, hint);
            }
            let kinds: Vec<Option<RustType>> = alternatives.iter().map(|a| primitive(self.resolve(a))).collect();
            return match kinds.first() {
                Some(Some(first)) if kinds.iter().all(|k| k.as_ref() == Some(first)) => first.clone(),
                _ => RustType::Json,
            };
        }
        if let Some(values) = node.get("enum").and_then(Json::as_array) {
            if values.iter().all(Json::is_string) {
                return RustType::Str;
            }
        }
        if ["pattern", "minLength", "maxLength", "format"].iter().any(|k| node.get(*k).is_some()) {
            return RustType::Str;
        }
        if node.get("patternProperties").is_some() || node.get("additionalProperties").is_some_and(Json::is_object) {
            return self.object_type(node, pointer, hint);
        }
        RustType::Json
    }

    fn object_type(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        let properties = self.merged_properties(node, pointer);
        if properties.is_empty() {
            return self.map_type(node, pointer, hint);
        }
        let required = string_list(node.get("required"));
        if is_tag(&properties, &required, |n| self.resolve(n).clone()) {
            return RustType::Tag;
        }
        if let Some(&index) = self.by_pointer.get(pointer) {
            return RustType::Struct(index);
        }
        let rust = self.type_names.claim(&naming::type_name(hint), "Property");
        let index = self.structs.len();
        let doc = crate::docs::doc_lines(node.get("description").and_then(Json::as_str).unwrap_or(""));
        self.structs.push(StructDef { rust, schema_name: hint.to_owned(), doc, fields: Vec::new() });
        self.by_pointer.insert(pointer.to_owned(), index);
        let mut field_names = Taken::default();
        let mut fields = Vec::new();
        for (name, (child, child_pointer)) in properties {
            let ty = self.rust_type(&child, &child_pointer, &name);
            let is_required = required.contains(&name);
            let resolved = self.resolve(&child).clone();
            let mut doc = describe(&child, &resolved);
            doc.extend(notes(&resolved, is_required));
            let rust = field_names.claim(&naming::field_name(&name), "");
            fields.push(Field { wire: name, rust, ty, required: is_required, boxed: false, doc });
        }
        self.structs[index].fields = fields;
        RustType::Struct(index)
    }

    /// An object without fixed properties: a map when its values have one
    /// schema, else free-form JSON.
    fn map_type(&mut self, node: &Json, pointer: &str, hint: &str) -> RustType {
        let value_hint = format!("{hint}Value");
        if let Some(patterns) = node.get("patternProperties").and_then(Json::as_object) {
            let types: Vec<RustType> = patterns
                .iter()
                .map(|(pattern, schema)| {
                    let child = format!("{pointer}/patternProperties/{}", escape_pointer(pattern));
                    self.rust_type(schema, &child, &value_hint)
                })
                .collect();
            if let Some(first) = types.first() {
                if types.iter().all(|t| t == first) && *first != RustType::Json {
                    return RustType::Map(Box::new(first.clone()));
                }
            }
            return RustType::Json;
        }
        if let Some(schema) = node.get("additionalProperties").filter(|a| a.is_object()) {
            let ty = self.rust_type(schema, &format!("{pointer}/additionalProperties"), &value_hint);
            if ty != RustType::Json {
                return RustType::Map(Box::new(ty));
            }
        }
        RustType::Json
    }

    /// The properties of an object node and of its `oneOf`/`anyOf`/`allOf`
    /// alternatives, merged into one struct (which alternative holds is
    /// checked at synth), each with the pointer of its schema.
    fn merged_properties(&self, node: &Json, pointer: &str) -> Vec<(String, (Json, String))> {
        let mut merged: Vec<(String, (Json, String))> = Vec::new();
        let add = |owner: &Json, owner_pointer: &str, merged: &mut Vec<(String, (Json, String))>| {
            if let Some(properties) = owner.get("properties").and_then(Json::as_object) {
                for (name, child) in properties {
                    if merged.iter().any(|(n, _)| n == name) {
                        continue;
                    }
                    let child_pointer = format!("{owner_pointer}/properties/{}", escape_pointer(name));
                    merged.push((name.clone(), (child.clone(), child_pointer)));
                }
            }
        };
        add(node, pointer, &mut merged);
        for (index, alternative) in alternatives(node).into_iter().enumerate() {
            let owner_pointer = match alternative.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(target) => target.to_owned(),
                None => format!("{pointer}/alternative{index}"),
            };
            add(self.resolve(alternative), &owner_pointer, &mut merged);
        }
        merged
    }

    fn box_recursive_fields(&mut self) {
        let edges: Vec<Vec<usize>> = self
            .structs
            .iter()
            .map(|s| {
                s.fields.iter().filter_map(|f| if let RustType::Struct(t) = f.ty { Some(t) } else { None }).collect()
            })
            .collect();
        let reaches = |from: usize, to: usize| {
            let mut seen = vec![false; edges.len()];
            let mut stack = vec![from];
            while let Some(at) = stack.pop() {
                if at == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[at], true) {
                    stack.extend(edges[at].iter().copied());
                }
            }
            false
        };
        let mut boxed = Vec::new();
        for (owner, def) in self.structs.iter().enumerate() {
            for (index, field) in def.fields.iter().enumerate() {
                if let RustType::Struct(target) = field.ty {
                    if reaches(target, owner) {
                        boxed.push((owner, index));
                    }
                }
            }
        }
        for (owner, index) in boxed {
            self.structs[owner].fields[index].boxed = true;
        }
    }

    fn tag_shape(&self, fields: &[Field]) -> &'static str {
        let tag_property = self.schema.pointer("/tagging/tagProperty").and_then(Json::as_str);
        let taggable = self.schema.pointer("/tagging/taggable").and_then(Json::as_bool).unwrap_or(false);
        if !taggable || tag_property != Some("/properties/Tags") {
            return "None";
        }
        match fields.iter().find(|f| f.wire == "Tags").map(|f| &f.ty) {
            Some(RustType::List(item)) if **item == RustType::Tag => "List",
            Some(RustType::Map(value)) if **value == RustType::Str => "Map",
            _ => "None",
        }
    }

    /// The attributes type's accessors, and what `Ref` returns.
    fn attributes(&mut self, read_only: &[Vec<String>]) -> (Vec<Attribute>, String) {
        let mut names = Taken::default();
        for method in ["of", "target", "reference", "get_att", "clone", "clone_from", "eq", "ne", "fmt", "to_owned"] {
            names.reserve(method);
        }
        let identifiers: Vec<String> = match self.spec.and_then(|s| s.reference.as_ref()) {
            Some(ids) => ids.clone(),
            None => pointer_list(self.schema, "primaryIdentifier").into_iter().map(|p| p.join(".")).collect(),
        };
        let ref_property = match identifiers.as_slice() {
            [single] => Some(single.clone()),
            _ => None,
        };
        let ref_doc = match identifiers.as_slice() {
            [single] => format!("`Ref` returns `{single}`."),
            [] => "`Ref` returns the resource's physical ID.".to_owned(),
            several => format!(
                "`Ref` returns its identifier, made of {}: see the type's documentation for its form.",
                several.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        // The service spec lists every attribute `Fn::GetAtt` takes; a type
        // it does not know yet gets its schema's read-only properties.
        let listed: Vec<(String, RustType, String)> = match self.spec {
            Some(spec) if !spec.attributes.is_empty() => spec
                .attributes
                .iter()
                .map(|a| {
                    let ty = match a.kind.as_str() {
                        "string" => RustType::Str,
                        "integer" => RustType::Int,
                        "number" => RustType::Double,
                        "boolean" => RustType::Bool,
                        "list" => RustType::List(Box::new(RustType::Str)),
                        _ => RustType::Json,
                    };
                    (a.name.clone(), ty, a.doc.clone())
                })
                .collect(),
            _ => read_only
                .iter()
                .filter(|path| !path.iter().any(|segment| segment == "*"))
                .filter_map(|path| {
                    let node = self.property_at(path)?;
                    let ty = attribute_type(self.resolve(&node), |n| self.resolve(n).clone());
                    Some((path.join("."), ty, String::new()))
                })
                .collect(),
        };
        let mut attributes = Vec::new();
        let mut ref_done = false;
        for (name, ty, spec_doc) in listed {
            let path: Vec<String> = name.split('.').map(str::to_owned).collect();
            let is_ref = ref_property.as_deref() == Some(name.as_str());
            ref_done |= is_ref;
            let mut doc = crate::docs::doc_lines(&spec_doc);
            if doc.is_empty() {
                if let Some(node) = self.property_at(&path) {
                    doc = describe(&node, self.resolve(&node));
                }
            }
            if doc.is_empty() {
                doc.push(format!("The `{name}` attribute."));
            }
            doc.push(String::new());
            doc.push(if is_ref {
                format!("`{{\"Ref\": ..}}`, which returns `{name}`.")
            } else {
                format!("`Fn::GetAtt` `{name}`.")
            });
            let rust = names.claim(&naming::field_name(&path.join("_")), "_attribute");
            attributes.push(Attribute { rust, get_att: if is_ref { None } else { Some(name) }, ty, doc });
        }
        if let (Some(property), false) = (ref_property, ref_done) {
            // Ref returns a property the user may set (a function's name).
            let node = self.property_at(std::slice::from_ref(&property));
            let mut doc = node.as_ref().map(|n| describe(n, self.resolve(n))).unwrap_or_default();
            if doc.is_empty() {
                doc.push(format!("The `{property}` of the resource."));
            }
            doc.push(String::new());
            doc.push(format!("`{{\"Ref\": ..}}`, which returns `{property}`."));
            let rust = names.claim(&naming::field_name(&property), "_attribute");
            attributes.insert(0, Attribute { rust, get_att: None, ty: RustType::Str, doc });
        }
        (attributes, ref_doc)
    }

    /// The schema node of a property path (`["Endpoint", "Address"]`).
    fn property_at(&self, path: &[String]) -> Option<Json> {
        let mut node = self.schema;
        for segment in path {
            node = self.resolve(node).get("properties")?.get(segment)?;
        }
        Some(node.clone())
    }
}

fn attribute_type(node: &Json, resolve: impl Fn(&Json) -> Json) -> RustType {
    if let Some(primitive) = primitive(node) {
        return primitive;
    }
    if node.get("type").and_then(Json::as_str) == Some("array") {
        if let Some(items) = node.get("items") {
            if let Some(RustType::Str) = primitive(&resolve(items)) {
                return RustType::List(Box::new(RustType::Str));
            }
        }
    }
    RustType::Json
}

fn primitive(node: &Json) -> Option<RustType> {
    match node.get("type").and_then(Json::as_str)? {
        "string" => Some(RustType::Str),
        "integer" => Some(RustType::Int),
        "number" => Some(RustType::Double),
        "boolean" => Some(RustType::Bool),
        _ => None,
    }
}

fn is_object_like(node: &Json) -> bool {
    node.get("properties").is_some() || node.get("type").and_then(Json::as_str) == Some("object")
}

fn alternatives(node: &Json) -> Vec<&Json> {
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| node.get(*k).and_then(Json::as_array))
        .flatten()
        .filter(|a| a.get("properties").is_some() || a.get("$ref").is_some() || a.get("type").is_some())
        .collect()
}

/// `{Key, Value}`, both required strings: `cfnkit_core::Tag`.
fn is_tag(properties: &[(String, (Json, String))], required: &[String], resolve: impl Fn(&Json) -> Json) -> bool {
    let names: Vec<&str> = properties.iter().map(|(n, _)| n.as_str()).collect();
    let strings = properties.iter().all(|(_, (node, _))| primitive(&resolve(node)) == Some(RustType::Str));
    names == ["Key", "Value"] && strings && required.iter().any(|r| r == "Key") && required.iter().any(|r| r == "Value")
}

/// The property's own description, else its type's.
fn describe(node: &Json, resolved: &Json) -> Vec<String> {
    let text = node
        .get("description")
        .and_then(Json::as_str)
        .filter(|d| !d.trim().is_empty())
        .or_else(|| resolved.get("description").and_then(Json::as_str))
        .unwrap_or("");
    crate::docs::doc_lines(text)
}

/// What the schema says of the value, in a line or two of doc.
fn notes(node: &Json, required: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if required {
        notes.push("Required.".to_owned());
    }
    if let Some(values) = node.get("enum").and_then(Json::as_array) {
        let shown: Vec<String> =
            values.iter().take(24).map(|v| format!("`{}`", v.to_string().trim_matches('"'))).collect();
        let more = if values.len() > shown.len() {
            format!(" and {} more", values.len() - shown.len())
        } else {
            String::new()
        };
        notes.push(format!("Allowed values: {}{more}.", crate::docs::doc_lines(&shown.join(", ")).join(" ")));
    }
    if notes.is_empty() {
        return notes;
    }
    let mut out = vec![String::new()];
    out.push(notes.join(" "));
    out
}

fn string_list(value: Option<&Json>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// `["/properties/A/B"]` as `[["A", "B"]]`.
fn pointer_list(schema: &Json, key: &str) -> Vec<Vec<String>> {
    string_list(schema.get(key))
        .iter()
        .filter_map(|p| p.strip_prefix("/properties/"))
        .map(|p| p.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
        .collect()
}

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(schema: Json, spec: Option<SpecEntry>) -> ResourceType {
        ResourceBuilder::new("AWS::Demo::Widget", "Widget", &schema, spec.as_ref()).build()
    }

    fn field<'a>(fields: &'a [Field], wire: &str) -> &'a Field {
        fields.iter().find(|f| f.wire == wire).unwrap_or_else(|| panic!("no field {wire}"))
    }

    #[test]
    fn schema_types_become_rust_types() {
        let schema = json!({
            "properties": {
                "Name": {"type": "string"},
                "Count": {"type": "integer"},
                "Ratio": {"type": "number"},
                "Enabled": {"type": ["boolean", "null"]},
                "Ids": {"type": "array", "items": {"type": "string"}},
                "Labels": {"type": "object", "patternProperties": {".*": {"type": "string"}}},
                "Document": {"type": ["object", "string"]},
                "Tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "Keys": {"oneOf": [{"$ref": "#/definitions/Keys"}, {"format": "json", "type": ["object", "string"]}]},
                "Node": {"$ref": "#/definitions/Node"},
                "Arn": {"type": "string"}
            },
            "definitions": {
                "Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}},
                        "required": ["Key", "Value"]},
                "Keys": {"type": "array", "items": {"$ref": "#/definitions/Key"}},
                "Key": {"type": "object", "properties": {"Name": {"type": "string"}}, "required": ["Name"]},
                "Node": {"type": "object", "properties": {"Child": {"$ref": "#/definitions/Node"},
                                                           "Type": {"type": "string"}}}
            },
            "required": ["Name"],
            "readOnlyProperties": ["/properties/Arn"],
            "primaryIdentifier": ["/properties/Arn"],
            "tagging": {"taggable": true, "tagProperty": "/properties/Tags"}
        });
        let resource = build(schema, None);
        let f = |wire| field(&resource.fields, wire);
        assert_eq!((f("Name").ty.clone(), f("Name").required), (RustType::Str, true));
        assert_eq!(f("Count").ty, RustType::Int);
        assert_eq!(f("Ratio").ty, RustType::Double);
        assert_eq!(f("Enabled").ty, RustType::Bool, "null is not a type of its own");
        assert_eq!(f("Ids").ty, RustType::List(Box::new(RustType::Str)));
        assert_eq!(f("Labels").ty, RustType::Map(Box::new(RustType::Str)));
        assert_eq!(f("Document").ty, RustType::Json);
        assert_eq!(f("Tags").ty, RustType::List(Box::new(RustType::Tag)));
        assert_eq!(resource.tag_shape, "List");
        let RustType::List(item) = &f("Keys").ty else { panic!("{:?}", f("Keys").ty) };
        let RustType::Struct(key) = **item else { panic!("{item:?}") };
        assert_eq!(resource.structs[key].fields[0].rust, "name");
        let RustType::Struct(node) = f("Node").ty else { panic!() };
        let child = field(&resource.structs[node].fields, "Child");
        assert!(child.boxed, "a recursive field is boxed");
        assert_eq!(field(&resource.structs[node].fields, "Type").rust, "type_");
        assert!(resource.fields.iter().all(|f| f.wire != "Arn"), "read-only properties are attributes, not fields");
        assert_eq!(resource.attributes.len(), 1);
        assert_eq!((resource.attributes[0].rust.as_str(), resource.attributes[0].get_att.as_deref()), ("arn", None));
    }

    #[test]
    fn the_service_spec_decides_ref_and_get_att() {
        let schema = json!({
            "properties": {"FunctionName": {"type": "string"}, "Arn": {"type": "string"}},
            "readOnlyProperties": ["/properties/Arn"],
            "primaryIdentifier": ["/properties/FunctionName"]
        });
        let spec = SpecEntry {
            reference: None,
            attributes: vec![
                SpecAttribute { name: "Arn".into(), kind: "string".into(), doc: String::new() },
                SpecAttribute { name: "Endpoint.Port".into(), kind: "integer".into(), doc: String::new() },
            ],
        };
        let resource = build(schema, Some(spec));
        let names: Vec<(&str, Option<&str>)> =
            resource.attributes.iter().map(|a| (a.rust.as_str(), a.get_att.as_deref())).collect();
        assert_eq!(names, [("function_name", None), ("arn", Some("Arn")), ("endpoint_port", Some("Endpoint.Port"))]);
        assert_eq!(resource.attributes[2].ty, RustType::Int);
        assert_eq!(resource.ref_doc, "`Ref` returns `FunctionName`.");
    }
}
