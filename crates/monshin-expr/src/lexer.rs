//! The tokenizer: turns source text into tokens on demand, using `nom` combinators for the
//! token shapes.
//!
//! Tokens are produced lazily so that the first error reported is the first one in the source.

use crate::date::Date;
use crate::error::{ExprError, ExprErrorCode};
use crate::span::Span;
use nom::branch::alt;
use nom::bytes::complete::{tag, take, take_while, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::{not, opt, recognize, value};
use nom::sequence::{pair, preceded, terminated};
use nom::{IResult, Parser};

/// A token kind, with its value for literals and names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Number(f64),
    Str(String),
    Date(Date),
    /// `$ID`, without the `$`.
    Ref(String),
    /// A name that is not a keyword (function names).
    Ident(String),
    Or,
    And,
    Not,
    In,
    True,
    False,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Eof,
}

impl Tok {
    /// How the token is named in messages (never quoting string literal contents).
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Number(_) => "a number".into(),
            Tok::Str(_) => "a string literal".into(),
            Tok::Date(_) => "a date literal".into(),
            Tok::Ref(id) => format!("item reference ${id}"),
            Tok::Ident(name) => format!("name '{name}'"),
            Tok::Eof => "the end of the expression".into(),
            other => format!("'{}'", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::Or => "or",
            Tok::And => "and",
            Tok::Not => "not",
            Tok::In => "in",
            Tok::True => "true",
            Tok::False => "false",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::Comma => ",",
            Tok::Eq => "=",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Slash => "/",
            _ => "",
        }
    }
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) span: Span,
}

/// Produces tokens from a source string, one at a time.
pub(crate) struct Lexer<'s> {
    src: &'s str,
    pos: usize,
}

type NomResult<'a, O> = IResult<&'a str, O, nom::error::Error<&'a str>>;

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// `[0-9]+ ("." [0-9]+)?`
fn number(i: &str) -> NomResult<'_, &str> {
    recognize(pair(digit1, opt(pair(char('.'), digit1)))).parse(i)
}

/// `"$" [A-Za-z0-9_]+`, yielding the ID.
fn reference(i: &str) -> NomResult<'_, &str> {
    preceded(char('$'), take_while1(is_id_char)).parse(i)
}

/// `"${" … "}"`: any master ID, `\}` and `\\` escaped; `None` when unterminated or when the
/// ID is not a master ID (empty, too long, a control character). Returns the rest and the ID.
fn braced_reference(i: &str) -> Option<(&str, String)> {
    let body = i.strip_prefix("${")?;
    let mut id = String::new();
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '}' => {
                let rest = &body[at + 1..];
                return crate::is_master_id(&id).then_some((rest, id));
            }
            '\\' => match chars.next() {
                Some((_, e @ ('}' | '\\'))) => id.push(e),
                _ => return None,
            },
            c => id.push(c),
        }
        if id.len() > crate::MAX_MASTER_ID_BYTES {
            return None;
        }
    }
    None
}

/// `"@"` followed by the ten characters that must form `YYYY-MM-DD`.
fn date_text(i: &str) -> NomResult<'_, &str> {
    preceded(char('@'), take(10usize)).parse(i)
}

/// A name: a letter or `_`, then letters, digits and `_`.
fn name(i: &str) -> NomResult<'_, &str> {
    recognize(pair(
        take_while1(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(is_id_char),
    ))
    .parse(i)
}

/// Operators and punctuation, longest first.
fn punct(i: &str) -> NomResult<'_, Tok> {
    alt((
        value(Tok::Le, tag("<=")),
        value(Tok::Ge, tag(">=")),
        value(Tok::Ne, tag("!=")),
        value(Tok::Lt, tag("<")),
        value(Tok::Gt, tag(">")),
        value(Tok::Eq, tag("=")),
        value(Tok::LParen, tag("(")),
        value(Tok::RParen, tag(")")),
        value(Tok::LBracket, tag("[")),
        value(Tok::RBracket, tag("]")),
        value(Tok::Comma, tag(",")),
        value(Tok::Plus, tag("+")),
        value(Tok::Minus, tag("-")),
        value(Tok::Star, tag("*")),
        value(Tok::Slash, tag("/")),
    ))
    .parse(i)
}

/// Common mistakes, with a hint for each.
fn mistake(i: &str) -> NomResult<'_, &'static str> {
    alt((
        value("'==' is not an operator; use '='", tag("==")),
        value("'<>' is not an operator; use '!='", tag("<>")),
        value("'&&' is not an operator; use 'and'", tag("&&")),
        value("'||' is not an operator; use 'or'", tag("||")),
        value(
            "'!' is not an operator; use 'not' or '!='",
            terminated(tag("!"), not(char('='))),
        ),
    ))
    .parse(i)
}

impl<'s> Lexer<'s> {
    pub(crate) fn new(src: &'s str) -> Lexer<'s> {
        Lexer { src, pos: 0 }
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn span_to(&self, rest: &str) -> Span {
        Span::from_range(self.pos, self.src.len() - rest.len())
    }

    fn syntax(&self, span: Span, message: impl Into<String>) -> ExprError {
        ExprError::new(ExprErrorCode::Syntax, span, message)
    }

    /// The next token (`Eof` at the end, repeatedly).
    pub(crate) fn next_token(&mut self) -> Result<Token, ExprError> {
        let trimmed = self.rest().trim_start_matches(is_space);
        self.pos = self.src.len() - trimmed.len();
        let (rest, tok) = self.lex_one(trimmed)?;
        let span = self.span_to(rest);
        self.pos = self.src.len() - rest.len();
        Ok(Token { tok, span })
    }

    fn lex_one(&self, i: &'s str) -> Result<(&'s str, Tok), ExprError> {
        let Some(c) = i.chars().next() else {
            return Ok((i, Tok::Eof));
        };
        let here = |len: usize| Span::from_range(self.pos, self.pos + len);
        match c {
            '0'..='9' => {
                let (rest, text) = number(i).map_err(|_| self.syntax(here(1), "bad number"))?;
                if rest.starts_with('.') {
                    return Err(self.syntax(
                        self.span_to(rest.get(1..).unwrap_or("")),
                        "a number needs digits after '.'",
                    ));
                }
                match crate::decimal::parse_decimal(text) {
                    Ok(n) => Ok((rest, Tok::Number(n))),
                    Err(_) => Err(self.syntax(
                        self.span_to(rest),
                        format!(
                            "a number literal has at most {} digits (leading zeros not counted)",
                            crate::decimal::MAX_DIGITS
                        ),
                    )),
                }
            }
            '$' if i.starts_with("${") => match braced_reference(i) {
                Some((rest, id)) => Ok((rest, Tok::Ref(id))),
                None => Err(self.syntax(
                    here(2),
                    "expected a master ID and '}' after '${' (escape '}' and '\\' with '\\')",
                )),
            },
            '$' => match reference(i) {
                Ok((rest, id)) => Ok((rest, Tok::Ref(id.to_owned()))),
                Err(_) => Err(self.syntax(here(1), "expected a master ID after '$'")),
            },
            '@' => {
                let bad =
                    || self.syntax(here(1), "a date literal must be @YYYY-MM-DD (a real date)");
                let (rest, text) = date_text(i).map_err(|_| bad())?;
                let date = Date::parse(text).ok_or_else(|| {
                    let len = text.len() + 1;
                    self.syntax(
                        here(len),
                        "a date literal must be @YYYY-MM-DD (a real date)",
                    )
                })?;
                Ok((rest, Tok::Date(date)))
            }
            '\'' | '"' => self.string(i, c),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let (rest, word) = name(i).map_err(|_| self.syntax(here(1), "bad name"))?;
                let tok = match word {
                    "or" => Tok::Or,
                    "and" => Tok::And,
                    "not" => Tok::Not,
                    "in" => Tok::In,
                    "true" => Tok::True,
                    "false" => Tok::False,
                    _ => Tok::Ident(word.to_owned()),
                };
                Ok((rest, tok))
            }
            _ => {
                if let Ok((rest, msg)) = mistake(i) {
                    return Err(self.syntax(self.span_to(rest), msg));
                }
                if let Ok((rest, tok)) = punct(i) {
                    return Ok((rest, tok));
                }
                Err(self.syntax(here(c.len_utf8()), unexpected_char(c)))
            }
        }
    }

    /// A string literal opened by `quote`; `\\`, `\'` and `\"` are the only escapes.
    fn string(&self, i: &'s str, quote: char) -> Result<(&'s str, Tok), ExprError> {
        let mut out = String::new();
        let mut chars = i.char_indices().skip(1);
        while let Some((at, c)) = chars.next() {
            if c == quote {
                let rest = i.get(at + c.len_utf8()..).unwrap_or("");
                return Ok((rest, Tok::Str(out)));
            }
            if c == '\\' {
                match chars.next() {
                    Some((_, e @ ('\\' | '\'' | '"'))) => out.push(e),
                    Some((at2, e)) => {
                        let span = Span::from_range(self.pos + at, self.pos + at2 + e.len_utf8());
                        return Err(self.syntax(
                            span,
                            "unknown escape in string literal; only \\\\, \\' and \\\" are allowed",
                        ));
                    }
                    None => break,
                }
            } else {
                out.push(c);
            }
        }
        Err(self.syntax(
            Span::from_range(self.pos, self.pos + 1),
            "string literal is not closed",
        ))
    }
}

fn unexpected_char(c: char) -> String {
    let code = u32::from(c);
    if c == '\u{3000}' || (0xFF01..=0xFF5E).contains(&code) {
        format!("full-width character '{c}' (U+{code:04X}); use ASCII")
    } else if c.is_control() {
        format!("unexpected control character U+{code:04X}")
    } else {
        format!("unexpected character '{c}' (U+{code:04X})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Result<Vec<Tok>, ExprError> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token()?;
            if t.tok == Tok::Eof {
                return Ok(out);
            }
            out.push(t.tok);
        }
    }

    #[test]
    fn braced_references_take_any_master_id() {
        assert_eq!(
            toks(r"${01-002.3} = ${問1} or ${Q 12} and ${a\}b\\c}").unwrap(),
            vec![
                Tok::Ref("01-002.3".into()),
                Tok::Eq,
                Tok::Ref("問1".into()),
                Tok::Or,
                Tok::Ref("Q 12".into()),
                Tok::And,
                Tok::Ref("a}b\\c".into()),
            ]
        );
        for bad in ["${}", "${abc", "${a\tb}", "${a\\x}"] {
            assert!(toks(bad).is_err(), "{bad}");
        }
        let long = format!("${{{}}}", "a".repeat(crate::MAX_MASTER_ID_BYTES + 1));
        assert!(toks(&long).is_err());
        // The printer writes such IDs back in the braced form, and they read back the same.
        let limits = crate::Limits::default();
        let e = crate::parse(r"${a\}b} = 1 and $PLAIN", &limits).unwrap();
        let printed = e.to_string();
        assert_eq!(printed, r"${a\}b} = 1 and $PLAIN");
        assert_eq!(
            crate::parse(&printed, &limits).unwrap().to_string(),
            printed
        );
    }

    #[test]
    fn tokens() {
        assert_eq!(
            toks("$A_1 <= 3.5 and@2026-04-01-1").unwrap(),
            vec![
                Tok::Ref("A_1".into()),
                Tok::Le,
                Tok::Number(3.5),
                Tok::And,
                Tok::Date(Date::parse("2026-04-01").unwrap()),
                Tok::Minus,
                Tok::Number(1.0),
            ]
        );
        assert_eq!(
            toks(r#"'a\'b' "c\"\\" notx"#).unwrap(),
            vec![
                Tok::Str("a'b".into()),
                Tok::Str("c\"\\".into()),
                Tok::Ident("notx".into())
            ]
        );
    }

    #[test]
    fn errors_have_spans() {
        assert_eq!(toks("1 != 2").unwrap().get(1), Some(&Tok::Ne));
        let e = toks("1 ! 2").unwrap_err();
        assert_eq!(e.span, Span::new(2, 1));
        let e = toks("1 == 2").unwrap_err();
        assert_eq!(e.span, Span::new(2, 2));
        let e = toks("'abc").unwrap_err();
        assert_eq!(e.span, Span::new(0, 1));
        assert!(!e.message.contains("abc"));
        let e = toks("'a\\n'").unwrap_err();
        assert_eq!(e.span, Span::new(2, 2));
        let e = toks("1.").unwrap_err();
        assert_eq!(e.span, Span::new(0, 2));
        let e = toks("＄A").unwrap_err();
        assert_eq!(e.span, Span::new(0, 3));
        assert!(e.message.contains("full-width"));
        let e = toks("@2026-02-30").unwrap_err();
        assert_eq!(e.span, Span::new(0, 11));
        let e = toks("@20").unwrap_err();
        assert_eq!(e.span, Span::new(0, 1));
        assert!(toks(&"9".repeat(400)).is_err());
    }
}
