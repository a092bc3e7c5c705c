//! Fuzz target: see `codecision_fuzz::date` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codecision_fuzz::date(data));
