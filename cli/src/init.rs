//! `init`: creates a campaign store, and opens the campaign when asked.

use crate::args::{Global, InitArgs};
use crate::exit::{Failure, Outcome};
use crate::{actor, envelope, input, open, output};
use grassroots::organization::OpenCampaign;
use grassroots::{CampaignConfig, DivisionCode, ErrorCode};
use grassroots_store::{Location, Store};

/// Creates the store; with `--open` or `--config`, sends `openCampaign` too.
///
/// # Errors
/// `ALREADY_EXISTS` when the store holds the campaign; `NOT_A_CAMPAIGN_STORE` for another kind of
/// file; a bad configuration's error (nothing is opened, the empty store stays).
pub fn run(args: &InitArgs, global: &Global) -> Outcome {
    // The configuration is read before anything is created, so a typo in its path leaves no store.
    let config = match &args.config {
        Some(path) => Some(config_of(&input::file(path)?)?),
        None if args.open => Some(CampaignConfig::dongfanghong_2022()),
        None => None,
    };
    let location = Location::parse(&args.store);
    let mut store = Store::create(&location, open::options(global))?;
    let mut out = output::stdout();
    let created = format!("已创建 created: campaign store \"{}\" at {location}", global.campaign);
    output::line(&mut out, "stdout", &created)?;
    let Some(config) = config else { return output::flush(&mut out, "stdout") };
    // The campaign has no sub-district yet: the actor acts in the one the configuration names.
    let subdistrict = DivisionCode::parse(&config.subdistrict.code, "config.subdistrict.code")?;
    let actor = actor::actor_with(global, Some(subdistrict))?;
    let at = actor::moment(global)?;
    let digest = serde_json::to_vec(&config).unwrap_or_default();
    let name = format!("{} {}", config.subdistrict.name, config.subdistrict.code);
    let command = OpenCampaign { config }.into();
    let stored = envelope::send(&mut store, &actor, at, envelope::id("open", &digest), None, command)?;
    output::line(&mut out, "stdout", &format!("已开启 opened: {name} ({})", envelope::seqs(&stored)))?;
    output::flush(&mut out, "stdout")
}

/// The `CampaignConfig` in a file's text.
fn config_of(bytes: &[u8]) -> Outcome<CampaignConfig> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Failure::core(ErrorCode::MalformedInput, "the configuration file is not UTF-8 text"))?;
    Ok(grassroots::wire::from_json(text)?)
}
