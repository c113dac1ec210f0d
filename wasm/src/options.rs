//! The options objects of the JavaScript API, each defined once: `options!` declares the
//! struct (whose JSON Schema gives the TypeScript declaration, `src/typescript.rs`) and its
//! reader from the same field list, so the keys accepted and the keys declared cannot differ.
//!
//! Options are read field by field from the JS object (no serde deserializer: every one costs
//! code size in the module); `Form.validate`'s, read on every call, first through a one-call
//! reader of their plain shape (`ValidateOptions::read_plain`). `undefined` and `null` mean all defaults; an unknown key or a value
//! of the wrong type is `wasm.bad-option`, whose message names the option, never its value.

use monshin_core::{AnswerStatus, FindingCode, Limits, Mode};
use monshin_expr::Date;
use schemars::JsonSchema;
use wasm_bindgen::prelude::*;

use crate::api::throwable;
use crate::dto::ErrorView;

/// Declares an options struct and `read`, from one list of `field: Type = reader`.
macro_rules! options {
    ($(#[doc = $doc:literal])* $name:ident {
        $( $(#[doc = $fdoc:literal])* $field:ident $(as $key:literal)? : $ty:ty = $reader:ident, )*
    }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $fdoc])* #[serde(default)] pub $field: Option<$ty>, )*
        }

        impl $name {
            /// The keys the object may have (camelCase, as JS writes them).
            pub const KEYS: &'static [&'static str] = &[$( camel!($field $(, $key)?), )*];

            /// Read the options object `value` (`what` names it in errors).
            pub fn read(value: &Option<JsValue>, what: &'static str) -> Result<Self, JsValue> {
                let o = OptionsObject::new(value, what, Self::KEYS)?;
                Ok($name { $( $field: o.$reader(camel!($field $(, $key)?))?, )* })
            }
        }
    };
}

/// The JS key of a field: the field's name, or the camelCase key given with `as`.
macro_rules! camel {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $key:literal) => {
        $key
    };
}

options! {
    /// Options of `Form.validate`.
    ValidateOptions {
        /// Draft or complete (default: the mode the answer set's status requires).
        mode: Mode = mode,
        /// The validation date `YYYY-MM-DD` (default: today, local time).
        today: String = string,
    }
}

options! {
    /// Options of `Form.session` and `Form.resume`.
    SessionOptions {
        /// The validation date `YYYY-MM-DD` (default: today, local time).
        today: String = string,
        /// The mode findings in `Change`s are reported in (default `draft`).
        mode: Mode = mode,
        /// `Form.session` only: the PMH ID (予診票管理ID / 乳幼児健診管理ID) a register payload
        /// is addressed to; `Form.resume` takes it from the read response.
        pmh_id as "pmhId": String = string,
    }
}

options! {
    /// Options of `Session.set`.
    SetOptions {
        /// Rewrite recognisable input (`３６．５`, `令和8年4月1日`, `はい`) to canonical text first.
        normalize: bool = bool,
    }
}

options! {
    /// Options of `Session.validate`.
    SessionValidateOptions {
        /// Draft or complete (default: the session's mode).
        mode: Mode = mode,
        /// Only findings of this page.
        page: u32 = u32,
    }
}

options! {
    /// Options of `Session.answers`, `diff`, `registerPayload` and `markRegistered`.
    AnswersOptions {
        /// Status of the set: `draft` (default) or `answered`; also 下書き / 回答済み, any case.
        status: AnswerStatus = status,
    }
}

#[wasm_bindgen(inline_js = "export function plain_validate_options(o) {
  if (o === undefined || o === null) return 0;
  if (typeof o !== 'object') return -1;
  try {
    for (const k of Object.keys(o)) if (k !== 'mode' && k !== 'today') return -1;
    const m = o.mode, t = o.today;
    let mode = 0, date = 0;
    if (m !== undefined && m !== null) {
      if (m === 'draft') mode = 1; else if (m === 'complete') mode = 2; else return -1;
    }
    if (t !== undefined && t !== null) {
      if (typeof t !== 'string' || t.length !== 10) return -1;
      if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return -1;
      const d = (i) => { const c = t.charCodeAt(i) - 48; return c >= 0 && c <= 9 ? c : NaN; };
      const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
      const md = d(5) * 1000 + d(6) * 100 + d(8) * 10 + d(9);
      if (!(y >= 1000 && md >= 0)) return -1;
      date = y * 10000 + md;
    }
    return date * 4 + mode;
  } catch { return -1; }
}")]
extern "C" {
    /// The options of `Form.validate` in their usual shape, read in one call: `-1` where the
    /// object is anything else, else `yyyymmdd * 4 + mode` (mode 0 absent, 1 draft,
    /// 2 complete; date 0 absent).
    fn plain_validate_options(value: &JsValue) -> f64;
}

impl ValidateOptions {
    /// `mode` and `today` of a plain options object (only known keys, a mode word, a date
    /// `YYYY-MM-DD` that exists), in one call across the boundary instead of one per key:
    /// `Form.validate` runs once per answer set. `None` for anything else, which
    /// [`ValidateOptions::read`] then reads and reports exactly as always.
    pub(crate) fn read_plain(value: &JsValue) -> Option<(Option<Mode>, Option<Date>)> {
        let packed = plain_validate_options(value);
        if !(0.0..=4.0e8).contains(&packed) || packed.fract() != 0.0 {
            return None;
        }
        let packed = packed as u32;
        let mode = match packed % 4 {
            0 => None,
            1 => Some(Mode::Draft),
            2 => Some(Mode::Complete),
            _ => return None,
        };
        let date = packed / 4;
        let today = match date {
            0 => None,
            _ => Some(Date::from_ymd(
                i32::try_from(date / 10000).ok()?,
                date / 100 % 100,
                date % 100,
            )?),
        };
        Some((mode, today))
    }
}

/// Options of `new Form` and `lintDefinition`.
#[derive(Debug, Clone, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormOptions {
    /// Reading limits to raise (or lower) by name, e.g. `{ "pages": 300 }`; each up to its
    /// hard ceiling (names, defaults and ceilings: `monshin_core::limits`). An unknown name
    /// is `limit.unknown`, a value above the ceiling `limit.above-ceiling`.
    #[serde(default)]
    pub limits: Option<std::collections::BTreeMap<String, u64>>,
}

impl FormOptions {
    /// The keys the object may have.
    pub const KEYS: &'static [&'static str] = &["limits"];
}

/// The `{ limits }` options of `new Form` and `lintDefinition`: the default limits, raised by
/// name up to their ceilings.
pub(crate) fn form_limits(opts: Option<JsValue>) -> Result<Limits, JsValue> {
    let o = OptionsObject::new(&opts, "form options", FormOptions::KEYS)?;
    let mut limits = Limits::default();
    let Some(given) = o.get("limits") else {
        return Ok(limits);
    };
    if !given.is_object() {
        return Err(bad_option(
            "form options",
            "has limits that must be an object",
        ));
    }
    for name in js_sys::Object::keys(given.unchecked_ref::<js_sys::Object>()).iter() {
        let value = js_sys::Reflect::get(&given, &name)
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|n| n.fract() == 0.0 && (0.0..=9.0e15).contains(n))
            .ok_or_else(|| bad_option("form options", "has a limit that must be a whole number"))?;
        limits
            .raise(&name.as_string().unwrap_or_default(), value as u64)
            .map_err(|e| {
                throwable(&ErrorView::coded(
                    e.code(),
                    e.to_string(),
                    monshin_core::Location::default(),
                ))
            })?;
    }
    Ok(limits)
}

thread_local! {
    /// The option names as JS strings, made once: every call reads its options object, and
    /// a JS string made from Rust text is a `TextDecoder` call each time.
    static KEYS: std::cell::RefCell<Vec<(&'static str, JsValue)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `f` with the JS string of the option name `name`.
fn with_key<R>(name: &'static str, f: impl FnOnce(&JsValue) -> R) -> R {
    KEYS.with(|cell| {
        let Ok(mut keys) = cell.try_borrow_mut() else {
            return f(&JsValue::from_str(name));
        };
        if let Some((_, k)) = keys.iter().find(|(n, _)| *n == name) {
            return f(k);
        }
        let k = JsValue::from_str(name);
        let r = f(&k);
        keys.push((name, k));
        r
    })
}

/// A plain options object: `undefined` / `null` (all defaults) or an object with only the
/// `allowed` keys.
struct OptionsObject {
    object: Option<JsValue>,
    what: &'static str,
}

impl OptionsObject {
    fn new(
        value: &Option<JsValue>,
        what: &'static str,
        allowed: &[&'static str],
    ) -> Result<Self, JsValue> {
        let Some(value) = value.as_ref().filter(|v| !v.is_undefined() && !v.is_null()) else {
            return Ok(OptionsObject { object: None, what });
        };
        if !value.is_object() {
            return Err(bad_option(what, "must be an object"));
        }
        let keys = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>());
        for key in keys.iter() {
            // Compared as JS strings with the interned names: no copy of the key.
            if !allowed.iter().any(|name| with_key(name, |k| *k == key)) {
                // Which keys are accepted, never the key given.
                return Err(bad_option(
                    what,
                    &format!("has an unknown field (accepted: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(OptionsObject {
            object: Some(value.clone()),
            what,
        })
    }

    fn get(&self, key: &'static str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        let v = with_key(key, |k| js_sys::Reflect::get(object, k)).ok()?;
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    /// The field `key` converted by `read`, or `wasm.bad-option` saying it must be `kind`.
    fn typed<T>(
        &self,
        key: &'static str,
        kind: &'static str,
        read: impl FnOnce(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, JsValue> {
        self.get(key)
            .map(|v| read(&v).ok_or_else(|| bad_option(self.what, kind)))
            .transpose()
    }

    fn string(&self, key: &'static str) -> Result<Option<String>, JsValue> {
        self.typed(key, "has a field that must be a string", JsValue::as_string)
    }

    fn bool(&self, key: &'static str) -> Result<Option<bool>, JsValue> {
        self.typed(key, "has a field that must be a boolean", JsValue::as_bool)
    }

    fn u32(&self, key: &'static str) -> Result<Option<u32>, JsValue> {
        self.typed(key, "has a field that must be a whole number", |v| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                .map(|n| n as u32)
        })
    }

    fn mode(&self, key: &'static str) -> Result<Option<Mode>, JsValue> {
        self.string(key)?.map(|m| mode_name(&m)).transpose()
    }

    fn status(&self, key: &'static str) -> Result<Option<AnswerStatus>, JsValue> {
        self.string(key)?
            .map(|s| match AnswerStatus::parse(&s) {
                Some(st @ (AnswerStatus::Draft | AnswerStatus::Answered)) => Ok(st),
                _ => Err(bad_option(
                    self.what,
                    "status must be draft or answered (下書き, 回答済み)",
                )),
            })
            .transpose()
    }
}

fn bad_option(what: &str, problem: &str) -> JsValue {
    throwable(&ErrorView::new(
        FindingCode::WasmBadOption,
        format!("{what} {problem}"),
    ))
}

/// `"draft"` or `"complete"`.
pub(crate) fn mode_name(text: &str) -> Result<Mode, JsValue> {
    match text {
        "draft" => Ok(Mode::Draft),
        "complete" => Ok(Mode::Complete),
        _ => Err(bad_option("mode", "must be \"draft\" or \"complete\"")),
    }
}

/// The validation date: `text` if given, else today's local date.
pub(crate) fn today(text: Option<&str>) -> Result<Date, JsValue> {
    match text {
        Some(t) => Date::parse(t).ok_or_else(|| {
            throwable(&ErrorView::new(
                FindingCode::WasmBadDate,
                "today must be a date YYYY-MM-DD",
            ))
        }),
        None => {
            // The engine reads no clock; the binding supplies the local date.
            let now = js_sys::Date::new_0();
            Date::from_ymd(
                i32::try_from(now.get_full_year()).unwrap_or(1970),
                now.get_month() + 1,
                now.get_date(),
            )
            .ok_or_else(|| {
                throwable(&ErrorView::new(
                    FindingCode::WasmBadDate,
                    "the local date is unusable",
                ))
            })
        }
    }
}
