//! Answer-set text into the module: `TextEncoder.encodeInto` writes the JS string's UTF-8
//! straight into a buffer the module keeps between calls.
//!
//! wasm-bindgen's own string passing (`&str` parameters, `JsValue::as_string`) copies the ASCII
//! prefix in a JS loop, allocates three bytes per UTF-16 unit and shrinks the allocation again,
//! on every call. `Form.validate` takes a document per call, so it uses this path instead
//! (measured in BENCHMARKS.md (h)). The output of `encodeInto` is well-formed UTF-8 (lone
//! surrogates become U+FFFD, as with wasm-bindgen's conversion), so the bytes read the same.

use std::cell::RefCell;

use js_sys::{JsString, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `TextEncoder` (node ≥ 11, every browser with WebAssembly).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &Uint8Array)
        -> EncodeResult;

    /// `{ read, written }` of `encodeInto`.
    type EncodeResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeResult) -> u32;
}

/// A buffer larger than this is given back after the call that needed it.
const KEEP_BYTES: usize = 1 << 20;

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
    static MEMORY: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Calls `f` with the UTF-8 bytes of `text`, or returns `None` when `text` cannot be encoded
/// (more than 4 GiB of UTF-8, which no limit of the engine lets through anyway).
pub(crate) fn with_utf8<R>(text: &JsString, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    // At most three UTF-8 bytes per UTF-16 unit.
    let room = usize::try_from(text.length()).ok()?.checked_mul(3)?;
    let room_u32 = u32::try_from(room).ok()?;
    BUFFER.with(|cell| {
        // Never re-entered (nothing calls back into JS meanwhile); a fresh buffer if it were.
        let mut fresh = Vec::new();
        let mut kept = cell.try_borrow_mut().ok();
        let buf: &mut Vec<u8> = kept.as_deref_mut().unwrap_or(&mut fresh);
        if buf.len() < room {
            // Zero-filled once per high-water mark, not per call.
            buf.resize(room, 0);
        }
        let offset = u32::try_from(buf.as_ptr() as usize).ok()?;
        let view = MEMORY
            .with(|m| Uint8Array::new_with_byte_offset_and_length(&m.buffer(), offset, room_u32));
        let written = ENCODER.with(|e| e.encode_into(text, &view).written());
        let written = usize::try_from(written).ok()?.min(room);
        let result = f(&buf[..written]);
        if buf.len() > KEEP_BYTES {
            *buf = Vec::new();
        }
        Some(result)
    })
}
