//! The type checker: resolves item references through a [`Schema`], checks types and the
//! repeat-scope rule, and compiles the tree into a [`Program`]. Reports every problem found,
//! not just the first.
//!
//! Recursion follows the syntax tree, whose height the parser bounds.

use crate::ast::{BinOp, Expr, Lit, Node, NodeKind, UnOp};
use crate::error::{ExprError, ExprErrorCode};
use crate::program::{Code, Const, Op1, Op2, Program, Slot};
use crate::span::Span;
use crate::types::{CheckContext, ItemInfo, Schema, Type};

/// Which repetition item references are read at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope {
    /// The group whose items mean "the current repetition" (`None`: no group).
    pub(crate) group: Option<u32>,
    /// Do not report scope errors (used after an error that already explains the scope).
    pub(crate) lenient: bool,
}

/// A compiled node and its type; `None` when an error was reported for it.
pub(crate) type Checked = Option<(Code, Type)>;

pub(crate) struct Checker<'a> {
    pub(crate) schema: &'a dyn Schema,
    pub(crate) errors: Vec<ExprError>,
    pub(crate) deps: Vec<u32>,
    pub(crate) uses_today: bool,
}

/// Checks `expr` against the form and compiles it.
///
/// Returns every problem found (unknown items and functions, arity, types, repeat scope, and
/// a result type different from `ctx.expected`).
pub fn check(
    expr: &Expr,
    schema: &dyn Schema,
    ctx: &CheckContext,
) -> Result<Program, Vec<ExprError>> {
    let mut checker = Checker {
        schema,
        errors: Vec::new(),
        deps: Vec::new(),
        uses_today: false,
    };
    let scope = Scope {
        group: ctx.group,
        lenient: false,
    };
    let result = checker.node(&expr.root, scope);
    if let (Some((_, ty)), Some(expected)) = (&result, ctx.expected) {
        if *ty != expected {
            checker.error(
                ExprErrorCode::TypeMismatch,
                expr.root.span,
                format!("the expression must be {expected}, found {ty}"),
            );
        }
    }
    match result {
        Some((code, ty)) if checker.errors.is_empty() => {
            let mut deps = checker.deps;
            deps.sort_unstable();
            deps.dedup();
            Ok(Program {
                code,
                ty,
                deps,
                uses_today: checker.uses_today,
            })
        }
        _ => Err(checker.errors),
    }
}

pub(crate) fn lit_type(lit: &Lit) -> Type {
    match lit {
        Lit::Number(_) => Type::Number,
        Lit::Text(_) => Type::Text,
        Lit::Date(_) => Type::Date,
        Lit::Bool(_) => Type::Bool,
    }
}

pub(crate) fn lit_const(lit: &Lit) -> Const {
    match lit {
        Lit::Number(n) => Const::Number(*n),
        Lit::Text(s) => Const::Text(s.as_str().into()),
        Lit::Date(d) => Const::Date(*d),
        Lit::Bool(b) => Const::Bool(*b),
    }
}

impl Checker<'_> {
    pub(crate) fn error(&mut self, code: ExprErrorCode, span: Span, message: impl Into<String>) {
        self.errors.push(ExprError::new(code, span, message));
    }

    /// Reports a type error unless `ty` is `want`; returns whether it matched.
    pub(crate) fn want(&mut self, ty: Type, want: Type, span: Span, what: &str) -> bool {
        if ty == want {
            return true;
        }
        self.error(
            ExprErrorCode::TypeMismatch,
            span,
            format!("{what} must be {want}, found {ty}"),
        );
        false
    }

    /// Resolves `$id`, records the dependency; reports unknown items.
    pub(crate) fn resolve(&mut self, id: &str, span: Span) -> Option<ItemInfo> {
        match self.schema.resolve(id) {
            Some(info) => {
                self.deps.push(info.slot);
                Some(info)
            }
            None => {
                self.error(
                    ExprErrorCode::UnknownItem,
                    span,
                    // Where (the span), never what: the ID is not repeated.
                    "no item of the form has this master ID".to_string(),
                );
                None
            }
        }
    }

    /// A reference read at the current repetition of `scope`.
    pub(crate) fn reference(&mut self, id: &str, span: Span, scope: Scope) -> Option<(Slot, Type)> {
        let info = self.resolve(id, span)?;
        let Some(group) = info.group else {
            let slot = Slot {
                slot: info.slot,
                grouped: false,
            };
            return Some((slot, info.ty));
        };
        if scope.group != Some(group) && !scope.lenient {
            let message = if scope.group.is_none() {
                format!(
                    "${id} is in a repeatable group: outside the group use it only inside \
                     count(), sum(), any() or all()"
                )
            } else {
                format!(
                    "${id} is in another repeatable group: use it only inside count(), sum(), \
                     any() or all()"
                )
            };
            self.error(ExprErrorCode::RepeatScope, span, message);
            return None;
        }
        Some((
            Slot {
                slot: info.slot,
                grouped: true,
            },
            info.ty,
        ))
    }

    pub(crate) fn node(&mut self, node: &Node, scope: Scope) -> Checked {
        match &node.kind {
            NodeKind::Lit(lit) => Some((Code::Const(lit_const(lit)), lit_type(lit))),
            NodeKind::Ref(id) => {
                let (slot, ty) = self.reference(id, node.span, scope)?;
                Some((Code::Item(slot), ty))
            }
            NodeKind::Unary(op, x) => {
                let (code, ty) = self.node(x, scope)?;
                let (op, want, what) = match op {
                    UnOp::Not => (Op1::Not, Type::Bool, "the operand of 'not'"),
                    UnOp::Neg => (Op1::Neg, Type::Number, "the operand of '-'"),
                };
                self.want(ty, want, x.span, what)
                    .then(|| (Code::Op1(op, Box::new(code)), want))
            }
            NodeKind::Binary(op @ (BinOp::And | BinOp::Or), _, l, r) => {
                // Each operand is checked on its own, so that both can be reported.
                let what = format!("an operand of '{}'", op.symbol());
                let mut operand = |x: &Node| {
                    let (code, ty) = self.node(x, scope)?;
                    self.want(ty, Type::Bool, x.span, &what).then_some(code)
                };
                let (lc, rc) = (operand(l), operand(r));
                let op2 = if *op == BinOp::And { Op2::And } else { Op2::Or };
                Some((Code::Op2(op2, Box::new(lc?), Box::new(rc?)), Type::Bool))
            }
            NodeKind::Binary(op, op_span, l, r) => {
                let l_checked = self.node(l, scope);
                let r_checked = self.node(r, scope);
                let ((lc, lt), (rc, rt)) = (l_checked?, r_checked?);
                let (op2, ty) = self.binary(*op, *op_span, (l.span, lt), (r.span, rt))?;
                Some((Code::Op2(op2, Box::new(lc), Box::new(rc)), ty))
            }
            NodeKind::In(x, list) => {
                let x_checked = self.node(x, scope);
                let (xc, xt) = x_checked?;
                if xt != Type::Number && xt != Type::Text {
                    self.error(
                        ExprErrorCode::TypeMismatch,
                        x.span,
                        format!("the left side of 'in' must be number or text, found {xt}"),
                    );
                    return None;
                }
                let mut ok = true;
                for (lit, span) in list {
                    ok &= self.want(lit_type(lit), xt, *span, "an entry of the 'in' list");
                }
                let consts = list.iter().map(|(lit, _)| lit_const(lit)).collect();
                ok.then(|| (Code::In(Box::new(xc), consts), Type::Bool))
            }
            NodeKind::Call(name, name_span, args) => {
                self.call(name, *name_span, node.span, args, scope)
            }
        }
    }

    /// The operation and result type of `l op r`, or `None` after reporting a type error.
    fn binary(
        &mut self,
        op: BinOp,
        op_span: Span,
        l: (Span, Type),
        r: (Span, Type),
    ) -> Option<(Op2, Type)> {
        use Type::{Bool, Codes, Date, Number as Num, Text};
        let sym = op.symbol();
        let result = match (op, l.1, r.1) {
            (BinOp::Eq | BinOp::Ne, Codes, _) | (BinOp::Eq | BinOp::Ne, _, Codes) => {
                self.error(
                    ExprErrorCode::TypeMismatch,
                    op_span,
                    format!("'{sym}' cannot compare codes; use contains()"),
                );
                return None;
            }
            (BinOp::Eq, lt, rt) if lt == rt => Some((Op2::Eq, Bool)),
            (BinOp::Ne, lt, rt) if lt == rt => Some((Op2::Ne, Bool)),
            (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge, lt, rt)
                if lt == rt && matches!(lt, Num | Date | Text) =>
            {
                let op2 = match op {
                    BinOp::Lt => Op2::Lt,
                    BinOp::Le => Op2::Le,
                    BinOp::Gt => Op2::Gt,
                    _ => Op2::Ge,
                };
                Some((op2, Bool))
            }
            (BinOp::Add, Num, Num) => Some((Op2::Add, Num)),
            (BinOp::Add, Date, Num) => Some((Op2::DateAdd, Date)),
            (BinOp::Sub, Num, Num) => Some((Op2::Sub, Num)),
            (BinOp::Sub, Date, Num) => Some((Op2::DateSub, Date)),
            (BinOp::Sub, Date, Date) => Some((Op2::DateDiff, Num)),
            (BinOp::Mul, Num, Num) => Some((Op2::Mul, Num)),
            (BinOp::Div, Num, Num) => Some((Op2::Div, Num)),
            _ => None,
        };
        if result.is_none() {
            let allowed = match op {
                BinOp::Eq | BinOp::Ne => "two values of the same type (not codes)",
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    "two numbers, two dates or two texts"
                }
                BinOp::Add => "number + number or date + number",
                BinOp::Sub => "number - number, date - number or date - date",
                BinOp::And | BinOp::Or => "two bools",
                BinOp::Mul | BinOp::Div => "two numbers",
            };
            self.error(
                ExprErrorCode::TypeMismatch,
                op_span,
                format!(
                    "'{sym}' cannot be applied to {} and {}: it takes {allowed}",
                    l.1, r.1
                ),
            );
        }
        result
    }
}
