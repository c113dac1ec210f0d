//! Regular expressions (ECMA-262 syntax, also valid for Rust's `regex`) for the canonical
//! answer text of each item type (FORMAT.md §1).
//!
//! Every pattern is anchored (`^…$`) and uses only constructs common to ECMA-262 and the Rust
//! `regex` crate: no look-around, no back-references, `\uXXXX` escapes only.

/// Longest number text monshin accepts (sign, digits and point).
pub(crate) const MAX_NUMBER_LEN: u64 = 32;

/// Most options for which the exact multi-choice pattern (definition order, no repeats) is
/// generated; above it the pattern nests too deeply for common regex engines.
pub(crate) const MAX_ORDERED_OPTIONS: usize = 64;

/// `yes-no` / `consent` are enums; integers: `-?digits`, no leading zeros, no `-0`.
pub(crate) const INTEGER: &str = "^(?:0|-?[1-9][0-9]*)$";

/// At most 15 digits (monshin_expr::decimal::MAX_DIGITS), the 0 of `0.x` not counted; used
/// beside [`INTEGER`] or [`decimal`], which fix the shape.
pub(crate) const DIGITS: &str = "^-?(?:0(?:\\.[0-9]{1,15})?|[1-9]\\.?(?:[0-9]\\.?){0,14})$";

/// Bidirectional controls and invisible characters monshin refuses inside text (class body).
macro_rules! INVISIBLE {
    () => {
        "\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\uFFF9-\\uFFFB"
    };
}

/// Characters of a blank answer: whitespace as Rust's `char::is_whitespace` knows it and
/// zero-width characters (class body).
macro_rules! BLANK_CHARS {
    () => {
        "\\u0009-\\u000D\\u0020\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\u200B-\\u200D\\u2060\\uFEFF\\u180E\\u00AD"
    };
}

/// One line of text: none of the invisible characters above and no character of category Cc
/// (what Rust's `char::is_control`
/// rejects: U+0000–U+001F and U+007F–U+009F).
pub(crate) const TEXT: &str = concat!("^[^\\u0000-\\u001F\\u007F-\\u009F", INVISIBLE!(), "]*$");

/// Several lines: like [`TEXT`] but line feeds (U+000A) are allowed.
pub(crate) const LONG_TEXT: &str = concat!(
    "^[^\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F",
    INVISIBLE!(),
    "]*$"
);

/// A blank answer, which monshin treats as no answer.
pub(crate) const BLANK: &str = concat!("^[", BLANK_CHARS!(), "]*$");

/// An answer with at least one character that is not blank.
pub(crate) const NOT_BLANK: &str = concat!("[^", BLANK_CHARS!(), "]");

/// `HH:MM`, 00:00–23:59.
pub(crate) const TIME: &str = "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$";

/// Katakana words separated by single U+3000 spaces.
pub(crate) const KANA: &str =
    "^[\\u30A1-\\u30FA\\u30FC\\u30FB\\u30FD\\u30FE]+(?:\\u3000[\\u30A1-\\u30FA\\u30FC\\u30FB\\u30FD\\u30FE]+)*$";

/// `YYYY-MM`, year 1000–9999.
pub(crate) const YEAR_MONTH: &str = "^[1-9][0-9]{3}-(?:0[1-9]|1[0-2])$";

/// `YYYY-MM-DD`, a real Gregorian date with year 1000–9999 (leap years included).
pub(crate) fn date() -> String {
    let year = "[1-9][0-9]{3}";
    let long = "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])";
    let short = "(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)";
    let feb = "02-(?:0[1-9]|1[0-9]|2[0-8])";
    // Divisible by 4 and not by 100, or divisible by 400 (first two digits divisible by 4).
    let leap = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)";
    format!("^(?:{year}-(?:{long}|{short}|{feb})|{leap}-02-29)$")
}

/// A decimal with at most `precision` fraction digits (`None`: any number of them), no
/// leading zeros, no `+`, no negative zero (`-0`, `-0.0`).
pub(crate) fn decimal(precision: Option<u8>) -> String {
    let frac = match precision {
        None => "(?:\\.[0-9]+)?".to_string(),
        Some(0) => String::new(),
        Some(p) => format!("(?:\\.[0-9]{{1,{p}}})?"),
    };
    // A negative number whose integer part is 0 needs a non-zero fraction digit.
    let negative_fraction = match precision {
        None => Some("[0-9]*[1-9][0-9]*".to_string()),
        Some(0) => None,
        Some(p) => {
            let alts: Vec<String> = (0..p)
                .map(|k| {
                    let rest = p - 1 - k;
                    let zeros = if k == 0 {
                        String::new()
                    } else {
                        format!("0{{{k}}}")
                    };
                    let tail = if rest == 0 {
                        String::new()
                    } else {
                        format!("[0-9]{{0,{rest}}}")
                    };
                    format!("{zeros}[1-9]{tail}")
                })
                .collect();
            Some(alts.join("|"))
        }
    };
    let mut alternatives = vec![
        format!("(?:0|[1-9][0-9]*){frac}"),
        format!("-[1-9][0-9]*{frac}"),
    ];
    if let Some(n) = negative_fraction {
        alternatives.push(format!("-0\\.(?:{n})"));
    }
    format!("^(?:{})$", alternatives.join("|"))
}

/// Escape the characters that are syntax in ECMA-262 and Rust regexes.
pub(crate) fn escape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    for c in literal.chars() {
        if matches!(
            c,
            '\\' | '^' | '$' | '.' | '|' | '?' | '*' | '+' | '(' | ')' | '[' | ']' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Multi-choice text: option codes joined by `,`, in definition order, no repeats, at least
/// one. Built as `X_k = (?:X_{k-1}(?:,c_k)?|c_k)`, linear in the number of options.
/// `None` when there are too many options for an exact pattern (see
/// [`MAX_ORDERED_OPTIONS`]) or none at all.
pub(crate) fn ordered_codes(codes: &[&str]) -> Option<String> {
    if codes.is_empty() || codes.len() > MAX_ORDERED_OPTIONS {
        return None;
    }
    let mut acc = String::new();
    for (i, c) in codes.iter().enumerate() {
        let c = escape(c);
        acc = if i == 0 {
            c
        } else {
            format!("(?:{acc}(?:,{c})?|{c})")
        };
    }
    Some(format!("^{acc}$"))
}

/// Multi-choice text with codes in any order (the fallback for very many options): the
/// order and repeat rules are then not expressed.
pub(crate) fn any_codes(codes: &[&str]) -> String {
    let alt = codes
        .iter()
        .map(|c| escape(c))
        .collect::<Vec<_>>()
        .join("|");
    format!("^(?:{alt})(?:,(?:{alt}))*$")
}

/// Between `min` and `max` comma-separated parts (codes contain no comma).
pub(crate) fn selection_count(min: u32, max: Option<u32>) -> String {
    let lo = min.max(1) - 1;
    match max {
        Some(m) => format!("^[^,]*(?:,[^,]*){{{lo},{}}}$", m.saturating_sub(1).max(lo)),
        None => format!("^[^,]*(?:,[^,]*){{{lo},}}$"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_shapes() {
        assert_eq!(
            decimal(Some(2)),
            "^(?:(?:0|[1-9][0-9]*)(?:\\.[0-9]{1,2})?|-[1-9][0-9]*(?:\\.[0-9]{1,2})?|-0\\.(?:[1-9][0-9]{0,1}|0{1}[1-9]))$"
        );
        assert_eq!(decimal(Some(0)), "^(?:(?:0|[1-9][0-9]*)|-[1-9][0-9]*)$");
    }

    #[test]
    fn ordered_codes_shape() {
        assert_eq!(
            ordered_codes(&["1", "2", "3"]).as_deref(),
            Some("^(?:(?:1(?:,2)?|2)(?:,3)?|3)$")
        );
        assert_eq!(ordered_codes(&[]), None);
        assert_eq!(escape("a.b(c)"), "a\\.b\\(c\\)");
    }
}
