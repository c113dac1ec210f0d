//! Rendering findings for people (narratable text with caret diagnostics) and for machines (JSON).
//!
//! Libraries carry spans and paths only; here the expression source is looked up in the
//! definition and the span underlined. The JSON envelope is documented on [`JsonReport`].

use monshin_core::{Definition, Finding, Severity};
use serde::Serialize;

/// The JSON output of `lint` and `validate --format json`.
///
/// `{"valid": bool, "errors": n, "warnings": n, "findings": [Finding…]}`; each finding has
/// `code`, `severity`, `location` (`page`, `masterId`, `seq`, `answerIndex`, `field`, `span`
/// `{offset,length}`), `message` and an optional `detailCode`. Fields may be added later;
/// none is removed or renamed.
#[derive(Serialize)]
pub(crate) struct JsonReport<'a> {
    valid: bool,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

pub(crate) fn json(findings: &[Finding]) -> String {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let report = JsonReport {
        valid: errors == 0,
        errors,
        warnings: findings.len() - errors,
        findings,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// Plain text, one finding per paragraph, expression spans underlined with carets.
pub(crate) fn human(findings: &[Finding], def: Option<&Definition>) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{sev}[{}]: {}\n", f.code, f.message));
        out.push_str(&format!("  --> {}\n", f.location));
        if let Some(d) = &f.detail_code {
            out.push_str(&format!("  = code: {d}\n"));
        }
        if let (Some(def), Some(span), Some(id), Some(field)) = (
            def,
            f.location.span,
            &f.location.master_id,
            &f.location.field,
        ) {
            if let Some(src) = expression_source(def, id, field) {
                out.push_str(&caret(src, span.offset as usize, span.length as usize));
            }
        }
        out.push('\n');
    }
    let errors = findings.iter().filter(|f| f.is_error()).count();
    out.push_str(&format!(
        "{} error(s), {} warning(s)\n",
        errors,
        findings.len() - errors
    ));
    out
}

/// The expression text held by `field` of item `id`.
fn expression_source<'d>(def: &'d Definition, id: &str, field: &str) -> Option<&'d str> {
    let item = def
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .flat_map(|i| std::iter::once(i).chain(&i.items))
        .find(|i| i.id == id)?;
    match field {
        "enableWhen" => item.enable_when.as_deref(),
        "requiredWhen" => item.required_when.as_deref(),
        "calculate" => item.calculate.as_deref(),
        f => {
            let i: usize = f
                .strip_prefix("constraints[")?
                .strip_suffix("].expr")?
                .parse()
                .ok()?;
            item.constraints.get(i).map(|c| c.expr.as_str())
        }
    }
}

/// The source with a caret line under `offset..offset+len` (display columns, so full-width
/// characters take two).
pub(crate) fn caret(src: &str, offset: usize, len: usize) -> String {
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let start = src.get(..offset).map_or(0, width);
    let marked = src.get(offset..offset + len).map_or(1, width).max(1);
    format!(
        "   |\n   | {src}\n   | {}{}\n",
        " ".repeat(start),
        "^".repeat(marked)
    )
}

#[cfg(test)]
mod tests {
    use super::caret;

    #[test]
    fn caret_under_span() {
        let out = caret("$A = 'x' and $B", 13, 2);
        assert!(out.contains("\n   |              ^^\n"), "{out}");
    }
}
