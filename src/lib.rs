//! `cfnkit`: typed CloudFormation constructs for Rust.
//!
//! This umbrella crate re-exports [`constructs`] (the model: stacks, typed
//! resources, L2 builders) and [`synth`] (logical IDs, reference resolution,
//! validation, JSON/YAML output and the command-line entry point).
pub use cfnkit_constructs as constructs;
pub use cfnkit_synth as synth;
