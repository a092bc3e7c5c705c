//! Fuzz target: see `codecision_fuzz::register_load` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codecision_fuzz::register_load(data));
