//! Why a template or an intrinsic could not be read.
use thiserror::Error;

/// A template, or an intrinsic function in one, that does not have the
/// shape CloudFormation requires.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The text is not JSON.
    #[error("not valid JSON: {message}")]
    Json {
        /// The parser's message.
        message: String,
    },
    /// The text is not YAML.
    #[error("not valid YAML: {message}")]
    Yaml {
        /// The parser's message.
        message: String,
    },
    /// `Fn::Something` that CloudFormation does not define.
    #[error("{key} is not an intrinsic function CloudFormation defines")]
    UnknownIntrinsic {
        /// The key as written.
        key: String,
    },
    /// An intrinsic function whose argument has the wrong shape.
    #[error("{key} takes {expected}")]
    Intrinsic {
        /// The function.
        key: String,
        /// The shape it takes.
        expected: String,
    },
    /// A template section or entry of the wrong shape.
    #[error("{at}: expected {expected}")]
    Shape {
        /// Where, e.g. `Resources.Vpc.Type`.
        at: String,
        /// What should be there.
        expected: &'static str,
    },
}

impl ParseError {
    pub(crate) fn intrinsic(key: &str, expected: &str) -> ParseError {
        ParseError::Intrinsic { key: key.to_owned(), expected: expected.to_owned() }
    }

    pub(crate) fn shape(at: impl Into<String>, expected: &'static str) -> ParseError {
        ParseError::Shape { at: at.into(), expected }
    }
}
