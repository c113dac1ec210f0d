//! Fragments and parameters: pages and item lists written once and included by many forms.
//!
//! A *source* definition is a form definition that may also have
//!
//! - `params`: `{ "dose": { "default": "1" } }`, parameters of the form, given values by the
//!   catalogue (e.g. the dose number) or their defaults;
//! - in a `pages` list, `{ "include": "name", "number": 5, "with": { … } }`: the page of
//!   fragment `name`, numbered 5;
//! - in an `items` list (of a page or a group), `{ "include": "name", "with": { … },
//!   "override": { "<master ID>": { "<field>": value | null } } }`: the items of fragment
//!   `name`, each field named in `override` replaced (`null` removes it).
//!
//! A fragment (`*.fragment.json`) is `{ "fragment": "name", "params": { … }, "items": [ … ] }`
//! or the same with `"page": { "label", "items" }`; it may include other fragments. Every
//! string of a form or fragment (keys excepted) may use `{{param}}`, replaced by the
//! parameter's text, in labels and expressions alike; `with` values are written in the
//! including document, so they may use its own parameters.
//!
//! [`expand`] turns a source into a plain [`Definition`](crate::Definition), which compiles like any other, and
//! keeps for every produced item and page where it was written ([`Site`]s: the fragment and
//! pointer, then each include that brought it in, down to the form). Problems of the source
//! itself are [`SourceFinding`]s: a missing fragment, a cycle, an unknown, missing or unused
//! parameter, an override of an item the fragment does not have.
//!
//! The expansion happens before compilation, so a form built from fragments compiles to the
//! same [`crate::CompiledForm`] as the same form written out by hand (tested on every bundled
//! form). It is not part of the WebAssembly module: the browser receives expanded definitions.

mod expand;
mod params;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use expand::expand;

use crate::definition::model::Severity;
use crate::error::{parse_json, Document, Error};
use crate::limits::Limits;

/// Nested includes deeper than this are refused (`fragment.too-deep`).
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// A set of fragments by name.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    by_name: BTreeMap<String, Value>,
}

impl Fragments {
    /// No fragments.
    pub fn new() -> Fragments {
        Fragments::default()
    }

    /// Parse one fragment (`{ "fragment": "name", … }`) and add it; returns its name. A
    /// fragment with the name of one already added replaces it.
    pub fn insert_json(&mut self, bytes: &[u8], limits: &Limits) -> Result<String, Error> {
        let doc: Value = parse_json(Document::Fragment, bytes, limits.max_definition_bytes)?;
        let name = doc
            .get("fragment")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| Error::Shape {
                doc: Document::Fragment,
                path: monshin_jsonpath::JsonPath::root().key("fragment"),
                line: 1,
                column: 1,
                reason: crate::error::ShapeReason::MissingField,
            })?;
        self.by_name.insert(name.clone(), doc);
        Ok(name)
    }

    /// The names of the fragments, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.by_name.get(name)
    }
}

/// A place in a source document: the form (`document` = `"form"`) or a fragment (its name),
/// and a JSON Pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    /// `"form"` or the fragment's name.
    pub document: String,
    /// JSON Pointer into that document, e.g. `/items/2`.
    pub pointer: String,
}

impl Site {
    pub(crate) fn form(pointer: impl Into<String>) -> Site {
        Site {
            document: FORM.into(),
            pointer: pointer.into(),
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.document, self.pointer)
    }
}

pub(crate) const FORM: &str = "form";

/// What is wrong with a source's includes or parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceCode {
    /// `fragment.missing`: an include names no known fragment.
    Missing,
    /// `fragment.cycle`: a fragment includes itself, directly or not.
    Cycle,
    /// `fragment.too-deep`: includes nested deeper than [`MAX_INCLUDE_DEPTH`].
    TooDeep,
    /// `fragment.too-large`: the expansion has more items than the limits allow.
    TooLarge,
    /// `fragment.include-invalid`: an include entry of the wrong shape, or a page fragment
    /// included as items (or the other way round).
    IncludeInvalid,
    /// `fragment.param-unknown`: a value for, or a `{{name}}` of, an undeclared parameter.
    ParamUnknown,
    /// `fragment.param-missing`: a parameter without default was given no value.
    ParamMissing,
    /// `fragment.param-unused` (warning): a declared parameter is used nowhere.
    ParamUnused,
    /// `fragment.override-unknown`: an override names an item the fragment does not produce.
    OverrideUnknown,
}

impl SourceCode {
    /// Every code.
    pub const ALL: &'static [SourceCode] = &[
        SourceCode::Missing,
        SourceCode::Cycle,
        SourceCode::TooDeep,
        SourceCode::TooLarge,
        SourceCode::IncludeInvalid,
        SourceCode::ParamUnknown,
        SourceCode::ParamMissing,
        SourceCode::ParamUnused,
        SourceCode::OverrideUnknown,
    ];

    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceCode::Missing => "fragment.missing",
            SourceCode::Cycle => "fragment.cycle",
            SourceCode::TooDeep => "fragment.too-deep",
            SourceCode::TooLarge => "fragment.too-large",
            SourceCode::IncludeInvalid => "fragment.include-invalid",
            SourceCode::ParamUnknown => "fragment.param-unknown",
            SourceCode::ParamMissing => "fragment.param-missing",
            SourceCode::ParamUnused => "fragment.param-unused",
            SourceCode::OverrideUnknown => "fragment.override-unknown",
        }
    }
}

impl Serialize for SourceCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A problem of a source's includes or parameters, with every site concerned: first where it
/// is, then each include that led there, down to the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFinding {
    /// Stable code.
    pub code: SourceCode,
    /// Error, or warning for an unused parameter.
    pub severity: Severity,
    /// Message built from names in the source only.
    pub message: String,
    /// Where: innermost first.
    pub sites: Vec<Site>,
}

impl SourceFinding {
    /// Whether it blocks.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for SourceFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}", self.code.as_str(), self.message)?;
        for (n, site) in self.sites.iter().enumerate() {
            let word = if n == 0 { "at" } else { "included from" };
            write!(f, "; {word} {site}")?;
        }
        Ok(())
    }
}

/// A source expanded: the definition (when the source had no error), the source findings, and
/// where every item and page came from.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The plain definition; `None` when a source finding is an error.
    pub definition: Option<crate::Definition>,
    /// Problems of includes and parameters.
    pub findings: Vec<SourceFinding>,
    /// For each master ID produced, where its item was written, innermost first.
    pub items: BTreeMap<String, Vec<Site>>,
    /// For each page (by position), where it was written, innermost first.
    pub pages: Vec<Vec<Site>>,
}

impl Expansion {
    /// Where a compile or lint finding of the expanded definition was written: the sites of its
    /// item (by master ID) or else of its page.
    pub fn sites_of(&self, finding: &crate::Finding) -> &[Site] {
        if let Some(sites) = finding
            .location
            .master_id
            .as_deref()
            .and_then(|id| self.items.get(id))
        {
            return sites;
        }
        finding
            .location
            .page
            .and_then(|p| self.pages.get((p.0 as usize).wrapping_sub(1)))
            .map_or(&[], Vec::as_slice)
    }
}
