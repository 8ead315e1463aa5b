//! The sample campaign of 东方红街道, end to end: execute, replay, snapshot, then a readable summary
//! taken from queries.
//!
//! ```text
//! cargo run --release --example campaign
//! ```
//!
//! Exits with status 1 when a check fails (a refused sample command, a replay or restore that
//! differs from the live campaign, an unmasked view for a grid worker, …).

use grassroots::micro_grid::{LinkPair, MemberLinkage, MicroGridSpec};
use grassroots::organization::PartyOrgKind;
use grassroots::organization::Phase;
use grassroots::organization::ScheduleStatus;
use grassroots::people::Location;
use grassroots::people::PoliticalStatus;
use grassroots::people::{Counts, PersonView};
use grassroots::{
    Actor, Campaign, Command, CommandEnvelope, DivisionCode, ErrorCode, OrgLevel, Query, QueryResult, Role,
    SCHEMA_VERSION,
};
use grassroots_demo::{self as sample, SampleSpec};
use std::time::Instant;

/// Collects failed checks; the process exits non-zero when there are any.
#[derive(Default)]
struct Checks {
    failed: Vec<String>,
}

impl Checks {
    fn check(&mut self, ok: bool, what: &str) -> &'static str {
        if !ok {
            self.failed.push(what.to_string());
        }
        if ok { "✓" } else { "✗ FAILED" }
    }
}

fn main() {
    let mut checks = Checks::default();
    let spec = SampleSpec::default();
    let admin = sample::administrator();

    // Execute every command of the sample.
    let envelopes = sample::commands(&spec);
    let count = envelopes.len();
    let mut campaign = Campaign::new();
    let started = Instant::now();
    let mut refused = 0;
    for envelope in envelopes {
        let id = envelope.command_id.clone();
        if let Err(e) = campaign.execute(envelope) {
            refused += 1;
            eprintln!("command {id} refused: {} {}", e.code.as_str(), e.message);
        }
    }
    let executed = started.elapsed();
    checks.check(refused == 0, "every sample command is accepted");
    let head = campaign.head();

    // Replay the log; snapshot and restore.
    let records = campaign.records_since(0).to_vec();
    let started = Instant::now();
    let replayed = Campaign::replay(records);
    let replay_time = started.elapsed();
    let replay_ok = replayed.as_ref().is_ok_and(|r| *r == campaign);
    let snapshot = campaign.snapshot_json();
    let restored = Campaign::restore_json(&snapshot);
    let restore_ok = restored.as_ref().is_ok_and(|r| *r == campaign && r.head() == head);

    println!("grassroots {} · 样例专项行动 sample campaign (seed {})", grassroots::VERSION, spec.seed);
    rule();
    line(
        "执行 executed",
        &format!(
            "{} commands → {} records in {:.0} ms ({} records/s) {}",
            thousands(count as u64),
            thousands(head.seq),
            executed.as_secs_f64() * 1e3,
            thousands((head.seq as f64 / executed.as_secs_f64()) as u64),
            checks.check(refused == 0, "")
        ),
    );
    line(
        "重放 replay",
        &format!(
            "{} records in {:.0} ms, equal to the live campaign {}",
            thousands(head.seq),
            replay_time.as_secs_f64() * 1e3,
            checks.check(replay_ok, "the replayed campaign equals the live one")
        ),
    );
    line(
        "快照 snapshot",
        &format!(
            "{:.1} MB of JSON, restored and equal {}",
            snapshot.len() as f64 / 1e6,
            checks.check(restore_ok, "the restored campaign equals the live one")
        ),
    );
    line("哈希头 head", &format!("#{} {}", head.seq, head.hash));

    // The summary, as the leading group's office sees it on 28 April.
    let day = "2022-04-28T18:00:00+08:00".parse().expect("a valid time");
    if let Ok(QueryResult::CampaignSummary(grassroots::people::CampaignSummaryResult {
        title,
        theme,
        subdistrict,
        current_phases,
        phases,
        counts,
        ..
    })) = campaign.query(&admin, &Query::CampaignSummary(grassroots::people::CampaignSummaryQuery { at: day }))
    {
        checks.check(counts.households as usize == spec.households, "the campaign holds every household");
        println!();
        println!("概况 summary, 2022-04-28");
        line("专项行动 campaign", &title);
        line("主题 theme", &theme);
        line("街道 sub-district", &format!("{} {}", subdistrict.name, subdistrict.code));
        let current: Vec<String> = phases
            .iter()
            .filter(|p| current_phases.contains(&p.phase))
            .map(|p| format!("{} {} (due {})", p.phase.label_zh(), phase_en(p.phase), p.due.format("%m-%d")))
            .collect();
        line("当前阶段 current phases", &current.join("、"));
        line(
            "村（社区） villages/communities",
            &format!(
                "{} ({} 村 villages, {} 社区 communities)",
                counts.villages + counts.communities,
                counts.villages,
                counts.communities
            ),
        );
        line("党组织 party organizations", &thousands(counts.party_organizations.into()));
        line(
            "人员 persons",
            &format!(
                "{}, of them {} 党员 party members, {} 重点人员 key persons",
                thousands(counts.persons.into()),
                thousands(counts.party_members.into()),
                thousands(counts.key_persons.into())
            ),
        );
        line(
            "住户 households",
            &format!(
                "{}, with {} 居民 residents ({:.1} per household)",
                thousands(counts.households.into()),
                thousands(counts.residents.into()),
                f64::from(counts.residents) / f64::from(counts.households.max(1))
            ),
        );
    } else {
        checks.check(false, "the campaign summary is answered");
    }

    // The leading group.
    if let Ok(QueryResult::LeadingGroup(grassroots::organization::LeadingGroupResult { group: Some(g) })) =
        campaign.query(&admin, &Query::LeadingGroup(grassroots::organization::LeadingGroupQuery {}))
    {
        println!();
        println!("领导小组 leading group");
        line("组长 leader", &g.leader.name);
        line("第一副组长 first deputy", &g.first_deputy.name);
        let deputies: Vec<String> = g
            .deputies
            .iter()
            .map(|d| if d.id == g.executive_deputy.id { format!("{}（常务）", d.name) } else { d.name.clone() })
            .collect();
        line("副组长 deputies", &deputies[..deputies.len().min(6)].join("、"));
        if deputies.len() > 6 {
            line("", &deputies[6..].join("、"));
        }
        line("办公室主任 office director", &g.office_director.name);
        let units: Vec<&str> = g.member_units.iter().map(|u| u.name.as_str()).collect();
        let branches = units.iter().filter(|u| u.ends_with("党总支")).count();
        let others: Vec<&str> = units.iter().copied().filter(|u| !u.ends_with("党总支")).collect();
        line("成员单位 member units", &others.join("、").replace("东方红街道", "街道"));
        line("", &format!("{branches} 个村（社区）党总支 village/community general branches"));
    } else {
        checks.check(false, "the leading group is set");
    }

    // Party organizations: secretaries and members, by unit.
    let organizations = match campaign
        .query(&admin, &Query::PartyOrganizations(grassroots::organization::PartyOrganizationsQuery {}))
    {
        Ok(QueryResult::PartyOrganizations(grassroots::organization::PartyOrganizationsResult { organizations })) => {
            organizations
        }
        _ => Vec::new(),
    };
    checks.check(organizations.iter().all(|o| o.secretary.is_some()), "every party organization has a secretary");
    let mut units =
        match campaign.query(&admin, &Query::OrgUnits(grassroots::organization::OrgUnitsQuery { level: None })) {
            Ok(QueryResult::OrgUnits(grassroots::organization::OrgUnitsResult { units })) => units,
            _ => Vec::new(),
        };
    units.retain(|u| matches!(u.level, OrgLevel::Village | OrgLevel::Community));
    println!();
    println!("村（社区） villages and communities");
    let widths = [14, 14, 10, 10, 10, 10];
    row(&["名称 name", "代码 code", "住户 hh", "居民 res", "党员 mem", "书记 secretary"], &widths);
    for u in &units {
        let counts = unit_counts(&campaign, u.code);
        let secretary = organizations
            .iter()
            .find(|o| o.unit == u.code && o.kind == PartyOrgKind::GeneralPartyBranch)
            .and_then(|o| o.secretary.as_ref())
            .map(|s| s.name.clone())
            .unwrap_or_default();
        row(
            &[
                &u.name,
                &u.code.to_string(),
                &thousands(counts.households.into()),
                &thousands(counts.residents.into()),
                &thousands(counts.party_members.into()),
                &secretary,
            ],
            &widths,
        );
    }
    println!();
    println!("街道党组织 the sub-district's own organizations");
    for o in organizations.iter().filter(|o| !o.kind.attaches_to_village_or_community()) {
        let secretary = o.secretary.as_ref().map(|s| s.name.as_str()).unwrap_or("—");
        row(
            &[o.kind.label_zh(), &format!("书记 {secretary}"), &format!("{} 名党员 members", o.members)],
            &[22, 16, 16],
        );
    }

    // The schedule on 28 April.
    if let Ok(QueryResult::ScheduleStatus(grassroots::organization::ScheduleStatusResult {
        items,
        done,
        overdue,
        at_risk,
        on_track,
        ..
    })) = campaign.query(
        &admin,
        &Query::ScheduleStatus(grassroots::organization::ScheduleStatusQuery { at: day, at_risk_days: None }),
    ) {
        println!();
        println!(
            "实施计划 schedule on 2022-04-28: {done} 已完成 done · {at_risk} 临期 at risk · {on_track} 按期 on track · {overdue} 逾期 overdue"
        );
        for line in &items {
            let status = match line.status {
                ScheduleStatus::Done => "已完成 done",
                ScheduleStatus::Overdue => "逾期 overdue",
                ScheduleStatus::AtRisk => "临期 at risk",
                ScheduleStatus::OnTrack => "按期 on track",
            };
            row(
                &[&line.item.due.format("%m-%d").to_string(), status, &clip(&line.item.task, 44), &line.item.owner],
                &[7, 15, 46, 18],
            );
        }
    } else {
        checks.check(false, "the schedule is answered");
    }

    // The door-knock survey: coverage by village and community, and the problem list.
    if let Ok(QueryResult::Coverage(grassroots::survey::CoverageResult { units: lines, total })) =
        campaign.query(&admin, &Query::Coverage(grassroots::survey::CoverageQuery { unit: None }))
    {
        println!();
        let share = |n: u32, of: u32| if of == 0 { 0.0 } else { 100.0 * f64::from(n) / f64::from(of) };
        println!(
            "敲门行动 door-knock survey: {} of {} households covered ({:.1}%), {} 未见面 attempted only, {} 未走访 not tried",
            thousands(total.covered.into()),
            thousands(total.households.into()),
            share(total.covered, total.households),
            total.attempted_only,
            total.not_tried
        );
        let widths = [14, 10, 16, 14, 14];
        row(&["名称 name", "住户 hh", "已覆盖 covered", "未见面 tried", "未走访 not yet"], &widths);
        for l in &lines {
            let c = l.counts;
            row(
                &[
                    &l.name,
                    &thousands(c.households.into()),
                    &format!("{:.1}%", share(c.covered, c.households)),
                    &c.attempted_only.to_string(),
                    &c.not_tried.to_string(),
                ],
                &widths,
            );
        }
        let summed = lines.iter().map(|l| l.counts.covered).sum::<u32>();
        checks.check(summed == total.covered && total.covered > 0, "coverage lines add up to the total");
    } else {
        checks.check(false, "the coverage is answered");
    }
    let missed_at = "2022-05-01T09:00:00+08:00".parse().expect("a valid time");
    if let Ok(QueryResult::NoHouseholdMissed(grassroots::survey::NoHouseholdMissedResult {
        missed, deadline, ..
    })) = campaign.query(
        &admin,
        &Query::NoHouseholdMissed(grassroots::survey::NoHouseholdMissedQuery { at: missed_at, unit: None }),
    ) {
        let deadline = deadline.map(|d| d.to_string()).unwrap_or_default();
        println!("  不漏一户 no household missed, deadline {deadline}: {missed} households still to visit");
    }
    if let Ok(QueryResult::ProblemList(grassroots::survey::ProblemListResult { units: problems })) =
        campaign.query(&admin, &Query::ProblemList(grassroots::survey::ProblemListQuery { unit: None }))
    {
        println!();
        println!("突出问题清单 problem list (findings by village and category)");
        for p in &problems {
            let by_category: Vec<String> =
                p.categories.iter().map(|c| format!("{} {}", c.category.label_zh(), c.count)).collect();
            row(&[&p.name, &format!("{} 条 findings", p.total), &by_category.join("、")], &[14, 14, 60]);
        }
        checks.check(!problems.is_empty(), "the survey's findings feed the problem list");
    } else {
        checks.check(false, "the problem list is answered");
    }

    // One household, shown to the office (in full) and to a grid worker (masked).
    let community = units.iter().find(|u| u.level == OrgLevel::Community).map(|u| u.code);
    let other_community = units.iter().filter(|u| u.level == OrgLevel::Community).nth(1).map(|u| u.code);
    if let (Some(community), Some(other)) = (community, other_community) {
        let worker = sample::grid_worker(community);
        let household = household_to_show(&campaign, &admin, community);
        let full = view(&campaign, &admin, &household);
        let masked = view(&campaign, &worker, &household);
        if let (Some(full), Some(masked)) = (full, masked) {
            println!();
            println!("住户 household {} — 办公室 office (full) | 网格员 grid worker (masked)", full.id);
            let location = full.location.map(|Location { lat, lng }| format!("{lat:.6}, {lng:.6}")).unwrap_or_default();
            let place = full.key_place.map(|p| format!(" · 重点部位 {}", p.label_zh())).unwrap_or_default();
            line("地址 address", &format!("{} · {}{place}", full.address, location));
            for (f, m) in full.residents.iter().zip(&masked.residents) {
                let text = format!(
                    "  {} {} {} | {} {}{}",
                    pad(&f.name, 8),
                    pad(f.id_number.as_deref().unwrap_or("—"), 18),
                    pad(f.mobile.as_deref().unwrap_or("—"), 11),
                    pad(m.id_number.as_deref().unwrap_or("—"), 18),
                    pad(m.mobile.as_deref().unwrap_or("—"), 11),
                    status_note(f)
                );
                println!("{}", text.trim_end());
            }
            let masked_ok = masked.residents.iter().all(|p| {
                p.masked
                    && p.key_person_tags.is_none()
                    && p.id_number.as_deref().is_none_or(|n| n.contains('*'))
                    && p.mobile.as_deref().is_none_or(|n| n.contains('*'))
            });
            let full_ok =
                full.residents.iter().all(|p| !p.masked && p.id_number.as_deref().is_some_and(|n| !n.contains('*')));
            checks.check(masked_ok && full_ok && !full.residents.is_empty(), "the grid worker sees masked data only");
        } else {
            checks.check(false, "the household is shown");
        }

        // A refused command: the grid worker registers a household in another community.
        let before = campaign.head();
        let refused = campaign.execute(CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: "demo-out-of-scope".into(),
            actor: worker.clone(),
            at: "2022-04-28T19:00:00+08:00".parse().expect("a valid time"),
            expected_seq: None,
            command: Command::RegisterHousehold(grassroots::people::RegisterHousehold {
                id: "H-demo".into(),
                address: "隔壁社区1栋1单元101".into(),
                unit: other.to_string(),
                building: None,
                location: None,
                key_place: None,
            }),
        });
        println!();
        println!("拒绝 refused: 网格员 grid worker `{}` registers a household in {other}", worker.id);
        match refused {
            Err(e) => {
                println!("  {} ({}): {}", e.code.as_str(), e.code.number(), e.message);
                checks.check(e.code == ErrorCode::OutOfScope, "the command is refused with OUT_OF_SCOPE");
            }
            Ok(_) => {
                println!("  accepted?!");
                checks.check(false, "the command is refused");
            }
        }
        let after = campaign.head();
        println!(
            "  head before #{} = after #{} {}",
            before.seq,
            after.seq,
            checks.check(before == after, "a refused command leaves the head where it was")
        );
    } else {
        checks.check(false, "the sample has two communities");
    }

    micro_grids(&mut campaign, &units, &mut checks);

    rule();
    if checks.failed.is_empty() {
        println!("all checks passed 全部检查通过");
    } else {
        for f in &checks.failed {
            println!("FAILED: {f}");
        }
        std::process::exit(1);
    }
}

/// Micro-grids (微网格 + 党员联户): each village's and community's cadre qualifies its full party
/// members for key persons, asks for a link plan and adopts it; then a member leaves and the
/// community re-plans, keeping every link it can.
fn micro_grids(campaign: &mut Campaign, units: &[grassroots::organization::OrgUnit], checks: &mut Checks) {
    let at: chrono::DateTime<chrono::FixedOffset> = "2022-04-29T09:00:00+08:00".parse().expect("a valid time");
    let mut next = 0;
    let mut run = |campaign: &mut Campaign, actor: &Actor, command: Command, expected_seq: Option<u64>| {
        next += 1;
        campaign.execute(CommandEnvelope {
            schema_version: SCHEMA_VERSION,
            command_id: format!("demo-micro-grid-{next}"),
            actor: actor.clone(),
            at,
            expected_seq,
            command,
        })
    };
    println!();
    println!("微网格 党员联户 member–household links (nearby, convenient, familiar · 10–15 households each)");
    let widths = [14, 8, 12, 12, 11, 10, 12, 9, 12];
    row(
        &[
            "名称 name",
            "住户 hh",
            "党员 members",
            "总距离 total",
            "平均 mean",
            "最远 max",
            "拆楼 split",
            "用时 ms",
            "解 solution",
        ],
        &widths,
    );
    let mut adopted = 0;
    for u in units {
        let cadre = sample::unit_cadre(u.code);
        let members: Vec<String> = campaign
            .state()
            .people
            .persons
            .iter()
            .filter(|p| p.political_status == PoliticalStatus::PartyMember && p.unit == u.code && p.household.is_some())
            .map(|p| p.id.clone())
            .collect();
        for m in members {
            let linkage = MemberLinkage { qualified_for_key_persons: true, ..MemberLinkage::default() };
            let set = run(
                campaign,
                &cadre,
                Command::SetMemberLinkage(grassroots::micro_grid::SetMemberLinkage { person: m, linkage }),
                None,
            );
            checks.check(set.is_ok(), "members are qualified for key persons");
        }
        let started = Instant::now();
        let query = Query::ProposeLinkPlan(grassroots::micro_grid::ProposeLinkPlanQuery {
            unit: Some(u.code.to_string()),
            count: None,
            seed: None,
        });
        let Ok(QueryResult::LinkPlanProposal(grassroots::micro_grid::LinkPlanProposalResult { proposal })) =
            campaign.query(&cadre, &query)
        else {
            checks.check(false, "a link plan is proposed");
            continue;
        };
        let ms = started.elapsed().as_secs_f64() * 1e3;
        let Some(t) = proposal.totals.clone() else {
            println!("  {}: no plan: {:?}", u.name, proposal.shortfalls);
            continue;
        };
        let links: Vec<LinkPair> = proposal
            .links
            .iter()
            .map(|l| LinkPair { household: l.household.clone(), member: l.member.clone() })
            .collect();
        let households = links.len();
        let adopt =
            Command::AdoptLinkPlan(grassroots::micro_grid::AdoptLinkPlan { unit: Some(u.code.to_string()), links });
        adopted += usize::from(run(campaign, &cadre, adopt, Some(proposal.based_on_seq)).is_ok());
        let available = t.members_used as usize + proposal.unused_members.len();
        let mode = if proposal.optimal {
            "最优 optimal".to_string()
        } else {
            let bound = proposal.lower_bound_m.unwrap_or(0.0);
            format!("gap {:.1}%", 100.0 * (t.distance_m - bound) / bound.max(1e-9))
        };
        row(
            &[
                &u.name,
                &thousands(households as u64),
                &format!("{}/{}", t.members_used, available),
                &format!("{:.1} km", t.distance_m / 1e3),
                &format!("{:.0} m", t.distance_m / households.max(1) as f64),
                &format!("{:.0} m", t.max_distance_m),
                &format!("{}/{}", t.buildings_split, t.buildings_shared),
                &format!("{ms:.0}"),
                &mode,
            ],
            &widths,
        );
    }
    checks.check(adopted == units.len(), "every village and community adopts a link plan");

    // The first community's members form micro-grids of six, north to south, each led by its first
    // member; the survey's coverage is then counted per micro-grid.
    if let Some(u) = units.iter().find(|u| u.level == OrgLevel::Community) {
        let cadre = sample::unit_cadre(u.code);
        let state = campaign.state();
        let mut members: Vec<(f64, String)> = state
            .micro_grids
            .links
            .values()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter_map(|m| {
                let p = state.people.persons.get(m)?;
                let h = state.people.households.get(p.household.as_deref()?)?;
                (h.unit == u.code).then(|| (-h.location.map_or(0.0, |l| l.lat), m.clone()))
            })
            .collect();
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let mut established = 0;
        for (k, chunk) in members.chunks(6).enumerate() {
            let grid = MicroGridSpec {
                id: format!("{}-g{:02}", u.code, k + 1),
                unit: u.code.to_string(),
                name: format!("{}第{}网格", u.name, k + 1),
                leader: chunk[0].1.clone(),
                members: chunk.iter().map(|(_, m)| m.clone()).collect(),
                contact_channel: Some(format!("{}第{}网格微信群", u.name, k + 1)),
            };
            established += usize::from(
                run(
                    campaign,
                    &cadre,
                    Command::EstablishMicroGrid(grassroots::micro_grid::EstablishMicroGrid { grid }),
                    None,
                )
                .is_ok(),
            );
        }
        checks.check(established == members.chunks(6).count(), "the micro-grids are established");
        if let Ok(QueryResult::MicroGridCoverage(grassroots::micro_grid::MicroGridCoverageResult {
            grids,
            outside_grids,
        })) = campaign.query(
            &cadre,
            &Query::MicroGridCoverage(grassroots::micro_grid::MicroGridCoverageQuery {
                unit: Some(u.code.to_string()),
            }),
        ) {
            println!("  {} 微网格敲门覆盖 door-knock coverage per micro-grid", u.name);
            let cells: Vec<String> = grids
                .iter()
                .map(|g| {
                    format!("{} {}/{}", g.grid.rsplit('-').next().unwrap_or(""), g.counts.covered, g.counts.households)
                })
                .collect();
            for chunk in cells.chunks(6) {
                println!("    {}", chunk.join("  "));
            }
            let total: u32 = grids.iter().map(|g| g.counts.households).sum::<u32>() + outside_grids.households;
            let in_unit = campaign.state().people.households.iter().filter(|h| h.unit == u.code).count();
            checks.check(
                outside_grids.households == 0 && total as usize == in_unit,
                "every household of the community is in a micro-grid",
            );
        } else {
            checks.check(false, "coverage per micro-grid is answered");
        }
    }

    // A member of the first community moves away; the re-plan keeps every other link.
    let Some(u) = units.iter().find(|u| u.level == OrgLevel::Community) else { return };
    let cadre = sample::unit_cadre(u.code);
    let state = campaign.state();
    let leaving = state.micro_grids.links.values().next().cloned();
    let Some(leaving) = leaving else { return };
    let theirs = state.micro_grids.links.values().filter(|m| **m == leaving).count();
    let left = MemberLinkage { available: false, ..MemberLinkage::default() };
    checks.check(
        run(
            campaign,
            &cadre,
            Command::SetMemberLinkage(grassroots::micro_grid::SetMemberLinkage {
                person: leaving.clone(),
                linkage: left,
            }),
            None,
        )
        .is_ok(),
        "a member leaves",
    );
    let violations = match campaign.query(
        &cadre,
        &Query::LinkageViolations(grassroots::micro_grid::LinkageViolationsQuery { unit: Some(u.code.to_string()) }),
    ) {
        Ok(QueryResult::LinkageViolations(grassroots::micro_grid::LinkageViolationsResult { violations, .. })) => {
            violations.len()
        }
        _ => 0,
    };
    let query = Query::ProposeLinkPlan(grassroots::micro_grid::ProposeLinkPlanQuery {
        unit: Some(u.code.to_string()),
        count: None,
        seed: None,
    });
    if let Ok(QueryResult::LinkPlanProposal(grassroots::micro_grid::LinkPlanProposalResult { proposal })) =
        campaign.query(&cadre, &query)
        && let Some(t) = &proposal.totals
    {
        println!(
            "  {}: member {leaving} leaves ({theirs} households, {violations} violations) → re-plan moves {} households, keeps {} {}",
            u.name,
            t.moved,
            t.kept,
            checks.check(t.moved as usize >= theirs && t.kept > 0, "the re-plan keeps the other links")
        );
        let links = proposal
            .links
            .iter()
            .map(|l| LinkPair { household: l.household.clone(), member: l.member.clone() })
            .collect();
        let adopt =
            Command::AdoptLinkPlan(grassroots::micro_grid::AdoptLinkPlan { unit: Some(u.code.to_string()), links });
        checks.check(run(campaign, &cadre, adopt, Some(proposal.based_on_seq)).is_ok(), "the re-plan is adopted");
        let left = match campaign.query(
            &cadre,
            &Query::LinkageViolations(grassroots::micro_grid::LinkageViolationsQuery {
                unit: Some(u.code.to_string()),
            }),
        ) {
            Ok(QueryResult::LinkageViolations(grassroots::micro_grid::LinkageViolationsResult {
                violations, ..
            })) => violations.len(),
            _ => usize::MAX,
        };
        checks.check(left == 0, "no violation is left after the re-plan");
    } else {
        checks.check(false, "the re-plan is proposed");
    }
}

fn phase_en(phase: Phase) -> &'static str {
    match phase {
        Phase::Survey => "survey",
        Phase::Rectification => "rectification",
        Phase::Acceptance => "acceptance",
    }
}

/// The counts of one unit: asked by an inspector scoped to it.
fn unit_counts(campaign: &Campaign, unit: DivisionCode) -> Counts {
    let inspector = Actor { id: format!("inspector-{unit}"), role: Role::Inspector, scope: unit };
    let at = "2022-04-28T18:00:00+08:00".parse().expect("a valid time");
    match campaign.query(&inspector, &Query::CampaignSummary(grassroots::people::CampaignSummaryQuery { at })) {
        Ok(QueryResult::CampaignSummary(grassroots::people::CampaignSummaryResult { counts, .. })) => counts,
        _ => Counts::default(),
    }
}

/// The first household of `unit` with at least three residents, one of them a party member (or
/// else the first household at all).
fn household_to_show(campaign: &Campaign, admin: &Actor, unit: DivisionCode) -> String {
    let query = Query::Households(grassroots::people::HouseholdsQuery {
        unit: Some(unit.to_string()),
        after: None,
        limit: Some(200),
    });
    let Ok(QueryResult::Households(grassroots::people::HouseholdsResult { households, .. })) =
        campaign.query(admin, &query)
    else {
        return String::new();
    };
    let with_member = households.iter().filter(|h| h.residents >= 3).find(|h| {
        view(campaign, admin, &h.id).is_some_and(|v| v.residents.iter().any(|p| p.political_status.is_party_member()))
    });
    with_member.or(households.first()).map(|h| h.id.clone()).unwrap_or_default()
}

fn view(campaign: &Campaign, actor: &Actor, id: &str) -> Option<grassroots::people::HouseholdView> {
    match campaign.query(actor, &Query::Household(grassroots::people::HouseholdQuery { id: id.to_string() })) {
        Ok(QueryResult::Household(grassroots::people::HouseholdResult { household })) => Some(household),
        _ => None,
    }
}

fn status_note(p: &PersonView) -> String {
    let mut notes = Vec::new();
    if p.political_status.is_party_member() {
        notes.push("党员".to_string());
    }
    if let Some(tags) = p.key_person_tags.filter(|t| !t.is_empty()) {
        notes.push(format!("重点人员 {}", tags.iter().map(|t| t.label_zh()).collect::<Vec<_>>().join("、")));
    }
    if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) }
}

// ---------------------------------------------------------------------------------------------
// Layout

fn rule() {
    println!("{}", "─".repeat(78));
}

/// A label padded to a column, then the value.
fn line(label: &str, value: &str) {
    println!("  {} {value}", pad(label, 31));
}

fn row(cells: &[&str], widths: &[usize]) {
    let mut out = String::from("  ");
    for (cell, &w) in cells.iter().zip(widths) {
        out.push_str(&pad(cell, w));
        out.push(' ');
    }
    println!("{}", out.trim_end());
}

/// Display width: East Asian wide characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Cuts `s` to at most `w` columns, marking the cut with `…`.
fn clip(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(&c.to_string()) > w - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
