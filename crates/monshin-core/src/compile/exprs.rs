//! Expressions of a definition: parse, type-check against the items, order by dependency.
//!
//! Every `enableWhen`, `requiredWhen`, constraint and `calculate` is parsed and checked with
//! `monshin-expr`; master IDs become slots here, once. Then the slots are sorted so that each
//! comes after everything its conditions and calculation read; a cycle is a lint finding.

use monshin_expr::{check, parse, CheckContext, Expr, ItemInfo, Program, Schema, Type};
use rustc_hash::FxHashMap;

use super::build::item_location;
use super::{CompiledForm, Constraint, Item};
use crate::definition::model::{ItemDef, ItemType};
use crate::encoding::check_value;
use crate::finding::{Finding, FindingCode};

/// The expression type of an item's value, if it has one.
pub(crate) fn expr_type(ty: ItemType) -> Option<Type> {
    Some(match ty {
        ItemType::YesNo | ItemType::Consent => Type::Bool,
        ItemType::SingleChoice
        | ItemType::Text
        | ItemType::LongText
        | ItemType::YearMonth
        | ItemType::Time
        | ItemType::Kana => Type::Text,
        ItemType::Integer | ItemType::Decimal => Type::Number,
        ItemType::Date => Type::Date,
        ItemType::MultiChoice => Type::Codes,
        ItemType::Note | ItemType::Group => return None,
    })
}

struct FormSchema<'a> {
    items: &'a [Item],
    index: &'a FxHashMap<Box<str>, u32>,
}

impl Schema for FormSchema<'_> {
    fn resolve(&self, master_id: &str) -> Option<ItemInfo> {
        let slot = *self.index.get(master_id)?;
        let item = self.items.get(slot as usize)?;
        Some(ItemInfo {
            slot,
            ty: expr_type(item.ty)?,
            group: item.group,
        })
    }
}

/// Which field of an item an expression comes from.
#[derive(Clone, Copy)]
enum Field {
    EnableWhen,
    RequiredWhen,
    Calculate,
    Constraint(usize),
}

impl Field {
    fn name(self) -> String {
        match self {
            Field::EnableWhen => "enableWhen".into(),
            Field::RequiredWhen => "requiredWhen".into(),
            Field::Calculate => "calculate".into(),
            Field::Constraint(i) => format!("constraints[{i}].expr"),
        }
    }
}

pub(super) fn compile_expressions(form: &mut CompiledForm, findings: &mut Vec<Finding>) {
    let defs: Vec<&ItemDef> = form
        .definition
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|i| std::iter::once(i).chain(i.items.iter()))
        .collect();
    let mut compiled: Vec<(usize, Field, Program)> = Vec::new();
    {
        let schema = FormSchema {
            items: &form.items,
            index: &form.index,
        };
        for (slot, (def, item)) in defs.iter().zip(&form.items).enumerate() {
            let ctx_group = if item.ty == ItemType::Group {
                None
            } else {
                item.group
            };
            let mut one = |field: Field, src: Option<&str>, expected: Option<Type>| {
                let src = src?;
                let program = compile_one(
                    src,
                    &schema,
                    item,
                    field,
                    ctx_group,
                    expected,
                    &form.limits,
                    findings,
                )?;
                compiled.push((slot, field, program));
                Some(())
            };
            one(
                Field::EnableWhen,
                def.enable_when.as_deref(),
                Some(Type::Bool),
            );
            one(
                Field::RequiredWhen,
                def.required_when.as_deref(),
                Some(Type::Bool),
            );
            one(
                Field::Calculate,
                def.calculate.as_deref(),
                expr_type(item.ty),
            );
            for (i, c) in def.constraints.iter().enumerate() {
                one(Field::Constraint(i), Some(&c.expr), Some(Type::Bool));
            }
        }
    }
    for (slot, field, program) in compiled {
        let (Some(item), Some(def)) = (form.items.get_mut(slot), defs.get(slot)) else {
            continue;
        };
        match field {
            Field::EnableWhen => item.enable_when = Some(program),
            Field::RequiredWhen => item.required_when = Some(program),
            Field::Calculate => item.calculate = Some(program),
            Field::Constraint(i) => {
                if let Some(c) = def.constraints.get(i) {
                    item.constraints.push(Constraint {
                        code: c.code.clone(),
                        program,
                        message: c.message.clone(),
                        severity: c.severity,
                        kind: c.kind,
                        index: i,
                    });
                }
            }
        }
    }
    check_initial_values(form, &defs, findings);
    form.order = dependency_order(form, findings);
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
fn compile_one(
    src: &str,
    schema: &FormSchema<'_>,
    item: &Item,
    field: Field,
    group: Option<u32>,
    expected: Option<Type>,
    limits: &crate::limits::Limits,
    findings: &mut Vec<Finding>,
) -> Option<Program> {
    let bad = |e: &monshin_expr::ExprError| {
        let mut loc = item_location(item.page, &item.id, Some(&field.name()));
        loc.span = Some(e.span.into());
        Finding::error(FindingCode::BadExpression, loc, e.message.clone())
            .with_detail(e.code.as_str())
    };
    let expr: Expr = match parse(src, &limits.expr) {
        Ok(e) => e,
        Err(e) => {
            findings.push(bad(&e));
            return None;
        }
    };
    let ctx = CheckContext { group, expected };
    match check(&expr, schema, &ctx) {
        Ok(program) => {
            if !matches!(field, Field::Calculate) && program.constant_value().is_some() {
                let mut loc = item_location(item.page, &item.id, Some(&field.name()));
                loc.span = Some(expr.span().into());
                findings.push(Finding::warning(
                    FindingCode::ConstantCondition,
                    loc,
                    "condition reads no item and does not use today(): it is always the same",
                ));
            }
            Some(program)
        }
        Err(errors) => {
            findings.extend(errors.iter().map(bad));
            None
        }
    }
}

fn check_initial_values(form: &CompiledForm, defs: &[&ItemDef], findings: &mut Vec<Finding>) {
    for (def, item) in defs.iter().zip(&form.items) {
        if let Some(initial) = def.initial.as_deref() {
            if let Err((_, msg)) = check_value(item, initial) {
                findings.push(Finding::error(
                    FindingCode::BadInitialValue,
                    item_location(item.page, &item.id, Some("initial")),
                    msg,
                ));
            }
        }
    }
}

/// Kahn's algorithm over "reads" edges of enableWhen, calculate and group membership.
fn dependency_order(form: &CompiledForm, findings: &mut Vec<Finding>) -> Vec<u32> {
    let n = form.items.len();
    let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut pending: Vec<u32> = vec![0; n];
    for (slot, item) in form.items.iter().enumerate() {
        let mut deps: Vec<u32> = [&item.enable_when, &item.calculate]
            .into_iter()
            .flatten()
            .flat_map(|p| p.dependencies().iter().copied())
            .collect();
        if let Some(g) = item.group.and_then(|g| form.groups.get(g as usize)) {
            deps.push(g.slot);
        }
        deps.sort_unstable();
        deps.dedup();
        for d in deps {
            if let Some(list) = dependents.get_mut(d as usize) {
                list.push(u32::try_from(slot).unwrap_or(u32::MAX));
                if let Some(p) = pending.get_mut(slot) {
                    *p += 1;
                }
            }
        }
    }
    let mut order: Vec<u32> = (0..n)
        .filter(|&s| pending.get(s) == Some(&0))
        .filter_map(|s| u32::try_from(s).ok())
        .collect();
    let mut next = 0;
    while let Some(&s) = order.get(next) {
        next += 1;
        for &d in dependents
            .get(s as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if let Some(p) = pending.get_mut(d as usize) {
                *p -= 1;
                if *p == 0 {
                    order.push(d);
                }
            }
        }
    }
    let stuck: Vec<bool> = pending.iter().map(|&p| p > 0).collect();
    for (slot, &p) in pending.iter().enumerate() {
        if p > 0 && on_cycle(slot, &dependents, &stuck) {
            if let Some(item) = form.items.get(slot) {
                let field = if item.calculate.is_some() {
                    "calculate"
                } else {
                    "enableWhen"
                };
                findings.push(Finding::error(
                    FindingCode::DependencyCycle,
                    item_location(item.page, &item.id, Some(field)),
                    "this item's condition or calculation depends on itself, directly or through other items",
                ));
            }
        }
    }
    order
}

/// Whether `start` can reach itself through "is read by" edges among the stuck slots (the
/// slots Kahn's algorithm could not order: cycles and what hangs off them).
fn on_cycle(start: usize, dependents: &[Vec<u32>], stuck: &[bool]) -> bool {
    let mut seen = vec![false; dependents.len()];
    let mut stack: Vec<usize> = vec![start];
    while let Some(s) = stack.pop() {
        for &d in dependents.get(s).map(Vec::as_slice).unwrap_or_default() {
            let d = d as usize;
            if d == start {
                return true;
            }
            if stuck.get(d) == Some(&true) && seen.get(d) == Some(&false) {
                if let Some(v) = seen.get_mut(d) {
                    *v = true;
                }
                stack.push(d);
            }
        }
    }
    false
}
