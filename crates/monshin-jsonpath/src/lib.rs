//! The JSON path of a serde_json error, found without `serde_path_to_error`; the one
//! [`JsonPath`] (JSON Pointer) type, the one classifier of serde data errors ([`Fault`]) and
//! the [`TextShape`] that errors show instead of text a user typed.
//!
//! **Why this crate exists: the size of the WebAssembly build.** `serde_path_to_error` wraps the
//! deserializer, so every `Deserialize` impl of a document type is compiled twice (once plain,
//! once wrapped, with all of serde_json's monomorphs behind it): about 51 KB of monshin-wasm.
//! serde_json errors already carry the line and column where they were detected. [`path_at`]
//! turns that position into a byte offset ([`offset_of`]) and re-scans the bytes before it with
//! a small [`Lexer`] that keeps the stack of open objects and arrays: one cold, non-generic pass,
//! only for a document that failed.
//!
//! monshin-core and monshin-wire both use it (neither depends on the other); the same [`Lexer`]
//! drives monshin-wire's limit pre-scan, so there is one JSON scanner in the workspace.
//!
//! Neither the lexer nor the path finder validates JSON (serde_json has done that for the bytes
//! before an error position). On any input they never panic, never read out of bounds and keep
//! at most [`MAX_DEPTH`] frames. Keys are returned decoded: they are document content, and the
//! callers decide which of them may be shown.
//!
//! ```
//! use monshin_jsonpath::{path_at, Focus, Segment};
//!
//! let doc = br#"{"answers": [{"id": "A", "seq": "one"}]}"#;
//! // serde_json reports a wrong type for `seq` just after the string "one".
//! let offset = doc.windows(5).position(|w| w == b"\"one\"").unwrap() + 5;
//! assert_eq!(
//!     path_at(doc, offset, Focus::Value),
//!     [Segment::Key("answers".into()), Segment::Index(0), Segment::Key("seq".into())]
//! );
//! ```

/// Frames of nested containers kept by [`path_at`]; deeper ones are counted, not stored.
/// serde_json stops at a depth of 128 with a syntax error, so data errors are never deeper.
pub const MAX_DEPTH: usize = 256;

/// What a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `{`
    ObjectStart,
    /// `}`
    ObjectEnd,
    /// `[`
    ArrayStart,
    /// `]`
    ArrayEnd,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// A string, quotes included.
    String {
        /// False when the input ends inside the string.
        terminated: bool,
    },
    /// A run of other bytes up to whitespace or punctuation: a number, `true`, `false`, `null`
    /// (or, in malformed input, anything else).
    Scalar,
}

/// One token of a [`Lexer`]: its kind and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Offset of its first byte.
    pub start: usize,
    /// Offset just after its last byte.
    pub end: usize,
}

impl Token {
    /// For a string, the raw length of its content in bytes (escapes as written, quotes not
    /// counted); 0 for any other token.
    pub fn content_len(&self) -> usize {
        match self.kind {
            TokenKind::String { terminated } => {
                let inner = self.end.saturating_sub(self.start.saturating_add(1));
                if terminated {
                    inner.saturating_sub(1)
                } else {
                    inner
                }
            }
            _ => 0,
        }
    }

    /// For a string, the byte range of its content (quotes excluded); empty otherwise.
    fn content(&self) -> (usize, usize) {
        let start = self.start.saturating_add(1);
        (start, start.saturating_add(self.content_len()))
    }
}

/// JSON whitespace.
pub fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_punctuation(b: u8) -> bool {
    matches!(b, b'{' | b'}' | b'[' | b']' | b':' | b',' | b'"')
}

/// A lenient JSON lexer: strings (with escapes), punctuation and runs of scalar bytes.
///
/// It validates nothing: malformed input still yields tokens that cover it, whitespace
/// excepted, in order and within bounds.
///
/// ```
/// use monshin_jsonpath::{Lexer, TokenKind};
///
/// let kinds: Vec<TokenKind> = Lexer::new(br#"{"a\"": [1, null]}"#).map(|t| t.kind).collect();
/// assert_eq!(kinds.len(), 9);
/// assert_eq!(kinds[1], TokenKind::String { terminated: true });
/// ```
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over `bytes`, from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, pos: 0 }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.bytes;
        while bytes.get(self.pos).is_some_and(|&b| is_whitespace(b)) {
            self.pos += 1;
        }
        let start = self.pos;
        let first = *bytes.get(start)?;
        let mut pos = start + 1;
        let kind = match first {
            b'{' => TokenKind::ObjectStart,
            b'}' => TokenKind::ObjectEnd,
            b'[' => TokenKind::ArrayStart,
            b']' => TokenKind::ArrayEnd,
            b':' => TokenKind::Colon,
            b',' => TokenKind::Comma,
            b'"' => {
                let mut terminated = false;
                while let Some(&b) = bytes.get(pos) {
                    pos += 1;
                    if b == b'\\' {
                        pos += 1;
                    } else if b == b'"' {
                        terminated = true;
                        break;
                    }
                }
                pos = pos.min(bytes.len());
                TokenKind::String { terminated }
            }
            _ => {
                while bytes
                    .get(pos)
                    .is_some_and(|&b| !is_whitespace(b) && !is_punctuation(b))
                {
                    pos += 1;
                }
                TokenKind::Scalar
            }
        };
        self.pos = pos;
        Some(Token {
            kind,
            start,
            end: pos,
        })
    }
}

/// The byte offset of a serde_json error position.
///
/// serde_json reports a 1-based line and, for slices, the number of bytes of that line it had
/// consumed when it noticed the error (`Error::column`). Positions past the end, or lines that do
/// not exist, give `bytes.len()`. Line 0 (an error with no position) gives 0.
pub fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    if line > 1 {
        let mut newlines = 0;
        let mut found = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                newlines += 1;
                if newlines == line - 1 {
                    line_start = i + 1;
                    found = true;
                    break;
                }
            }
        }
        if !found {
            return bytes.len();
        }
    } else if line == 0 {
        return 0;
    }
    line_start.saturating_add(column).min(bytes.len())
}

/// What an error is about, which decides the path when a position is ambiguous.
///
/// serde_json gives data errors the position where the innermost serde_json call that returned
/// them stopped reading. For most errors that is just after the value concerned; for an error
/// raised by a `Deserialize` impl after it had read its value (a range check on a number, a
/// `TryFrom`, an untagged enum), it is just after the *enclosing* array or object, or before
/// the comma that follows the value. The focus tells which of the candidates is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// A scalar value: wrong type, value not accepted, unknown enum variant, custom checks.
    Value,
    /// A member name: unknown or duplicate field. The path ends with that member.
    Key,
    /// An object as a whole, e.g. a missing field.
    Object,
    /// An array as a whole, e.g. too many elements.
    Array,
    /// An array or an object as a whole: serde's `invalid length`.
    Container,
    /// A value serde_json rejected by its first byte, without reading it (`invalid type: map`,
    /// `invalid type: sequence`): the value that starts at the position.
    Unread,
    /// A value of any kind, checked as a whole after it was read: serde's untagged enums
    /// (`data did not match any variant`). Decided by where the enclosing container stopped.
    Any,
}

impl Focus {
    /// The focus of a serde data error, from its message (serde's own wording).
    pub fn of_message(message: &str) -> Focus {
        if message.starts_with("unknown field") || message.starts_with("duplicate field") {
            Focus::Key
        } else if message.starts_with("missing field") {
            Focus::Object
        } else if message.starts_with("invalid length") {
            Focus::Container
        } else if message.starts_with("invalid type: map")
            || message.starts_with("invalid type: sequence")
        {
            Focus::Unread
        } else if message.starts_with("data did not match any variant") {
            Focus::Any
        } else {
            Focus::Value
        }
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object member, by its decoded key (document content: check before showing it).
    Key(String),
    /// An array element, 0-based.
    Index(usize),
}

/// The path of the value that a serde_json error at line `line`, column `column` is about.
pub fn path_of_error(bytes: &[u8], line: usize, column: usize, focus: Focus) -> Vec<Segment> {
    path_at(bytes, offset_of(bytes, line, column), focus)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Object,
    Array,
}

/// A segment by reference into the bytes: a key's content range, or an index.
#[derive(Debug, Clone, Copy)]
enum Seg {
    Key(usize, usize),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Just after `[` or `{` (or nothing read yet at the root).
    Open,
    /// After a member name.
    AfterKey,
    /// After the colon of a member.
    AfterColon,
    /// Inside a value that is not finished (only seen past [`MAX_DEPTH`]).
    InValue,
    /// After a complete value.
    AfterValue,
    /// After a comma.
    AfterComma,
}

/// The last complete value of a frame.
#[derive(Debug, Clone, Copy)]
struct Done {
    /// Where it is in its frame (none for the root value).
    seg: Option<Seg>,
    kind: Kind,
    /// For an array or object: its own last complete member.
    last: Option<(Seg, Kind)>,
}

#[derive(Debug)]
struct Frame {
    /// `None` for the document root.
    container: Option<Kind>,
    phase: Phase,
    /// The current member: key of an object, index in an array.
    cur: Option<Seg>,
    next_index: usize,
    done: Option<Done>,
}

impl Frame {
    fn new(container: Option<Kind>) -> Self {
        Frame {
            container,
            phase: Phase::Open,
            cur: None,
            next_index: 0,
            done: None,
        }
    }

    fn begin_value(&mut self) {
        match self.container {
            Some(Kind::Array) => {
                self.cur = Some(Seg::Index(self.next_index));
                self.next_index = self.next_index.saturating_add(1);
            }
            Some(_) => {}
            None => self.cur = None,
        }
        self.done = None;
        self.phase = Phase::InValue;
    }

    fn complete(&mut self, kind: Kind, last: Option<(Seg, Kind)>) {
        self.done = Some(Done {
            seg: self.cur,
            kind,
            last,
        });
        self.phase = Phase::AfterValue;
    }
}

/// The path of the value that a serde_json data error detected at byte `offset` is about.
///
/// `bytes[..offset]` is scanned for the open objects and arrays; then, at that point:
/// - after a member name: that member for [`Focus::Key`] (unknown or duplicate field), else
///   the object (an unknown variant of an enum written `{"variant": …}`);
/// - before an unread value (after `:`, `[` or `,` in an array, at the start): that value;
/// - after a complete value: that value, or, if the focus wants another kind (a scalar for
///   [`Focus::Value`], an object for [`Focus::Object`] …), its last member when that member is
///   of the wanted kind (the error was raised after the member was read, and serde_json gave
///   it the position where the enclosing container ended). For [`Focus::Any`] the kind is
///   unknown, and the punctuation around the offset decides between the two.
///
/// `offset` past the end means the end. Never panics.
pub fn path_at(bytes: &[u8], offset: usize, focus: Focus) -> Vec<Segment> {
    let prefix = bytes.get(..offset).unwrap_or(bytes);
    let mut frames = vec![Frame::new(None)];
    // Containers opened past MAX_DEPTH, counted only.
    let mut hidden = 0usize;
    for tok in Lexer::new(prefix) {
        if hidden > 0 {
            match tok.kind {
                TokenKind::ObjectStart | TokenKind::ArrayStart => hidden += 1,
                TokenKind::ObjectEnd | TokenKind::ArrayEnd => {
                    hidden -= 1;
                    if hidden == 0 {
                        if let Some(top) = frames.last_mut() {
                            let kind = if tok.kind == TokenKind::ObjectEnd {
                                Kind::Object
                            } else {
                                Kind::Array
                            };
                            top.complete(kind, None);
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        let depth = frames.len();
        let Some(top) = frames.last_mut() else {
            break;
        };
        match tok.kind {
            TokenKind::ObjectStart | TokenKind::ArrayStart => {
                top.begin_value();
                if depth > MAX_DEPTH {
                    hidden = 1;
                    continue;
                }
                let kind = if tok.kind == TokenKind::ObjectStart {
                    Kind::Object
                } else {
                    Kind::Array
                };
                frames.push(Frame::new(Some(kind)));
            }
            TokenKind::ObjectEnd | TokenKind::ArrayEnd => {
                if depth < 2 {
                    // A stray closing bracket at the root: ignored.
                    continue;
                }
                let Some(child) = frames.pop() else {
                    break;
                };
                let last = child.done.and_then(|d| Some((d.seg?, d.kind)));
                if let Some(parent) = frames.last_mut() {
                    parent.complete(child.container.unwrap_or(Kind::Object), last);
                }
            }
            TokenKind::Colon => {
                if top.phase == Phase::AfterKey {
                    top.phase = Phase::AfterColon;
                }
            }
            TokenKind::Comma => top.phase = Phase::AfterComma,
            TokenKind::String { .. }
                if top.container == Some(Kind::Object)
                    && matches!(top.phase, Phase::Open | Phase::AfterComma) =>
            {
                let (start, end) = tok.content();
                top.cur = Some(Seg::Key(start, end));
                top.done = None;
                top.phase = Phase::AfterKey;
            }
            TokenKind::String { .. } | TokenKind::Scalar => {
                top.begin_value();
                top.complete(Kind::Scalar, None);
            }
        }
    }

    let Some((top, ancestors)) = frames.split_last() else {
        return Vec::new();
    };
    let base: Vec<Seg> = ancestors.iter().filter_map(|f| f.cur).collect();
    let done = match top.phase {
        Phase::AfterValue | Phase::AfterComma => top.done,
        _ => None,
    };
    // The value that starts at the offset, if the scan stopped where a value is expected.
    let pending: Option<Option<Seg>> = match (top.container, top.phase) {
        (None, Phase::Open) => Some(None),
        (Some(Kind::Object), Phase::AfterColon) | (_, Phase::InValue) => Some(top.cur),
        (Some(Kind::Array), Phase::Open | Phase::AfterComma) => {
            Some(Some(Seg::Index(top.next_index)))
        }
        _ => None,
    };
    let key =
        (top.container == Some(Kind::Object) && top.phase == Phase::AfterKey).then_some(top.cur);

    let extend = |extra: &[Option<Seg>]| -> Vec<Seg> {
        base.iter()
            .copied()
            .chain(extra.iter().copied().flatten())
            .collect()
    };
    let chosen = match focus {
        Focus::Key => match (key, done, pending) {
            (Some(k), _, _) => extend(&[k]),
            (None, Some(d), _) => extend(&[d.seg]),
            (None, None, Some(p)) => extend(&[p]),
            (None, None, None) => extend(&[]),
        },
        Focus::Any => match (done, pending) {
            // serde_json gives an error without a position of its own the place where the
            // enclosing container stopped: before the comma after the value in an object, after
            // that comma in an array, after the container's end if the value was its last
            // member. (A container that is itself a member of an object and followed directly
            // by a comma is taken as the value.)
            (Some(d), _)
                if top.phase == Phase::AfterComma
                    || (top.container == Some(Kind::Object)
                        && bytes.get(offset) == Some(&b',')) =>
            {
                extend(&[d.seg])
            }
            (Some(d), _) => match d.last {
                Some((seg, _)) => extend(&[d.seg, Some(seg)]),
                None => extend(&[d.seg]),
            },
            (None, Some(p)) => extend(&[p]),
            (None, None) => extend(&[]),
        },
        Focus::Unread if pending.is_some() && opens_container(bytes, offset) => {
            extend(&[pending.flatten()])
        }
        _ => {
            let wanted = |kind: Kind| match focus {
                Focus::Object => kind == Kind::Object,
                Focus::Array => kind == Kind::Array,
                Focus::Container | Focus::Unread => kind != Kind::Scalar,
                Focus::Value | Focus::Key | Focus::Any => kind == Kind::Scalar,
            };
            match (done, pending) {
                (Some(d), _) => match d.last {
                    Some((seg, kind)) if !wanted(d.kind) && wanted(kind) => {
                        extend(&[d.seg, Some(seg)])
                    }
                    _ => extend(&[d.seg]),
                },
                (None, Some(p)) => extend(&[p]),
                // After a member name, or nothing: the container.
                (None, None) => extend(&[]),
            }
        }
    };
    chosen
        .into_iter()
        .map(|seg| match seg {
            Seg::Key(start, end) => Segment::Key(decode_key(bytes.get(start..end).unwrap_or(&[]))),
            Seg::Index(i) => Segment::Index(i),
        })
        .collect()
}

/// Does a `{` or `[` start at `offset` (after whitespace)?
fn opens_container(bytes: &[u8], offset: usize) -> bool {
    bytes
        .get(offset..)
        .unwrap_or(&[])
        .iter()
        .find(|&&b| !is_whitespace(b))
        .is_some_and(|&b| b == b'{' || b == b'[')
}

/// The character a one-letter JSON escape stands for (`n` of `\n`, `"` of `\"`, …); `None`
/// for `u` (four hex digits follow) and for anything JSON does not allow after a backslash.
#[inline]
pub fn simple_escape(escape: u8) -> Option<char> {
    Some(match escape {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// The text of a JSON string's content (without quotes): escapes decoded, anything invalid
/// (bad escapes, lone surrogates, invalid UTF-8) replaced by U+FFFD.
pub fn decode_key(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&escape) = raw.get(i) else {
            out.extend_from_slice("\u{fffd}".as_bytes());
            break;
        };
        i += 1;
        let c = match escape {
            b'u' => {
                let unit = hex4(raw, i);
                if unit.is_some() {
                    i += 4;
                }
                match unit {
                    Some(high @ 0xD800..=0xDBFF) => {
                        let low = (raw.get(i..i + 2) == Some(b"\\u"))
                            .then(|| hex4(raw, i + 2))
                            .flatten()
                            .filter(|low| (0xDC00..=0xDFFF).contains(low));
                        match low {
                            Some(low) => {
                                i += 6;
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                            }
                            None => None,
                        }
                    }
                    Some(unit) => char::from_u32(unit),
                    None => None,
                }
                .unwrap_or('\u{fffd}')
            }
            _ => simple_escape(escape).unwrap_or('\u{fffd}'),
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Four hex digits at `at`, as a number.
fn hex4(raw: &[u8], at: usize) -> Option<u32> {
    let digits = raw.get(at..at.checked_add(4)?)?;
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = char::from(d).to_digit(16)?;
        Some(acc * 16 + v)
    })
}

mod fault;
mod pointer;
mod shape;

pub use fault::{Fault, FaultKind, MARKER};
pub use pointer::{is_field_name, JsonPath, PathSegment};
pub use shape::{CharClasses, TextShape};

#[cfg(test)]
mod tests;
