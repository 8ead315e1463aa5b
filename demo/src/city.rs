//! Many sub-districts for a city: the sample moved to another sub-district code, and the whole
//! campaign (every phase the crate generates) played out in one go.

use super::SUBDISTRICT;
use grassroots::{Campaign, CommandEnvelope, DivisionCode};

/// The division code of the `index`-th generated sub-district of the city (from 0): `430104100000`,
/// `430104101000`, … (sub-district digits from 100 on, clear of the real 东方红街道's 017).
///
/// # Panics
/// When `index` is 900 or more (sub-district digits end at 999).
pub fn subdistrict_code(index: usize) -> DivisionCode {
    assert!(index < 900, "a district has only 900 sub-district codes from 100 on");
    super::code(&format!("{}{:03}000", &SUBDISTRICT[..6], 100 + index))
}

/// `envelopes` moved to sub-district `to`: every division code under the sample's sub-district
/// (`430104017…`) and every id made from one is rewritten under `to`, so that the same sample can be
/// run as many sub-districts of one city with distinct codes. The sample's ID and mobile numbers do
/// not hold the sub-district's nine digits (an ID number's region is six digits followed by a birth
/// date), so they are left as they are.
///
/// # Panics
/// When `to` is not a sub-district's code, or an envelope does not read back (it always does).
pub fn relocate(envelopes: &[CommandEnvelope], to: DivisionCode) -> Vec<CommandEnvelope> {
    assert_eq!(to.level(), Some(grassroots::OrgLevel::Subdistrict), "{to} is not a sub-district");
    let from = &SUBDISTRICT[..9];
    let to = to.to_string();
    let to = &to[..9];
    envelopes
        .iter()
        .map(|e| {
            let json = serde_json::to_string(e).expect("an envelope writes as JSON");
            serde_json::from_str(&json.replace(from, to)).expect("a relocated envelope reads back")
        })
        .collect()
}

/// Executes every envelope in order.
///
/// # Panics
/// When one is refused (the sample's commands never are).
fn run(campaign: &mut Campaign, envelopes: Vec<CommandEnvelope>) {
    for envelope in envelopes {
        let id = envelope.command_id.clone();
        if let Err(e) = campaign.execute(envelope) {
            panic!("sample command {id} was refused: {} {}", e.code.as_str(), e.message);
        }
    }
}

/// The whole sample campaign of `spec` in sub-district `subdistrict` (the real 东方红街道 when
/// `None`): the survey, the problem loop, the look-back, the determination, rectification,
/// supervision and acceptance, each phase generated from the state the one before left, as the
/// campaign example plays them (its micro-grids, planned there, are left out).
///
/// # Panics
/// When a sample command is refused (it never is).
pub fn full_campaign(spec: &super::SampleSpec, subdistrict: Option<DivisionCode>) -> Campaign {
    let moved = |envelopes: Vec<CommandEnvelope>| match subdistrict {
        Some(to) => relocate(&envelopes, to),
        None => envelopes,
    };
    let mut campaign = Campaign::new();
    run(&mut campaign, moved(super::commands(spec)));
    type Phase = fn(&grassroots::State, u64) -> Vec<CommandEnvelope>;
    let phases: [Phase; 6] = [
        super::problem_loop,
        super::look_back,
        super::determination,
        super::rectification,
        super::oversight,
        super::acceptance,
    ];
    for phase in phases {
        let envelopes = phase(campaign.state(), spec.seed);
        run(&mut campaign, moved(envelopes));
    }
    campaign
}
