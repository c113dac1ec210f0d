//! Free text and kana: blank answers, invisible characters, trimming, katakana reading.
//!
//! A blank answer (empty, only whitespace including U+3000, or only zero-width characters) is
//! no answer: validation, sessions and payloads treat it as absent ([`is_blank`]). Inside a
//! real answer, bidirectional controls (U+202E can reverse what a clinician reads) and other
//! invisible format characters are refused with [`FindingCode::InvisibleCharacter`]; they are
//! never silently removed. A kana item (フリガナ) stores 全角カタカナ with `ー`, `ヴ`, `・` and
//! single U+3000 spaces between words; hiragana and half-width katakana are converted.

use super::fold::{fold_kana_width, hiragana_to_katakana};
use super::NormalizationRule;

/// Zero-width and invisible format characters that carry nothing a reader can see.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' | '\u{00AD}'
    )
}

/// Bidirectional controls and other invisible characters refused inside text.
pub(crate) fn is_invisible(c: char) -> bool {
    is_zero_width(c)
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2061}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Whether an answer text is blank: nothing but whitespace (ASCII, U+3000 …) and zero-width
/// characters. A blank answer counts as unanswered everywhere.
pub fn is_blank(text: &str) -> bool {
    // Most answers begin with a visible ASCII character: decided without decoding.
    if let Some(&b) = text.as_bytes().first() {
        if b.is_ascii_graphic() {
            return false;
        }
    }
    text.chars().all(|c| c.is_whitespace() || is_zero_width(c))
}

/// Trim leading and trailing whitespace of a text answer.
pub(crate) fn trim(s: &mut String, rules: &mut Vec<NormalizationRule>) {
    let t = s.trim_matches(char::is_whitespace);
    if t.len() != s.len() {
        *s = t.to_string();
        rules.push(NormalizationRule::TrimWhitespace);
    }
}

/// The katakana reading of `s`: half-width forms widened (sound marks composed), hiragana
/// made katakana, runs of spaces made one U+3000.
pub(crate) fn normalize_kana(s: &str, rules: &mut Vec<NormalizationRule>) -> String {
    let wide = fold_kana_width(s);
    if wide != s {
        rules.push(NormalizationRule::FullWidth);
    }
    let kata: String = wide.chars().map(hiragana_to_katakana).collect();
    if kata != wide {
        rules.push(NormalizationRule::Katakana);
    }
    let mut out = String::with_capacity(kata.len());
    for word in kata
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('\u{3000}');
        }
        out.push_str(word);
    }
    if out != kata.trim_matches(char::is_whitespace) {
        rules.push(NormalizationRule::KanaSpaces);
    }
    out
}

/// Whether `c` may appear in a canonical kana answer.
pub(crate) fn is_kana_char(c: char) -> bool {
    matches!(
        c,
        '\u{30A1}'..='\u{30FA}' | 'ー' | '・' | '\u{30FD}' | '\u{30FE}' | '\u{3000}'
    )
}

/// Whether `s` is a canonical kana answer (no space at either end or twice in a row).
pub(crate) fn is_canonical_kana(s: &str) -> bool {
    let mut after_space = true; // no space first
    for c in s.chars() {
        if !is_kana_char(c) || (c == '\u{3000}' && after_space) {
            return false;
        }
        after_space = c == '\u{3000}';
    }
    !after_space || s.is_empty()
}

/// Words that mean "not known" where the paper form offers 不明.
const UNKNOWN_WORDS: &[&str] = &[
    "不明",
    "ふめい",
    "フメイ",
    "わからない",
    "分からない",
    "わかりません",
    "分かりません",
    "unknown",
];

/// Whether `s` (trimmed) says the answer is not known.
pub(crate) fn is_unknown_word(s: &str) -> bool {
    UNKNOWN_WORDS.contains(&s.trim_matches(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_answers() {
        for blank in [
            "",
            " ",
            "\u{3000}\u{3000}",
            "\t\n",
            "\u{200B}",
            " \u{FEFF} ",
        ] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for not_blank in ["a", " 鼻水 ", "\u{202E}"] {
            assert!(!is_blank(not_blank), "{not_blank:?}");
        }
    }

    #[test]
    fn kana() {
        let mut rules = Vec::new();
        assert_eq!(
            normalize_kana("やまだ  ﾀﾛｳ", &mut rules),
            "ヤマダ\u{3000}タロウ"
        );
        assert_eq!(
            rules,
            [
                NormalizationRule::FullWidth,
                NormalizationRule::Katakana,
                NormalizationRule::KanaSpaces
            ]
        );
        assert!(is_canonical_kana("ヴァン・ゴッホ\u{3000}ハナコー"));
        assert!(!is_canonical_kana("やまだ") && !is_canonical_kana("ヤマダ "));
    }
}
