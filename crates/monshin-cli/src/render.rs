//! Rendering findings for people (narratable text with caret diagnostics) and for machines (JSON).
//!
//! Libraries carry spans and paths only; here the expression source is looked up in the
//! definition and the span underlined. The JSON envelope is documented on [`monshin_server::report::ValidationReport`].

use monshin_core::{Definition, Finding, Severity};

/// The JSON output of `lint` and `validate --format json`:
/// [`monshin_server::report::ValidationReport`], the body of `POST /v1/forms/{id}/validate`.
pub(crate) fn json(findings: &[Finding]) -> String {
    serde_json::to_string_pretty(&monshin_server::report::ValidationReport::of(findings))
        .unwrap_or_default()
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
    // A bounded excerpt: at most `CONTEXT` characters either side of the span, and at most
    // `CONTEXT` of the span itself (an error in a 1 MB expression prints a short line).
    const CONTEXT: usize = 60;
    let width = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum::<usize>()
    };
    let offset = floor_char(src, offset.min(src.len()));
    let end = floor_char(src, offset.saturating_add(len).min(src.len()));
    let before = src.get(..offset).unwrap_or_default();
    let marked = src.get(offset..end).unwrap_or_default();
    let after = src.get(end..).unwrap_or_default();
    let (cut_before, before) = tail(before, CONTEXT);
    let (cut_marked, marked) = head(marked, CONTEXT);
    let (cut_after, after) = head(after, CONTEXT);
    let lead = if cut_before { "…" } else { "" };
    let trail = if cut_after || cut_marked { "…" } else { "" };
    format!(
        "   |\n   | {lead}{before}{marked}{}{trail}\n   | {}{}\n",
        if cut_marked { "" } else { after },
        " ".repeat(lead.chars().count() + width(before)),
        "^".repeat(width(marked).max(1))
    )
}

/// The last `n` characters of `s`, and whether any were dropped.
fn tail(s: &str, n: usize) -> (bool, &str) {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if i > 0 => (true, &s[i..]),
        _ => (false, s),
    }
}

/// The first `n` characters of `s`, and whether any were dropped.
fn head(s: &str, n: usize) -> (bool, &str) {
    match s.char_indices().nth(n) {
        Some((i, _)) => (true, &s[..i]),
        None => (false, s),
    }
}

/// The largest char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::caret;

    #[test]
    fn caret_under_span() {
        let out = caret("$A = 'x' and $B", 13, 2);
        assert!(out.contains("\n   |              ^^\n"), "{out}");
    }

    #[test]
    fn excerpt_of_a_huge_expression_is_bounded() {
        let src = format!(
            "{} and $NOPE and {}",
            "$A = 1 or ".repeat(100_000),
            "1 = 1 and ".repeat(100_000)
        );
        let at = src.find("$NOPE").unwrap_or_default();
        let out = caret(&src, at, 5);
        assert!(out.len() < 400, "{}", out.len());
        assert!(out.contains("…") && out.contains("$NOPE"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        // Columns in characters: `…` is one, like the space under it.
        let col = |line: &str, pat: &str| {
            let byte = line.find(pat).unwrap_or_default();
            line[..byte].chars().count()
        };
        assert_eq!(col(lines[1], "$NOPE"), col(lines[2], "^"), "{out}");
    }
}
