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
use cfnkit_synth::{synth_app, Format, SynthError};
use clap::{Parser, ValueEnum};

/// The output format, as the command line names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// JSON, two-space indent (the default).
    #[default]
    Json,
    /// YAML, intrinsic functions in their long form (`Fn::GetAtt:`).
    Yaml,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Json => Format::Json,
            FormatArg::Yaml => Format::Yaml,
        }
    }
}

/// Prints this program's CloudFormation template.
#[derive(Debug, Parser)]
#[command(about = "Synthesise this program's CloudFormation template (JSON on stdout by default).")]
struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    format: FormatArg,
    /// Write the template to this file instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Treat warnings as errors: print them and exit non-zero.
    #[arg(long)]
    strict: bool,
    /// Which stack to print, when the app has more than one.
    #[arg(long)]
    stack: Option<String>,
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
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(e) => {
            let use_stderr = e.use_stderr();
            let text = e.render().to_string();
            let _ = if use_stderr { stderr.write_all(text.as_bytes()) } else { stdout.write_all(text.as_bytes()) };
            return if use_stderr { 2 } else { 0 };
        }
    };
    match synthesise(&args, build, stderr) {
        Ok(body) => {
            let written = match &args.output {
                Some(path) => std::fs::write(path, body).map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => stdout.write_all(body.as_bytes()).map_err(|e| format!("cannot write the template: {e}")),
            };
            match written {
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

fn synthesise<S, E, F>(args: &Args, build: F, stderr: &mut dyn Write) -> Result<String, String>
where
    F: FnOnce() -> Result<S, E>,
    S: Into<App>,
    E: Display,
{
    let app: App = build().map_err(|e| e.to_string())?.into();
    let templates = synth_app(&app).map_err(|e| e.to_string())?;
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
    let rendered = template.render(args.format.into()).map_err(|e| e.to_string())?;
    for warning in &rendered.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    if args.strict && !rendered.warnings.is_empty() {
        return Err(SynthError::Strict { count: rendered.warnings.len() }.to_string());
    }
    Ok(rendered.body)
}

fn stack_list(templates: &[cfnkit_synth::Template]) -> String {
    templates.iter().map(|t| t.stack_name()).collect::<Vec<_>>().join(", ")
}
