//! Fuzz target `reader`: see `monshin_fuzz::reader` (fuzz/src/lib.rs) for what it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    monshin_fuzz::reader(data);
});
