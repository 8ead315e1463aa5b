//! `plan`: asks the planner for a member–household link plan (`proposeLinkPlan`), prints what it
//! proposes, and with `--adopt` sends the links back as `adoptLinkPlan`, with the proposal's
//! `basedOnSeq` as `expectedSeq`, so that a plan made from a state that changed since is refused
//! (`CONFLICT`) rather than adopted blindly (docs/MICRO-GRIDS.md).

use crate::args::{Global, PlanArgs};
use crate::exit::{Failure, Outcome};
use crate::figures::{distance, pad, share, thousands};
use crate::{actor, envelope, open, output, progress};
use grassroots::micro_grid::{AdoptLinkPlan, LinkPair, LinkPlanProposal, LinkPlanProposalResult, ProposeLinkPlanQuery};
use grassroots::{Error, ErrorCode, Query, QueryResult};
use grassroots_store::Store;
use serde_json::Value;
use std::io::Write;

/// Proposes, prints, and adopts when asked.
///
/// # Errors
/// The library's refusal of the query or of the adoption (`CONFLICT` when the campaign moved since
/// the proposal); `RULE_VIOLATED` (rule `microGrid.planFeasible`) with `--adopt` when no plan links
/// every household: the shortfalls are printed and nothing is sent.
pub fn run(args: &PlanArgs, global: &Global) -> Outcome {
    let mut store = open::open(&args.store, global)?;
    let actor = actor::actor(global, &store)?;
    let query =
        Query::ProposeLinkPlan(ProposeLinkPlanQuery { unit: args.unit.clone(), count: args.count, seed: args.seed });
    let spinner = progress::spinner("规划 planning");
    let answer = store.query(&actor, &query);
    spinner.finish_and_clear();
    let QueryResult::LinkPlanProposal(LinkPlanProposalResult { proposal }) = answer? else {
        return Err(Failure::core(ErrorCode::MalformedInput, "the planner answered something else than a proposal"));
    };
    let mut out = output::stdout();
    summary(&mut out, &store, &proposal)?;
    if !args.adopt {
        return output::flush(&mut out, "stdout");
    }
    if !proposal.shortfalls.is_empty() {
        output::flush(&mut out, "stdout")?;
        return Err(Error::rule(
            "microGrid.planFeasible",
            "no plan links every household (the shortfalls above say what to add and where): nothing was adopted",
        )
        .into());
    }
    let links: Vec<LinkPair> =
        proposal.links.iter().map(|l| LinkPair { household: l.household.clone(), member: l.member.clone() }).collect();
    let digest = serde_json::to_vec(&links).unwrap_or_default();
    let unit = args.unit.clone().unwrap_or_else(|| "all".to_string());
    let id = envelope::id(&format!("adopt-{unit}-{}", proposal.based_on_seq), &digest);
    let count = links.len() as u64;
    let command = AdoptLinkPlan { unit: args.unit.clone(), links }.into();
    let at = actor::moment(global)?;
    let spinner = progress::spinner("采纳 adopting");
    let stored = envelope::send(&mut store, &actor, at, id, Some(proposal.based_on_seq), command);
    spinner.finish_and_clear();
    let stored = stored?;
    let done = if stored.executed.retried { "已采纳过 already adopted" } else { "已采纳 adopted" };
    output::line(&mut out, "stdout", &format!("{done}: {} links ({})", thousands(count), envelope::seqs(&stored)))?;
    output::flush(&mut out, "stdout")
}

/// The proposal in a few lines.
fn summary(out: &mut dyn Write, store: &Store, p: &LinkPlanProposal) -> Outcome {
    let units = &store.campaign().state().organization.units;
    let names: Vec<String> = p
        .units
        .iter()
        .map(|u| units.get(u).map_or_else(|| u.to_string(), |unit| format!("{} {u}", unit.name)))
        .collect();
    let mut lines = vec![format!(
        "联户方案 link plan · {} (based on seq {})",
        if names.is_empty() { "—".to_string() } else { names.join("、") },
        p.based_on_seq
    )];
    let mut row = |label: &str, value: String| lines.push(format!("  {}{value}", pad(label, 26)));
    if let Some(t) = &p.totals {
        let households = p.links.len() as u64;
        let available = t.members_used + p.unused_members.len() as u64;
        row("住户 households linked", thousands(households));
        row(
            "党员 members used",
            format!(
                "{} of {} available ({} unused, {} without a location)",
                thousands(t.members_used),
                thousands(available),
                p.unused_members.len(),
                p.members_without_location.len()
            ),
        );
        row(
            "距离 distance",
            format!(
                "total {} · mean {} · max {}",
                distance(t.distance_m),
                distance(t.distance_m / households.max(1) as f64),
                distance(t.max_distance_m)
            ),
        );
        row("最近 nearest member", format!("{} of the links ({})", thousands(t.nearest), share(t.nearest, households)));
        row(
            "熟悉 familiar member",
            format!("{} of the links ({})", thousands(t.familiar), share(t.familiar, households)),
        );
        row(
            "拆楼 buildings split",
            format!("{} of {} buildings with several households", t.buildings_split, t.buildings_shared),
        );
        row("变化 changes", format!("{} kept · {} moved · {} linked anew", t.kept, t.moved, t.linked_anew));
        let solution = if p.optimal {
            "最优 optimal".to_string()
        } else {
            let bound = p.lower_bound_m.unwrap_or(0.0);
            format!(
                "gap {:.1}% over the lower bound {}",
                100.0 * (t.distance_m - bound) / bound.max(1e-9),
                distance(bound)
            )
        };
        row("解 solution", solution);
    }
    if !p.shortfalls.is_empty() {
        lines.push("  无法联户 no plan links every household:".to_string());
        for s in &p.shortfalls {
            lines.push(format!("    - {}", shortfall(&serde_json::to_value(s).unwrap_or_default())));
        }
    }
    for line in lines {
        output::line(out, "stdout", &line)?;
    }
    Ok(())
}

/// A shortfall as its kind and fields, `tooFewMembers: unit 430104017001, households 412 …`: the
/// library's words, so a new kind of shortfall prints without a change here. Lists (the key-person
/// households named to roles that may see them) are left out: a summary on a terminal is no place
/// for them, and their count is a field of its own.
fn shortfall(value: &Value) -> String {
    let Value::Object(fields) = value else { return value.to_string() };
    let kind = fields.get("kind").and_then(Value::as_str).unwrap_or("shortfall");
    let rest: Vec<String> = fields
        .iter()
        .filter(|(k, v)| k.as_str() != "kind" && !v.is_array())
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k} {s}"),
            other => format!("{k} {other}"),
        })
        .collect();
    format!("{kind}: {}", rest.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortfall_reads_as_its_fields() {
        let s =
            serde_json::json!({"kind": "tooFewMembers", "unit": "430104017001", "households": 412, "capacity": 300});
        let line = shortfall(&s);
        assert!(line.starts_with("tooFewMembers: "), "{line}");
        assert!(line.contains("unit 430104017001") && line.contains("households 412"), "{line}");
        assert!(!line.contains("h-1") && !line.contains("ids"), "{line}");
    }
}
