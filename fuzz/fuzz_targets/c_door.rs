//! Fuzz target `c_door`: the C door.
//! The body, its input format and its checks: `grassroots_fuzz::c_door`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::c_door(data));
