//! [`Fatal`]: a failure that ends a command with exit code 2, as one diagnostic.
//!
//! Every failure — usage, I/O, an unreadable document, a library error — is a core
//! [`Finding`] (code of `docs/codes.md`, JSON Pointer location, message). With `--format json`
//! it is printed as `{"error": Finding}` on standard output, otherwise as
//! `monshin: error[code] location: message` on standard error. Nothing a user typed appears:
//! file names are named by their role (`FORM`, `ANSWERS`), unknown form names and option
//! values by their shape, and messages are bounded.

use monshin_core::{Finding, FindingCode, Location};
use monshin_jsonpath::TextShape;

/// Longest message printed; longer ones are cut (an error about a 1 MB expression stays short).
pub(crate) const MAX_MESSAGE_CHARS: usize = 500;

/// A failure that ends the command with exit code 2.
#[derive(Debug)]
pub(crate) struct Fatal(pub(crate) Box<Finding>);

impl Fatal {
    /// A failure with a CLI code.
    pub(crate) fn new(code: FindingCode, message: impl Into<String>) -> Fatal {
        Fatal(Box::new(Finding::error(code, Location::default(), message)))
    }

    /// A file named by its `role` (`FORM`, `ANSWERS`, `--output`) cannot be read or written.
    pub(crate) fn io(verb: &str, role: &str, e: &std::io::Error) -> Fatal {
        Fatal::new(
            FindingCode::CliIo,
            format!("cannot {verb} {role}: {}", io_reason(e)),
        )
    }

    /// A library operation failed with its own code (`wire.*`, `lifecycle.*`, `pmh.*`, …),
    /// kept as the detail code.
    pub(crate) fn operation(code: &str, message: impl Into<String>, location: Location) -> Fatal {
        let mut f = Finding::error(FindingCode::CliOperation, location, message);
        f.detail_code = Some(code.to_string());
        Fatal(Box::new(f))
    }

    /// An option value is not accepted; the value is described by its shape.
    pub(crate) fn bad_argument(option: &str, value: &str, expected: &str) -> Fatal {
        Fatal::new(
            FindingCode::CliBadArgument,
            format!("{option} must be {expected} (got {})", TextShape::of(value)),
        )
    }

    /// The error as printed: one JSON object, or one line of text.
    pub(crate) fn render(&self, json: bool) -> String {
        let mut f = (*self.0).clone();
        f.message = bounded(&f.message);
        if json {
            let body = serde_json::json!({ "error": f });
            serde_json::to_string_pretty(&body).unwrap_or_default()
        } else {
            let loc = f.location.to_string();
            let loc = if loc == "(document)" {
                String::new()
            } else {
                format!(" {loc}:")
            };
            let detail = f
                .detail_code
                .as_deref()
                .map(|d| format!(" [{d}]"))
                .unwrap_or_default();
            format!("monshin: error[{}]{loc} {}{detail}", f.code, f.message)
        }
    }
}

impl From<monshin_core::Error> for Fatal {
    fn from(e: monshin_core::Error) -> Self {
        Fatal(Box::new(e.to_finding()))
    }
}

impl From<monshin_core::diff::DiffError> for Fatal {
    fn from(e: monshin_core::diff::DiffError) -> Self {
        Fatal(Box::new(e.to_finding()))
    }
}

impl From<monshin_fhir::FhirError> for Fatal {
    fn from(e: monshin_fhir::FhirError) -> Self {
        Fatal::operation(e.code(), e.to_string(), Location::default())
    }
}

impl From<serde_json::Error> for Fatal {
    /// Writing our own documents, or reading a bundled one: serde's text is not kept (it can
    /// quote values).
    fn from(e: serde_json::Error) -> Self {
        Fatal::new(
            FindingCode::CliOperation,
            format!(
                "a JSON document could not be read or written (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    }
}

/// An I/O error's kind, without the path the OS may add.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        kind => kind.to_string(),
    }
}

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, saying how much was left out.
pub(crate) fn bounded(text: &str) -> String {
    let total = text.chars().count();
    if total <= MAX_MESSAGE_CHARS {
        return text.to_string();
    }
    let kept: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{kept}… ({} more characters)", total - MAX_MESSAGE_CHARS)
}

/// The bundled form name nearest to `typed` (edit distance at most a third of its length).
pub(crate) fn suggest_form(typed: &str) -> Option<&'static str> {
    let typed = typed.to_ascii_lowercase();
    monshin_forms::FORMS
        .iter()
        .map(|f| (edit_distance(&typed, f.name), f.name))
        .filter(|(d, name)| *d <= name.len().max(3) / 3)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance over characters (names are short; bounded by the caller's input).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let best = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            cur.push(best);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested_far_ones_are_not() {
        assert_eq!(
            suggest_form("vaccination-flu-elderley"),
            Some("vaccination-flu-elderly")
        );
        assert_eq!(suggest_form("vacination-pcv"), Some("vaccination-pcv"));
        assert_eq!(suggest_form("child-3Y"), Some("child-3y"));
        assert_eq!(suggest_form("something-else-entirely"), None);
    }

    #[test]
    fn long_messages_are_bounded() {
        let long = "x".repeat(1_000_000);
        let out = bounded(&long);
        assert!(
            out.chars().count() < MAX_MESSAGE_CHARS + 40,
            "{}",
            out.len()
        );
        assert!(out.ends_with("(999500 more characters)"));
    }
}
