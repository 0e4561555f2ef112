//! API paths: how a path is split and checked, and the resource tree it becomes.

use super::{HttpMethod, RestApi};
use crate::error::Error;
use crate::l1::apigateway::{self, Method};
use cfnkit_core::Handle;
use cfnkit_core::Value;
use cfnkit_core::{Scope, Stack};

/// One path of the API: its scope, its resource and what is routed on it.
pub(super) struct PathNode {
    pub(super) scope: Scope,
    pub(super) resource_id: Value,
    pub(super) resource: Option<Handle<apigateway::Resource>>,
    pub(super) methods: Vec<HttpMethod>,
    pub(super) preflight: Option<Handle<Method>>,
}

impl RestApi {
    /// Adds the resources of `parts` that do not exist yet; returns the key
    /// of the last one.
    pub(super) fn ensure_nodes(&mut self, stack: &mut Stack, parts: &[&str]) -> Result<String, Error> {
        for depth in 0..parts.len() {
            let key = join_path(&parts[..=depth]);
            if self.nodes.contains_key(&key) {
                continue;
            }
            let parent = &self.nodes[&join_path(&parts[..depth])];
            let (parent_scope, parent_id) = (parent.scope.clone(), parent.resource_id.clone());
            let scope = stack.scope(&parent_scope, parts[depth])?;
            let resource = apigateway::Resource {
                parent_id: parent_id.into(),
                path_part: parts[depth].into(),
                rest_api_id: self.handle.rest_api_id(),
            };
            let resource = stack.add(&scope, "Resource", resource)?;
            let node = PathNode {
                scope,
                resource_id: resource.resource_id().into(),
                resource: Some(resource),
                methods: Vec::new(),
                preflight: None,
            };
            self.nodes.insert(key, node);
        }
        Ok(join_path(parts))
    }
}

/// Method names used as construct ids next to path parts in a scope.
const RESERVED_PARTS: [&str; 9] = ["Resource", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

/// Splits and checks an API path; the error is the reason, with the fix.
pub(super) fn parse_path(path: &str) -> Result<Vec<&str>, String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err("start the path with '/', e.g. \"/graphql\"".into());
    };
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    if rest.ends_with('/') {
        return Err("remove the trailing '/'".into());
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    for (index, part) in parts.iter().enumerate() {
        if part.is_empty() {
            return Err("path parts must not be empty ('//')".into());
        }
        if let Some(inner) = part.strip_prefix('{') {
            let Some(name) = inner.strip_suffix('}') else {
                return Err(format!("{part:?} opens a path parameter without closing it; write {{name}}"));
            };
            let (name, greedy) = match name.strip_suffix('+') {
                Some(name) => (name, true),
                None => (name, false),
            };
            if !plain(name) {
                return Err(format!("{part:?}: path parameter names are letters, digits and '._-'"));
            }
            if greedy && index + 1 != parts.len() {
                return Err(format!("the greedy parameter {part} must be the last part of the path"));
            }
        } else {
            if !plain(part) {
                return Err(format!(
                    "{part:?}: API Gateway allows only letters, digits and '._-' in a path part, or a parameter {{name}} or {{name+}}"
                ));
            }
            if !part.chars().any(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("{part:?}: a path part needs at least one letter or digit"));
            }
            if RESERVED_PARTS.contains(part) {
                return Err(format!("{part:?} is reserved for the construct tree's own ids; rename the path part"));
            }
        }
    }
    Ok(parts)
}

/// The key of a path in the tree: `/` and its parts.
pub(super) fn join_path(parts: &[&str]) -> String {
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_split_and_checked() {
        assert_eq!(parse_path("/").unwrap(), Vec::<&str>::new());
        assert_eq!(parse_path("/users/{id}/files/{path+}").unwrap(), ["users", "{id}", "files", "{path+}"]);
        assert_eq!(parse_path("/v1.2/a_b-c").unwrap(), ["v1.2", "a_b-c"]);
        for bad in [
            "graphql",
            "/a/",
            "/a//b",
            "/a b",
            "/{id",
            "/{}",
            "/{a+}/b",
            "/~user",
            "/a:b",
            "/..",
            "/POST",
            "/Resource",
            "/{a$}",
        ] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
