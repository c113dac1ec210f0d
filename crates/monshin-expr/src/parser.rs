//! The recursive-descent parser over [`Lexer`] tokens, enforcing the [`Limits`].
//!
//! Stack safety: recursion happens only through parentheses, call arguments, `not` and unary
//! `-`, and each of those checks the depth limit *before* recursing. Binary operators are
//! parsed in loops; the height of the tree they build is checked as each node is made, so
//! every later tree walk (printer, checker, evaluator, drop) is bounded too.

use crate::ast::{BinOp, Lit, Node, NodeKind, UnOp};
use crate::error::{ExprError, ExprErrorCode};
use crate::lexer::{Lexer, Tok, Token};
use crate::span::Span;
use crate::Limits;

/// Upper bound on the depth limit, whatever [`Limits::max_depth`] says, so that a careless
/// configuration cannot allow trees deep enough to exhaust a thread's stack.
pub(crate) const HARD_MAX_DEPTH: usize = 256;

/// A parsed node and the height of its tree (a leaf has height 1).
type Parsed = (Node, usize);
type PResult<T> = Result<T, ExprError>;

pub(crate) struct Parser<'s> {
    lexer: Lexer<'s>,
    peeked: Option<Token>,
    max_depth: usize,
    max_list: usize,
    max_args: usize,
}

impl<'s> Parser<'s> {
    pub(crate) fn new(src: &'s str, limits: &Limits) -> Parser<'s> {
        Parser {
            lexer: Lexer::new(src),
            peeked: None,
            max_depth: limits.max_depth.min(HARD_MAX_DEPTH),
            max_list: limits.max_list,
            max_args: limits.max_args,
        }
    }

    fn peek(&mut self) -> PResult<&Token> {
        let t = match self.peeked.take() {
            Some(t) => t,
            None => self.lexer.next_token()?,
        };
        Ok(self.peeked.insert(t))
    }

    fn bump(&mut self) -> PResult<Token> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lexer.next_token(),
        }
    }

    fn expect(&mut self, tok: Tok, what: &str) -> PResult<Token> {
        let t = self.bump()?;
        if t.tok == tok {
            Ok(t)
        } else {
            Err(syntax(t.span, format!("expected {what}, found {}", t.tok.describe())))
        }
    }

    fn too_deep(&self, span: Span) -> ExprError {
        ExprError::new(
            ExprErrorCode::TooDeep,
            span,
            format!("expression is nested deeper than {} levels", self.max_depth),
        )
    }

    /// Checks that one more level of recursion is allowed at `span`.
    fn enter(&self, depth: usize, span: Span) -> PResult<usize> {
        if depth >= self.max_depth {
            Err(self.too_deep(span))
        } else {
            Ok(depth + 1)
        }
    }

    /// Checks the height of a node about to be made with children of height `h`.
    fn height(&self, h: usize, span: Span) -> PResult<usize> {
        if h >= self.max_depth {
            Err(self.too_deep(span))
        } else {
            Ok(h + 1)
        }
    }

    /// The whole input: one expression, then the end.
    pub(crate) fn parse_all(&mut self) -> PResult<Node> {
        let (node, _) = self.expr(0)?;
        let t = self.bump()?;
        if t.tok != Tok::Eof {
            let msg = match t.tok {
                Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge | Tok::In => {
                    "comparisons cannot be chained; add parentheses".to_owned()
                }
                Tok::RParen => "unmatched ')'".to_owned(),
                Tok::Ident(ref name) if keyword_hint(name).is_some() => {
                    keyword_hint(name).unwrap_or_default()
                }
                _ => format!("unexpected {} after the expression", t.tok.describe()),
            };
            return Err(syntax(t.span, msg));
        }
        Ok(node)
    }

    fn expr(&mut self, depth: usize) -> PResult<Parsed> {
        self.or(depth)
    }

    /// Parses a left-associative chain `sub (op sub)*` for the operators `ops` maps.
    fn chain(
        &mut self,
        depth: usize,
        sub: fn(&mut Self, usize) -> PResult<Parsed>,
        ops: fn(&Tok) -> Option<BinOp>,
    ) -> PResult<Parsed> {
        let (mut lhs, mut h) = sub(self, depth)?;
        loop {
            let Some(op) = ops(&self.peek()?.tok) else {
                return Ok((lhs, h));
            };
            let op_span = self.bump()?.span;
            let (rhs, hr) = sub(self, depth)?;
            h = self.height(h.max(hr), op_span)?;
            let span = lhs.span.to(rhs.span);
            let kind = NodeKind::Binary(op, op_span, Box::new(lhs), Box::new(rhs));
            lhs = Node { kind, span };
        }
    }

    fn or(&mut self, depth: usize) -> PResult<Parsed> {
        self.chain(depth, Self::and, |t| (*t == Tok::Or).then_some(BinOp::Or))
    }

    fn and(&mut self, depth: usize) -> PResult<Parsed> {
        self.chain(depth, Self::not, |t| (*t == Tok::And).then_some(BinOp::And))
    }

    fn not(&mut self, depth: usize) -> PResult<Parsed> {
        if self.peek()?.tok != Tok::Not {
            return self.cmp(depth);
        }
        let op_span = self.bump()?.span;
        let inner_depth = self.enter(depth, op_span)?;
        let (x, h) = self.not(inner_depth)?;
        let h = self.height(h, op_span)?;
        let span = op_span.to(x.span);
        let kind = NodeKind::Unary(UnOp::Not, Box::new(x));
        Ok((Node { kind, span }, h))
    }

    fn cmp(&mut self, depth: usize) -> PResult<Parsed> {
        let (lhs, hl) = self.add(depth)?;
        let op = match self.peek()?.tok {
            Tok::Eq => BinOp::Eq,
            Tok::Ne => BinOp::Ne,
            Tok::Lt => BinOp::Lt,
            Tok::Le => BinOp::Le,
            Tok::Gt => BinOp::Gt,
            Tok::Ge => BinOp::Ge,
            Tok::In => return self.in_list(lhs, hl),
            _ => return Ok((lhs, hl)),
        };
        let op_span = self.bump()?.span;
        let (rhs, hr) = self.add(depth)?;
        let h = self.height(hl.max(hr), op_span)?;
        let span = lhs.span.to(rhs.span);
        let kind = NodeKind::Binary(op, op_span, Box::new(lhs), Box::new(rhs));
        Ok((Node { kind, span }, h))
    }

    /// `lhs in [lit, ...]`, after `lhs` has been parsed.
    fn in_list(&mut self, lhs: Node, hl: usize) -> PResult<Parsed> {
        let in_span = self.bump()?.span;
        let h = self.height(hl, in_span)?;
        self.expect(Tok::LBracket, "'[' after 'in'")?;
        let mut list = Vec::new();
        loop {
            let lit = self.literal()?;
            if list.len() >= self.max_list {
                return Err(ExprError::new(
                    ExprErrorCode::ListTooLong,
                    lit.1,
                    format!("an 'in' list may have at most {} entries", self.max_list),
                ));
            }
            list.push(lit);
            let t = self.bump()?;
            match t.tok {
                Tok::Comma => {}
                Tok::RBracket => {
                    let span = lhs.span.to(t.span);
                    let kind = NodeKind::In(Box::new(lhs), list);
                    return Ok((Node { kind, span }, h));
                }
                other => {
                    let msg = format!("expected ',' or ']' in the list, found {}", other.describe());
                    return Err(syntax(t.span, msg));
                }
            }
        }
    }

    /// A literal of an `in` list: number (optionally negative), string, date, true, false.
    fn literal(&mut self) -> PResult<(Lit, Span)> {
        let t = self.bump()?;
        let lit = match t.tok {
            Tok::Number(n) => Lit::Number(n),
            Tok::Str(s) => Lit::Text(s),
            Tok::Date(d) => Lit::Date(d),
            Tok::True => Lit::Bool(true),
            Tok::False => Lit::Bool(false),
            Tok::Minus => {
                let n = self.bump()?;
                return match n.tok {
                    Tok::Number(x) => Ok((Lit::Number(-x), t.span.to(n.span))),
                    other => Err(syntax(
                        n.span,
                        format!("expected a number after '-', found {}", other.describe()),
                    )),
                };
            }
            other => {
                let msg = format!("expected a literal in the list, found {}", other.describe());
                return Err(syntax(t.span, msg));
            }
        };
        Ok((lit, t.span))
    }

    fn add(&mut self, depth: usize) -> PResult<Parsed> {
        self.chain(depth, Self::mul, |t| match t {
            Tok::Plus => Some(BinOp::Add),
            Tok::Minus => Some(BinOp::Sub),
            _ => None,
        })
    }

    fn mul(&mut self, depth: usize) -> PResult<Parsed> {
        self.chain(depth, Self::unary, |t| match t {
            Tok::Star => Some(BinOp::Mul),
            Tok::Slash => Some(BinOp::Div),
            _ => None,
        })
    }

    fn unary(&mut self, depth: usize) -> PResult<Parsed> {
        if self.peek()?.tok != Tok::Minus {
            return self.primary(depth);
        }
        let op_span = self.bump()?.span;
        let inner_depth = self.enter(depth, op_span)?;
        let (x, h) = self.unary(inner_depth)?;
        let h = self.height(h, op_span)?;
        let span = op_span.to(x.span);
        let kind = NodeKind::Unary(UnOp::Neg, Box::new(x));
        Ok((Node { kind, span }, h))
    }

    fn primary(&mut self, depth: usize) -> PResult<Parsed> {
        let t = self.bump()?;
        let leaf = |kind| Ok((Node { kind, span: t.span }, 1));
        match t.tok {
            Tok::Number(n) => leaf(NodeKind::Lit(Lit::Number(n))),
            Tok::Str(ref s) => leaf(NodeKind::Lit(Lit::Text(s.clone()))),
            Tok::Date(d) => leaf(NodeKind::Lit(Lit::Date(d))),
            Tok::True => leaf(NodeKind::Lit(Lit::Bool(true))),
            Tok::False => leaf(NodeKind::Lit(Lit::Bool(false))),
            Tok::Ref(ref id) => leaf(NodeKind::Ref(id.clone())),
            Tok::Ident(name) => self.call(name, t.span, depth),
            Tok::LParen => {
                let inner_depth = self.enter(depth, t.span)?;
                let (mut x, h) = self.expr(inner_depth)?;
                let close = self.expect(Tok::RParen, "')'")?;
                x.span = t.span.to(close.span);
                Ok((x, h))
            }
            Tok::Not => Err(syntax(t.span, "'not' must be parenthesised here")),
            other => Err(syntax(
                t.span,
                format!("expected an expression, found {}", other.describe()),
            )),
        }
    }

    /// `name(args)`, after the name.
    fn call(&mut self, name: String, name_span: Span, depth: usize) -> PResult<Parsed> {
        if self.peek()?.tok != Tok::LParen {
            let msg = keyword_hint(&name).unwrap_or_else(|| {
                format!(
                    "unknown name '{name}': item references start with '$', function calls need '('"
                )
            });
            return Err(syntax(name_span, msg));
        }
        let open = self.bump()?.span;
        let inner_depth = self.enter(depth, open)?;
        let mut args = Vec::new();
        let mut h = 0;
        if self.peek()?.tok == Tok::RParen {
            let close = self.bump()?.span;
            let kind = NodeKind::Call(name, name_span, args);
            return Ok((Node { kind, span: name_span.to(close) }, 1));
        }
        loop {
            if args.len() >= self.max_args {
                let at = self.peek()?.span;
                return Err(ExprError::new(
                    ExprErrorCode::TooManyArgs,
                    at,
                    format!("a call may have at most {} arguments", self.max_args),
                ));
            }
            let (arg, ha) = self.expr(inner_depth)?;
            h = h.max(ha);
            args.push(arg);
            let t = self.bump()?;
            match t.tok {
                Tok::Comma => {}
                Tok::RParen => {
                    let h = self.height(h, name_span)?;
                    let kind = NodeKind::Call(name, name_span, args);
                    return Ok((Node { kind, span: name_span.to(t.span) }, h));
                }
                other => {
                    let msg = format!("expected ',' or ')' in the call, found {}", other.describe());
                    return Err(syntax(t.span, msg));
                }
            }
        }
    }
}

fn syntax(span: Span, message: impl Into<String>) -> ExprError {
    ExprError::new(ExprErrorCode::Syntax, span, message)
}

/// A hint when `name` is a keyword written in the wrong case (`AND`, `True`…).
fn keyword_hint(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    ["or", "and", "not", "in", "true", "false"]
        .contains(&lower.as_str())
        .then(|| format!("keywords are lowercase: write '{lower}'"))
}
