//! Fuzz target: see `codecision_fuzz::ep_api` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| codecision_fuzz::ep_api(data));
