//! Structural lint and indexing: pages, master IDs, item fields, options, groups.
//!
//! Walks the definition once, collecting every finding, and produces the slot table that
//! [`super::exprs`] then fills with compiled expressions.

use monshin_expr::Date;
use monshin_pattern::Pattern;
use rustc_hash::FxHashMap;

use super::{exprs, BoundValue, CompiledForm, Group, Item, PageInfo};
use crate::definition::model::{Bound, Definition, FilledBy, ItemDef, ItemType, Severity};
use crate::encoding::parse_year_month;
use crate::error::{Document, Error};
use crate::finding::{Finding, FindingCode, Location, SpanJson};
use crate::ids::PageNumber;
use crate::limits::Limits;

/// Options of one item beyond which lookups go through a hash map.
const OPTION_MAP_THRESHOLD: usize = 16;

/// Longest pattern accepted, in bytes.
const MAX_PATTERN_LEN: usize = 512;

pub(super) fn build(
    def: Definition,
    limits: &Limits,
) -> Result<(CompiledForm, Vec<Finding>), Error> {
    check_counts(&def, limits)?;
    let mut b = Builder {
        findings: Vec::new(),
        items: Vec::new(),
        groups: Vec::new(),
        index: FxHashMap::default(),
        limits,
        clinic_page: false,
    };
    for (field, text) in [
        ("title", &def.title),
        ("id", &def.id),
        ("version", &def.version),
    ] {
        if text.len() > limits.max_text_bytes {
            b.findings.push(Finding::error(
                FindingCode::LimitExceeded,
                Location {
                    field: Some(field.into()),
                    ..Location::default()
                },
                format!("`{field}` is longer than {} bytes", limits.max_text_bytes),
            ));
        }
    }
    let mut pages = Vec::with_capacity(def.pages.len());
    for (pos, page) in def.pages.iter().enumerate() {
        let expected = u32::try_from(pos + 1).unwrap_or(u32::MAX);
        let number = PageNumber(page.number);
        if page.number != expected {
            b.findings.push(Finding::error(
                FindingCode::PageNumbering,
                Location {
                    page: Some(number),
                    ..Location::default()
                },
                format!("page at position {expected} is numbered {}", page.number),
            ));
        }
        if page.items.is_empty() {
            b.findings.push(Finding::error(
                FindingCode::EmptyPage,
                Location {
                    page: Some(number),
                    ..Location::default()
                },
                "page has no items",
            ));
        }
        if page.label.trim().is_empty() {
            b.findings.push(Finding::warning(
                FindingCode::InvalidItemField,
                Location {
                    page: Some(number),
                    field: Some("label".into()),
                    ..Location::default()
                },
                "page has an empty group label",
            ));
        }
        b.text_limit(&page.label, number, None, "label");
        b.clinic_page = page.filled_by == FilledBy::Clinic;
        pages.push(PageInfo {
            number,
            label: page.label.clone(),
        });
        for item in &page.items {
            b.add_item(item, number, None);
        }
    }
    if def.pages.is_empty() {
        b.findings.push(Finding::error(
            FindingCode::EmptyPage,
            Location::default(),
            "definition has no pages",
        ));
    }
    let mut form = CompiledForm {
        definition: def,
        pages,
        items: b.items,
        groups: b.groups,
        index: b.index,
        order: Vec::new(),
        warnings: Vec::new(),
        limits: limits.clone(),
    };
    let mut findings = b.findings;
    exprs::compile_expressions(&mut form, &mut findings);
    // Stable: within a page, structural findings come before expression findings.
    findings.sort_by_cached_key(|f| f.location.page);
    Ok((form, findings))
}

fn check_counts(def: &Definition, limits: &Limits) -> Result<(), Error> {
    let too_many = |what, count, limit| Error::TooMany {
        doc: Document::Definition,
        what,
        count,
        limit,
    };
    if def.pages.len() > limits.max_pages {
        return Err(too_many("page", def.pages.len(), limits.max_pages));
    }
    let mut items = 0usize;
    for page in &def.pages {
        for item in &page.items {
            items += 1 + item.items.len();
            for it in std::iter::once(item).chain(&item.items) {
                if it.options.len() > limits.max_options {
                    return Err(too_many("option", it.options.len(), limits.max_options));
                }
                if it.constraints.len() > limits.max_constraints {
                    return Err(too_many(
                        "constraint",
                        it.constraints.len(),
                        limits.max_constraints,
                    ));
                }
            }
        }
    }
    if items > limits.max_items {
        return Err(too_many("item", items, limits.max_items));
    }
    Ok(())
}

struct Builder<'l> {
    findings: Vec<Finding>,
    items: Vec<Item>,
    groups: Vec<Group>,
    index: FxHashMap<Box<str>, u32>,
    limits: &'l Limits,
    /// The page being added is filled in by the clinic.
    clinic_page: bool,
}

pub(super) fn item_location(page: PageNumber, id: &str, field: Option<&str>) -> Location {
    Location {
        page: Some(page),
        master_id: Some(id.to_string()),
        field: field.map(str::to_string),
        ..Location::default()
    }
}

fn valid_master_id(id: &str) -> bool {
    monshin_expr::is_master_id(id)
}

impl Builder<'_> {
    fn error(
        &mut self,
        code: FindingCode,
        page: PageNumber,
        id: &str,
        field: Option<&str>,
        msg: impl Into<String>,
    ) {
        self.findings
            .push(Finding::error(code, item_location(page, id, field), msg));
    }

    fn text_limit(&mut self, text: &str, page: PageNumber, id: Option<&str>, field: &str) {
        if text.len() > self.limits.max_text_bytes {
            let mut loc = item_location(page, id.unwrap_or(""), Some(field));
            if id.is_none() {
                loc.master_id = None;
            }
            self.findings.push(Finding::error(
                FindingCode::LimitExceeded,
                loc,
                format!("text is longer than {} bytes", self.limits.max_text_bytes),
            ));
        }
    }

    fn add_item(&mut self, def: &ItemDef, page: PageNumber, group: Option<u32>) {
        let id = def.id.as_str();
        if !valid_master_id(id) {
            self.error(
                FindingCode::InvalidMasterId,
                page,
                "",
                Some("id"),
                "a master ID is 1–128 bytes of text without control characters",
            );
        }
        let slot = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        if self.index.contains_key(id) {
            self.error(
                FindingCode::DuplicateMasterId,
                page,
                id,
                Some("id"),
                "master ID is used by an earlier item",
            );
        } else {
            self.index.insert(id.into(), slot);
        }
        let texts = [
            ("text", Some(&def.text)),
            ("help", def.help.as_ref()),
            ("unit", def.unit.as_ref()),
        ]
        .into_iter()
        .chain(
            def.options
                .iter()
                .map(|o| ("options.label", Some(&o.label))),
        )
        .chain(
            def.constraints
                .iter()
                .map(|c| ("constraints.message", c.message.as_ref())),
        );
        for (field, text) in texts {
            if let Some(t) = text {
                self.text_limit(t, page, Some(id), field);
            }
        }
        self.check_fields(def, page);
        for (i, c) in def.constraints.iter().enumerate() {
            if c.kind.is_some() && c.severity != Severity::Warning {
                self.error(
                    FindingCode::EligibilityNotWarning,
                    page,
                    id,
                    Some(&format!("constraints[{i}].severity")),
                    "an eligibility constraint (with a `kind`) must have severity warning",
                );
            }
        }
        let options = self.check_options(def, page);
        let option_lookup = (options.len() > OPTION_MAP_THRESHOLD).then(|| {
            options
                .iter()
                .zip(0u32..)
                .map(|(c, i)| (c.clone(), i))
                .collect()
        });
        let local = group
            .and_then(|g| self.groups.get(g as usize))
            .map_or(0, |g| u32::try_from(g.members.len()).unwrap_or(u32::MAX));
        let item = Item {
            id: id.into(),
            slot,
            ty: def.item_type,
            page,
            group,
            own_group: None,
            local,
            required: def.required,
            required_when: None,
            enable_when: None,
            calculate: None,
            constraints: Vec::new(),
            options,
            option_labels: def
                .options
                .iter()
                .map(|o| o.label.as_str().into())
                .collect(),
            option_lookup,
            min: self.bound(def, page, def.min.as_ref(), "min"),
            max: self.bound(def, page, def.max.as_ref(), "max"),
            min_length: def.min_length,
            max_length: def.max_length,
            pattern: self.pattern(def, page),
            precision: def.precision,
            unit_text: def.unit.as_deref().map(Into::into),
            unit: def
                .unit
                .as_deref()
                .and_then(crate::normalize::Unit::of_item),
            allow_unknown: def.allow_unknown,
            min_selected: def.min_selected,
            max_selected: def.max_selected,
            filled_by_clinic: self.clinic_page,
        };
        if let (Some(lo), Some(hi)) = (item.min, item.max) {
            let inverted = match (lo, hi) {
                (BoundValue::Number(a), BoundValue::Number(b)) => a > b,
                (BoundValue::Date(a), BoundValue::Date(b)) => a > b,
                (BoundValue::YearMonth(a), BoundValue::YearMonth(b)) => a > b,
                _ => false,
            };
            if inverted {
                self.error(
                    FindingCode::InvalidItemField,
                    page,
                    id,
                    Some("min"),
                    "min is greater than max",
                );
            }
        }
        self.items.push(item);
        if let Some(g) = group.and_then(|g| self.groups.get_mut(g as usize)) {
            g.members.push(slot);
        }
        if def.item_type == ItemType::Group {
            self.add_group(def, page, slot, group);
        } else if !def.items.is_empty() {
            self.error(
                FindingCode::InvalidItemField,
                page,
                id,
                Some("items"),
                "only a group has items",
            );
        }
    }

    fn add_group(&mut self, def: &ItemDef, page: PageNumber, slot: u32, parent: Option<u32>) {
        let id = def.id.as_str();
        if parent.is_some() {
            self.error(
                FindingCode::InvalidGroup,
                page,
                id,
                Some("type"),
                "groups do not nest",
            );
            return;
        }
        if def.items.is_empty() {
            self.error(
                FindingCode::InvalidGroup,
                page,
                id,
                Some("items"),
                "group has no items",
            );
        }
        let min_repeat = def.min_repeat.unwrap_or(0);
        let max_repeat = def.max_repeat.unwrap_or(self.limits.max_repeats);
        if max_repeat == 0 || min_repeat > max_repeat || max_repeat > self.limits.max_repeats {
            self.error(
                FindingCode::InvalidGroup,
                page,
                id,
                Some("maxRepeat"),
                format!(
                    "repeat bounds must satisfy 0 <= minRepeat <= maxRepeat, 1 <= maxRepeat <= {}",
                    self.limits.max_repeats
                ),
            );
        }
        let g = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        self.groups.push(Group {
            slot,
            members: Vec::new(),
            min_repeat,
            max_repeat: max_repeat.clamp(1, self.limits.max_repeats),
        });
        if let Some(item) = self.items.get_mut(slot as usize) {
            item.own_group = Some(g);
        }
        for child in &def.items {
            self.add_item(child, page, Some(g));
        }
    }

    fn check_fields(&mut self, def: &ItemDef, page: PageNumber) {
        let id = def.id.as_str();
        let ty = def.item_type;
        let numeric = matches!(ty, ItemType::Integer | ItemType::Decimal);
        let ranged = numeric || matches!(ty, ItemType::Date | ItemType::YearMonth);
        let textual = matches!(ty, ItemType::Text | ItemType::LongText | ItemType::Kana);
        let mut misplaced = |field: &str, present: bool, allowed: bool| {
            if present && !allowed {
                self.findings.push(Finding::error(
                    FindingCode::InvalidItemField,
                    item_location(page, id, Some(field)),
                    format!("`{field}` does not apply to a {} item", ty.as_str()),
                ));
            }
        };
        misplaced("options", !def.options.is_empty(), ty.has_options());
        misplaced("min", def.min.is_some(), ranged);
        misplaced("max", def.max.is_some(), ranged);
        misplaced("minLength", def.min_length.is_some(), textual);
        misplaced("maxLength", def.max_length.is_some(), textual);
        misplaced(
            "pattern",
            def.pattern.is_some(),
            matches!(ty, ItemType::Text | ItemType::Kana),
        );
        misplaced(
            "precision",
            def.precision.is_some(),
            ty == ItemType::Decimal,
        );
        misplaced("unit", def.unit.is_some(), numeric);
        misplaced("allowUnknown", def.allow_unknown, ranged);
        misplaced(
            "minSelected",
            def.min_selected.is_some(),
            ty == ItemType::MultiChoice,
        );
        misplaced(
            "maxSelected",
            def.max_selected.is_some(),
            ty == ItemType::MultiChoice,
        );
        misplaced("minRepeat", def.min_repeat.is_some(), ty == ItemType::Group);
        misplaced("maxRepeat", def.max_repeat.is_some(), ty == ItemType::Group);
        let answerable = ty.is_answerable();
        misplaced("required", def.required, answerable);
        misplaced("requiredWhen", def.required_when.is_some(), answerable);
        misplaced("initial", def.initial.is_some(), answerable);
        misplaced("constraints", !def.constraints.is_empty(), answerable);
        misplaced(
            "calculate",
            def.calculate.is_some(),
            matches!(
                ty,
                ItemType::Integer | ItemType::Decimal | ItemType::Date | ItemType::YesNo
            ),
        );
        if let (Some(a), Some(b)) = (def.min_length, def.max_length) {
            if a > b {
                self.error(
                    FindingCode::InvalidItemField,
                    page,
                    id,
                    Some("minLength"),
                    "minLength is greater than maxLength",
                );
            }
        }
        if let (Some(a), Some(b)) = (def.min_selected, def.max_selected) {
            if a > b {
                self.error(
                    FindingCode::InvalidItemField,
                    page,
                    id,
                    Some("minSelected"),
                    "minSelected is greater than maxSelected",
                );
            }
        }
        if def.precision.is_some_and(|p| p > 9) {
            self.error(
                FindingCode::InvalidItemField,
                page,
                id,
                Some("precision"),
                "precision must be 0..=9",
            );
        }
        if def.calculate.is_some() && (def.required || def.required_when.is_some()) {
            self.findings.push(Finding::warning(
                FindingCode::InvalidItemField,
                item_location(page, id, Some("required")),
                "a calculated item is never typed, so `required` has no effect",
            ));
        }
    }

    fn check_options(&mut self, def: &ItemDef, page: PageNumber) -> Vec<Box<str>> {
        let id = def.id.as_str();
        if !def.item_type.has_options() {
            return Vec::new();
        }
        if def.options.is_empty() {
            self.error(
                FindingCode::OptionWithoutCode,
                page,
                id,
                Some("options"),
                "choice item has no options",
            );
        }
        let mut codes: Vec<Box<str>> = Vec::with_capacity(def.options.len());
        for (i, opt) in def.options.iter().enumerate() {
            let field = format!("options[{i}]");
            let bad_code = opt.code.trim().is_empty()
                || opt.code.contains(',')
                || opt.code.chars().any(char::is_control)
                || opt.code.len() > 64;
            if bad_code || opt.label.trim().is_empty() {
                self.error(
                    FindingCode::OptionWithoutCode,
                    page,
                    id,
                    Some(&field),
                    "option needs a non-empty code (no commas, at most 64 bytes) and a label",
                );
            }
            if codes.iter().any(|c| **c == *opt.code) {
                self.error(
                    FindingCode::DuplicateOptionCode,
                    page,
                    id,
                    Some(&field),
                    "option code is used twice",
                );
            }
            codes.push(opt.code.as_str().into());
        }
        codes
    }

    fn bound(
        &mut self,
        def: &ItemDef,
        page: PageNumber,
        bound: Option<&Bound>,
        field: &str,
    ) -> Option<BoundValue> {
        let parsed = match (def.item_type, bound?) {
            (ItemType::Integer | ItemType::Decimal, Bound::Number(n)) if n.is_finite() => {
                Some(BoundValue::Number(*n))
            }
            (ItemType::Date, Bound::Text(t)) => Date::parse(t).map(BoundValue::Date),
            (ItemType::YearMonth, Bound::Text(t)) => parse_year_month(t).map(BoundValue::YearMonth),
            _ => None,
        };
        if parsed.is_none()
            && matches!(
                def.item_type,
                ItemType::Integer | ItemType::Decimal | ItemType::Date | ItemType::YearMonth
            )
        {
            self.error(
                FindingCode::InvalidItemField,
                page,
                &def.id,
                Some(field),
                format!(
                    "`{field}` must be a {}",
                    match def.item_type {
                        ItemType::Date => "date YYYY-MM-DD",
                        ItemType::YearMonth => "year-month YYYY-MM",
                        _ => "finite number",
                    }
                ),
            );
        }
        parsed
    }

    fn pattern(&mut self, def: &ItemDef, page: PageNumber) -> Option<Pattern> {
        let src = def.pattern.as_deref()?;
        if src.len() > MAX_PATTERN_LEN {
            self.error(
                FindingCode::BadPattern,
                page,
                &def.id,
                Some("pattern"),
                format!("pattern is longer than {MAX_PATTERN_LEN} bytes"),
            );
            return None;
        }
        // A pattern always matches the whole answer.
        match Pattern::new(src) {
            Ok(pattern) => Some(pattern),
            Err(e) => {
                let mut loc = item_location(page, &def.id, Some("pattern"));
                loc.span = Some(SpanJson {
                    offset: u32::try_from(e.offset).unwrap_or(u32::MAX),
                    length: u32::try_from(e.length).unwrap_or(u32::MAX),
                });
                self.findings.push(
                    Finding::error(FindingCode::BadPattern, loc, e.message)
                        .with_detail(e.code.as_str()),
                );
                None
            }
        }
    }
}
