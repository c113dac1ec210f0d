//! The evaluator: runs a compiled [`Code`] tree against an [`Env`], with null propagation and
//! three-valued (Kleene) logic. Total: every undefined result is [`Value::Null`].
//!
//! Recursion follows the compiled tree, whose height the parser bounds.

use crate::date::Date;
use crate::program::{Code, Const, Env, Op1, Op2, Slot, Value};
use std::cmp::Ordering;

/// Evaluates `code`; `seq` is the current repetition for grouped item references.
#[cfg_attr(monshin_hot, optimize(speed))]
pub(crate) fn eval<'a>(code: &'a Code, env: &'a dyn Env, seq: Option<u32>) -> Value<'a> {
    match code {
        Code::Const(c) => c.value(),
        Code::Item(slot) => item(env, *slot, seq),
        Code::Answered(slot) => Value::Bool(!item(env, *slot, seq).is_null()),
        Code::Today => Value::Date(env.today()),
        Code::Op1(op, x) => op1(*op, eval(x, env, seq)),
        Code::Op2(Op2::And, l, r) => and(eval(l, env, seq), || eval(r, env, seq)),
        Code::Op2(Op2::Or, l, r) => or(eval(l, env, seq), || eval(r, env, seq)),
        Code::Op2(op, l, r) => match (&**l, &**r) {
            // `$item <op> literal`, the usual shape of a condition: no recursion.
            (Code::Item(slot), Code::Const(c)) => op2(*op, item(env, *slot, seq), c.value()),
            _ => op2(*op, eval(l, env, seq), eval(r, env, seq)),
        },
        Code::In(x, list) => in_list(eval(x, env, seq), list),
        Code::Count { slot, group } => {
            let n = (1..=env.repetitions(*group))
                .filter(|&s| !item(env, grouped(*slot), Some(s)).is_null())
                .count();
            number(n as f64)
        }
        Code::Sum { slot, group } => {
            let total = (1..=env.repetitions(*group))
                .filter_map(|s| match item(env, grouped(*slot), Some(s)) {
                    Value::Number(n) => Some(n),
                    _ => None,
                })
                .fold(0.0, |a, b| a + b);
            number(total)
        }
        Code::Any { group, cond } => {
            let mut result = Value::Bool(false);
            for s in 1..=env.repetitions(*group) {
                result = or(result, || eval(cond, env, Some(s)));
                if result == Value::Bool(true) {
                    break;
                }
            }
            result
        }
        Code::All { group, cond } => {
            let mut result = Value::Bool(true);
            for s in 1..=env.repetitions(*group) {
                result = and(result, || eval(cond, env, Some(s)));
                if result == Value::Bool(false) {
                    break;
                }
            }
            result
        }
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn grouped(slot: u32) -> Slot {
    Slot {
        slot,
        grouped: true,
    }
}

/// Reads an item; non-finite numbers from the environment count as null.
#[cfg_attr(monshin_hot, optimize(speed))]
fn item(env: &dyn Env, slot: Slot, seq: Option<u32>) -> Value<'_> {
    let seq = if slot.grouped { seq } else { None };
    match env.value(slot.slot, seq) {
        Value::Number(n) => number(n),
        v => v,
    }
}

/// A number, or null if it is not finite; negative zero becomes zero.
#[cfg_attr(monshin_hot, optimize(speed))]
fn number<'a>(n: f64) -> Value<'a> {
    if n == 0.0 {
        Value::Number(0.0)
    } else if n.is_finite() {
        Value::Number(n)
    } else {
        Value::Null
    }
}

/// Kleene `and`: false if either side is false, true if both are true, else null.
#[cfg_attr(monshin_hot, optimize(speed))]
fn and<'a>(l: Value<'a>, r: impl FnOnce() -> Value<'a>) -> Value<'a> {
    match (l, r) {
        (Value::Bool(false), _) => Value::Bool(false),
        (l, r) => match (l, r()) {
            (_, Value::Bool(false)) => Value::Bool(false),
            (Value::Bool(true), Value::Bool(true)) => Value::Bool(true),
            _ => Value::Null,
        },
    }
}

/// Kleene `or`: true if either side is true, false if both are false, else null.
#[cfg_attr(monshin_hot, optimize(speed))]
fn or<'a>(l: Value<'a>, r: impl FnOnce() -> Value<'a>) -> Value<'a> {
    match (l, r) {
        (Value::Bool(true), _) => Value::Bool(true),
        (l, r) => match (l, r()) {
            (_, Value::Bool(true)) => Value::Bool(true),
            (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
            _ => Value::Null,
        },
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn op1(op: Op1, x: Value<'_>) -> Value<'_> {
    match (op, x) {
        (Op1::Not, Value::Bool(b)) => Value::Bool(!b),
        (Op1::Neg, Value::Number(n)) => number(-n),
        (Op1::Abs, Value::Number(n)) => number(n.abs()),
        (Op1::Length, Value::Text(s)) => number(s.chars().count() as f64),
        _ => Value::Null,
    }
}

/// Equality of two non-null values of the same kind; `None` otherwise.
#[cfg_attr(monshin_hot, optimize(speed))]
fn equal(a: Value<'_>, b: Value<'_>) -> Option<bool> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Number(x), Value::Number(y)) => Some(x == y),
        (Value::Text(x), Value::Text(y)) => Some(x == y),
        (Value::Date(x), Value::Date(y)) => Some(x == y),
        _ => None,
    }
}

/// Ordering of two non-null numbers, texts or dates; `None` otherwise.
#[cfg_attr(monshin_hot, optimize(speed))]
fn order(a: Value<'_>, b: Value<'_>) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(&y),
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(&y)),
        _ => None,
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn bool_or_null<'a>(b: Option<bool>) -> Value<'a> {
    b.map_or(Value::Null, Value::Bool)
}

/// Whole days from a number, if it is an integer of reasonable size.
#[cfg_attr(monshin_hot, optimize(speed))]
fn days(n: f64) -> Option<i64> {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Some(n as i64)
    } else {
        None
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn op2<'a>(op: Op2, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    use Value::{Codes, Date as D, Number as N, Text};
    match (op, a, b) {
        (Op2::Eq, a, b) => bool_or_null(equal(a, b)),
        (Op2::Ne, a, b) => bool_or_null(equal(a, b).map(|e| !e)),
        (Op2::Lt, a, b) => bool_or_null(order(a, b).map(Ordering::is_lt)),
        (Op2::Le, a, b) => bool_or_null(order(a, b).map(Ordering::is_le)),
        (Op2::Gt, a, b) => bool_or_null(order(a, b).map(Ordering::is_gt)),
        (Op2::Ge, a, b) => bool_or_null(order(a, b).map(Ordering::is_ge)),
        (Op2::Add, N(x), N(y)) => number(x + y),
        (Op2::Sub, N(x), N(y)) => number(x - y),
        (Op2::Mul, N(x), N(y)) => number(x * y),
        (Op2::Div, N(x), N(y)) if y != 0.0 => number(x / y),
        (Op2::DateAdd, D(d), N(n)) => date(days(n).and_then(|n| d.add_days(n))),
        (Op2::DateSub, D(d), N(n)) => date(days(n).and_then(|n| d.add_days(n.checked_neg()?))),
        (Op2::DateDiff, D(x), D(y)) => number(x.days_since(y) as f64),
        (Op2::AgeYears, D(from), D(to)) => age(Date::age_years(from, to)),
        (Op2::AgeMonths, D(from), D(to)) => age(Date::age_months(from, to)),
        (Op2::AgeDays, D(from), D(to)) => age(Some(to.days_since(from)).filter(|d| *d >= 0)),
        (Op2::Contains, Codes(codes), Text(code)) => {
            Value::Bool(!codes.is_empty() && codes.split(',').any(|c| c == code))
        }
        (Op2::Round, N(x), N(d)) => crate::round::round_half_away(x, d).map_or(Value::Null, number),
        _ => Value::Null,
    }
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn date<'a>(d: Option<Date>) -> Value<'a> {
    d.map_or(Value::Null, Value::Date)
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn age<'a>(n: Option<i64>) -> Value<'a> {
    n.map_or(Value::Null, |n| number(n as f64))
}

#[cfg_attr(monshin_hot, optimize(speed))]
fn in_list<'a>(x: Value<'a>, list: &'a [Const]) -> Value<'a> {
    if x.is_null() {
        return Value::Null;
    }
    let mut found = false;
    for c in list {
        match equal(x, c.value()) {
            Some(true) => found = true,
            Some(false) => {}
            None => return Value::Null,
        }
    }
    Value::Bool(found)
}
