//! A template as text: rendering to JSON or YAML, and parsing either back,
//! YAML's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) included.
use std::str::FromStr;

use indexmap::IndexMap;
use serde_json::Number;
use serde_yaml::Value as Yaml;

use crate::error::ParseError;
use crate::expr::Expr;
use crate::model::Template;

/// A template's text format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

impl Template {
    /// The template as text, ending in a newline.
    pub fn render(&self, format: Format) -> String {
        let mut body = match format {
            Format::Json => serde_json::to_string_pretty(self).expect("a Template always serialises"),
            Format::Yaml => serde_yaml::to_string(self).expect("a Template always serialises"),
        };
        if !body.ends_with('\n') {
            body.push('\n');
        }
        body
    }

    /// Reads a template from JSON or YAML text (JSON when its first
    /// non-blank character is `{`).
    ///
    /// ```
    /// use cfnkit_template::{Expr, Template};
    ///
    /// let yaml = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  Arn:\n    Value: !GetAtt Topic.TopicArn\n";
    /// let template = Template::parse(yaml).unwrap();
    /// assert_eq!(template.outputs["Arn"].value, Expr::GetAtt("Topic".into(), "TopicArn".into()));
    /// ```
    pub fn parse(text: &str) -> Result<Template, ParseError> {
        if text.trim_start().starts_with('{') {
            let json = serde_json::from_str(text).map_err(|e| ParseError::Json { message: e.to_string() })?;
            Template::from_json(json)
        } else {
            let yaml: Yaml = serde_yaml::from_str(text).map_err(|e| ParseError::Yaml { message: e.to_string() })?;
            Template::from_expr(expr_from_yaml(yaml)?)
        }
    }
}

/// Reads a YAML value, short-form tags included, into an expression.
pub fn expr_from_yaml(yaml: Yaml) -> Result<Expr, ParseError> {
    Ok(match yaml {
        Yaml::Null => Expr::Null,
        Yaml::Bool(b) => Expr::Bool(b),
        Yaml::Number(n) => Expr::Number(yaml_number(&n)?),
        Yaml::String(s) => Expr::String(s),
        Yaml::Sequence(items) => Expr::List(items.into_iter().map(expr_from_yaml).collect::<Result<_, _>>()?),
        Yaml::Mapping(entries) => {
            let mut map = IndexMap::with_capacity(entries.len());
            for (key, value) in entries {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Bool(b) => b.to_string(),
                    Yaml::Number(n) => n.to_string(),
                    _ => return Err(ParseError::shape("a YAML mapping key", "a string")),
                };
                map.insert(key, expr_from_yaml(value)?);
            }
            Expr::from_map(map)?
        }
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let key = match name {
                "Ref" | "Condition" => name.to_owned(),
                _ => format!("Fn::{name}"),
            };
            Expr::intrinsic(&key, expr_from_yaml(tagged.value)?)?
        }
    })
}

fn yaml_number(n: &serde_yaml::Number) -> Result<Number, ParseError> {
    if let Some(i) = n.as_i64() {
        Ok(Number::from(i))
    } else if let Some(u) = n.as_u64() {
        Ok(Number::from(u))
    } else {
        n.as_f64().and_then(Number::from_f64).ok_or_else(|| ParseError::shape(n.to_string(), "a finite number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Resource;

    fn sample() -> Template {
        let mut template = Template { description: Some("demo".into()), ..Template::default() };
        let mut vpc = Resource::new("AWS::EC2::VPC");
        vpc.properties.insert("CidrBlock".into(), "10.0.0.0/16".into());
        template.resources.insert("Vpc".into(), vpc);
        let mut subnet = Resource::new("AWS::EC2::Subnet");
        subnet.properties.insert("VpcId".into(), Expr::Ref("Vpc".into()));
        subnet.properties.insert(
            "AvailabilityZone".into(),
            Expr::Select(Box::new(Expr::integer(0)), Box::new(Expr::GetAzs(Box::new("".into())))),
        );
        subnet.depends_on.push("Vpc".into());
        subnet.deletion_policy = Some("Retain".into());
        template.resources.insert("Subnet".into(), subnet);
        template
    }

    #[test]
    fn json_and_yaml_read_back_to_the_same_model() {
        let template = sample();
        for format in [Format::Json, Format::Yaml] {
            let text = template.render(format);
            assert_eq!(Template::parse(&text).unwrap(), template, "{format:?}:\n{text}");
        }
    }

    #[test]
    fn json_renders_sections_in_cloudformation_order() {
        let text = sample().render(Format::Json);
        let version = text.find("AWSTemplateFormatVersion").unwrap();
        let description = text.find("\"Description\"").unwrap();
        let resources = text.find("\"Resources\"").unwrap();
        assert!(version < description && description < resources);
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn yaml_short_form_tags_are_read() {
        let yaml = r#"
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub "${AWS::StackName}-data"
      Tags:
        - Key: az
          Value: !Select [0, !GetAZs ""]
        - Key: joined
          Value: !Join [",", [!GetAtt Other.Arn, !If [IsProd, a, b]]]
      Size: !FindInMap [Sizes, !Ref "AWS::Region", big]
      Code: !Base64 "echo"
Outputs:
  Name:
    Value: !Ref Bucket
    Export:
      Name: !Sub "${AWS::StackName}-bucket"
"#;
        let template = Template::parse(yaml).unwrap();
        assert_eq!(template.parameters["Env"].parameter_type, "String");
        assert!(matches!(&template.conditions["IsProd"], Expr::Equals(left, _) if **left == Expr::Ref("Env".into())));
        let bucket = &template.resources["Bucket"];
        assert_eq!(bucket.condition.as_deref(), Some("IsProd"));
        assert!(
            matches!(bucket.property("BucketName"), Some(Expr::Sub(t, v)) if t == "${AWS::StackName}-data" && v.is_empty())
        );
        let tags = bucket.property("Tags").unwrap().as_list().unwrap();
        assert!(matches!(tags[1].get("Value"), Some(Expr::Join(d, _)) if d == ","));
        assert!(matches!(bucket.property("Size"), Some(Expr::FindInMap(m, _, _)) if m == "Sizes"));
        assert_eq!(template.outputs["Name"].value, Expr::Ref("Bucket".into()));
    }

    #[test]
    fn broken_templates_are_errors() {
        assert!(matches!(Template::parse("{"), Err(ParseError::Json { .. })));
        assert!(matches!(Template::parse("Resources: [a"), Err(ParseError::Yaml { .. })));
        assert!(matches!(
            Template::parse("Resources:\n  A:\n    Properties: {}\n"),
            Err(ParseError::Shape { at, .. }) if at == "Resources.A.Type"
        ));
        assert!(matches!(
            Template::parse("Outputs:\n  A:\n    Value: !NoSuch x\n"),
            Err(ParseError::UnknownIntrinsic { .. })
        ));
    }
}
