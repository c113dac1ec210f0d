//! Pattern text to a syntax tree, by recursive descent over ECMA-262's `Pattern` grammar with the
//! `u` flag; see the crate documentation for the dialect.

use crate::class::{Class, Perl};
use crate::{PatternError, PatternErrorCode};

/// Deepest nesting of groups.
pub const MAX_DEPTH: usize = 32;

/// A parsed pattern. Classes live in [`Ast::classes`] and are referred to by index, so that
/// repetition copies an index, not a class.
pub(crate) struct Ast {
    pub(crate) root: Node,
    pub(crate) classes: Vec<Class>,
}

pub(crate) enum Node {
    Empty,
    /// One character of `classes[i]`.
    Class(u32),
    Start,
    End,
    /// `\b` (false) or `\B` (true).
    Boundary(bool),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// A class member: one character or a class escape (`\d` …), which cannot bound a range.
enum ClassAtom {
    Char(u32),
    Set(Class),
}

pub(crate) fn parse(src: &str) -> Result<Ast, PatternError> {
    let mut p = Parser {
        src,
        pos: 0,
        depth: 0,
        classes: Vec::new(),
    };
    let root = p.alternation()?;
    if p.pos < src.len() {
        // alternation() stops early only at a ')' that no group opened.
        return Err(p.error(PatternErrorCode::Syntax, p.pos, "unmatched ')'"));
    }
    Ok(Ast {
        root,
        classes: p.classes,
    })
}

struct Parser<'s> {
    src: &'s str,
    /// Byte offset of the next character.
    pos: usize,
    depth: usize,
    classes: Vec<Class>,
}

type Parsed<T> = Result<T, PatternError>;

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    /// An error spanning `start` to the current position (at least one character).
    fn error(&self, code: PatternErrorCode, start: usize, message: &'static str) -> PatternError {
        let end = if self.pos > start {
            self.pos
        } else {
            start
                + self
                    .src
                    .get(start..)
                    .and_then(|s| s.chars().next())
                    .map_or(0, char::len_utf8)
        };
        PatternError {
            code,
            offset: start,
            length: end - start,
            message,
        }
    }

    fn class_node(&mut self, class: Class) -> Parsed<Node> {
        let index = u32::try_from(self.classes.len()).map_err(|_| PatternError {
            code: PatternErrorCode::TooLarge,
            offset: 0,
            length: self.src.len(),
            message: "the pattern has too many classes",
        })?;
        self.classes.push(class);
        Ok(Node::Class(index))
    }

    fn alternation(&mut self) -> Parsed<Node> {
        let mut alternatives = vec![self.concat()?];
        while self.eat('|') {
            alternatives.push(self.concat()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(alternatives)
        })
    }

    fn concat(&mut self) -> Parsed<Node> {
        let mut items = Vec::new();
        while !matches!(self.peek(), None | Some('|' | ')')) {
            let (atom, repeatable) = self.term()?;
            items.push(self.quantified(atom, repeatable)?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// An atom or an assertion, and whether it may be repeated.
    fn term(&mut self) -> Parsed<(Node, bool)> {
        let start = self.pos;
        let Some(c) = self.bump() else {
            return Ok((Node::Empty, false));
        };
        let atom = match c {
            '^' => return Ok((Node::Start, false)),
            '$' => return Ok((Node::End, false)),
            '.' => self.class_node(Class::dot())?,
            '(' => self.group(start)?,
            '[' => {
                let class = self.class(start)?;
                self.class_node(class)?
            }
            '\\' => return self.escape(start),
            '*' | '+' | '?' => {
                return Err(self.error(PatternErrorCode::Syntax, start, "nothing to repeat"))
            }
            '{' => {
                return Err(self.error(
                    PatternErrorCode::Syntax,
                    start,
                    "a lone '{' (write \\{ for the character)",
                ))
            }
            '}' | ']' => {
                return Err(self.error(
                    PatternErrorCode::Syntax,
                    start,
                    "a lone ']' or '}' (escape it with \\)",
                ))
            }
            c => self.class_node(Class::single(u32::from(c)))?,
        };
        Ok((atom, true))
    }

    fn quantified(&mut self, atom: Node, repeatable: bool) -> Parsed<Node> {
        let start = self.pos;
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.bump();
                self.counted(start)?
            }
            _ => return Ok(atom),
        };
        if self.pos == start {
            // A one-character quantifier.
            self.bump();
        }
        if !repeatable {
            return Err(self.error(
                PatternErrorCode::Syntax,
                start,
                "an assertion cannot be repeated",
            ));
        }
        // Lazy or greedy: the same texts match as a whole.
        self.eat('?');
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(self.error(PatternErrorCode::Syntax, self.pos, "nothing to repeat"));
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// After `{`: `n}`, `n,}` or `n,m}`.
    fn counted(&mut self, start: usize) -> Parsed<(u32, Option<u32>)> {
        let bad = |p: &Self| {
            p.error(
                PatternErrorCode::Syntax,
                start,
                "a repetition is {n}, {n,} or {n,m} (write \\{ for the character)",
            )
        };
        let min = self.number().ok_or_else(|| bad(self))?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number().ok_or_else(|| bad(self))?)
            }
        } else {
            Some(min)
        };
        if !self.eat('}') {
            return Err(bad(self));
        }
        if max.is_some_and(|max| max < min) {
            return Err(self.error(
                PatternErrorCode::Syntax,
                start,
                "numbers out of order in a {n,m} repetition",
            ));
        }
        Ok((min, max))
    }

    /// Decimal digits, saturating at `u32::MAX` (compiling refuses such counts anyway).
    fn number(&mut self) -> Option<u32> {
        let mut n: Option<u32> = None;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.bump();
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
        }
        n
    }

    fn group(&mut self, start: usize) -> Parsed<Node> {
        if self.eat('?') {
            let unsupported =
                |p: &Self, message| Err(p.error(PatternErrorCode::Unsupported, start, message));
            match self.bump() {
                Some(':') => {}
                Some('=' | '!') => return unsupported(self, "look-ahead is not supported"),
                Some('<') if matches!(self.peek(), Some('=' | '!')) => {
                    self.bump();
                    return unsupported(self, "look-behind is not supported");
                }
                Some('<') => return unsupported(self, "named groups are not supported; use (?:…)"),
                _ => return unsupported(self, "only (…) and (?:…) groups are supported"),
            }
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.error(
                PatternErrorCode::TooDeep,
                start,
                "groups are nested too deeply",
            ));
        }
        self.depth += 1;
        let inner = self.alternation()?;
        self.depth -= 1;
        if !self.eat(')') {
            self.pos = start + 1;
            return Err(self.error(PatternErrorCode::Syntax, start, "unclosed group"));
        }
        Ok(inner)
    }

    /// After `\` outside a class.
    fn escape(&mut self, start: usize) -> Parsed<(Node, bool)> {
        let Some(c) = self.bump() else {
            return Err(self.error(PatternErrorCode::Syntax, start, "'\\' at the end"));
        };
        let class = match c {
            'b' => return Ok((Node::Boundary(false), false)),
            'B' => return Ok((Node::Boundary(true), false)),
            '1'..='9' | 'k' => {
                return Err(self.error(
                    PatternErrorCode::Unsupported,
                    start,
                    "back-references are not supported",
                ))
            }
            c => match self.escaped_atom(c, start, false)? {
                ClassAtom::Char(c) => Class::single(c),
                ClassAtom::Set(set) => set,
            },
        };
        Ok((self.class_node(class)?, true))
    }

    /// After `\` and `c`, where a class escape and a character escape mean the same inside a
    /// class and outside: `\d`-like sets, refused `\p{…}`, and [`Parser::char_escape`].
    fn escaped_atom(&mut self, c: char, start: usize, in_class: bool) -> Parsed<ClassAtom> {
        Ok(match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => ClassAtom::Set(perl(c)),
            'p' | 'P' => {
                return Err(self.error(
                    PatternErrorCode::Unsupported,
                    start,
                    "property escapes \\p{…} are not supported; use a range such as [ァ-ヶ]",
                ))
            }
            c => ClassAtom::Char(self.char_escape(c, start, in_class)?),
        })
    }

    /// After `\` and `c`: a character escape, or `\-` inside a class.
    fn char_escape(&mut self, c: char, start: usize, in_class: bool) -> Parsed<u32> {
        let bad = |p: &Self, message| Err(p.error(PatternErrorCode::Syntax, start, message));
        Ok(match c {
            't' => 0x09,
            'n' => 0x0A,
            'v' => 0x0B,
            'f' => 0x0C,
            'r' => 0x0D,
            '0' if self.peek().is_some_and(|c| c.is_ascii_digit()) => {
                return bad(self, "\\0 cannot be followed by a digit")
            }
            '0' => 0,
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.bump();
                    u32::from(l) % 32
                }
                _ => return bad(self, "\\c must be followed by a letter"),
            },
            'x' => match self.hex(2) {
                Some(v) => v,
                None => return bad(self, "\\x needs two hexadecimal digits"),
            },
            'u' => self.unicode_escape(start)?,
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            | '/' => u32::from(c),
            '-' if in_class => u32::from(c),
            _ => return bad(self, "unknown escape"),
        })
    }

    /// Exactly `n` hexadecimal digits.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits = self.rest().get(..n)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(digits, 16).ok()?;
        self.pos += n;
        Some(v)
    }

    /// After `\u`: `XXXX` (a surrogate pair as two escapes) or `{X…}`.
    fn unicode_escape(&mut self, start: usize) -> Parsed<u32> {
        let bad = |p: &Self| {
            Err(p.error(
                PatternErrorCode::Syntax,
                start,
                "\\u needs four hexadecimal digits or {…} with a code point",
            ))
        };
        let v = if self.eat('{') {
            let close = self.rest().find('}').unwrap_or(usize::MAX);
            let digits = self.rest().get(..close).unwrap_or("");
            // Leading zeros allowed; the value stops being read past the last code point.
            let v = digits.chars().try_fold(0u32, |v, c| {
                Some(v * 16 + c.to_digit(16)?).filter(|&v| v <= 0x10_FFFF)
            });
            match v {
                Some(v) if !digits.is_empty() => {
                    self.pos += close + 1;
                    v
                }
                _ => return bad(self),
            }
        } else {
            let Some(v) = self.hex(4) else {
                return bad(self);
            };
            // A lead surrogate followed by `\uXXXX` of a trail surrogate is one character.
            let before_trail = self.pos;
            let trail = if (0xD800..0xDC00).contains(&v) && self.rest().starts_with("\\u") {
                self.pos += 2;
                self.hex(4).filter(|t| (0xDC00..0xE000).contains(t))
            } else {
                None
            };
            match trail {
                Some(trail) => 0x10000 + ((v - 0xD800) << 10) + (trail - 0xDC00),
                None => {
                    self.pos = before_trail;
                    v
                }
            }
        };
        if (0xD800..0xE000).contains(&v) {
            return Err(self.error(
                PatternErrorCode::Unsupported,
                start,
                "a lone surrogate never occurs in text",
            ));
        }
        Ok(v)
    }

    /// After `[`.
    fn class(&mut self, start: usize) -> Parsed<Class> {
        let negated = self.eat('^');
        let mut set = Class::default();
        loop {
            let atom_start = self.pos;
            let Some(c) = self.bump() else {
                self.pos = start + 1;
                return Err(self.error(PatternErrorCode::Syntax, start, "unclosed class '['"));
            };
            if c == ']' {
                break;
            }
            let lo = self.class_atom(c, atom_start)?;
            let range_follows = self.rest().starts_with('-')
                && self
                    .rest()
                    .get(1..)
                    .is_some_and(|r| !r.is_empty() && !r.starts_with(']'));
            if !range_follows {
                add(&mut set, lo);
                continue;
            }
            self.bump();
            let hi_start = self.pos;
            let hi = match self.bump() {
                Some(h) => self.class_atom(h, hi_start)?,
                None => {
                    return Err(self.error(PatternErrorCode::Syntax, start, "unclosed class '['"))
                }
            };
            match (lo, hi) {
                (ClassAtom::Char(lo), ClassAtom::Char(hi)) if lo <= hi => set.push(lo, hi),
                (ClassAtom::Char(_), ClassAtom::Char(_)) => {
                    return Err(self.error(
                        PatternErrorCode::Syntax,
                        atom_start,
                        "range out of order in a class",
                    ))
                }
                _ => {
                    return Err(self.error(
                        PatternErrorCode::Syntax,
                        atom_start,
                        "a class escape such as \\d cannot bound a range",
                    ))
                }
            }
        }
        let set = set.canonical();
        Ok(if negated { set.negated() } else { set })
    }

    fn class_atom(&mut self, c: char, start: usize) -> Parsed<ClassAtom> {
        if c != '\\' {
            return Ok(ClassAtom::Char(u32::from(c)));
        }
        let Some(e) = self.bump() else {
            return Err(self.error(PatternErrorCode::Syntax, start, "'\\' at the end"));
        };
        match e {
            'b' => Ok(ClassAtom::Char(0x08)),
            e => self.escaped_atom(e, start, true),
        }
    }
}

fn perl(c: char) -> Class {
    let kind = match c.to_ascii_lowercase() {
        'd' => Perl::Digit,
        'w' => Perl::Word,
        _ => Perl::Space,
    };
    Class::perl(kind, c.is_ascii_uppercase())
}

fn add(set: &mut Class, atom: ClassAtom) {
    match atom {
        ClassAtom::Char(c) => set.push(c, c),
        ClassAtom::Set(s) => set.union(&s),
    }
}
