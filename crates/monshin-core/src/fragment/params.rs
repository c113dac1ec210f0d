//! Parameters: binding declared parameters to values, and `{{name}}` substitution in every
//! string of a document.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Site, SourceCode, SourceFinding};
use crate::definition::model::Severity;

/// Parameters bound for one document: name → text.
pub(super) type Bound = BTreeMap<String, String>;

/// Binds the parameters `decl` declares (`{ "name": { "default"?: text } }`) to `given`
/// (name → (text, site of the value)). Values for undeclared names and declared names with
/// neither a value nor a default are findings at `site` (the document's `params` or the
/// place the values come from).
pub(super) fn bind(
    decl: Option<&Value>,
    given: &[(String, String, Site)],
    decl_site: &Site,
    findings: &mut Vec<SourceFinding>,
    (given_chain, decl_chain): (&[Site], &[Site]),
) -> Bound {
    let mut bound = Bound::new();
    let declared = decl.and_then(Value::as_object);
    for (name, text, site) in given {
        if declared.is_some_and(|d| d.contains_key(name)) {
            bound.insert(name.clone(), text.clone());
        } else {
            findings.push(finding(
                SourceCode::ParamUnknown,
                format!("`{name}` is not a parameter of `{}`", decl_site.document),
                site,
                given_chain,
            ));
        }
    }
    for (name, spec) in declared.into_iter().flatten() {
        if bound.contains_key(name) {
            continue;
        }
        match spec.get("default").and_then(scalar_text) {
            Some(default) => {
                bound.insert(name.clone(), default);
            }
            None => {
                // Left as written, so that it is reported once, not as unknown or unused too.
                bound.insert(name.clone(), format!("{{{{{name}}}}}"));
                findings.push(finding(
                    SourceCode::ParamMissing,
                    format!("parameter `{name}` has no value and no default"),
                    &Site {
                        document: decl_site.document.clone(),
                        pointer: format!("{}/{}", decl_site.pointer, escape(name)),
                    },
                    decl_chain,
                ));
            }
        }
    }
    bound
}

/// A JSON string, number or bool as parameter text.
pub(super) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Replaces `{{name}}` in every string under `value` (object keys excepted); records the names
/// used and reports names not in `bound` (`pointer` is `value`'s place in `document`).
pub(super) fn substitute(
    value: &mut Value,
    bound: &Bound,
    used: &mut BTreeSet<String>,
    at: &Site,
    findings: &mut Vec<SourceFinding>,
    chain: &[Site],
) {
    match value {
        Value::String(s) if s.contains("{{") => {
            let (text, unknown) = replace(s, bound, used);
            *s = text;
            for name in unknown {
                findings.push(finding(
                    SourceCode::ParamUnknown,
                    format!("`{{{{{name}}}}}` names no parameter of `{}`", at.document),
                    at,
                    chain,
                ));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let site = at.child(&i.to_string());
                substitute(item, bound, used, &site, findings, chain);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let site = at.child(key);
                substitute(item, bound, used, &site, findings, chain);
            }
        }
        _ => {}
    }
}

/// `text` with each `{{name}}` replaced; the names not bound are left as written and returned.
fn replace(text: &str, bound: &Bound, used: &mut BTreeSet<String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if !name.is_empty() && after[name_len..].starts_with("}}") {
            match bound.get(name) {
                Some(v) => {
                    out.push_str(v);
                    used.insert(name.to_owned());
                }
                None => {
                    out.push_str(&rest[start..start + 4 + name_len]);
                    unknown.push(name.to_owned());
                }
            }
            rest = &after[name_len + 2..];
        } else {
            out.push_str("{{");
            rest = after;
        }
    }
    out.push_str(rest);
    (out, unknown)
}

/// Warnings for declared parameters that no string used.
pub(super) fn unused(
    decl: Option<&Value>,
    used: &BTreeSet<String>,
    decl_site: &Site,
    findings: &mut Vec<SourceFinding>,
    chain: &[Site],
) {
    for name in decl
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        if !used.contains(name) {
            let mut f = finding(
                SourceCode::ParamUnused,
                format!("parameter `{name}` is used nowhere"),
                &decl_site.child(name),
                chain,
            );
            f.severity = Severity::Warning;
            findings.push(f);
        }
    }
}

pub(super) fn finding(
    code: SourceCode,
    message: String,
    at: &Site,
    chain: &[Site],
) -> SourceFinding {
    let mut sites = vec![at.clone()];
    sites.extend(chain.iter().cloned());
    SourceFinding {
        code,
        severity: Severity::Error,
        message,
        sites,
    }
}

/// JSON Pointer escaping of one reference token.
pub(super) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

impl Site {
    /// The site of a member or element of this one.
    pub(super) fn child(&self, token: &str) -> Site {
        Site {
            document: self.document.clone(),
            pointer: format!("{}/{}", self.pointer, escape(token)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_known_names_and_keeps_the_rest() {
        let bound: Bound = [("dose".to_string(), "3".to_string())].into();
        let mut used = BTreeSet::new();
        let (text, unknown) = replace("{{dose}}回目 {{x}} {{ dose}} {{", &bound, &mut used);
        assert_eq!(text, "3回目 {{x}} {{ dose}} {{");
        assert_eq!(unknown, ["x"]);
        assert!(used.contains("dose"));
    }
}
