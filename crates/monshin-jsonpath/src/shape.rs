//! [`TextShape`]: what an error may say about text a user typed — its length, its character
//! classes and a short hash — never the text itself.
//!
//! An unknown key or master ID is often a value pasted in the wrong place (a name, a date of
//! birth), so errors about one describe its shape. The hash (FNV-1a, 24 bits) lets a user
//! match the report to their input without the report carrying it.

use std::fmt;

/// The shape of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextShape {
    /// Length in characters (Unicode scalar values).
    pub chars: usize,
    /// Which kinds of characters occur.
    pub classes: CharClasses,
    /// FNV-1a of the UTF-8 bytes, folded to 24 bits.
    pub hash: u32,
}

/// Which kinds of characters a text contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CharClasses {
    /// ASCII letters.
    pub ascii_letters: bool,
    /// ASCII digits.
    pub digits: bool,
    /// Other ASCII (punctuation, spaces, controls).
    pub ascii_other: bool,
    /// Anything outside ASCII (kana, kanji, full-width forms …).
    pub non_ascii: bool,
}

impl TextShape {
    /// The shape of `text`.
    pub fn of(text: &str) -> TextShape {
        let mut classes = CharClasses::default();
        let mut chars = 0;
        for c in text.chars() {
            chars += 1;
            if c.is_ascii_alphabetic() {
                classes.ascii_letters = true;
            } else if c.is_ascii_digit() {
                classes.digits = true;
            } else if c.is_ascii() {
                classes.ascii_other = true;
            } else {
                classes.non_ascii = true;
            }
        }
        let mut h: u32 = 0x811c_9dc5;
        for b in text.bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
        TextShape {
            chars,
            classes,
            hash: (h >> 24) ^ (h & 0x00ff_ffff),
        }
    }
}

impl fmt::Display for CharClasses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = [
            (self.ascii_letters, "letters"),
            (self.digits, "digits"),
            (self.ascii_other, "symbols"),
            (self.non_ascii, "non-ASCII"),
        ];
        let mut first = true;
        for (_, name) in names.iter().filter(|(on, _)| *on) {
            if !first {
                f.write_str("+")?;
            }
            f.write_str(name)?;
            first = false;
        }
        if first {
            f.write_str("empty")?;
        }
        Ok(())
    }
}

/// `7 chars, letters+digits, #a1b2c3`.
impl fmt::Display for TextShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} chars, {}, #{:06x}",
            self.chars, self.classes, self.hash
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_length_classes_and_hash_never_the_text() {
        let s = TextShape::of("山田太郎1985");
        let shown = s.to_string();
        assert!(shown.starts_with("8 chars, digits+non-ASCII, #"), "{shown}");
        assert!(!shown.contains("山田") && !shown.contains("1985"));
        assert_eq!(
            TextShape::of("").to_string().split(", #").next(),
            Some("0 chars, empty")
        );
        assert_ne!(TextShape::of("abc").hash, TextShape::of("abd").hash);
        assert_eq!(TextShape::of("abc"), TextShape::of("abc"));
    }
}
