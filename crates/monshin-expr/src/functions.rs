//! Checking and compiling function calls: the function table, arity, argument types, and the
//! group-level functions `count`, `sum`, `any`, `all` with their repeat-scope rules.

use crate::ast::{Node, NodeKind};
use crate::checker::{Checked, Checker, Scope};
use crate::error::ExprErrorCode;
use crate::program::{Code, Op1, Op2};
use crate::span::Span;
use crate::types::Type;

/// The built-in functions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Func {
    Answered,
    Count,
    Sum,
    Any,
    All,
    Today,
    AgeYears,
    AgeMonths,
    AgeDays,
    Length,
    Contains,
    Round,
    Abs,
}

const FUNCS: &[(&str, Func)] = &[
    ("answered", Func::Answered),
    ("count", Func::Count),
    ("sum", Func::Sum),
    ("any", Func::Any),
    ("all", Func::All),
    ("today", Func::Today),
    ("age_years", Func::AgeYears),
    ("age_months", Func::AgeMonths),
    ("age_days", Func::AgeDays),
    ("length", Func::Length),
    ("contains", Func::Contains),
    ("round", Func::Round),
    ("abs", Func::Abs),
];

/// Names of the functions that range over the repetitions of a group.
const GROUP_FUNCS: &[&str] = &["count", "sum", "any", "all"];

impl Func {
    fn lookup(name: &str) -> Option<Func> {
        FUNCS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    fn arity(self) -> usize {
        match self {
            Func::Today => 0,
            Func::AgeYears | Func::AgeMonths | Func::AgeDays | Func::Contains | Func::Round => 2,
            _ => 1,
        }
    }

    fn is_group_func(self) -> bool {
        matches!(self, Func::Count | Func::Sum | Func::Any | Func::All)
    }
}

impl Checker<'_> {
    /// Checks the call `name(args)` spanning `span`.
    pub(crate) fn call(
        &mut self,
        name: &str,
        name_span: Span,
        span: Span,
        args: &[Node],
        scope: Scope,
    ) -> Checked {
        let Some(func) = Func::lookup(name) else {
            let hint = Func::lookup(&name.to_ascii_lowercase())
                .map(|_| format!("; did you mean '{}'?", name.to_ascii_lowercase()))
                .unwrap_or_default();
            self.error(
                ExprErrorCode::UnknownFunction,
                name_span,
                // The span shows where; the name itself is not repeated (errors say where,
                // never what was typed), only the known function it may have meant.
                format!("unknown function{hint}"),
            );
            // The function's scoping rules are unknown: do not add scope errors.
            let scope = Scope {
                lenient: true,
                ..scope
            };
            self.args_only(args, scope);
            return None;
        };
        if args.len() != func.arity() {
            let n = func.arity();
            let plural = if n == 1 { "" } else { "s" };
            self.error(
                ExprErrorCode::Arity,
                span,
                format!("{name}() takes {n} argument{plural}, found {}", args.len()),
            );
            let scope = Scope {
                lenient: scope.lenient || func.is_group_func(),
                ..scope
            };
            self.args_only(args, scope);
            return None;
        }
        match (func, args) {
            (Func::Answered, [arg]) => {
                let id = self.bare_ref(name, arg)?;
                let (slot, _) = self.reference(id, arg.span, scope)?;
                Some((Code::Answered(slot), Type::Bool))
            }
            (Func::Count | Func::Sum, [arg]) => self.count_or_sum(func, name, arg),
            (Func::Any | Func::All, [cond]) => self.any_or_all(func, name, span, cond, scope),
            (Func::Today, []) => {
                self.uses_today = true;
                Some((Code::Today, Type::Date))
            }
            (_, [x]) => {
                let (op, want, ty) = match func {
                    Func::Length => (Op1::Length, Type::Text, Type::Number),
                    _ => (Op1::Abs, Type::Number, Type::Number),
                };
                let (code, xt) = self.node(x, scope)?;
                let what = format!("the argument of {name}()");
                self.want(xt, want, x.span, &what)
                    .then(|| (Code::Op1(op, Box::new(code)), ty))
            }
            (_, [a, b]) => {
                let (op, want_a, want_b, ty) = match func {
                    Func::AgeYears => (Op2::AgeYears, Type::Date, Type::Date, Type::Number),
                    Func::AgeMonths => (Op2::AgeMonths, Type::Date, Type::Date, Type::Number),
                    Func::AgeDays => (Op2::AgeDays, Type::Date, Type::Date, Type::Number),
                    Func::Contains => (Op2::Contains, Type::Codes, Type::Text, Type::Bool),
                    _ => (Op2::Round, Type::Number, Type::Number, Type::Number),
                };
                let a_checked = self.node(a, scope);
                let b_checked = self.node(b, scope);
                let ((ac, at), (bc, bt)) = (a_checked?, b_checked?);
                let ok_a = self.want(at, want_a, a.span, &format!("argument 1 of {name}()"));
                let ok_b = self.want(bt, want_b, b.span, &format!("argument 2 of {name}()"));
                (ok_a && ok_b).then(|| (Code::Op2(op, Box::new(ac), Box::new(bc)), ty))
            }
            // Not reached (the arity was checked above), but never fail without an error.
            _ => {
                self.error(
                    ExprErrorCode::Arity,
                    span,
                    format!("{name}(): wrong arguments"),
                );
                None
            }
        }
    }

    /// Checks arguments for their own errors only (after an error about the call itself).
    fn args_only(&mut self, args: &[Node], scope: Scope) {
        for arg in args {
            let _ = self.node(arg, scope);
        }
    }

    /// The master ID of an argument that must be a bare `$ref`.
    fn bare_ref<'n>(&mut self, name: &str, arg: &'n Node) -> Option<&'n str> {
        if let NodeKind::Ref(id) = &arg.kind {
            return Some(id);
        }
        self.error(
            ExprErrorCode::ExpectedRef,
            arg.span,
            format!("the argument of {name}() must be an item reference like $ID"),
        );
        None
    }

    fn count_or_sum(&mut self, func: Func, name: &str, arg: &Node) -> Checked {
        let id = self.bare_ref(name, arg)?;
        let info = self.resolve(id, arg.span)?;
        let Some(group) = info.group else {
            self.error(
                ExprErrorCode::RepeatScope,
                arg.span,
                format!("{name}() needs an item of a repeatable group; ${id} is not in one"),
            );
            return None;
        };
        if func == Func::Count {
            return Some((
                Code::Count {
                    slot: info.slot,
                    group,
                },
                Type::Number,
            ));
        }
        let what = format!("the item summed by {name}()");
        self.want(info.ty, Type::Number, arg.span, &what)
            .then_some((
                Code::Sum {
                    slot: info.slot,
                    group,
                },
                Type::Number,
            ))
    }

    fn any_or_all(
        &mut self,
        func: Func,
        name: &str,
        span: Span,
        cond: &Node,
        scope: Scope,
    ) -> Checked {
        let groups = self.free_groups(cond);
        let inner = match groups.as_slice() {
            [group] => Scope {
                group: Some(*group),
                lenient: scope.lenient,
            },
            [] => {
                self.error(
                    ExprErrorCode::RepeatScope,
                    span,
                    format!("the condition of {name}() refers to no item of a repeatable group"),
                );
                scope
            }
            _ => {
                self.error(
                    ExprErrorCode::RepeatScope,
                    span,
                    format!("the condition of {name}() refers to items of more than one repeatable group"),
                );
                Scope {
                    lenient: true,
                    ..scope
                }
            }
        };
        let (code, ty) = self.node(cond, inner)?;
        let what = format!("the condition of {name}()");
        if !self.want(ty, Type::Bool, cond.span, &what) {
            return None;
        }
        let group = inner.group.filter(|_| groups.len() == 1)?;
        let cond = Box::new(code);
        Some(match func {
            Func::Any => (Code::Any { group, cond }, Type::Bool),
            _ => (Code::All { group, cond }, Type::Bool),
        })
    }

    /// The distinct groups of the items `cond` refers to, in order of first appearance, not
    /// counting references inside nested `count`, `sum`, `any` or `all`. Unknown items are
    /// skipped (they are reported when `cond` is checked).
    fn free_groups(&self, cond: &Node) -> Vec<u32> {
        let mut groups = Vec::new();
        let mut stack = vec![cond];
        while let Some(node) = stack.pop() {
            match &node.kind {
                NodeKind::Ref(id) => {
                    let group = self.schema.resolve(id).and_then(|info| info.group);
                    if let Some(g) = group.filter(|g| !groups.contains(g)) {
                        groups.push(g);
                    }
                }
                NodeKind::Call(name, ..) if GROUP_FUNCS.contains(&name.as_str()) => {}
                _ => stack.extend(node.children().into_iter().rev()),
            }
        }
        groups
    }
}
