//! Property tests on random syntax trees: printing then parsing gives back the same tree.

use crate::ast::{BinOp, Expr, Lit, Node, NodeKind, UnOp};
use crate::date::Date;
use crate::span::Span;
use crate::{parse, Limits};
use proptest::prelude::*;

fn node(kind: NodeKind) -> Node {
    Node {
        kind,
        span: Span::default(),
    }
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..1000).prop_map(f64::from),
        (0u32..100_000).prop_map(|n| f64::from(n) / 100.0),
        // Any double a literal can be: at most 15 digits (decimal::MAX_DIGITS).
        (0u64..1_000_000_000_000_000, -30i32..=30).prop_filter_map(
            "a literal has at most 15 digits",
            |(m, e)| {
                let n: f64 = format!("{m}e{e}").parse().ok()?;
                crate::decimal::parse_decimal(&n.to_string())
                    .is_ok()
                    .then_some(n)
            }
        ),
    ]
}

fn literal() -> impl Strategy<Value = Lit> {
    prop_oneof![
        number().prop_map(Lit::Number),
        any::<String>().prop_map(Lit::Text),
        "[a-z'\"\\\\ ]{0,6}".prop_map(Lit::Text),
        (0i64..3_000_000).prop_filter_map("date", |n| {
            Date::from_ymd(1000, 1, 1)
                .and_then(|d| d.add_days(n))
                .map(Lit::Date)
        }),
        any::<bool>().prop_map(Lit::Bool),
    ]
}

/// A literal of an `in` list, where numbers may be negative.
fn list_literal() -> impl Strategy<Value = Lit> {
    prop_oneof![literal(), number().prop_map(|n| Lit::Number(-n)),]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "answered",
            "count",
            "sum",
            "any",
            "all",
            "today",
            "age_years",
            "length",
            "contains",
            "round",
            "abs",
            "foo",
        ])
        .prop_map(str::to_owned),
        "[A-Za-z_][A-Za-z0-9_]{0,8}".prop_filter("not a keyword", |n| {
            !["or", "and", "not", "in", "true", "false"].contains(&n.as_str())
        }),
    ]
}

fn binop() -> impl Strategy<Value = BinOp> {
    prop::sample::select(vec![
        BinOp::Or,
        BinOp::And,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::Div,
    ])
}

fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        literal().prop_map(|l| node(NodeKind::Lit(l))),
        prop_oneof!["[A-Za-z0-9_]{1,10}", "[a-z問 .\\-}\\\\]{1,6}"]
            .prop_map(|id| node(NodeKind::Ref(id))),
    ];
    leaf.prop_recursive(8, 64, 4, |inner| {
        prop_oneof![
            (
                prop::sample::select(vec![UnOp::Not, UnOp::Neg]),
                inner.clone()
            )
                .prop_map(|(op, x)| node(NodeKind::Unary(op, Box::new(x)))),
            (binop(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| node(NodeKind::Binary(
                op,
                Span::default(),
                Box::new(l),
                Box::new(r)
            ))),
            (inner.clone(), prop::collection::vec(list_literal(), 1..4)).prop_map(|(x, list)| {
                let list = list.into_iter().map(|l| (l, Span::default())).collect();
                node(NodeKind::In(Box::new(x), list))
            }),
            (name(), prop::collection::vec(inner, 0..4))
                .prop_map(|(n, args)| node(NodeKind::Call(n, Span::default(), args))),
        ]
    })
}

fn unlimited() -> Limits {
    Limits {
        max_len: usize::MAX,
        ..Limits::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn print_then_parse_is_identity(root in tree()) {
        let expr = Expr { root };
        let printed = expr.to_string();
        let parsed = parse(&printed, &unlimited());
        prop_assert!(parsed.is_ok(), "{printed}: {parsed:?}");
        let parsed = parsed.unwrap_or_else(|_| unreachable!());
        prop_assert!(parsed.eq_ignoring_spans(&expr), "{printed}\n{parsed:?}\n{expr:?}");
        prop_assert_eq!(parsed.to_string(), printed);
    }

    #[test]
    fn spans_cover_the_source(root in tree()) {
        let printed = Expr { root }.to_string();
        if let Ok(parsed) = parse(&printed, &unlimited()) {
            let span = parsed.span();
            prop_assert_eq!((span.start, span.end() as usize), (0, printed.len()));
            for (id, span) in parsed.references() {
                let text = printed.get(span.start as usize..span.end() as usize);
                let plain = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                let want = if plain {
                    format!("${id}")
                } else {
                    format!("${{{}}}", id.replace('\\', "\\\\").replace('}', "\\}"))
                };
                prop_assert_eq!(text, Some(want.as_str()));
            }
        }
    }
}
