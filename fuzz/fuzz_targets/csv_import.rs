//! Fuzz target `csv_import`: the `importCsv` command.
//! The body, its input format and its checks: `grassroots_fuzz::csv_import`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| grassroots_fuzz::csv_import(data));
