//! The recursive-descent parser over [`Lexer`] tokens, enforcing the [`Limits`].
//!
//! Binary operators are parsed by precedence climbing.
//!
//! Stack safety: nesting happens only through parentheses, call arguments, `not` and unary
//! `-`, and each of those checks the depth limit *before* recursing; between two of them the
//! recursion is bounded by the number of precedence levels. Chains of binary operators are
//! built in loops; the height of the tree is checked as each node is made, so every later
//! tree walk (printer, checker, evaluator, drop) is bounded too.

use crate::ast::{prec, BinOp, Lit, Node, NodeKind, UnOp};
use crate::error::{ExprError, ExprErrorCode};
use crate::lexer::{Lexer, Tok, Token};
use crate::span::Span;
use crate::Limits;

/// Upper bound on the depth limit, whatever [`Limits::max_depth`] says, so that a careless
/// configuration cannot allow trees deep enough to exhaust a thread's stack.
pub(crate) const HARD_MAX_DEPTH: usize = 128;

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
            Err(syntax(
                t.span,
                format!("expected {what}, found {}", t.tok.describe()),
            ))
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
        self.expr_bp(depth, 0)
    }

    /// Precedence climbing: an operand, then binary operators binding at least as tightly as
    /// `min` (see [`prec`]). Within one `depth`, recursion is bounded by the number of
    /// precedence levels, since each right operand needs a strictly higher level.
    fn expr_bp(&mut self, depth: usize, min: u8) -> PResult<Parsed> {
        let (mut lhs, mut h) = self.prefix(depth, min)?;
        // Comparisons do not chain: `a < b < c` is an error, `(a < b) = c` is fine.
        let mut after_cmp = false;
        loop {
            let tok = &self.peek()?.tok;
            let Some(op) = binop(tok) else {
                if *tok == Tok::In && min <= prec::CMP {
                    if after_cmp {
                        return Err(self.chained());
                    }
                    (lhs, h) = self.in_list(lhs, h)?;
                    after_cmp = true;
                    continue;
                }
                return Ok((lhs, h));
            };
            let p = op.prec();
            if p < min {
                return Ok((lhs, h));
            }
            if p == prec::CMP && after_cmp {
                return Err(self.chained());
            }
            after_cmp = p == prec::CMP;
            let op_span = self.bump()?.span;
            // Left-associative: the right operand binds tighter. For comparisons the operands
            // are additive expressions (CMP + 1 == ADD).
            let rhs = self.expr_bp(depth, p + 1)?;
            (lhs, h) = self.binary((lhs, h), op, op_span, rhs)?;
        }
    }

    /// The node `lhs op rhs`, if it is not too deep.
    fn binary(&self, lhs: Parsed, op: BinOp, op_span: Span, rhs: Parsed) -> PResult<Parsed> {
        let h = self.height(lhs.1.max(rhs.1), op_span)?;
        let span = lhs.0.span.to(rhs.0.span);
        let kind = NodeKind::Binary(op, op_span, Box::new(lhs.0), Box::new(rhs.0));
        Ok((Node { kind, span }, h))
    }

    fn chained(&mut self) -> ExprError {
        let span = self.peek().map(|t| t.span).unwrap_or_default();
        syntax(span, "comparisons cannot be chained; add parentheses")
    }

    /// `not x`, `-x`, or a primary expression, where an operand of level `min` is expected.
    fn prefix(&mut self, depth: usize, min: u8) -> PResult<Parsed> {
        let (op, level) = match self.peek()?.tok {
            Tok::Not => (UnOp::Not, prec::NOT),
            Tok::Minus => (UnOp::Neg, prec::NEG),
            _ => return self.primary(depth),
        };
        let op_span = self.bump()?.span;
        if level < min {
            return Err(not_here(op_span));
        }
        let inner_depth = self.enter(depth, op_span)?;
        let x = self.expr_bp(inner_depth, level)?;
        self.unary(op, op_span, x)
    }

    /// The node `op x`, if it is not too deep.
    fn unary(&self, op: UnOp, op_span: Span, (x, h): Parsed) -> PResult<Parsed> {
        let h = self.height(h, op_span)?;
        let span = op_span.to(x.span);
        let kind = NodeKind::Unary(op, Box::new(x));
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
                    let msg = format!(
                        "expected ',' or ']' in the list, found {}",
                        other.describe()
                    );
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

    // The functions on the recursive path (`expr_bp`, `prefix`, `primary`, `parenthesised`,
    // `call`) keep error formatting in separate functions so their stack frames stay small.

    fn primary(&mut self, depth: usize) -> PResult<Parsed> {
        let t = self.bump()?;
        match t.tok {
            Tok::LParen => self.parenthesised(t.span, depth),
            Tok::Ident(name) => self.call(name, t.span, depth),
            tok => leaf(tok, t.span),
        }
    }

    /// `( expr )`, after the `(`; the node's span is widened to the parentheses.
    fn parenthesised(&mut self, open: Span, depth: usize) -> PResult<Parsed> {
        let inner_depth = self.enter(depth, open)?;
        let (mut x, h) = self.expr(inner_depth)?;
        let close = self.expect(Tok::RParen, "')'")?;
        x.span = open.to(close.span);
        Ok((x, h))
    }

    /// `name(args)`, after the name.
    fn call(&mut self, name: String, name_span: Span, depth: usize) -> PResult<Parsed> {
        let open = self.call_open(&name, name_span)?;
        let inner_depth = self.enter(depth, open)?;
        let mut args = Vec::new();
        let mut h = 0;
        let close = if self.peek()?.tok == Tok::RParen {
            self.bump()?.span
        } else {
            loop {
                self.check_arg_count(args.len())?;
                let (arg, ha) = self.expr(inner_depth)?;
                h = h.max(ha);
                args.push(arg);
                if let Some(close) = self.call_separator()? {
                    break close;
                }
            }
        };
        let h = self.height(h, name_span)?;
        let kind = NodeKind::Call(name, name_span, args);
        Ok((
            Node {
                kind,
                span: name_span.to(close),
            },
            h,
        ))
    }

    /// The `(` after a function name.
    fn call_open(&mut self, name: &str, name_span: Span) -> PResult<Span> {
        if self.peek()?.tok == Tok::LParen {
            return Ok(self.bump()?.span);
        }
        let msg = keyword_hint(name).unwrap_or_else(|| {
            format!(
                "unknown name '{name}': item references start with '$', function calls need '('"
            )
        });
        Err(syntax(name_span, msg))
    }

    /// Fails if a call already has the maximum number of arguments.
    fn check_arg_count(&mut self, n: usize) -> PResult<()> {
        if n < self.max_args {
            return Ok(());
        }
        let at = self.peek()?.span;
        Err(ExprError::new(
            ExprErrorCode::TooManyArgs,
            at,
            format!("a call may have at most {} arguments", self.max_args),
        ))
    }

    /// After an argument: `,` (`None`) or `)` (`Some` of its span).
    fn call_separator(&mut self) -> PResult<Option<Span>> {
        let t = self.bump()?;
        match t.tok {
            Tok::Comma => Ok(None),
            Tok::RParen => Ok(Some(t.span)),
            other => {
                let msg = format!(
                    "expected ',' or ')' in the call, found {}",
                    other.describe()
                );
                Err(syntax(t.span, msg))
            }
        }
    }
}

/// A literal or reference token as a leaf node; any other token is an error here.
fn leaf(tok: Tok, span: Span) -> PResult<Parsed> {
    let kind = match tok {
        Tok::Number(n) => NodeKind::Lit(Lit::Number(n)),
        Tok::Str(s) => NodeKind::Lit(Lit::Text(s)),
        Tok::Date(d) => NodeKind::Lit(Lit::Date(d)),
        Tok::True => NodeKind::Lit(Lit::Bool(true)),
        Tok::False => NodeKind::Lit(Lit::Bool(false)),
        Tok::Ref(id) => NodeKind::Ref(id),
        other => {
            let msg = format!("expected an expression, found {}", other.describe());
            return Err(syntax(span, msg));
        }
    };
    Ok((Node { kind, span }, 1))
}

fn syntax(span: Span, message: impl Into<String>) -> ExprError {
    ExprError::new(ExprErrorCode::Syntax, span, message)
}

fn not_here(span: Span) -> ExprError {
    syntax(span, "'not' must be parenthesised here")
}

/// A hint when `name` is a keyword written in the wrong case (`AND`, `True`…).
fn keyword_hint(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    ["or", "and", "not", "in", "true", "false"]
        .contains(&lower.as_str())
        .then(|| format!("keywords are lowercase: write '{lower}'"))
}

/// The binary operator a token stands for.
fn binop(tok: &Tok) -> Option<BinOp> {
    Some(match tok {
        Tok::Or => BinOp::Or,
        Tok::And => BinOp::And,
        Tok::Eq => BinOp::Eq,
        Tok::Ne => BinOp::Ne,
        Tok::Lt => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Gt => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::Plus => BinOp::Add,
        Tok::Minus => BinOp::Sub,
        Tok::Star => BinOp::Mul,
        Tok::Slash => BinOp::Div,
        _ => return None,
    })
}
