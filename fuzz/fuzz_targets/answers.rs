//! Fuzz target `answers`: see `monshin_fuzz::answers` (fuzz/src/lib.rs) for what it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    monshin_fuzz::answers(data);
});
