//! Fuzz target: see `codecision_fuzz::parltrack` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codecision_fuzz::parltrack(data));
