//! The fast reader of answer sets: a hand-written scanner of the one fixed shape
//! `{definition, status, lastPage, answers: [{id, seq, value}]}`.
//!
//! It reads only what it fully understands — members in any order, JSON whitespace, string
//! escapes (`\uXXXX` surrogate pairs included), `lastPage` null or absent, `answers` absent —
//! and returns `None` on anything else: an unknown, escaped or repeated key, a wrong type, a
//! number with a sign, fraction or exponent or above `u32`, a lone surrogate, a control
//! character, an unknown status word, trailing bytes, more answers than allowed. The caller
//! then reads the bytes again with serde, which gives the result or the typed error it always
//! gave: the scanner never decides an error, so it can only make the happy path faster. It
//! never recurses (the shape is fixed), indexes only through `get` and allocates only the
//! answers it has read and the text of escaped strings.

use std::borrow::Cow;

use super::{AnswerRef, AnswersDoc};
use crate::ids::AnswerStatus;

/// Read `text` (valid UTF-8, byte order mark removed) if it is an answer set of at most
/// `max_answers` answers in the plain shape; `None` means "read it with serde".
#[cfg_attr(monshin_hot, optimize(speed))]
pub(super) fn read(text: &str, max_answers: usize) -> Option<AnswersDoc<'_>> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    s.expect(b'{')?;
    let mut definition = None;
    let mut status = None;
    let mut last_page = None;
    let mut answers = None;
    loop {
        match s.key()? {
            Key::Definition if definition.is_none() => definition = Some(s.string()?),
            Key::Status if status.is_none() => status = Some(AnswerStatus::parse(&s.string()?)?),
            Key::LastPage if last_page.is_none() => last_page = Some(s.page()?),
            Key::Answers if answers.is_none() => answers = Some(s.answers(max_answers)?),
            _ => return None,
        }
        if s.after_member(b'}')? {
            break;
        }
    }
    s.skip_whitespace();
    if s.pos != s.bytes.len() {
        return None;
    }
    Some(AnswersDoc {
        definition: definition?,
        status: status?,
        last_page: last_page.flatten(),
        answers: answers.unwrap_or_default(),
    })
}

/// Bytes of the smallest answer, `{"id":"","seq":1,"value":""}` and a comma: the capacity
/// reserved for the answers is the bytes left divided by this (never more than can follow),
/// and at most [`RESERVED_ANSWERS`] (a document of long values reserves no more; beyond it the
/// vector grows with the answers actually read).
const SMALLEST_ANSWER: usize = 29;

/// The most answers reserved before any is read.
const RESERVED_ANSWERS: usize = 1024;

/// The member names of the shape: the answer set's, then an answer's.
#[derive(Clone, Copy)]
enum Key {
    Definition,
    Status,
    LastPage,
    Answers,
    Id,
    Seq,
    Value,
}

/// Up to eight bytes of fixed text, compared with the input as one word: the next eight
/// bytes `w` begin with it when `w & mask == word`.
#[derive(Clone, Copy)]
struct Literal {
    word: u64,
    mask: u64,
    len: usize,
}

impl Literal {
    const fn new(text: &[u8]) -> Literal {
        let (mut word, mut i) = (0u64, 0);
        while i < text.len() && i < 8 {
            word |= (text[i] as u64) << (8 * i);
            i += 1;
        }
        let mask = if i == 8 { u64::MAX } else { (1 << (8 * i)) - 1 };
        Literal { word, mask, len: i }
    }
}

/// What comes before an answer's members in the shape's order, as
/// [`Scanner::answer_in_order`] reads them: after `{`, after the `id` string and after the
/// `seq` number (`,"value"` fills the word; its colon is checked on its own).
const ID: Literal = Literal::new(b"\"id\":");
const SEQ: Literal = Literal::new(b",\"seq\":");
const VALUE: Literal = Literal::new(b",\"value\"");

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    fn expect(&mut self, byte: u8) -> Option<()> {
        // Compact JSON has no whitespace: try the byte itself first.
        if self.bytes.get(self.pos) != Some(&byte) && self.peek()? != byte {
            return None;
        }
        self.pos += 1;
        Some(())
    }

    /// After a member or element: `true` at the closing byte, `false` at a comma.
    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    fn after_member(&mut self, close: u8) -> Option<bool> {
        let b = self.peek()?;
        self.pos += 1;
        match b {
            b',' => Some(false),
            _ if b == close => Some(true),
            _ => None,
        }
    }

    /// A member name of the shape (written without escapes) and its colon.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn key(&mut self) -> Option<Key> {
        self.expect(b'"')?;
        // The first byte picks the one name it can be (compact answers in the usual order
        // never come here: `answer_in_order` reads them).
        let (name, key): (&[u8], Key) = match *self.bytes.get(self.pos)? {
            b'i' => (b"id\"", Key::Id),
            b's' if self.bytes.get(self.pos + 1) == Some(&b'e') => (b"seq\"", Key::Seq),
            b's' => (b"status\"", Key::Status),
            b'v' => (b"value\"", Key::Value),
            b'd' => (b"definition\"", Key::Definition),
            b'l' => (b"lastPage\"", Key::LastPage),
            b'a' => (b"answers\"", Key::Answers),
            _ => return None,
        };
        if !self.bytes.get(self.pos..)?.starts_with(name) {
            return None;
        }
        self.pos += name.len();
        self.expect(b':')?;
        Some(key)
    }

    /// Move past `literal` if the bytes begin with it (and eight bytes are left).
    #[inline]
    fn eat(&mut self, literal: Literal) -> bool {
        let word = self.bytes.get(self.pos..self.pos + 8);
        let word = word
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes);
        let found = word.is_some_and(|w| w & literal.mask == literal.word);
        if found {
            self.pos += literal.len;
        }
        found
    }

    /// A string: borrowed from the input, owned only when it has escapes.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.expect(b'"')?;
        let start = self.pos;
        self.skip_plain();
        match self.bytes.get(self.pos)? {
            b'"' => {
                let s = self.text.get(start..self.pos)?;
                self.pos += 1;
                Some(Cow::Borrowed(s))
            }
            b'\\' => self.escaped(start).map(Cow::Owned),
            _ => None,
        }
    }

    /// Move to the next `"`, `\` or control character (or the end), eight bytes at a time.
    #[cfg_attr(monshin_hot, optimize(speed))]
    #[inline]
    fn skip_plain(&mut self) {
        const ONES: u64 = u64::from_le_bytes([1; 8]);
        const HIGH: u64 = ONES << 7;
        while let Some(word) = self
            .bytes
            .get(self.pos..self.pos + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        {
            let w = u64::from_le_bytes(word);
            let quote = w ^ (ONES * u64::from(b'"'));
            let backslash = w ^ (ONES * u64::from(b'\\'));
            // The high bit of a byte is set where the byte is `"`, `\` or below 0x20, and
            // possibly in later bytes (a borrow), never in earlier ones: the lowest set bit
            // is the first such byte.
            let special = ((quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash)
                | (w.wrapping_sub(ONES * 0x20) & !w))
                & HIGH;
            if special != 0 {
                self.pos += (special.trailing_zeros() / 8) as usize;
                return;
            }
            self.pos += 8;
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return;
            }
            self.pos += 1;
        }
    }

    /// The rest of a string that has an escape at `pos`; its plain text began at `start`.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn escaped(&mut self, start: usize) -> Option<String> {
        let mut out = String::from(self.text.get(start..self.pos)?);
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    let e = *self.bytes.get(self.pos + 1)?;
                    self.pos += 2;
                    out.push(match e {
                        b'u' => self.unicode()?,
                        _ => monshin_jsonpath::simple_escape(e)?,
                    });
                }
                _ => {
                    let from = self.pos;
                    self.skip_plain();
                    if self.pos == from {
                        return None; // a control character
                    }
                    out.push_str(self.text.get(from..self.pos)?);
                }
            }
        }
    }

    /// The character of `\u` + four hex digits (a surrogate pair takes two escapes).
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn unicode(&mut self) -> Option<char> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2)? != b"\\u" {
                    return None;
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return None;
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            _ => high,
        };
        char::from_u32(code) // `None` for a lone low surrogate
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    /// A plain unsigned integer in `u32`: no sign, no leading zero, no fraction or exponent.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn number(&mut self) -> Option<u32> {
        self.skip_whitespace();
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(&d @ b'0'..=b'9') = self.bytes.get(self.pos) {
            n = n * 10 + u64::from(d - b'0');
            self.pos += 1;
            if self.pos - start > 10 {
                return None;
            }
        }
        let digits = self.bytes.get(start..self.pos)?;
        let plain = match digits {
            [] => false,
            [b'0', _, ..] => false,
            _ => !matches!(self.bytes.get(self.pos), Some(b'.' | b'e' | b'E')),
        };
        plain.then_some(())?;
        u32::try_from(n).ok()
    }

    /// `lastPage`: a page number or `null`.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn page(&mut self) -> Option<Option<u32>> {
        if self.peek()? != b'n' {
            return self.number().map(Some);
        }
        (self.bytes.get(self.pos..self.pos + 4)? == b"null").then(|| {
            self.pos += 4;
            None
        })
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn answers(&mut self, max_answers: usize) -> Option<Vec<AnswerRef<'a>>> {
        self.expect(b'[')?;
        let room = self.bytes.len().saturating_sub(self.pos) / SMALLEST_ANSWER;
        let mut answers = Vec::with_capacity(room.min(max_answers).min(RESERVED_ANSWERS));
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(answers);
        }
        loop {
            if answers.len() >= max_answers {
                return None; // serde reads it and reports the count
            }
            answers.push(self.answer()?);
            if self.after_member(b']')? {
                return Some(answers);
            }
        }
    }

    /// `"id":` string `,"seq":` number `,"value":` string `}`, without whitespace.
    #[cfg_attr(monshin_hot, optimize(speed))]
    fn answer_in_order(&mut self) -> Option<AnswerRef<'a>> {
        if !self.eat(ID) {
            return None;
        }
        let id = self.string()?;
        if !self.eat(SEQ) {
            return None;
        }
        let seq = self.number()?;
        if !self.eat(VALUE) || self.bytes.get(self.pos) != Some(&b':') {
            return None;
        }
        self.pos += 1;
        let value = self.string()?;
        if self.bytes.get(self.pos) != Some(&b'}') {
            return None;
        }
        self.pos += 1;
        Some(AnswerRef { id, seq, value })
    }

    #[cfg_attr(monshin_hot, optimize(speed))]
    fn answer(&mut self) -> Option<AnswerRef<'a>> {
        self.expect(b'{')?;
        // Most answer sets are compact JSON with the members in the shape's order: read that
        // straight through; anything else is read again member by member.
        let start = self.pos;
        if let Some(answer) = self.answer_in_order() {
            return Some(answer);
        }
        self.pos = start;
        let mut id = None;
        let mut seq = None;
        let mut value = None;
        loop {
            match self.key()? {
                Key::Id if id.is_none() => id = Some(self.string()?),
                Key::Seq if seq.is_none() => seq = Some(self.number()?),
                Key::Value if value.is_none() => value = Some(self.string()?),
                _ => return None,
            }
            if self.after_member(b'}')? {
                break;
            }
        }
        Some(AnswerRef {
            id: id?,
            seq: seq?,
            value: value?,
        })
    }
}
