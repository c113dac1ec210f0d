//! The compiled form: a definition checked once, indexed, ready to validate many answer sets.
//!
//! [`CompiledForm::from_json`] parses a definition, runs every lint rule (all problems at once),
//! resolves master IDs to slots, type-checks every expression against the items, and orders the
//! conditions and calculations by their dependencies. The result is immutable and `Send + Sync`;
//! validation (in [`crate::validate`]) only reads it.

mod build;
mod exprs;

use monshin_expr::{Date, Program};
use monshin_pattern::Pattern;
use rustc_hash::FxHashMap;

use crate::definition::model::{ConstraintKind, Definition, FormKind, ItemType, Severity};
use crate::error::{parse_json, Document, Error};
use crate::finding::Finding;
use crate::ids::PageNumber;
use crate::limits::Limits;

/// A parsed `min` / `max` bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum BoundValue {
    Number(f64),
    Date(Date),
    YearMonth((u16, u8)),
}

/// A compiled author constraint.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub(crate) code: String,
    pub(crate) program: Program,
    pub(crate) message: Option<String>,
    pub(crate) severity: Severity,
    pub(crate) kind: Option<ConstraintKind>,
    pub(crate) index: usize,
}

/// One item, compiled. Its slot is its index in [`CompiledForm::items`].
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) id: Box<str>,
    /// Own index in [`CompiledForm::items`].
    pub(crate) slot: u32,
    pub(crate) ty: ItemType,
    pub(crate) page: PageNumber,
    /// Index into [`CompiledForm::groups`] of the group that contains this item.
    pub(crate) group: Option<u32>,
    /// For a group heading: its own group index.
    pub(crate) own_group: Option<u32>,
    /// Position within the group's repetition (cell index).
    pub(crate) local: u32,
    pub(crate) required: bool,
    // Programs, patterns and option maps are boxed: most items have none, and an `Item` is
    // kept per item of the form (compiled-form memory, BENCHMARKS.md section (d)).
    pub(crate) required_when: Option<Box<Program>>,
    pub(crate) enable_when: Option<Box<Program>>,
    pub(crate) calculate: Option<Box<Program>>,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) options: Box<[Box<str>]>,
    pub(crate) option_labels: Box<[Box<str>]>,
    pub(crate) option_lookup: Option<Box<FxHashMap<Box<str>, u32>>>,
    pub(crate) min: Option<BoundValue>,
    pub(crate) max: Option<BoundValue>,
    pub(crate) min_length: Option<u32>,
    pub(crate) max_length: Option<u32>,
    pub(crate) pattern: Option<Box<Pattern>>,
    pub(crate) precision: Option<u8>,
    /// The `unit` as written, and the converter the normaliser uses for it.
    pub(crate) unit_text: Option<Box<str>>,
    pub(crate) unit: Option<crate::normalize::Unit>,
    /// The answer `unknown` (不明) is accepted.
    pub(crate) allow_unknown: bool,
    pub(crate) min_selected: Option<u32>,
    pub(crate) max_selected: Option<u32>,
    /// On a page the clinic fills (`"filledBy": "clinic"`): never answered by the respondent.
    pub(crate) filled_by_clinic: bool,
}

impl Item {
    /// Slots its conditions, calculation and constraints read (may repeat).
    pub(crate) fn read_slots(&self) -> impl Iterator<Item = u32> + '_ {
        [&self.enable_when, &self.required_when, &self.calculate]
            .into_iter()
            .flatten()
            .map(|p| &**p)
            .chain(self.constraints.iter().map(|c| &c.program))
            .flat_map(|p| p.dependencies().iter().copied())
    }

    /// Position of `code` among the options.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(crate) fn option_index(&self, code: &str) -> Option<usize> {
        match &self.option_lookup {
            Some(map) => map.get(code).map(|&i| i as usize),
            None => self.options.iter().position(|o| &**o == code),
        }
    }
}

/// A repeatable group, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Slot of the group heading item.
    pub(crate) slot: u32,
    /// Slots of the member items, in order; member `i` has `local == i`.
    pub(crate) members: Vec<u32>,
    pub(crate) min_repeat: u32,
    pub(crate) max_repeat: u32,
}

/// Page information kept for validation and rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    /// Page number.
    pub number: PageNumber,
    /// Group label (定義ー項目のグループのラベル).
    pub label: String,
}

/// A definition compiled for validation. Build with [`CompiledForm::from_json`].
#[derive(Debug, Clone)]
pub struct CompiledForm {
    pub(crate) definition: Definition,
    pub(crate) pages: Vec<PageInfo>,
    pub(crate) items: Vec<Item>,
    pub(crate) groups: Vec<Group>,
    pub(crate) index: FxHashMap<Box<str>, u32>,
    /// Slots in dependency order: every slot comes after the slots its `enableWhen`,
    /// its group's `enableWhen` and its `calculate` read.
    pub(crate) order: Vec<u32>,
    pub(crate) warnings: Vec<Finding>,
    pub(crate) limits: Limits,
}

impl CompiledForm {
    /// Parse, lint and compile a definition. Fails with [`Error::InvalidDefinition`] listing
    /// every error finding when the definition has any; warnings are kept in
    /// [`CompiledForm::warnings`].
    pub fn from_json(bytes: &[u8], limits: &Limits) -> Result<CompiledForm, Error> {
        let def: Definition = parse_json(Document::Definition, bytes, limits.max_definition_bytes)?;
        CompiledForm::compile(def, limits)
    }

    /// Compile an already parsed definition.
    pub fn compile(def: Definition, limits: &Limits) -> Result<CompiledForm, Error> {
        let (form, findings) = build::build(def, limits)?;
        if findings.iter().any(Finding::is_error) {
            return Err(Error::InvalidDefinition(findings));
        }
        Ok(CompiledForm {
            warnings: findings,
            ..form
        })
    }

    /// The form definition it was compiled from.
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    /// The definition's `id` (its own identity, never a PMH ID).
    pub fn definition_id(&self) -> &str {
        &self.definition.id
    }

    /// The definition's `version`.
    pub fn version(&self) -> &str {
        &self.definition.version
    }

    /// Questionnaire family.
    pub fn kind(&self) -> FormKind {
        self.definition.form_kind
    }

    /// Pages with their labels.
    pub fn pages(&self) -> &[PageInfo] {
        &self.pages
    }

    /// The limits it was compiled with, which validation applies too.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Lint warnings found while compiling.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    /// Number of items, group headings and group members included.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// Master IDs in definition order, with their page, type and group heading ID.
    pub fn item_summaries(&self) -> impl Iterator<Item = ItemSummary<'_>> {
        self.items.iter().map(|it| self.summary(it))
    }

    /// The item with master ID `id` and its position in definition order (an index of
    /// [`CompiledForm::item_summaries`]), found without a scan.
    pub fn item_summary(&self, id: &str) -> Option<(usize, ItemSummary<'_>)> {
        let slot = self.slot(id)?;
        let item = self.items.get(slot as usize)?;
        Some((slot as usize, self.summary(item)))
    }

    fn summary<'a>(&'a self, it: &'a Item) -> ItemSummary<'a> {
        ItemSummary {
            id: &it.id,
            page: it.page,
            item_type: it.ty,
            group: it
                .group
                .and_then(|g| self.groups.get(g as usize))
                .and_then(|g| self.items.get(g.slot as usize))
                .map(|h| &*h.id),
            calculated: it.calculate.is_some(),
            filled_by_clinic: it.filled_by_clinic,
        }
    }

    /// Slot of a master ID.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(crate) fn slot(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// The item with master ID `id`, trying the items at slots `hint` and `hint + 1` first:
    /// two string comparisons instead of a hash when answers come in definition order.
    #[cfg_attr(monshin_hot, optimize(speed))]
    pub(crate) fn item_near(&self, hint: usize, id: &str) -> Option<&Item> {
        let mut near = self.items.get(hint..).unwrap_or_default().iter().take(2);
        near.find(|item| *item.id == *id)
            .or_else(|| self.items.get(self.slot(id)? as usize))
    }

    /// Whether the form has an item with this master ID.
    pub fn has_item(&self, id: &str) -> bool {
        self.slot(id).is_some()
    }

    /// Positions (in `set.answers`) of the answers whose master ID the form does not have:
    /// what `normalize` keeps as typed and reports by position, never by the ID.
    pub fn unknown_answers(&self, set: &crate::AnswerSet) -> Vec<usize> {
        (set.answers.iter().enumerate())
            .filter(|(_, a)| !self.has_item(&a.id))
            .map(|(i, _)| i)
            .collect()
    }

    /// Master IDs the given item's conditions and calculation read.
    pub fn dependencies_of(&self, id: &str) -> Vec<&str> {
        let Some(item) = self.slot(id).and_then(|s| self.items.get(s as usize)) else {
            return Vec::new();
        };
        let mut slots: Vec<u32> = item.read_slots().collect();
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|s| self.items.get(s as usize).map(|i| &*i.id))
            .collect()
    }
}

/// A read-only view of one item, for tools (CLI, wasm).
#[derive(Debug, Clone, Copy)]
pub struct ItemSummary<'a> {
    /// Master ID.
    pub id: &'a str,
    /// Page.
    pub page: PageNumber,
    /// Type.
    pub item_type: ItemType,
    /// Master ID of the repeatable group it belongs to.
    pub group: Option<&'a str>,
    /// Whether the item is calculated.
    pub calculated: bool,
    /// Whether it is on a page the clinic fills (never in the respondent's answers).
    pub filled_by_clinic: bool,
}

impl Definition {
    /// Read a definition (a UTF-8 byte order mark is skipped), without linting it.
    pub fn from_json(bytes: &[u8], limits: &Limits) -> Result<Definition, Error> {
        parse_json(Document::Definition, bytes, limits.max_definition_bytes)
    }
}

/// Lint a definition: every finding (errors and warnings), without failing on error findings.
/// Fails only when the document cannot be read at all.
pub fn lint(bytes: &[u8], limits: &Limits) -> Result<Vec<Finding>, Error> {
    let def: Definition = parse_json(Document::Definition, bytes, limits.max_definition_bytes)?;
    let (_, findings) = build::build(def, limits)?;
    Ok(findings)
}
