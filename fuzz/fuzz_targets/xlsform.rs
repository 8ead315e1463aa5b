//! Fuzz target `xlsform`: questionnaire import.
//! The body, its input format and its checks: `grassroots_fuzz::xlsform`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::xlsform(data));
