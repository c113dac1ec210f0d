//! The syntax tree produced by [`parse`](crate::parse): nodes with spans, structural
//! comparison that ignores spans, and the list of item references.
//!
//! The tree is only built by the parser, which guarantees its invariants: the tree height is
//! bounded by the depth limit, and number literals outside `in` lists are finite and
//! non-negative (a minus sign is a [`UnOp::Neg`] node).

use crate::date::Date;
use crate::span::Span;

/// A parsed expression: the root of a syntax tree whose nodes each carry a [`Span`].
///
/// [`Display`](std::fmt::Display) prints the canonical text (see the `printer` module).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub(crate) root: Node,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) span: Span,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum NodeKind {
    /// A literal value.
    Lit(Lit),
    /// `$ID`: the master ID without the `$`.
    Ref(String),
    /// `not x` or `-x`.
    Unary(UnOp, Box<Node>),
    /// `l op r`; the span of the operator token is kept for error messages.
    Binary(BinOp, Span, Box<Node>, Box<Node>),
    /// `x in [lit, ...]`.
    In(Box<Node>, Vec<(Lit, Span)>),
    /// `name(args)`; the span of the name is kept for error messages.
    Call(String, Span, Vec<Node>),
}

/// A literal value as written in the source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lit {
    Number(f64),
    Text(String),
    Date(Date),
    Bool(bool),
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnOp {
    Not,
    Neg,
}

/// Infix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    /// The operator as written in the source.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    /// Binding strength, higher binds tighter (see [`prec`]).
    pub(crate) fn prec(self) -> u8 {
        match self {
            BinOp::Or => prec::OR,
            BinOp::And => prec::AND,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => prec::CMP,
            BinOp::Add | BinOp::Sub => prec::ADD,
            BinOp::Mul | BinOp::Div => prec::MUL,
        }
    }
}

/// Precedence levels of the grammar, loosest first.
pub(crate) mod prec {
    pub(crate) const OR: u8 = 1;
    pub(crate) const AND: u8 = 2;
    pub(crate) const NOT: u8 = 3;
    pub(crate) const CMP: u8 = 4;
    pub(crate) const ADD: u8 = 5;
    pub(crate) const MUL: u8 = 6;
    pub(crate) const NEG: u8 = 7;
    pub(crate) const PRIMARY: u8 = 8;
}

impl Node {
    /// The precedence level of this node's outermost construct.
    pub(crate) fn prec(&self) -> u8 {
        match &self.kind {
            NodeKind::Lit(_) | NodeKind::Ref(_) | NodeKind::Call(..) => prec::PRIMARY,
            NodeKind::Unary(UnOp::Not, _) => prec::NOT,
            NodeKind::Unary(UnOp::Neg, _) => prec::NEG,
            NodeKind::Binary(op, ..) => op.prec(),
            NodeKind::In(..) => prec::CMP,
        }
    }

    fn eq_ignoring_spans(&self, other: &Node) -> bool {
        match (&self.kind, &other.kind) {
            (NodeKind::Lit(a), NodeKind::Lit(b)) => a == b,
            (NodeKind::Ref(a), NodeKind::Ref(b)) => a == b,
            (NodeKind::Unary(op1, a), NodeKind::Unary(op2, b)) => {
                op1 == op2 && a.eq_ignoring_spans(b)
            }
            (NodeKind::Binary(op1, _, l1, r1), NodeKind::Binary(op2, _, l2, r2)) => {
                op1 == op2 && l1.eq_ignoring_spans(l2) && r1.eq_ignoring_spans(r2)
            }
            (NodeKind::In(x1, list1), NodeKind::In(x2, list2)) => {
                x1.eq_ignoring_spans(x2)
                    && list1.len() == list2.len()
                    && list1.iter().zip(list2).all(|((a, _), (b, _))| a == b)
            }
            (NodeKind::Call(n1, _, args1), NodeKind::Call(n2, _, args2)) => {
                n1 == n2
                    && args1.len() == args2.len()
                    && args1.iter().zip(args2).all(|(a, b)| a.eq_ignoring_spans(b))
            }
            _ => false,
        }
    }

    /// The direct children, left to right.
    pub(crate) fn children(&self) -> Vec<&Node> {
        match &self.kind {
            NodeKind::Lit(_) | NodeKind::Ref(_) => Vec::new(),
            NodeKind::Unary(_, x) | NodeKind::In(x, _) => vec![x],
            NodeKind::Binary(_, _, l, r) => vec![l, r],
            NodeKind::Call(_, _, args) => args.iter().collect(),
        }
    }

    /// Item references in source order (pre-order walk without recursion).
    pub(crate) fn references(&self) -> Vec<(&str, Span)> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            if let NodeKind::Ref(id) = &node.kind {
                out.push((id.as_str(), node.span));
            }
            stack.extend(node.children().into_iter().rev());
        }
        out
    }
}

impl Expr {
    /// Structural equality: the same tree, whatever the spans (so whatever the spacing and
    /// redundant parentheses of the source).
    pub fn eq_ignoring_spans(&self, other: &Expr) -> bool {
        self.root.eq_ignoring_spans(&other.root)
    }

    /// The span of the whole expression (without surrounding spaces; a parenthesised node's
    /// span includes its parentheses).
    pub fn span(&self) -> Span {
        self.root.span
    }

    /// Every item reference (`$ID`, as the master ID without `$`) with its span, in source
    /// order; an item referenced twice appears twice.
    pub fn references(&self) -> impl Iterator<Item = (&str, Span)> {
        self.root.references().into_iter()
    }
}
