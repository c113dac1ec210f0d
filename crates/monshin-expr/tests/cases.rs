//! Data-driven tests: every `tests/cases/*.txt` file is one expression and its expected
//! outcome (see `tests/cases/README.md`). Set `UPDATE_EXPECT=1` to rewrite the expectations
//! from the current behaviour (then review the diff).

mod common;

use common::{show, TestEnv, TestSchema};
use monshin_expr::{check, parse, CheckContext, ExprError, Limits, Type};
use std::fmt::Write as _;
use std::path::Path;

struct Case {
    header: Vec<String>,
    source: String,
    expected: Vec<String>,
    ctx: CheckContext,
    limits: Limits,
    seq: Option<u32>,
}

fn parse_type(s: &str) -> Type {
    match s {
        "bool" => Type::Bool,
        "number" => Type::Number,
        "text" => Type::Text,
        "date" => Type::Date,
        "codes" => Type::Codes,
        _ => panic!("unknown type {s}"),
    }
}

fn read_case(text: &str) -> Result<Case, String> {
    let mut lines = text.lines();
    let mut header = Vec::new();
    let mut ctx = CheckContext::default();
    let mut limits = Limits::default();
    let mut seq = None;
    let source = loop {
        let line = lines.next().ok_or("no source line")?;
        let Some(comment) = line.strip_prefix('#') else {
            break line.to_owned();
        };
        header.push(line.to_owned());
        let Some((key, value)) = comment.trim().split_once(':') else {
            continue;
        };
        let value = value.trim();
        let num = || value.parse::<usize>().map_err(|e| format!("{key}: {e}"));
        match key.trim() {
            "group" => ctx.group = Some(num()? as u32),
            "expected" => ctx.expected = Some(parse_type(value)),
            "seq" => seq = Some(num()? as u32),
            "max_len" => limits.max_len = num()?,
            "max_depth" => limits.max_depth = num()?,
            "max_list" => limits.max_list = num()?,
            "max_args" => limits.max_args = num()?,
            _ => {}
        }
    };
    let mut expected: Vec<String> = lines.map(|l| l.trim_end().to_owned()).collect();
    while expected.last().is_some_and(|l| l.is_empty()) {
        expected.pop();
    }
    if seq.is_none() && ctx.group.is_some() {
        seq = Some(1);
    }
    Ok(Case {
        header,
        source,
        expected,
        ctx,
        limits,
        seq,
    })
}

/// Contents of quoted strings in `src` (naively: between matching quotes).
fn quoted_parts(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars();
    while let Some(c) = chars.next() {
        if c == '\'' || c == '"' {
            let part: String = chars.by_ref().take_while(|&d| d != c).collect();
            out.push(part);
        }
    }
    out
}

fn caret_line(src: &str, e: &ExprError, problems: &mut Vec<String>) -> String {
    let start = e.span.start as usize;
    let end = e.span.end() as usize;
    if end > src.len() || !src.is_char_boundary(start) || !src.is_char_boundary(end) {
        problems.push(format!("bad span {:?} for {}", e.span, e.code));
        return format!("?? {}", e.code);
    }
    for part in quoted_parts(src) {
        if part.chars().count() >= 3 && e.message.contains(&part) {
            problems.push(format!("message echoes a string literal: {}", e.message));
        }
    }
    let col = src[..start].chars().count();
    let width = src[start..end].chars().count().max(1);
    format!("{}{} {}", " ".repeat(col), "^".repeat(width), e.code)
}

/// What the case actually produces, in the expectation format, plus invariant violations.
fn run(case: &Case) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let src = &case.source;
    let errors = match parse(src, &case.limits) {
        Err(e) => vec![e],
        Ok(expr) => {
            let printed = expr.to_string();
            match parse(&printed, &Limits::default()) {
                Ok(again) if again.eq_ignoring_spans(&expr) => {
                    if again.to_string() != printed {
                        problems.push(format!("printing is not idempotent: {printed}"));
                    }
                }
                Ok(_) => problems.push(format!("printed form parses differently: {printed}")),
                Err(e) => problems.push(format!("printed form does not parse: {printed}: {e}")),
            }
            match check(&expr, &TestSchema, &case.ctx) {
                Err(errors) => errors,
                Ok(program) => {
                    let env = TestEnv::sample();
                    let value = show(program.eval(&env, case.seq));
                    let ok = format!("ok: {printed} : {}", program.result_type());
                    return (vec![ok, format!("value: {value}")], problems);
                }
            }
        }
    };
    let lines = errors
        .iter()
        .map(|e| caret_line(src, e, &mut problems))
        .collect();
    (lines, problems)
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let bless = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 40, "only {} cases", paths.len());
    let mut failures = String::new();
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let text = std::fs::read_to_string(path).expect("readable case");
        let case = match read_case(&text) {
            Ok(case) => case,
            Err(e) => {
                let _ = writeln!(failures, "{name}: {e}");
                continue;
            }
        };
        let (actual, problems) = run(&case);
        for p in problems {
            let _ = writeln!(failures, "{name}: {p}");
        }
        if actual != case.expected {
            if bless {
                let mut out = case.header.join("\n");
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&case.source);
                out.push('\n');
                for line in &actual {
                    out.push_str(line);
                    out.push('\n');
                }
                std::fs::write(path, out).expect("writable case");
            } else {
                let _ = writeln!(
                    failures,
                    "{name}:\n  source:   {}\n  expected: {:?}\n  actual:   {:?}",
                    case.source, case.expected, actual
                );
            }
        }
    }
    assert!(failures.is_empty(), "case failures:\n{failures}");
}
