//! Opening a store as the global options ask.

use crate::args::Global;
use crate::exit::Outcome;
use crate::progress;
use grassroots_store::{Location, Store, StoreOptions};

/// The store's options: the campaign's name, the library's defaults for the rest.
pub fn options(global: &Global) -> StoreOptions {
    StoreOptions { campaign: global.campaign.clone(), ..StoreOptions::default() }
}

/// Opens the store at `text` (a path or a PostgreSQL connection string): restores its latest
/// snapshot and replays and verifies the records after it, with a spinner meanwhile.
///
/// # Errors
/// As [`Store::open`]: `NOT_A_CAMPAIGN_STORE`, `TAMPERED_LOG`, `STORAGE_UNAVAILABLE` …
pub fn open(text: &str, global: &Global) -> Outcome<Store> {
    let spinner = progress::spinner("打开 opening the store");
    let store = Store::open(&Location::parse(text), options(global));
    spinner.finish_and_clear();
    Ok(store?)
}
