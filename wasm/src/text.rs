//! JSON documents into the module (answer sets, PMH responses, catalogues), given as JSON text
//! or as objects: `TextEncoder.encodeInto` writes the JS string's UTF-8 straight into a buffer
//! the module keeps between calls; objects are `JSON.stringify`-ed first.
//!
//! wasm-bindgen's own string passing (`&str` parameters, `JsValue::as_string`) copies the ASCII
//! prefix in a JS loop, allocates three bytes per UTF-16 unit and shrinks the allocation again,
//! on every call; this path makes three calls across the boundary and no allocation once the
//! buffer has grown (measured in BENCHMARKS.md (h)). The output of `encodeInto` is well-formed UTF-8 (lone
//! surrogates become U+FFFD, as with wasm-bindgen's conversion), so the bytes read the same.

use std::cell::RefCell;

use js_sys::JsString;
use monshin_core::FindingCode;
use wasm_bindgen::prelude::*;

use crate::api::throwable;
use crate::dto::ErrorView;

#[wasm_bindgen(inline_js = "const encoder = new TextEncoder();
export function json_text(value) {
  if (typeof value === 'string') return value;
  try { return JSON.stringify(value) ?? ''; } catch { return ''; }
}
let view = new Uint8Array(0);
export function encode_into(text, memory, offset, room) {
  if (view.buffer !== memory.buffer || view.byteOffset !== offset || view.length !== room) {
    view = new Uint8Array(memory.buffer, offset, room);
  }
  return encoder.encodeInto(text, view).written;
}")]
extern "C" {
    /// The JSON text of `value`: a string as it is, anything else through `JSON.stringify`
    /// (the empty text, which does not parse, where that gives nothing or throws).
    fn json_text(value: &JsValue) -> JsString;
    /// `TextEncoder.encodeInto` of `text` into `room` bytes of the module's memory at `offset`;
    /// the number of bytes written. One call across the boundary; the view of the memory is
    /// made again only when the buffer moved, grew or the memory grew.
    fn encode_into(text: &JsString, memory: &JsValue, offset: u32, room: u32) -> u32;
}

/// A buffer larger than this is given back after the call that needed it.
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Calls `f` with the UTF-8 bytes of `text`; false when `text` cannot be encoded (more than
/// 4 GiB of UTF-8, which no limit of the engine lets through anyway). Not generic: one copy in
/// the module whatever the callers read.
fn with_utf8(text: &JsString, f: &mut dyn FnMut(&[u8])) -> bool {
    // At most three UTF-8 bytes per UTF-16 unit.
    let Some(room) = usize::try_from(text.length())
        .ok()
        .and_then(|n| n.checked_mul(3))
    else {
        return false;
    };
    BUFFER.with(|cell| {
        // Never re-entered (nothing calls back into JS meanwhile); a fresh buffer if it were.
        let mut fresh = Vec::new();
        let mut kept = cell.try_borrow_mut().ok();
        let buf: &mut Vec<u8> = kept.as_deref_mut().unwrap_or(&mut fresh);
        if buf.len() < room {
            // Zero-filled once per high-water mark, not per call.
            buf.resize(room, 0);
        }
        let Ok(offset) = u32::try_from(buf.as_ptr() as usize) else {
            return false;
        };
        // The whole kept buffer (at least `room`): the same view serves every call until
        // the buffer grows.
        let Ok(whole) = u32::try_from(buf.len()) else {
            return false;
        };
        let written = encode_into(text, &wasm_bindgen::memory(), offset, whole);
        let written = usize::try_from(written).map_or(room, |w| w.min(room));
        f(&buf[..written]);
        if buf.len() > KEEP_BYTES {
            *buf = Vec::new();
        }
        true
    })
}

/// Calls `read` with the UTF-8 bytes of the JSON document `value` (text, or an object that
/// `JSON.stringify` writes). The one way documents enter the module.
pub(crate) fn read_json<R>(
    value: &JsValue,
    read: impl FnOnce(&[u8]) -> Result<R, JsValue>,
) -> Result<R, JsValue> {
    let mut read = Some(read);
    let mut result = None;
    with_utf8(&json_text(value), &mut |bytes| {
        result = read.take().map(|r| r(bytes));
    });
    result.unwrap_or_else(|| {
        Err(throwable(&ErrorView::new(
            FindingCode::WasmInternal,
            "the document is too long to read",
        )))
    })
}
