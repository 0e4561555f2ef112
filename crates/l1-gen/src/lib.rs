//! The L1 generator: reads the vendored CloudFormation resource schemas
//! (`schemas/`) and writes the L1 crates (`crates/l1/services/*`, one per
//! AWS service, and the glue in `crates/l1`).
//!
//! `cargo run -p cfnkit-l1-gen` writes them; `cargo run -p cfnkit-l1-gen --
//! --check` (and this crate's test) fails when they are stale.
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

pub mod docs;
pub mod emit;
pub mod model;
pub mod naming;
pub mod spec_data;

/// The directory every service crate is generated into; the generator owns
/// it whole.
pub const SERVICES_DIR: &str = "crates/l1/services";

/// The repository root, from this crate's manifest directory.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository exists")
}

/// Every generated file's path (from the root) and contents.
pub fn generate(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let schemas = read_schemas(root)?;
    let types = schemas.get("types").and_then(Json::as_object).ok_or("the schema file has no `types`")?;
    let spec = read_service_spec(root)?;
    let services = model::services(types, &spec);
    let provenance = emit::Provenance {
        cfn_lint_version: schemas.get("cfn_lint_version").and_then(Json::as_str).unwrap_or("?").to_owned(),
        schema_date: schemas.get("schema_date").and_then(Json::as_str).unwrap_or("?").to_owned(),
    };
    let mut files = emit::files(&services, &provenance);
    let extensions = read_gzip_json(&root.join("schemas/cfn-lint/extensions.json.gz"))?;
    let stateful: Vec<&str> =
        extensions.get("stateful").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str).collect();
    let by_type = extensions.get("types").and_then(Json::as_object).ok_or("the extensions file has no `types`")?;
    files.extend(spec_data::files(types, by_type, &stateful, &provenance));
    let manifest = root.join("Cargo.toml");
    let current = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    files.insert("Cargo.toml".to_owned(), emit::root_manifest(&current, &services)?);
    Ok(files)
}

fn read_schemas(root: &Path) -> Result<Json, String> {
    read_gzip_json(&root.join("schemas/cfn-lint/us-east-1.json.gz"))
}

fn read_gzip_json(path: &Path) -> Result<Json, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// What the CDK's service spec adds to the schemas: `Ref` and `Fn::GetAtt`.
fn read_service_spec(root: &Path) -> Result<HashMap<String, model::SpecEntry>, String> {
    let path = root.join("schemas/aws-service-spec/resources.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Json = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let table = json.get("resources").and_then(Json::as_object).ok_or("no `resources`")?;
    let strings = |v: &Json| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(Json::as_str).map(str::to_owned).collect()).unwrap_or_default()
    };
    Ok(table
        .iter()
        .map(|(type_name, entry)| {
            let attributes = entry
                .get("attributes")
                .and_then(Json::as_object)
                .map(|attributes| {
                    attributes
                        .iter()
                        .map(|(name, a)| model::SpecAttribute {
                            name: name.clone(),
                            kind: a.get("type").and_then(Json::as_str).unwrap_or("json").to_owned(),
                            doc: a.get("doc").and_then(Json::as_str).unwrap_or("").to_owned(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let reference = entry.get("ref").map(strings);
            (type_name.clone(), model::SpecEntry { reference, attributes })
        })
        .collect())
}

/// The generated files under `root` that differ from `files`, and the files
/// in the generated directories that `files` does not have.
pub fn stale(root: &Path, files: &BTreeMap<String, String>) -> Vec<String> {
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(path, contents)| std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(contents.as_str()))
        .map(|(path, _)| path.clone())
        .collect();
    for path in existing_files(&root.join(SERVICES_DIR)) {
        let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
        if !files.contains_key(&relative) {
            stale.push(relative);
        }
    }
    stale
}

/// Writes `files`, and removes what the generated directories hold besides.
pub fn write(root: &Path, files: &BTreeMap<String, String>) -> std::io::Result<usize> {
    let mut written = 0;
    for path in existing_files(&root.join(SERVICES_DIR)) {
        let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
        if !files.contains_key(&relative) {
            std::fs::remove_file(&path)?;
        }
    }
    for (path, contents) in files {
        let target = root.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, contents)?;
        written += 1;
    }
    Ok(written)
}

fn existing_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
