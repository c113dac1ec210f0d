//! Byte spans into the expression source, carried by every AST node and every error.

/// A range of bytes in the expression source: `start .. start + len`.
///
/// Offsets are bytes (not characters), counted from the start of the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: u32,
    /// Number of bytes covered (0 for a position, e.g. the end of input).
    pub len: u32,
}

impl Span {
    /// A span from `start` covering `len` bytes.
    pub const fn new(start: u32, len: u32) -> Span {
        Span { start, len }
    }

    /// The offset one past the last byte (saturating).
    pub const fn end(self) -> u32 {
        self.start.saturating_add(self.len)
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        let start = self.start.min(other.start);
        let end = self.end().max(other.end());
        Span::new(start, end - start)
    }

    /// Builds a span from `usize` byte offsets, saturating at `u32::MAX`.
    pub(crate) fn from_range(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Span::new(start, end - start)
    }
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn join_and_end() {
        let a = Span::new(2, 3);
        let b = Span::new(8, 1);
        assert_eq!(a.end(), 5);
        assert_eq!(a.to(b), Span::new(2, 7));
        assert_eq!(b.to(a), Span::new(2, 7));
        assert_eq!(Span::from_range(4, 1), Span::new(4, 0));
        assert_eq!(Span::new(u32::MAX, 5).end(), u32::MAX);
    }
}
