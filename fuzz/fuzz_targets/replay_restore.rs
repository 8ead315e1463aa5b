//! Fuzz target `replay_restore`: `Campaign::replay_json` and `Campaign::restore_json` on the same text.
//! The body, its input format and its checks: `grassroots_fuzz::replay_restore`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::replay_restore(data));
