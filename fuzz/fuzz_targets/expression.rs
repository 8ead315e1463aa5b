//! Fuzz target `expression`: the expression language of `relevant`, `constraint` and `choice_filter`.
//! The body, its input format and its checks: `grassroots_fuzz::expression`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::expression(data));
