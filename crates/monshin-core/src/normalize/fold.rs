//! The few Unicode compatibility mappings (a subset of NFKC) that typed Japanese answers need.
//!
//! Written out instead of depending on `unicode-normalization`: that crate's composition and
//! compatibility tables cost tens of kilobytes in the WebAssembly module (whose budget is
//! 150,000 B gzip), while answers need only three ranges: full-width ASCII (U+FF01..U+FF5E and
//! the ideographic space), half-width katakana (U+FF61..U+FF9F) with their voiced sound marks
//! composed as NFKC composes them, and hiragana ↔ katakana for kana items (not NFKC at all).

/// Full-width forms of the half-width katakana U+FF61..=U+FF9D, in code point order, as the
/// low byte of U+30xx (`。「」、・ヲァィゥェォャュョッーアイウエオカキ…ワン`): one byte each keeps the
/// table small in WebAssembly.
const HALF_WIDTH_KATAKANA: [u8; 61] = [
    0x02, 0x0C, 0x0D, 0x01, 0xFB, 0xF2, 0xA1, 0xA3, 0xA5, 0xA7, 0xA9, 0xE3, 0xE5, 0xE7, 0xC3, 0xFC,
    0xA2, 0xA4, 0xA6, 0xA8, 0xAA, 0xAB, 0xAD, 0xAF, 0xB1, 0xB3, 0xB5, 0xB7, 0xB9, 0xBB, 0xBD, 0xBF,
    0xC1, 0xC4, 0xC6, 0xC8, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD2, 0xD5, 0xD8, 0xDB, 0xDE, 0xDF,
    0xE0, 0xE1, 0xE2, 0xE4, 0xE6, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xF3,
];

/// Combining voiced (dakuten) and semi-voiced (handakuten) sound marks.
const VOICED: char = '\u{3099}';
const SEMI_VOICED: char = '\u{309A}';

/// Full-width ASCII and the ideographic space to ASCII; everything else unchanged.
pub(crate) fn fold_ascii(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// [`fold_ascii`] over a whole text.
pub(crate) fn fold_ascii_str(s: &str) -> String {
    s.chars().map(fold_ascii).collect()
}

/// Half-width katakana to full-width, with a following half-width or combining sound mark
/// composed onto the kana before it where such a character exists (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`,
/// `ｳﾞ` → `ヴ`), as NFKC does. Other characters are unchanged.
pub(crate) fn fold_kana_width(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c as u32 {
            0xFF9E => VOICED,
            0xFF9F => SEMI_VOICED,
            n @ 0xFF61..=0xFF9D => HALF_WIDTH_KATAKANA
                .get((n - 0xFF61) as usize)
                .and_then(|&low| char::from_u32(0x3000 | u32::from(low)))
                .unwrap_or(c),
            _ => c,
        };
        if matches!(c, VOICED | SEMI_VOICED) {
            if let Some(composed) = out.chars().next_back().and_then(|base| compose(base, c)) {
                out.pop();
                out.push(composed);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// The precomposed kana of `base` + a combining sound mark, if Unicode has one.
fn compose(base: char, mark: char) -> Option<char> {
    let b = base as u32;
    let voiced = mark == VOICED;
    let offset = match b {
        // か…ぢ, カ…ヂ: the unvoiced kana sit on every other code point.
        0x304B..=0x3061 | 0x30AB..=0x30C1 if voiced && b % 2 == 1 => 1,
        // つ て と, ツ テ ト.
        0x3064 | 0x3066 | 0x3068 | 0x30C4 | 0x30C6 | 0x30C8 if voiced => 1,
        // は ひ ふ へ ほ, ハ ヒ フ ヘ ホ.
        0x306F | 0x3072 | 0x3075 | 0x3078 | 0x307B | 0x30CF | 0x30D2 | 0x30D5 | 0x30D8 | 0x30DB => {
            if voiced {
                1
            } else {
                2
            }
        }
        0x3046 | 0x30A6 if voiced => 0x4E, // う → ゔ, ウ → ヴ
        0x30EF..=0x30F2 if voiced => 8,    // ワ ヰ ヱ ヲ → ヷ ヸ ヹ ヺ
        0x309D | 0x30FD if voiced => 1,    // ゝ → ゞ, ヽ → ヾ
        _ => return None,
    };
    char::from_u32(b + offset)
}

/// Hiragana (and its iteration marks) to katakana; everything else unchanged.
pub(crate) fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_katakana_composes_sound_marks() {
        assert_eq!(fold_kana_width("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
        assert_eq!(fold_kana_width("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "パピプペポ");
        assert_eq!(fold_kana_width("ｳﾞｧｲｵﾘﾝｰ"), "ヴァイオリンー");
        assert_eq!(
            fold_kana_width("ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ"),
            "ガギグゲゴザジズゼゾダヂヅデド"
        );
        assert_eq!(fold_kana_width("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞｦﾞ"), "バビブベボヺ");
        // NFD input (a macOS file name) composes the same way.
        assert_eq!(fold_kana_width("か\u{3099}ハ\u{309A}"), "がパ");
        // A mark after a kana that has no voiced form stays a combining mark.
        assert_eq!(fold_kana_width("ｱﾞ"), "ア\u{3099}");
        assert_eq!(fold_kana_width("｡｢｣､･"), "。「」、・");
    }

    #[test]
    fn every_half_width_form_maps_to_katakana_or_punctuation() {
        for n in 0xFF61..=0xFF9D_u32 {
            let c = char::from_u32(n).unwrap_or('?');
            let folded = fold_kana_width(&c.to_string());
            assert_eq!(folded.chars().count(), 1, "U+{n:04X}");
            assert_ne!(folded, c.to_string(), "U+{n:04X}");
        }
    }

    #[test]
    fn hiragana_becomes_katakana() {
        let s: String = "やまだ　ゔぁゝ".chars().map(hiragana_to_katakana).collect();
        assert_eq!(s, "ヤマダ　ヴァヽ");
        assert_eq!(fold_ascii_str("２０：３０　Ｒ６"), "20:30 R6");
    }
}
