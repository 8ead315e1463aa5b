//! Fuzz target `json_execute`: the JSON door.
//! The body, its input format and its checks: `grassroots_fuzz::json_execute`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::json_execute(data));
