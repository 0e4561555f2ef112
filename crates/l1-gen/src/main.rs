//! `cargo run -p cfnkit-l1-gen` writes the L1 crates from `schemas/`;
//! `-- --check` lists stale files and exits 1 instead.
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = cfnkit_l1_gen::repository_root();
    let files = match cfnkit_l1_gen::generate(&root) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("cfnkit-l1-gen: {error}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let stale = cfnkit_l1_gen::stale(&root, &files);
        for path in &stale {
            eprintln!("stale: {path}");
        }
        return if stale.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    match cfnkit_l1_gen::write(&root, &files) {
        Ok(written) => {
            eprintln!("cfnkit-l1-gen: {} files generated, {written} changed", files.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cfnkit-l1-gen: {error}");
            ExitCode::FAILURE
        }
    }
}
