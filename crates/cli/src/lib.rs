#![warn(missing_docs)]
//! The command-line entry point for stack programs: a crate of its own, so
//! that a library user of cfnkit never compiles clap.
//!
//! An example's `main` hands a function that builds its stack (or app) to
//! [`run`]; the user then gets `--format`, `--output`, `--strict` and
//! `--help` for free:
//!
//! ```no_run
//! use cfnkit_core::{RawResource, Stack};
//!
//! fn build() -> Result<Stack, cfnkit_core::Error> {
//!     let mut stack = Stack::new("Demo");
//!     stack.add(&stack.root(), "Queue", RawResource::new("AWS::SQS::Queue"))?;
//!     Ok(stack)
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     cfnkit_cli::run(build)
//! }
//! ```
use std::ffi::OsString;
use std::fmt::Display;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cfnkit_core::App;
use cfnkit_synth::{synth_app, Diagram, Format, SynthError};
use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, ArgMatches, Command};

/// What the command line asked for.
#[derive(Debug)]
struct Args {
    format: Format,
    output: Option<PathBuf>,
    strict: bool,
    stack: Option<String>,
    /// `network`: the report (`None`) or a diagram instead of the template.
    network: Option<Option<Diagram>>,
    /// `list`: the stacks in deploy order instead of a template.
    list: bool,
    /// Every template of the app, and the manifest, into this directory.
    output_dir: Option<PathBuf>,
    /// `diff PATH`: what deploying over the template at PATH does.
    diff: Option<DiffArgs>,
}

/// The `diff` subcommand's arguments.
#[derive(Debug)]
struct DiffArgs {
    previous: PathBuf,
    json: bool,
    fail_on_replace: bool,
    fail_on_destroy: bool,
    verbose: bool,
    colour: bool,
}

/// The command line, built with clap's builder API: its derive macros would
/// add `clap_derive` to every stack program's first build.
fn command() -> Command {
    Command::new("cfnkit")
        .about("Synthesise this program's CloudFormation template (JSON on stdout by default).")
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .help("Output format")
                .value_parser([
                    PossibleValue::new("json").help("JSON, two-space indent (the default)"),
                    PossibleValue::new("yaml").help("YAML, intrinsic functions in their long form (`Fn::GetAtt:`)"),
                ])
                .default_value("json"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .short('o')
                .value_name("OUTPUT")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Write the template to this file instead of stdout"),
        )
        .arg(
            Arg::new("strict")
                .long("strict")
                .action(ArgAction::SetTrue)
                .help("Treat warnings as errors: print them and exit non-zero"),
        )
        .arg(
            Arg::new("stack")
                .long("stack")
                .value_name("STACK")
                .global(true)
                .help("Which stack to print, when the app has more than one"),
        )
        .arg(
            Arg::new("output-dir")
                .long("output-dir")
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .conflicts_with_all(["output", "stack"])
                .help(
                    "Write every template of the app (nested ones included) and manifest.json (the stacks in deploy \
                     order, their dependencies, parameters and aws commands) into DIR",
                ),
        )
        .subcommand(Command::new("list").about("Print the app's stacks in deploy order, with what each imports from"))
        .subcommand(
            Command::new("diff")
                .about(
                    "Show what deploying this stack over a previous template does: each resource added, removed, \
                     replaced (and why), possibly replaced or updated; security-group rule and policy statement \
                     changes; network paths opened and closed",
                )
                .arg(
                    Arg::new("previous")
                        .value_name("PATH")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help(
                            "The template deployed now, JSON or YAML (e.g. from `aws cloudformation get-template \
                             --query TemplateBody`, or a committed snapshot), or a directory --output-dir wrote \
                             (whose manifest.json gives the old construct paths too)",
                        ),
                )
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_name("FORMAT")
                        .value_parser([
                            PossibleValue::new("text").help("for a person (the default)"),
                            PossibleValue::new("json").help("for tools"),
                        ])
                        .default_value("text"),
                )
                .arg(Arg::new("fail-on").long("fail-on").value_name("WHAT").action(ArgAction::Append).value_parser([
                    PossibleValue::new("replace").help("exit 1 if a resource is or may be replaced, or renamed"),
                    PossibleValue::new("destroy").help("exit 1 if a resource is deleted (removed, replaced, renamed)"),
                ]))
                .arg(
                    Arg::new("verbose")
                        .long("verbose")
                        .short('v')
                        .action(ArgAction::SetTrue)
                        .help("List unchanged resources too"),
                )
                .arg(
                    Arg::new("color")
                        .long("color")
                        .value_name("WHEN")
                        .value_parser(["auto", "always", "never"])
                        .default_value("auto")
                        .help("Colour the text: auto colours a terminal unless NO_COLOR is set"),
                ),
        )
        .subcommand(
            Command::new("network")
                .about(
                    "Print who reaches what in the stack's network (internet egress and the NAT and AZ it goes \
                     through, flows between endpoints, internet ingress), or draw it",
                )
                .arg(
                    Arg::new("diagram")
                        .long("diagram")
                        .value_name("LANGUAGE")
                        .help("Draw the network instead of the report")
                        .value_parser([
                            PossibleValue::new("mermaid").help("a Mermaid flowchart"),
                            PossibleValue::new("dot").help("Graphviz DOT, for `dot -Tsvg`"),
                        ]),
                ),
        )
}

/// Refuses the options a subcommand would silently ignore: `list` prints
/// every stack (so no `--stack`), and `network` and `diff` print one
/// stack's report (so no `--output-dir`).
fn refuse_combinations(matches: &ArgMatches) -> Result<ArgMatches, clap::Error> {
    let conflict = match matches.subcommand_name() {
        Some("list") if matches.get_one::<String>("stack").is_some() => Some(("list", "--stack")),
        Some(name @ ("network" | "diff")) if matches.get_one::<PathBuf>("output-dir").is_some() => {
            Some((name, "--output-dir"))
        }
        _ => None,
    };
    match conflict {
        Some((subcommand, option)) => Err(command().error(
            clap::error::ErrorKind::ArgumentConflict,
            format!("the subcommand '{subcommand}' cannot be used with '{option}'"),
        )),
        None => Ok(matches.clone()),
    }
}

impl Args {
    fn from_matches(matches: &ArgMatches) -> Args {
        let format = match matches.get_one::<String>("format").map(String::as_str) {
            Some("yaml") => Format::Yaml,
            _ => Format::Json,
        };
        Args {
            format,
            output: matches.get_one::<PathBuf>("output").cloned(),
            strict: matches.get_flag("strict"),
            stack: matches.get_one::<String>("stack").cloned(),
            list: matches.subcommand_matches("list").is_some(),
            output_dir: matches.get_one::<PathBuf>("output-dir").cloned(),
            diff: matches.subcommand_matches("diff").map(|diff| {
                let fail_on: Vec<&String> = diff.get_many::<String>("fail-on").into_iter().flatten().collect();
                let colour = match diff.get_one::<String>("color").map(String::as_str) {
                    Some("always") => true,
                    Some("never") => false,
                    _ => {
                        use std::io::IsTerminal;
                        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                    }
                };
                DiffArgs {
                    previous: diff.get_one::<PathBuf>("previous").cloned().expect("required"),
                    json: diff.get_one::<String>("format").map(String::as_str) == Some("json"),
                    fail_on_replace: fail_on.iter().any(|f| *f == "replace"),
                    fail_on_destroy: fail_on.iter().any(|f| *f == "destroy"),
                    verbose: diff.get_flag("verbose"),
                    colour,
                }
            }),
            network: matches.subcommand_matches("network").map(|network| {
                match network.get_one::<String>("diagram").map(String::as_str) {
                    Some("mermaid") => Some(Diagram::Mermaid),
                    Some("dot") => Some(Diagram::Dot),
                    _ => None,
                }
            }),
        }
    }
}

/// Parses the process arguments, builds the stack and prints its template.
/// Errors go to stderr and give a non-zero exit code.
pub fn run<S, E, F>(build: F) -> ExitCode
where
    F: FnOnce() -> Result<S, E>,
    S: Into<App>,
    E: Display,
{
    let code = run_with(std::env::args_os(), build, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}

/// [`run`] with explicit arguments and streams, for tests. Returns the exit
/// code: 0 on success, 1 on a build, synth or I/O error, 2 on bad arguments.
pub fn run_with<S, E, F, I, T>(args: I, build: F, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8
where
    F: FnOnce() -> Result<S, E>,
    S: Into<App>,
    E: Display,
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args = match command().try_get_matches_from(args).and_then(|matches| refuse_combinations(&matches)) {
        Ok(matches) => Args::from_matches(&matches),
        Err(e) => {
            let use_stderr = e.use_stderr();
            let text = e.render().to_string();
            let _ = if use_stderr { stderr.write_all(text.as_bytes()) } else { stdout.write_all(text.as_bytes()) };
            return if use_stderr { 2 } else { 0 };
        }
    };
    match synthesise(&args, build, stderr) {
        Ok(Outcome { body, refusal }) => {
            let written = match &args.output {
                Some(path) => std::fs::write(path, body).map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => stdout.write_all(body.as_bytes()).map_err(|e| format!("cannot write the template: {e}")),
            };
            match written.and_then(|()| refusal.map_or(Ok(()), Err)) {
                Ok(()) => 0,
                Err(message) => {
                    let _ = writeln!(stderr, "error: {message}");
                    1
                }
            }
        }
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            1
        }
    }
}

/// What a run prints, and why it fails after printing it, if it does
/// (`diff --fail-on`).
struct Outcome {
    body: String,
    refusal: Option<String>,
}

impl From<String> for Outcome {
    fn from(body: String) -> Outcome {
        Outcome { body, refusal: None }
    }
}

fn synthesise<S, E, F>(args: &Args, build: F, stderr: &mut dyn Write) -> Result<Outcome, String>
where
    F: FnOnce() -> Result<S, E>,
    S: Into<App>,
    E: Display,
{
    let app: App = build().map_err(|e| e.to_string())?.into();
    let templates = synth_app(&app).map_err(|e| e.to_string())?;
    if args.list {
        return Ok(list(&templates).into());
    }
    if let Some(dir) = &args.output_dir {
        return write_all(dir, &templates, args, stderr).map(Outcome::from);
    }
    let template = match (&args.stack, templates.len()) {
        (Some(name), _) => templates
            .iter()
            .find(|t| t.stack_name() == name)
            .ok_or_else(|| format!("no stack named {name:?}; the app has {}", stack_list(&templates)))?,
        (None, 1) => &templates[0],
        (None, 0) => return Err("the app has no stacks".into()),
        (None, _) => {
            return Err(format!("the app has several stacks ({}); choose one with --stack", stack_list(&templates)))
        }
    };
    if let Some(diagram) = args.network {
        return Ok(match diagram {
            Some(diagram) => template.network_diagram(diagram),
            None => template.network_report().to_text(),
        }
        .into());
    }
    if let Some(diff) = &args.diff {
        return diff_against(template, diff);
    }
    if !template.nested().is_empty() {
        let _ = writeln!(
            stderr,
            "warning: {}: the stack has nested stacks, whose templates only --output-dir writes",
            template.stack_name()
        );
    }
    let rendered = render(template, args.format, args.strict, stderr)?;
    Ok(rendered.body.into())
}

/// `diff PATH`: the stack's template against the one at PATH; with
/// `--fail-on`, a refusal after the diff is printed.
fn diff_against(template: &cfnkit_synth::Template, args: &DiffArgs) -> Result<Outcome, String> {
    let (file, old_paths) = previous_output(&args.previous, template.stack_name())?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let previous =
        cfnkit_template::Template::parse(&text).map_err(|e| format!("{} is not a template: {e}", file.display()))?;
    let paths = cfnkit_diff::Paths {
        old: old_paths,
        new: template.logical_ids().map(|(path, id)| (id.to_owned(), path.to_owned())).collect(),
    };
    let diff = cfnkit_diff::diff_with_paths(&previous, template.model(), &paths);
    // The parent names each nested template by a fixed local file, so its
    // changes never show there.
    let nested_note = if template.nested().is_empty() {
        String::new()
    } else {
        format!(
            "\nNot compared: the nested stacks' templates ({}); diff each against its previous file.\n",
            template.nested().iter().map(|n| n.file.as_str()).collect::<Vec<_>>().join(", ")
        )
    };
    let body = if args.json {
        let mut body = serde_json::to_string_pretty(&diff.to_json()).expect("JSON values always serialise");
        body.push('\n');
        body
    } else {
        diff.to_text(template.stack_name(), cfnkit_diff::Style { colour: args.colour, verbose: args.verbose })
            + &nested_note
    };
    let mut refusals = Vec::new();
    let mut refuse = |asked: bool, what: &str, hit: fn(&cfnkit_diff::Change) -> bool| {
        let ids: Vec<&str> =
            diff.resources.iter().filter(|r| asked && hit(&r.change)).map(|r| r.logical_id.as_str()).collect();
        if !ids.is_empty() {
            refusals.push(format!("{} resource(s) {what}: {}", ids.len(), ids.join(", ")));
        }
    };
    refuse(args.fail_on_replace, "replaced or renamed (--fail-on replace)", cfnkit_diff::Change::replaces);
    refuse(args.fail_on_destroy, "deleted (--fail-on destroy)", cfnkit_diff::Change::destroys);
    Ok(Outcome { body, refusal: (!refusals.is_empty()).then(|| refusals.join("; ")) })
}

/// The previous template of `stack` and its construct paths: PATH is a
/// template file, or a directory `--output-dir` wrote. The paths come from
/// the `manifest.json` of that output (beside the file), when there is
/// one; a template from `aws cloudformation get-template` has none.
fn previous_output(path: &std::path::Path, stack: &str) -> Result<(PathBuf, cfnkit_diff::PathMap), String> {
    let (directory, file) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else {
        (path.parent().map(std::path::Path::to_path_buf).unwrap_or_default(), Some(path.to_path_buf()))
    };
    let manifest: Option<serde_json::Value> =
        std::fs::read_to_string(directory.join("manifest.json")).ok().and_then(|text| serde_json::from_str(&text).ok());
    let entry = manifest
        .as_ref()
        .and_then(|m| m["stacks"].as_array())
        .and_then(|stacks| stacks.iter().find(|s| s["name"] == stack).cloned());
    let named = entry.as_ref().and_then(|e| e["template"].as_str()).map(|t| directory.join(t));
    let file = match (file, &named) {
        (Some(file), _) => file,
        (None, Some(named)) => named.clone(),
        (None, None) => {
            return Err(format!(
                "{} has no manifest.json naming stack {stack:?}; give the template file instead",
                path.display()
            ))
        }
    };
    // The manifest's paths describe only the template it names.
    let paths = match (&entry, named) {
        (Some(entry), Some(named)) if named == file => entry["constructPaths"]
            .as_object()
            .map(|paths| paths.iter().map(|(id, path)| (id.clone(), path.as_str().unwrap_or("").to_owned())).collect())
            .unwrap_or_default(),
        _ => Default::default(),
    };
    Ok((file, paths))
}

/// Renders one template, printing its warnings; `--strict` makes them fail.
fn render(
    template: &cfnkit_synth::Template,
    format: Format,
    strict: bool,
    stderr: &mut dyn Write,
) -> Result<cfnkit_synth::Rendered, String> {
    let rendered = template.render(format).map_err(|e| e.to_string())?;
    for warning in &rendered.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    if strict && !rendered.warnings.is_empty() {
        return Err(SynthError::Strict { count: rendered.warnings.len() }.to_string());
    }
    Ok(rendered)
}

/// The stacks in deploy order, one a line.
fn list(templates: &[cfnkit_synth::Template]) -> String {
    let mut out = String::new();
    for (index, template) in templates.iter().enumerate() {
        out.push_str(&format!("{}. {}", index + 1, template.stack_name()));
        if !template.dependencies().is_empty() {
            out.push_str(&format!(" (after {})", template.dependencies().join(", ")));
        }
        for nested in template.nested() {
            out.push_str(&format!("\n   nested: {} ({})", nested.path, nested.file));
        }
        out.push('\n');
    }
    out
}

/// Writes every template and the manifest into `dir`; returns what was
/// written, for stdout.
fn write_all(
    dir: &std::path::Path,
    templates: &[cfnkit_synth::Template],
    args: &Args,
    stderr: &mut dyn Write,
) -> Result<String, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let write = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::write(&path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let mut written = Vec::new();
    for template in templates {
        let file = cfnkit_synth::template_file(template.stack_name(), args.format);
        write(&file, &render(template, args.format, args.strict, stderr)?.body)?;
        written.push(file);
        for nested in template.nested() {
            // The parent's TemplateURL names a JSON file.
            write(&nested.file, &render(&nested.template, Format::Json, args.strict, stderr)?.body)?;
            written.push(nested.file.clone());
        }
    }
    write("manifest.json", &cfnkit_synth::Manifest::of(templates, args.format).to_json())?;
    written.push("manifest.json".to_owned());
    Ok(written.iter().map(|f| format!("{}\n", dir.join(f).display())).collect())
}

fn stack_list(templates: &[cfnkit_synth::Template]) -> String {
    templates.iter().map(|t| t.stack_name()).collect::<Vec<_>>().join(", ")
}
