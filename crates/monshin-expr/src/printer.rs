//! The printer: canonical source text for an [`Expr`], with minimal parentheses.
//!
//! Canonical form: single spaces around infix operators and after commas, strings in single
//! quotes (escaping only `\` and `'`), numbers in shortest round-trip decimal form without
//! exponent, dates as `@YYYY-MM-DD`. Parsing the printed text yields the same tree (ignoring
//! spans).

use crate::ast::{prec, Expr, Lit, Node, NodeKind, UnOp};
use std::fmt::{self, Display, Formatter, Write};

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write_node(f, &self.root, 0)
    }
}

/// Writes `node`, parenthesised if it binds looser than `min_prec`.
///
/// Recursion is bounded by the tree height, which the parser bounds by the depth limit.
fn write_node(f: &mut Formatter<'_>, node: &Node, min_prec: u8) -> fmt::Result {
    let parens = node.prec() < min_prec;
    if parens {
        f.write_char('(')?;
    }
    match &node.kind {
        NodeKind::Lit(lit) => write_lit(f, lit)?,
        NodeKind::Ref(id)
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            write!(f, "${id}")?;
        }
        NodeKind::Ref(id) => {
            write!(f, "${{{}}}", id.replace('\\', "\\\\").replace('}', "\\}"))?;
        }
        NodeKind::Unary(UnOp::Not, x) => {
            f.write_str("not ")?;
            write_node(f, x, prec::NOT)?;
        }
        NodeKind::Unary(UnOp::Neg, x) => {
            f.write_char('-')?;
            write_node(f, x, prec::NEG)?;
        }
        NodeKind::Binary(op, _, l, r) => {
            let p = op.prec();
            // Comparisons do not chain: both operands sit at the additive level.
            let (lp, rp) = if p == prec::CMP {
                (prec::ADD, prec::ADD)
            } else {
                (p, p + 1)
            };
            write_node(f, l, lp)?;
            write!(f, " {} ", op.symbol())?;
            write_node(f, r, rp)?;
        }
        NodeKind::In(x, list) => {
            write_node(f, x, prec::ADD)?;
            f.write_str(" in [")?;
            for (i, (lit, _)) in list.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_lit(f, lit)?;
            }
            f.write_char(']')?;
        }
        NodeKind::Call(name, _, args) => {
            write!(f, "{name}(")?;
            for (i, arg) in args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_node(f, arg, 0)?;
            }
            f.write_char(')')?;
        }
    }
    if parens {
        f.write_char(')')?;
    }
    Ok(())
}

fn write_lit(f: &mut Formatter<'_>, lit: &Lit) -> fmt::Result {
    match lit {
        // `Display` for f64 is the shortest round-trip decimal and never uses an exponent.
        Lit::Number(n) => write!(f, "{n}"),
        Lit::Text(s) => {
            f.write_char('\'')?;
            for c in s.chars() {
                if c == '\\' || c == '\'' {
                    f.write_char('\\')?;
                }
                f.write_char(c)?;
            }
            f.write_char('\'')
        }
        Lit::Date(d) => write!(f, "@{d}"),
        Lit::Bool(true) => f.write_str("true"),
        Lit::Bool(false) => f.write_str("false"),
    }
}
