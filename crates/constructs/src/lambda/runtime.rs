//! Lambda runtimes and architectures.

/// A Lambda runtime that is supported (not deprecated) today.
///
/// Deprecated runtimes are left out on purpose: cfn-lint flags them, and
/// Lambda stops accepting new functions on them. Rust functions use
/// [`Runtime::ProvidedAl2023`] with a `bootstrap` binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Runtime {
    /// `nodejs24.x`
    Nodejs24x,
    /// `nodejs22.x`
    Nodejs22x,
    /// `python3.14`
    Python314,
    /// `python3.13`
    Python313,
    /// `python3.12`
    Python312,
    /// `python3.11`
    Python311,
    /// `java21`
    Java21,
    /// `java17`
    Java17,
    /// `dotnet10`
    Dotnet10,
    /// `ruby3.4`
    Ruby34,
    /// `provided.al2023`: an OS-only runtime for a compiled `bootstrap`
    /// (Rust, Go, ...).
    ProvidedAl2023,
}

impl Runtime {
    /// The identifier Lambda uses.
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Nodejs24x => "nodejs24.x",
            Runtime::Nodejs22x => "nodejs22.x",
            Runtime::Python314 => "python3.14",
            Runtime::Python313 => "python3.13",
            Runtime::Python312 => "python3.12",
            Runtime::Python311 => "python3.11",
            Runtime::Java21 => "java21",
            Runtime::Java17 => "java17",
            Runtime::Dotnet10 => "dotnet10",
            Runtime::Ruby34 => "ruby3.4",
            Runtime::ProvidedAl2023 => "provided.al2023",
        }
    }

    /// Whether CloudFormation accepts inline (`ZipFile`) code for it: only
    /// for Node.js and Python.
    pub fn accepts_inline_code(self) -> bool {
        self.name().starts_with("nodejs") || self.name().starts_with("python")
    }
}

/// The instruction set a function runs on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Architecture {
    /// `x86_64` (Lambda's default).
    #[default]
    X86_64,
    /// `arm64` (Graviton: cheaper per GB-second).
    Arm64,
}

impl Architecture {
    /// The identifier Lambda uses.
    pub fn name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }
}
