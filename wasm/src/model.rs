//! The session's view of a compiled form: items by slot, their programs, their value rules,
//! and the reverse dependency graph that incremental re-validation walks.
//!
//! Slots are assigned in definition order (page items, each group followed by its members),
//! which is also how monshin-core numbers them, so the programs compiled here read the same
//! slots as core's. Expressions are compiled again with the public `monshin-expr` API because
//! core keeps its compiled programs private; the definition has already been accepted by core,
//! so a failure here is an internal error, reported and never a panic.

use monshin_core::{CompiledForm, ItemDef, ItemType, Limits, PageNumber, Severity};
use monshin_expr::{check, parse, CheckContext, ItemInfo, Program, Schema, Type};
use rustc_hash::FxHashMap;

use crate::check::Rules;

/// An author constraint, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub(crate) code: String,
    pub(crate) program: Program,
    pub(crate) message: Option<String>,
    pub(crate) severity: Severity,
    pub(crate) index: usize,
}

/// One item, by slot.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) id: Box<str>,
    pub(crate) ty: ItemType,
    pub(crate) page: PageNumber,
    /// Group (index into [`Model::groups`]) the item is a member of.
    pub(crate) group: Option<u32>,
    /// For a group heading: its own group index.
    pub(crate) own_group: Option<u32>,
    /// Column within the group's row.
    pub(crate) local: u32,
    pub(crate) required: bool,
    pub(crate) required_when: Option<Program>,
    pub(crate) enable_when: Option<Program>,
    pub(crate) calculate: Option<Program>,
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) rules: Rules,
    pub(crate) precision: Option<u8>,
}

/// A repeatable group.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Slot of the heading.
    pub(crate) slot: u32,
    /// Member slots; member `i` has `local == i`.
    pub(crate) members: Vec<u32>,
    pub(crate) min_repeat: u32,
    pub(crate) max_repeat: u32,
}

/// The compiled form plus everything the session needs to re-evaluate one item.
#[derive(Debug)]
pub(crate) struct Model {
    pub(crate) form: CompiledForm,
    pub(crate) limits: Limits,
    pub(crate) items: Vec<Item>,
    pub(crate) groups: Vec<Group>,
    pub(crate) index: FxHashMap<Box<str>, u32>,
    /// `dependents[s]`: slots whose conditions, calculation or constraints read slot `s`
    /// (from [`CompiledForm::dependencies_of`]), and for a group heading its members.
    pub(crate) dependents: Vec<Vec<u32>>,
    /// Position of each slot in evaluation order: everything an item's `enableWhen`,
    /// `calculate` or group reads comes earlier.
    pub(crate) rank: Vec<u32>,
}

/// Most constraints of one item the session tracks (results are kept in a bit set).
pub(crate) const MAX_CONSTRAINTS: usize = 64;

struct ModelSchema<'a> {
    items: &'a [Item],
    index: &'a FxHashMap<Box<str>, u32>,
}

/// The expression type of an item's value; as in core.
fn expr_type(ty: ItemType) -> Option<Type> {
    Some(match ty {
        ItemType::YesNo | ItemType::Consent => Type::Bool,
        ItemType::SingleChoice | ItemType::Text | ItemType::LongText | ItemType::YearMonth => {
            Type::Text
        }
        ItemType::Integer | ItemType::Decimal => Type::Number,
        ItemType::Date => Type::Date,
        ItemType::MultiChoice => Type::Codes,
        ItemType::Note | ItemType::Group => return None,
    })
}

impl Schema for ModelSchema<'_> {
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

impl Model {
    /// Build the model of a form core has compiled with `limits`.
    pub(crate) fn new(form: CompiledForm, limits: Limits) -> Result<Model, String> {
        let mut items = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut index = FxHashMap::default();
        let mut defs: Vec<&ItemDef> = Vec::new();
        for page in &form.definition().pages {
            let number = PageNumber(page.number);
            for def in &page.items {
                let slot = slot_of(items.len())?;
                index.insert(def.id.as_str().into(), slot);
                defs.push(def);
                let own_group = (def.item_type == ItemType::Group).then(|| {
                    let g = u32::try_from(groups.len()).unwrap_or(u32::MAX);
                    groups.push(Group {
                        slot,
                        members: Vec::new(),
                        min_repeat: def.min_repeat.unwrap_or(0),
                        max_repeat: def
                            .max_repeat
                            .unwrap_or(limits.max_repeats)
                            .clamp(1, limits.max_repeats),
                    });
                    g
                });
                items.push(Item::new(def, number, None, own_group, 0));
                let Some(g) = own_group else { continue };
                for (local, child) in def.items.iter().enumerate() {
                    let slot = slot_of(items.len())?;
                    index.insert(child.id.as_str().into(), slot);
                    defs.push(child);
                    items.push(Item::new(child, number, Some(g), None, slot_of(local)?));
                    if let Some(group) = groups.get_mut(g as usize) {
                        group.members.push(slot);
                    }
                }
            }
        }
        compile_programs(&mut items, &index, &defs, &limits)?;
        let dependents = dependents(&form, &items, &groups, &index);
        let rank = ranks(&items, &groups)?;
        Ok(Model {
            form,
            limits,
            items,
            groups,
            index,
            dependents,
            rank,
        })
    }

    /// Slot of a master ID.
    pub(crate) fn slot(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    pub(crate) fn item(&self, slot: u32) -> Option<&Item> {
        self.items.get(slot as usize)
    }
}

impl Item {
    fn new(
        def: &ItemDef,
        page: PageNumber,
        group: Option<u32>,
        own_group: Option<u32>,
        local: u32,
    ) -> Item {
        Item {
            id: def.id.as_str().into(),
            ty: def.item_type,
            page,
            group,
            own_group,
            local,
            required: def.required,
            required_when: None,
            enable_when: None,
            calculate: None,
            constraints: Vec::new(),
            rules: Rules::new(def),
            precision: def.precision,
        }
    }
}

fn slot_of(n: usize) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| "too many items".to_string())
}

fn compile_programs(
    items: &mut [Item],
    index: &FxHashMap<Box<str>, u32>,
    defs: &[&ItemDef],
    limits: &Limits,
) -> Result<(), String> {
    let mut compiled = Vec::with_capacity(items.len());
    {
        let schema = ModelSchema { items, index };
        for (item, def) in items.iter().zip(defs) {
            let group = if item.ty == ItemType::Group {
                None
            } else {
                item.group
            };
            let one = |src: Option<&str>, expected: Option<Type>| -> Result<_, String> {
                let Some(src) = src else { return Ok(None) };
                let expr = parse(src, &limits.expr)
                    .map_err(|e| format!("{}: {}", item.id, e.code.as_str()))?;
                check(&expr, &schema, &CheckContext { group, expected })
                    .map(Some)
                    .map_err(|_| format!("{}: expression does not check", item.id))
            };
            let enable_when = one(def.enable_when.as_deref(), Some(Type::Bool))?;
            let required_when = one(def.required_when.as_deref(), Some(Type::Bool))?;
            let calculate = one(def.calculate.as_deref(), expr_type(item.ty))?;
            if def.constraints.len() > MAX_CONSTRAINTS {
                return Err(format!(
                    "{}: more than {MAX_CONSTRAINTS} constraints",
                    item.id
                ));
            }
            let mut constraints = Vec::with_capacity(def.constraints.len());
            for (i, c) in def.constraints.iter().enumerate() {
                if let Some(program) = one(Some(&c.expr), Some(Type::Bool))? {
                    constraints.push(Constraint {
                        code: c.code.clone(),
                        program,
                        message: c.message.clone(),
                        severity: c.severity,
                        index: i,
                    });
                }
            }
            compiled.push((enable_when, required_when, calculate, constraints));
        }
    }
    for (item, (enable_when, required_when, calculate, constraints)) in
        items.iter_mut().zip(compiled)
    {
        item.enable_when = enable_when;
        item.required_when = required_when;
        item.calculate = calculate;
        item.constraints = constraints;
    }
    Ok(())
}

/// Reverse of [`CompiledForm::dependencies_of`], plus heading → members.
fn dependents(
    form: &CompiledForm,
    items: &[Item],
    groups: &[Group],
    index: &FxHashMap<Box<str>, u32>,
) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); items.len()];
    for (slot, item) in items.iter().enumerate() {
        let slot = u32::try_from(slot).unwrap_or(u32::MAX);
        for dep in form.dependencies_of(&item.id) {
            if let Some(list) = index.get(dep).and_then(|&d| out.get_mut(d as usize)) {
                list.push(slot);
            }
        }
    }
    for g in groups {
        if let Some(list) = out.get_mut(g.slot as usize) {
            list.extend(&g.members);
        }
    }
    // Each list is built in ascending slot order (the loop above walks slots in order, and
    // `dependencies_of` names each item once), so it is already sorted and without repeats.
    out
}

/// Topological ranks over `enableWhen`, `calculate` and group membership (Kahn, ties by slot):
/// the order core evaluates items in.
fn ranks(items: &[Item], groups: &[Group]) -> Result<Vec<u32>, String> {
    let n = items.len();
    let mut dependents: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut pending: Vec<u32> = vec![0; n];
    for (slot, item) in items.iter().enumerate() {
        let mut deps: Vec<u32> = [&item.enable_when, &item.calculate]
            .into_iter()
            .flatten()
            .flat_map(|p| p.dependencies().iter().copied())
            .collect();
        if let Some(g) = item.group.and_then(|g| groups.get(g as usize)) {
            deps.push(g.slot);
        }
        deps.sort_unstable();
        deps.dedup();
        for d in deps {
            if let Some(list) = dependents.get_mut(d as usize) {
                list.push(slot_of(slot)?);
                if let Some(p) = pending.get_mut(slot) {
                    *p += 1;
                }
            }
        }
    }
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for (s, &p) in pending.iter().enumerate() {
        if p == 0 {
            order.push(slot_of(s)?);
        }
    }
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
    if order.len() != n {
        return Err("dependency cycle".into());
    }
    let mut rank = vec![0u32; n];
    for (pos, &s) in order.iter().enumerate() {
        if let Some(r) = rank.get_mut(s as usize) {
            *r = slot_of(pos)?;
        }
    }
    Ok(rank)
}
