//! Bounds on everything that comes from outside: document sizes, counts, expression size.
//!
//! Every parser in this crate takes a [`Limits`]; the defaults suit real PMH forms with a wide
//! margin and keep a hostile document from costing more than a few megabytes. Each limit can
//! be raised by name ([`Limits::raise`], the CLI's `--limit NAME=VALUE`) up to its hard
//! ceiling ([`Limits::ceiling`]); above it, [`LimitError::AboveCeiling`].
//!
//! | name | default | ceiling |
//! |---|---|---|
//! | `definition-bytes` | 4 MiB | 64 MiB |
//! | `answers-bytes` | 4 MiB | 64 MiB |
//! | `pages` | 200 | 5,000 |
//! | `items` | 10,000 | 200,000 |
//! | `options` | 500 | 10,000 |
//! | `constraints` | 32 | 1,000 |
//! | `repeats` | 1,000 | 100,000 |
//! | `answers` | 100,000 | 2,000,000 |
//! | `value-bytes` | 64 KiB | 4 MiB |
//! | `text-bytes` | 16 KiB | 1 MiB |
//! | `expr-length` | 4,096 | 1 MiB |
//! | `expr-depth` | 64 | 128 |
//! | `expr-list` | 256 | 10,000 |
//! | `expr-args` | 16 | 256 |
//!
//! (Our design, not the guideline's: the guideline sets no such bounds.)

/// Limits applied when reading definitions and answer sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest definition document, in bytes.
    pub max_definition_bytes: usize,
    /// Largest answer-set document, in bytes.
    pub max_answers_bytes: usize,
    /// Most pages in a definition.
    pub max_pages: usize,
    /// Most items in a definition, group items included.
    pub max_items: usize,
    /// Most options of one choice item.
    pub max_options: usize,
    /// Most constraints of one item.
    pub max_constraints: usize,
    /// Highest repetition count any group may declare or any answer may use.
    pub max_repeats: u32,
    /// Most answers in one answer set.
    pub max_answers: usize,
    /// Longest answer text, in bytes.
    pub max_value_bytes: usize,
    /// Longest text field of a definition (texts, labels, patterns), in bytes.
    pub max_text_bytes: usize,
    /// Limits of the expression language.
    pub expr: monshin_expr::Limits,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_definition_bytes: 4 << 20,
            max_answers_bytes: 4 << 20,
            max_pages: 200,
            max_items: 10_000,
            max_options: 500,
            max_constraints: 32,
            max_repeats: 1_000,
            max_answers: 100_000,
            max_value_bytes: 64 << 10,
            max_text_bytes: 16 << 10,
            expr: monshin_expr::Limits::default(),
        }
    }
}

/// A limit that can be raised by name: its name, default and hard ceiling.
struct Spec {
    name: &'static str,
    ceiling: u64,
    field: fn(&mut Limits) -> &mut usize,
}

/// Every limit raisable by name, with its ceiling (see the module table).
const SPECS: [Spec; 13] = [
    Spec {
        name: "definition-bytes",
        ceiling: 64 << 20,
        field: |l| &mut l.max_definition_bytes,
    },
    Spec {
        name: "answers-bytes",
        ceiling: 64 << 20,
        field: |l| &mut l.max_answers_bytes,
    },
    Spec {
        name: "pages",
        ceiling: 5_000,
        field: |l| &mut l.max_pages,
    },
    Spec {
        name: "items",
        ceiling: 200_000,
        field: |l| &mut l.max_items,
    },
    Spec {
        name: "options",
        ceiling: 10_000,
        field: |l| &mut l.max_options,
    },
    Spec {
        name: "constraints",
        ceiling: 1_000,
        field: |l| &mut l.max_constraints,
    },
    Spec {
        name: "answers",
        ceiling: 2_000_000,
        field: |l| &mut l.max_answers,
    },
    Spec {
        name: "value-bytes",
        ceiling: 4 << 20,
        field: |l| &mut l.max_value_bytes,
    },
    Spec {
        name: "text-bytes",
        ceiling: 1 << 20,
        field: |l| &mut l.max_text_bytes,
    },
    Spec {
        name: "expr-length",
        ceiling: 1 << 20,
        field: |l| &mut l.expr.max_len,
    },
    Spec {
        // The expression parser's own hard cap.
        name: "expr-depth",
        ceiling: 128,
        field: |l| &mut l.expr.max_depth,
    },
    Spec {
        name: "expr-list",
        ceiling: 10_000,
        field: |l| &mut l.expr.max_list,
    },
    Spec {
        name: "expr-args",
        ceiling: 256,
        field: |l| &mut l.expr.max_args,
    },
];

/// Hard ceiling of `repeats` (a `u32` field, kept apart from [`SPECS`]).
const REPEATS_CEILING: u32 = 100_000;

/// Why a limit could not be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// No limit has that name (the name is not repeated: it came from outside; the names
    /// are [`Limits::NAMES`]).
    ///
    /// Code `limit.unknown`; e.g. `--limit pagez=300`.
    #[error("unknown limit name")]
    Unknown,
    /// A setting is not `NAME=VALUE` with a whole number.
    ///
    /// Code `limit.bad-setting`; e.g. `--limit pages=lots`.
    #[error("a limit setting must be NAME=VALUE with a whole number")]
    BadSetting,
    /// The value is above the limit's hard ceiling.
    ///
    /// Code `limit.above-ceiling`; e.g. `--limit pages=10000` (ceiling 5,000).
    #[error("limit `{name}` cannot exceed {ceiling}")]
    AboveCeiling {
        /// The limit.
        name: &'static str,
        /// Its hard ceiling.
        ceiling: u64,
    },
}

impl LimitError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            LimitError::Unknown => "limit.unknown",
            LimitError::BadSetting => "limit.bad-setting",
            LimitError::AboveCeiling { .. } => "limit.above-ceiling",
        }
    }
}

impl Limits {
    /// The names [`Limits::raise`] knows, comma-separated.
    pub const NAMES: &'static str = "definition-bytes, answers-bytes, pages, items, options, \
        constraints, repeats, answers, value-bytes, text-bytes, expr-length, expr-depth, \
        expr-list, expr-args";

    /// The hard ceilings: the most any limit may be raised to.
    pub fn ceiling() -> Limits {
        let mut l = Limits {
            max_repeats: REPEATS_CEILING,
            ..Limits::default()
        };
        for spec in &SPECS {
            *(spec.field)(&mut l) = usize::try_from(spec.ceiling).unwrap_or(usize::MAX);
        }
        l
    }

    /// Sets the limit `name` (see the module table) to `value`, at most its ceiling. Lowering
    /// is allowed too.
    pub fn raise(&mut self, name: &str, value: u64) -> Result<&mut Self, LimitError> {
        if name == "repeats" {
            if value > u64::from(REPEATS_CEILING) {
                return Err(LimitError::AboveCeiling {
                    name: "repeats",
                    ceiling: u64::from(REPEATS_CEILING),
                });
            }
            self.max_repeats = u32::try_from(value).unwrap_or(REPEATS_CEILING);
            return Ok(self);
        }
        let spec = SPECS
            .iter()
            .find(|s| s.name == name)
            .ok_or(LimitError::Unknown)?;
        if value > spec.ceiling {
            return Err(LimitError::AboveCeiling {
                name: spec.name,
                ceiling: spec.ceiling,
            });
        }
        *(spec.field)(self) = usize::try_from(value).unwrap_or(usize::MAX);
        Ok(self)
    }

    /// Applies `NAME=VALUE` settings, e.g. from `--limit pages=300`.
    pub fn raise_all<'a>(
        &mut self,
        settings: impl IntoIterator<Item = &'a str>,
    ) -> Result<&mut Self, LimitError> {
        for setting in settings {
            let (name, value) = setting
                .split_once('=')
                .and_then(|(n, v)| Some((n.trim(), v.trim().replace('_', "").parse().ok()?)))
                .ok_or(LimitError::BadSetting)?;
            self.raise(name, value)?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::CompiledForm;
    use crate::error::Error;

    /// A form of `pages` pages, one text item each.
    fn form(pages: usize) -> String {
        let pages: Vec<String> = (1..=pages)
            .map(|n| {
                format!(
                    r#"{{"number":{n},"label":"p{n}","items":[{{"id":"I{n}","type":"text","text":"t"}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"formKind":"vaccination","id":"BIG","title":"big","version":"1","pages":[{}]}}"#,
            pages.join(",")
        )
    }

    #[test]
    fn a_300_page_form_loads_only_with_a_raised_page_limit() {
        let text = form(300);
        let err = CompiledForm::from_json(text.as_bytes(), &Limits::default())
            .expect_err("default refuses");
        assert!(
            matches!(
                err,
                Error::TooMany {
                    what: "page",
                    count: 300,
                    limit: 200,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.code().as_str(), "document.too-many");
        let mut raised = Limits::default();
        raised.raise_all(["pages=300"]).expect("within the ceiling");
        let compiled = CompiledForm::from_json(text.as_bytes(), &raised).expect("loads");
        assert_eq!(compiled.pages().len(), 300);
    }

    #[test]
    fn limits_stop_at_their_ceiling_and_unknown_names_are_not_echoed() {
        let mut l = Limits::default();
        let err = l.raise("pages", 5_001).expect_err("above");
        assert_eq!(err.code(), "limit.above-ceiling");
        assert_eq!(err.to_string(), "limit `pages` cannot exceed 5000");
        l.raise("pages", 5_000).expect("at the ceiling");
        assert_eq!(l.max_pages, Limits::ceiling().max_pages);
        l.raise("repeats", 100_000).expect("repeats ceiling");
        l.raise("expr-depth", 128)
            .expect("expression depth ceiling");
        assert_eq!(l.expr.max_depth, 128);
        assert!(l.raise("expr-depth", 129).is_err());
        assert!(l.raise("repeats", 100_001).is_err());
        let err = l.raise_all(["SENTINEL-名前=3"]).expect_err("unknown");
        assert_eq!(err.code(), "limit.unknown");
        assert!(!err.to_string().contains("SENTINEL"));
        let err = l.raise_all(["pages=SENTINEL"]).expect_err("not a number");
        assert_eq!(err.code(), "limit.bad-setting");
        assert!(!err.to_string().contains("SENTINEL"));
    }

    #[test]
    fn every_listed_name_can_be_set() {
        let names: Vec<&str> = Limits::NAMES.split(", ").collect();
        assert_eq!(names.len(), SPECS.len() + 1);
        for name in names {
            let mut l = Limits::default();
            l.raise(name, 7).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_ne!(l, Limits::default(), "{name} changed nothing");
        }
    }
}
