//! The schemas' `pattern`s, compiled on first use and kept.
//!
//! The schemas are written for cfn-lint, which matches with Python's
//! `regex` module (an unanchored search, like JSON Schema's `pattern`).
//! fancy-regex reads that dialect but for a few spellings, which
//! [`translate`] rewrites. What it still cannot compile (UTF-16 surrogate
//! ranges, a repeated lookahead, Unicode classes repeated past its size
//! limit) is not checked: [`unsupported_pattern`] says why, and
//! `unchecked-patterns.txt` lists every such pattern of the vendored schemas
//! (kept exact by a test).
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use fancy_regex::Regex;

type Compiled = Result<Arc<Regex>, String>;

fn cache() -> &'static Mutex<HashMap<String, Compiled>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Compiled>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Python's spellings in Rust's: `\Z` (end of input) is `\z`; inside a
/// set, `[` is a literal (Rust would open a nested set), so are `&` and `~`
/// (Rust reads `&&` and `~~` as set operations), and so is a `-` right after
/// a class such as `\w` (Python's reading of `[\w-.]`; Rust refuses it).
pub fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_set = false;
    let mut after_class = false;
    while let Some(c) = chars.next() {
        let was_after_class = std::mem::take(&mut after_class);
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                match next {
                    'Z' if !in_set => out.push_str(r"\z"),
                    'p' | 'P' if chars.peek() == Some(&'{') => {
                        out.push(c);
                        out.push(next);
                        for d in chars.by_ref() {
                            out.push(d);
                            if d == '}' {
                                break;
                            }
                        }
                        after_class = in_set;
                    }
                    _ => {
                        out.push(c);
                        out.push(next);
                        after_class = in_set && "wdsWDS".contains(next);
                    }
                }
            }
            '[' if in_set => out.push_str(r"\["),
            '[' => {
                in_set = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
            }
            ']' if in_set => {
                in_set = false;
                out.push(c);
            }
            '&' | '~' if in_set => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_set && was_after_class && chars.peek() != Some(&']') => out.push_str(r"\-"),
            _ => out.push(c),
        }
    }
    out
}

fn compile(pattern: &str) -> Compiled {
    fancy_regex::RegexBuilder::new(&translate(pattern))
        .delegate_size_limit(1 << 27)
        .build()
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

pub(crate) fn compiled(pattern: &str) -> Compiled {
    // A poisoned lock only means another thread panicked mid-insert; the
    // map itself is still whole.
    let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(compiled) = cache.get(pattern) {
        return compiled.clone();
    }
    let compiled = compile(pattern);
    cache.insert(pattern.to_owned(), compiled.clone());
    compiled
}

/// Whether `text` matches the schema pattern `pattern` (searched, not
/// anchored), as synth decides it; `None` when the pattern cannot be checked
/// here or the match gives up (backtracking limit), so the value is left to
/// CloudFormation.
pub fn is_match(pattern: &str, text: &str) -> Option<bool> {
    compiled(pattern).ok()?.is_match(text).ok()
}

/// Patterns of the vendored schemas that cfn-lint 1.58.0's own regex
/// engine cannot compile (a reversed range, `\uDC00-\uDBFF`): it reports
/// rule E3031 on every literal value of their properties, right or wrong.
const CFN_LINT_CANNOT_COMPILE: &[&str] = &[
    r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*$",
    r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$",
];

/// Whether cfn-lint 1.58.0 fails on the pattern itself (E3031 on any value).
pub(crate) fn cfn_lint_cannot_compile(pattern: &str) -> bool {
    CFN_LINT_CANNOT_COMPILE.contains(&pattern)
}

/// Why a schema pattern is not checked at synth, or `None` when it is.
pub fn unsupported_pattern(pattern: &str) -> Option<String> {
    compiled(pattern).err()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_search_and_python_spellings_work() {
        assert_eq!(is_match("^[a-z]+$", "abc"), Some(true));
        assert_eq!(is_match("[0-9]", "ab1c"), Some(true), "unanchored, as JSON Schema says");
        assert_eq!(is_match(r"^[a-z]{1,3}\Z", "abcd"), Some(false));
        assert_eq!(is_match(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "aws:x"), Some(false), "lookahead");
        assert_eq!(is_match(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "team"), Some(true));
    }

    #[test]
    fn python_spellings_are_translated() {
        assert_eq!(translate(r"^[a-z]{1,3}\Z"), r"^[a-z]{1,3}\z");
        assert_eq!(translate(r"[\w-.~]+"), r"[\w\-.\~]+");
        assert_eq!(translate(r"[\w-]+"), r"[\w-]+");
        assert_eq!(translate(r"^[a-z,@[\]+=&;]*$"), r"^[a-z,@\[\]+=\&;]*$");
        assert_eq!(translate(r"^[\p{L}-_]*$"), r"^[\p{L}\-_]*$");
        assert_eq!(is_match(r"[\w-.~]+$", "a-b.c~d"), Some(true));
        assert_eq!(is_match(r"^[\w-.~]+$", "a b"), Some(false));
    }

    #[test]
    fn an_uncompilable_pattern_is_unchecked_and_says_why() {
        assert!(unsupported_pattern("^[a-z]+$").is_none());
        assert!(unsupported_pattern(r"^(\/(?!\.)+[a-z]+)$").is_some());
        assert_eq!(is_match(r"^(\/(?!\.)+[a-z]+)$", "/x"), None);
    }
}
