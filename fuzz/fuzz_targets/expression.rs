//! Fuzz target `expression`: see `monshin_fuzz::expression` (fuzz/src/lib.rs) for what it checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    monshin_fuzz::expression(data);
});
