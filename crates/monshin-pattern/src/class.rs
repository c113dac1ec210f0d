//! Sets of characters as sorted, disjoint, non-adjacent ranges of code points.

/// The last code point.
const MAX: u32 = 0x10_FFFF;

/// A set of characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Class {
    ranges: Vec<(u32, u32)>,
}

/// ECMA-262 `WhiteSpace` and `LineTerminator` (what `\s` matches).
const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];
const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// What `.` does not match: `LineTerminator`.
const LINE_TERMINATOR: &[(u32, u32)] = &[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];

/// A class escape: `\d \D \w \W \s \S`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Perl {
    Digit,
    Word,
    Space,
}

impl Class {
    pub(crate) fn single(c: u32) -> Class {
        Class {
            ranges: vec![(c, c)],
        }
    }

    /// `.`: anything but a line terminator.
    pub(crate) fn dot() -> Class {
        Class::from_ranges(LINE_TERMINATOR).negated()
    }

    pub(crate) fn perl(kind: Perl, negated: bool) -> Class {
        let set = Class::from_ranges(match kind {
            Perl::Digit => DIGIT,
            Perl::Word => WORD,
            Perl::Space => SPACE,
        });
        if negated {
            set.negated()
        } else {
            set
        }
    }

    fn from_ranges(ranges: &[(u32, u32)]) -> Class {
        Class {
            ranges: ranges.to_vec(),
        }
    }

    /// Adds `lo..=hi` (`lo <= hi`).
    pub(crate) fn push(&mut self, lo: u32, hi: u32) {
        self.ranges.push((lo, hi));
    }

    pub(crate) fn union(&mut self, other: &Class) {
        self.ranges.extend_from_slice(&other.ranges);
    }

    /// Sorts and merges the ranges; every other method expects this done.
    pub(crate) fn canonical(mut self) -> Class {
        self.ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for (lo, hi) in self.ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Class { ranges: merged }
    }

    /// Every code point not in the (canonical) set.
    pub(crate) fn negated(self) -> Class {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for (lo, hi) in self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX {
            out.push((next, MAX));
        }
        Class { ranges: out }
    }

    pub(crate) fn contains(&self, c: char) -> bool {
        let c = u32::from(c);
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// An ASCII word character (`\w`), for `\b` / `\B`.
pub(crate) fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_negates() {
        let mut c = Class::default();
        c.push(0x61, 0x63);
        c.push(0x62, 0x66);
        c.push(0x67, 0x67);
        c.push(0x30, 0x39);
        let c = c.canonical();
        assert_eq!(c.ranges, [(0x30, 0x39), (0x61, 0x67)]);
        let n = c.clone().negated();
        assert_eq!(n.ranges, [(0, 0x2F), (0x3A, 0x60), (0x68, MAX)]);
        assert_eq!(n.negated(), c);
        assert_eq!(Class::default().negated().ranges, [(0, MAX)]);
        assert_eq!(Class::from_ranges(&[(0, MAX)]).negated().ranges, []);
    }

    #[test]
    fn escapes() {
        let space = Class::perl(Perl::Space, false);
        for c in [
            '\t', '\n', '\u{b}', ' ', '\u{a0}', '\u{3000}', '\u{feff}', '\u{2029}',
        ] {
            assert!(space.contains(c), "{c:?}");
        }
        for c in ['a', '\u{85}', '\u{200b}', '\u{180e}'] {
            assert!(!space.contains(c), "{c:?}");
        }
        let dot = Class::dot();
        assert!(dot.contains('あ') && dot.contains('\u{85}') && dot.contains('\u{10ffff}'));
        assert!(!dot.contains('\n') && !dot.contains('\r') && !dot.contains('\u{2028}'));
        assert!(Class::perl(Perl::Word, true).contains('ア'));
        assert!(!Class::perl(Perl::Digit, false).contains('３'));
    }
}
