//! The expansion of a source definition: form parameters, then page and item includes,
//! recursively, keeping the sites every item and page came from.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::params::{bind, finding, scalar_text, substitute, unused};
use super::{Expansion, Fragments, Site, SourceCode, SourceFinding, MAX_INCLUDE_DEPTH};
use crate::error::{parse_json, Document, Error};
use crate::limits::Limits;

/// Expands `source` (a form definition that may declare `params` and use includes) with the
/// form parameter values `params` (e.g. from the catalogue) and the `fragments` it includes.
///
/// Fails only when `source` is not JSON within the limits, or when the expanded document is
/// not a definition; every problem of includes and parameters is a [`SourceFinding`].
pub fn expand(
    source: &[u8],
    fragments: &Fragments,
    params: &BTreeMap<String, String>,
    limits: &Limits,
) -> Result<Expansion, Error> {
    let mut root: Value = parse_json(Document::Definition, source, limits.max_definition_bytes)?;
    let mut x = Expander {
        fragments,
        limits,
        findings: Vec::new(),
        items: BTreeMap::new(),
        produced: 0,
    };
    let decl = root.as_object_mut().and_then(|o| o.remove("params"));
    let params_site = Site::form("/params");
    let given: Vec<(String, String, Site)> = params
        .iter()
        .map(|(k, v)| (k.clone(), v.clone(), params_site.clone()))
        .collect();
    let bound = bind(
        decl.as_ref(),
        &given,
        &params_site,
        &mut x.findings,
        (&[], &[]),
    );
    let mut used = BTreeSet::new();
    substitute(
        &mut root,
        &bound,
        &mut used,
        &Site::form(""),
        &mut x.findings,
        &[],
    );
    unused(decl.as_ref(), &used, &params_site, &mut x.findings, &[]);

    let mut page_sites = Vec::new();
    if let Some(pages) = root.get_mut("pages").and_then(Value::as_array_mut) {
        for (i, page) in std::mem::take(pages).into_iter().enumerate() {
            let site = Site::form(format!("/pages/{i}"));
            if page.get("include").is_some() {
                if let Some((page, sites)) = x.include_page(page, &site) {
                    pages.push(page);
                    page_sites.push(sites);
                }
            } else {
                let mut page = page;
                if let Some(items) = page.get_mut("items") {
                    x.items_in(items, &site.child("items"), &[], &[]);
                }
                pages.push(page);
                page_sites.push(vec![site]);
            }
        }
    }
    let definition = if x.findings.iter().any(SourceFinding::is_error) {
        None
    } else {
        let bytes = serde_json::to_vec(&root).unwrap_or_default();
        Some(parse_json(Document::Definition, &bytes, usize::MAX)?)
    };
    Ok(Expansion {
        definition,
        findings: x.findings,
        items: x.items,
        pages: page_sites,
    })
}

struct Expander<'a> {
    fragments: &'a Fragments,
    limits: &'a Limits,
    findings: Vec<SourceFinding>,
    items: BTreeMap<String, Vec<Site>>,
    produced: usize,
}

/// The members an include entry may have.
const ITEM_INCLUDE_KEYS: &[&str] = &["include", "with", "override"];
const PAGE_INCLUDE_KEYS: &[&str] = &["include", "with", "override", "number"];

impl<'a> Expander<'a> {
    /// Expands the includes of one `items` array (at `at`) in place, recording every item.
    fn items_in(&mut self, items: &mut Value, at: &Site, chain: &[Site], stack: &[String]) {
        let Some(list) = items.as_array_mut() else {
            return;
        };
        for (j, item) in std::mem::take(list).into_iter().enumerate() {
            let site = at.child(&j.to_string());
            if item.get("include").is_some() {
                list.extend(self.include_items(&item, &site, chain, stack));
            } else {
                let mut item = item;
                if let Some(members) = item.get_mut("items") {
                    self.items_in(members, &site.child("items"), chain, stack);
                }
                self.record(&item, &site, chain);
                list.push(item);
            }
        }
    }

    fn record(&mut self, item: &Value, site: &Site, chain: &[Site]) {
        self.produced += 1;
        if self.produced == self.limits.max_items + 1 {
            self.findings.push(finding(
                SourceCode::TooLarge,
                format!(
                    "the expanded form has more than {} items",
                    self.limits.max_items
                ),
                site,
                chain,
            ));
        }
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            let mut sites = vec![site.clone()];
            sites.extend(chain.iter().cloned());
            self.items.insert(id.to_owned(), sites);
        }
    }

    fn error(&mut self, code: SourceCode, message: String, at: &Site, chain: &[Site]) {
        self.findings.push(finding(code, message, at, chain));
    }

    /// The fragment an include entry names, with the sites inside it are reached by (the
    /// include, then `chain`), or a finding.
    fn open(
        &mut self,
        entry: &Value,
        keys: &[&str],
        site: &Site,
        chain: &[Site],
        stack: &[String],
    ) -> Option<(&'a Value, String, Vec<Site>)> {
        let fragments = self.fragments;
        let obj = entry.as_object()?;
        let shape_ok = obj.keys().all(|k| keys.contains(&k.as_str()))
            && obj.get("with").is_none_or(Value::is_object)
            && obj.get("override").is_none_or(Value::is_object);
        let Some(name) = obj
            .get("include")
            .and_then(Value::as_str)
            .filter(|_| shape_ok)
        else {
            self.error(
                SourceCode::IncludeInvalid,
                format!(
                    "an include has a name and only the members {}",
                    keys.join(", ")
                ),
                site,
                chain,
            );
            return None;
        };
        if self.produced > self.limits.max_items {
            return None;
        }
        if stack.iter().any(|s| s == name) {
            self.error(
                SourceCode::Cycle,
                format!("fragment `{name}` includes itself"),
                &site.child("include"),
                chain,
            );
            return None;
        }
        if stack.len() >= MAX_INCLUDE_DEPTH {
            self.error(
                SourceCode::TooDeep,
                format!("includes are nested deeper than {MAX_INCLUDE_DEPTH}"),
                &site.child("include"),
                chain,
            );
            return None;
        }
        let Some(fragment) = fragments.get(name) else {
            self.error(
                SourceCode::Missing,
                format!("no fragment `{name}`"),
                &site.child("include"),
                chain,
            );
            return None;
        };
        let mut inner = vec![site.clone()];
        inner.extend(chain.iter().cloned());
        Some((fragment, name.to_owned(), inner))
    }

    /// Binds the include's `with` to the fragment's parameters and substitutes `body` (at
    /// `body_site` in the fragment).
    fn bind_and_substitute(
        &mut self,
        entry: &Value,
        fragment: &Value,
        name: &str,
        body: &mut Value,
        body_site: &Site,
        inner: &[Site],
    ) {
        let with_site = inner.first().map(|s| s.child("with"));
        let mut given = Vec::new();
        for (key, value) in entry
            .get("with")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = with_site
                .as_ref()
                .map_or_else(|| Site::form(""), |s| s.child(key));
            match scalar_text(value) {
                Some(text) => given.push((key.clone(), text, at)),
                None => self.error(
                    SourceCode::IncludeInvalid,
                    format!("the value of parameter `{key}` is not a string or number"),
                    &at,
                    &inner[1..],
                ),
            }
        }
        let decl_site = Site {
            document: name.to_owned(),
            pointer: "/params".into(),
        };
        let decl = fragment.get("params");
        let bound = bind(
            decl,
            &given,
            &decl_site,
            &mut self.findings,
            (&inner[1..], inner),
        );
        let mut used = BTreeSet::new();
        substitute(
            body,
            &bound,
            &mut used,
            body_site,
            &mut self.findings,
            inner,
        );
        unused(decl, &used, &decl_site, &mut self.findings, inner);
    }

    /// The items an item include stands for.
    fn include_items(
        &mut self,
        entry: &Value,
        site: &Site,
        chain: &[Site],
        stack: &[String],
    ) -> Vec<Value> {
        let Some((fragment, name, inner)) = self.open(entry, ITEM_INCLUDE_KEYS, site, chain, stack)
        else {
            return Vec::new();
        };
        let Some(items) = fragment.get("items").filter(|v| v.is_array()) else {
            self.error(
                SourceCode::IncludeInvalid,
                format!("fragment `{name}` has no `items` to include here"),
                &site.child("include"),
                chain,
            );
            return Vec::new();
        };
        let mut body = items.clone();
        let body_site = Site {
            document: name.clone(),
            pointer: "/items".into(),
        };
        self.bind_and_substitute(entry, fragment, &name, &mut body, &body_site, &inner);
        let mut stack = stack.to_vec();
        stack.push(name);
        self.items_in(&mut body, &body_site, &inner, &stack);
        let mut list = match body {
            Value::Array(list) => list,
            _ => Vec::new(),
        };
        self.apply_overrides(entry, &mut list, site, chain);
        list
    }

    /// The page a page include stands for, with the sites it was written at.
    fn include_page(&mut self, entry: Value, site: &Site) -> Option<(Value, Vec<Site>)> {
        let (fragment, name, inner) = self.open(&entry, PAGE_INCLUDE_KEYS, site, &[], &[])?;
        let number = entry.get("number").filter(|n| n.is_u64());
        let (Some(page), Some(number)) = (fragment.get("page").filter(|p| p.is_object()), number)
        else {
            self.error(
                SourceCode::IncludeInvalid,
                format!("a page include needs a `number` and fragment `{name}` a `page`"),
                site,
                &[],
            );
            return None;
        };
        let mut page = page.clone();
        let page_site = Site {
            document: name.clone(),
            pointer: "/page".into(),
        };
        self.bind_and_substitute(&entry, fragment, &name, &mut page, &page_site, &inner);
        let stack = vec![name];
        if let Some(items) = page.get_mut("items") {
            self.items_in(items, &page_site.child("items"), &inner, &stack);
            if let Some(list) = items.as_array_mut() {
                self.apply_overrides(&entry, list, site, &[]);
            }
        }
        let mut out = Map::new();
        out.insert("number".into(), number.clone());
        if let Value::Object(fields) = page {
            out.extend(fields.into_iter().filter(|(k, _)| k != "number"));
        }
        Some((Value::Object(out), inner_with(page_site, &inner)))
    }

    /// Applies an include's `override`: per master ID, fields replaced (`null` removes one).
    fn apply_overrides(&mut self, entry: &Value, list: &mut [Value], site: &Site, chain: &[Site]) {
        let Some(overrides) = entry.get("override").and_then(Value::as_object) else {
            return;
        };
        for (id, fields) in overrides {
            let target = list.iter_mut().find_map(|item| find_item(item, id));
            let (Some(target), Some(fields)) = (target, fields.as_object()) else {
                self.error(
                    SourceCode::OverrideUnknown,
                    format!("the included items have no item `{id}` to override"),
                    &site.child("override").child(id),
                    chain,
                );
                continue;
            };
            for (field, value) in fields {
                if value.is_null() {
                    target.remove(field);
                } else {
                    target.insert(field.clone(), value.clone());
                }
            }
        }
    }
}

/// The item `id` among `item` and its group members.
fn find_item<'v>(item: &'v mut Value, id: &str) -> Option<&'v mut Map<String, Value>> {
    if item.get("id").and_then(Value::as_str) == Some(id) {
        return item.as_object_mut();
    }
    item.get_mut("items")
        .and_then(Value::as_array_mut)?
        .iter_mut()
        .find_map(|m| find_item(m, id))
}

fn inner_with(first: Site, rest: &[Site]) -> Vec<Site> {
    let mut sites = vec![first];
    sites.extend(rest.iter().cloned());
    sites
}
