//! `report`: the queries a person reads, as Markdown tables (Chinese headings with English) or CSV.
//!
//! Every figure comes from a query of the library, asked as the global options' actor at `--at`
//! (default now): the tool adds no rule of its own, only the layout. With `--at` the output is the
//! same on every run over the same store.

use crate::args::{Format, Global, ReportArgs, ReportKind};
use crate::exit::{Failure, Outcome};
use crate::figures::{rate, share};
use crate::table::Table;
use crate::{actor, open, output};
use chrono::{DateTime, FixedOffset};
use grassroots::acceptance::{AcceptanceFunnelQuery, AcceptancesQuery, Tier};
use grassroots::oversight::{TimetableQuery, TimetableStatus};
use grassroots::people::CampaignSummaryQuery;
use grassroots::problem::ProblemSummaryQuery;
use grassroots::survey::{CoverageQuery, ProblemCategory, ProblemListQuery};
use grassroots::weak_and_lax::WeakAndLaxListQuery;
use grassroots::{Actor, ErrorCode, Query, QueryResult};
use grassroots_store::Store;
use serde::Serialize;

/// The reports `all` prints, in the order of the campaign.
const ALL: [ReportKind; 7] = [
    ReportKind::Summary,
    ReportKind::Coverage,
    ReportKind::Problems,
    ReportKind::Handling,
    ReportKind::Timetable,
    ReportKind::WeakAndLax,
    ReportKind::Acceptance,
];

/// What every report is asked with.
struct Ask<'a> {
    store: &'a mut Store,
    actor: Actor,
    at: DateTime<FixedOffset>,
    unit: Option<String>,
}

/// Asks `$query` as `Query::$variant` and answers the matching `QueryResult::$variant`.
macro_rules! ask {
    ($ask:expr, $variant:ident($query:expr)) => {
        match $ask.store.query(&$ask.actor, &Query::$variant($query))? {
            QueryResult::$variant(answer) => answer,
            _ => return Err(unexpected()),
        }
    };
}

/// Prints the report(s) asked for.
///
/// # Errors
/// `USAGE` for `all` as CSV (a CSV file holds one table); the library's refusal of a query
/// (`PERMISSION_DENIED` for a role that may not read an area …); storage failures.
pub fn run(args: &ReportArgs, global: &Global) -> Outcome {
    if args.format == Format::Csv && args.what == ReportKind::All {
        return Err(Failure::usage(
            "a CSV file holds one table: name the report (summary, coverage, problems, handling, timetable, \
             weak-and-lax or acceptance)",
        ));
    }
    let mut store = open::open(&args.store, global)?;
    let actor = actor::actor(global, &store)?;
    let at = actor::moment(global)?;
    let mut ask = Ask { store: &mut store, actor, at, unit: args.unit.clone() };
    let kinds: Vec<ReportKind> = if args.what == ReportKind::All { ALL.to_vec() } else { vec![args.what] };
    let mut out = output::stdout();
    if args.format == Format::Md {
        let summary = ask!(ask, CampaignSummary(CampaignSummaryQuery { at }));
        let head = ask.store.head();
        let title = format!(
            "# 专项行动报告 Campaign report · {} {}\n\n{} · 截至 as of {} · 哈希头 head #{} {}\n\n",
            summary.subdistrict.name,
            summary.subdistrict.code,
            summary.title,
            moment(at),
            head.seq,
            head.hash
        );
        output::text(&mut out, "stdout", &title)?;
    }
    for kind in kinds {
        let table = build(kind, &mut ask)?;
        match args.format {
            Format::Md => table.markdown(&mut out)?,
            Format::Csv => table.csv(&mut out)?,
        }
    }
    output::flush(&mut out, "stdout")
}

/// One report's table.
fn build(kind: ReportKind, ask: &mut Ask<'_>) -> Outcome<Table> {
    match kind {
        ReportKind::All => Err(unexpected()),
        ReportKind::Summary => summary(ask),
        ReportKind::Coverage => coverage(ask),
        ReportKind::Problems => problems(ask),
        ReportKind::Handling => handling(ask),
        ReportKind::Timetable => timetable(ask),
        ReportKind::WeakAndLax => weak_and_lax(ask),
        ReportKind::Acceptance => acceptance(ask),
    }
}

/// 概况: the campaign's summary, as items and values.
fn summary(ask: &mut Ask<'_>) -> Outcome<Table> {
    let s = ask!(ask, CampaignSummary(CampaignSummaryQuery { at: ask.at }));
    let mut t = Table::new("概况 Summary", &["项目 Item", "值 Value"]);
    let current: Vec<String> = s
        .phases
        .iter()
        .filter(|p| s.current_phases.contains(&p.phase))
        .map(|p| format!("{} {} (due {})", p.phase.label_zh(), wire(&p.phase), p.due))
        .collect();
    let c = s.counts;
    let rows: [(&str, String); 14] = [
        ("专项行动 Campaign", s.title.clone()),
        ("主题 Theme", s.theme.clone()),
        ("街道 Sub-district", format!("{} {}", s.subdistrict.name, s.subdistrict.code)),
        ("日期 Day", s.day.to_string()),
        ("当前阶段 Current phases", if current.is_empty() { "—".into() } else { current.join("、") }),
        ("村 Villages", c.villages.to_string()),
        ("社区 Communities", c.communities.to_string()),
        ("党组织 Party organizations", c.party_organizations.to_string()),
        ("人员 Persons", c.persons.to_string()),
        ("党员 Party members", c.party_members.to_string()),
        ("住户 Households", c.households.to_string()),
        ("居民 Residents", c.residents.to_string()),
        ("重点人员 Key persons", c.key_persons.to_string()),
        ("哈希头 Head", format!("#{} {}", s.head.seq, s.head.hash)),
    ];
    for (item, value) in rows {
        t.row(vec![item.to_string(), value]);
    }
    Ok(t)
}

/// 敲门行动覆盖: the door-knock survey's coverage per village and community.
fn coverage(ask: &mut Ask<'_>) -> Outcome<Table> {
    let r = ask!(ask, Coverage(CoverageQuery { unit: ask.unit.clone() }));
    let mut t = Table::new(
        "敲门行动覆盖 Door-knock survey coverage",
        &[
            "村（社区） Unit",
            "代码 Code",
            "住户 Households",
            "已覆盖 Covered",
            "覆盖率 Coverage",
            "未见面 Attempted only",
            "未走访 Not tried",
        ],
    );
    let line = |name: String, code: String, c: &grassroots::survey::CoverageCounts| {
        vec![
            name,
            code,
            c.households.to_string(),
            c.covered.to_string(),
            share(c.covered.into(), c.households.into()),
            c.attempted_only.to_string(),
            c.not_tried.to_string(),
        ]
    };
    for u in &r.units {
        t.row(line(u.name.clone(), u.unit.to_string(), &u.counts));
    }
    t.row(line("合计 Total".into(), String::new(), &r.total));
    Ok(t)
}

/// 突出问题清单: the survey's findings per village and community, by category.
fn problems(ask: &mut Ask<'_>) -> Outcome<Table> {
    let r = ask!(ask, ProblemList(ProblemListQuery { unit: ask.unit.clone() }));
    let mut headers = vec!["村（社区） Unit".to_string(), "代码 Code".to_string(), "合计 Total".to_string()];
    headers.extend(ProblemCategory::ALL.iter().map(|c| format!("{} {}", c.label_zh(), wire(c))));
    let mut t =
        Table { title: "突出问题清单 Problem list (survey findings)".into(), headers, ..Table::default() };
    for line in &r.units {
        let mut row = vec![line.name.clone(), line.unit.to_string(), line.total.to_string()];
        row.extend(
            ProblemCategory::ALL
                .iter()
                .map(|c| line.categories.iter().find(|x| x.category == *c).map_or(0, |x| x.count).to_string()),
        );
        t.row(row);
    }
    Ok(t)
}

/// 问题办理: the problem-handling loop per village and community.
fn handling(ask: &mut Ask<'_>) -> Outcome<Table> {
    let r = ask!(ask, ProblemSummary(ProblemSummaryQuery { at: ask.at, unit: ask.unit.clone() }));
    let mut t = Table::new(
        "问题办理 Problem handling",
        &[
            "村（社区） Unit",
            "代码 Code",
            "上报 Reported",
            "未办结 Open",
            "逾期 Overdue",
            "已办结 Closed",
            "按期办结率 On time",
            "满意率 Satisfaction",
        ],
    );
    let line = |name: String, code: String, f: &grassroots::problem::ProblemFigures| {
        vec![
            name,
            code,
            f.reported.to_string(),
            f.open.to_string(),
            f.overdue.to_string(),
            f.closed.to_string(),
            rate(f.on_time_rate),
            rate(f.satisfaction),
        ]
    };
    for u in &r.by_unit {
        t.row(line(u.name.clone(), u.unit.to_string(), &u.figures));
    }
    t.row(line("合计 Total".into(), String::new(), &r.total));
    Ok(t)
}

/// 实施计划表: the timetable of attachment 1, completed from what the state shows.
fn timetable(ask: &mut Ask<'_>) -> Outcome<Table> {
    let r = ask!(ask, Timetable(TimetableQuery { at: ask.at }));
    let mut t = Table::new(
        "实施计划表 Timetable",
        &["截止 Due", "编号 Id", "任务 Task", "责任 Owner", "阶段 Phase", "状态 Status", "完成于 Completed at"],
    );
    for line in &r.items {
        let i = &line.item;
        let phase = i.phase.map_or_else(String::new, |p| format!("{} {}", p.label_zh(), wire(&p)));
        let status = match line.status {
            TimetableStatus::Completed => "已完成 completed",
            TimetableStatus::ShownDone => "已达成 shown done",
            TimetableStatus::Open => "进行中 open",
            TimetableStatus::Overdue => "逾期 overdue",
        };
        t.row(vec![
            i.due.to_string(),
            i.id.clone(),
            i.task.clone(),
            i.owner.clone(),
            phase,
            status.to_string(),
            i.completed_at.map(moment).unwrap_or_default(),
        ]);
    }
    Ok(t)
}

/// 软弱涣散: the committee's decisions with the assessment each was made on, and the lists submitted.
fn weak_and_lax(ask: &mut Ask<'_>) -> Outcome<Table> {
    let r = ask!(ask, WeakAndLaxList(WeakAndLaxListQuery {}));
    let mut t = Table::new(
        "软弱涣散基层党组织 Weak-and-lax organizations",
        &[
            "党组织 Organization",
            "名称 Name",
            "村（社区） Unit",
            "得分 Score",
            "评分建议 Suggested",
            "决定 Decision",
            "理由 Reason",
            "决定于 Decided at",
        ],
    );
    for d in &r.decisions {
        t.row(vec![
            d.organization.clone(),
            d.name.clone(),
            d.unit.to_string(),
            d.assessment.score.to_string(),
            if d.assessment.suggested { "建议列入 suggested" } else { "—" }.to_string(),
            if d.propose { "列入 proposed" } else { "不列入 not proposed" }.to_string(),
            d.reason.clone(),
            moment(d.at),
        ]);
    }
    for s in &r.submissions {
        let confirmed = s.confirmed.as_ref().map_or_else(
            || "未确认 not confirmed yet".to_string(),
            |(by, at)| format!("确认 confirmed by {by} at {}", moment(*at)),
        );
        t.notes.push(format!(
            "上报名单 list v{} to {} at {}: {} organizations · {confirmed}",
            s.version,
            s.to,
            moment(s.at),
            s.organizations.len()
        ));
    }
    Ok(t)
}

/// 评估验收: each organization's standing in the four tiers, and the funnel.
fn acceptance(ask: &mut Ask<'_>) -> Outcome<Table> {
    let mut headers =
        vec!["党组织 Organization".to_string(), "名称 Name".into(), "村（社区） Unit".into(), "轮次 Round".into()];
    headers.extend(Tier::ALL.iter().map(|tier| format!("{} {}", tier.label_zh(), tier.as_str())));
    headers.extend(["下一环节 Next".to_string(), "已验收 Accepted".to_string()]);
    let mut t = Table { title: "评估验收 Acceptance".into(), headers, ..Table::default() };
    let mut after = None;
    loop {
        let page = ask!(ask, Acceptances(AcceptancesQuery { after: after.take(), limit: Some(10_000) }));
        for s in &page.organizations {
            let mut row = vec![s.organization.clone(), s.name.clone(), s.unit.to_string(), s.round.to_string()];
            row.extend(Tier::ALL.iter().map(|tier| match s.tiers.get(tier) {
                Some(true) => "通过 pass".to_string(),
                Some(false) => "未通过 fail".to_string(),
                None => "—".to_string(),
            }));
            row.push(
                s.next_tier.map_or_else(|| "—".to_string(), |tier| format!("{} {}", tier.label_zh(), tier.as_str())),
            );
            row.push(if s.accepted { "是 yes" } else { "否 no" }.to_string());
            t.row(row);
        }
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let f = ask!(ask, AcceptanceFunnel(AcceptanceFunnelQuery {}));
    for tier in &f.tiers {
        t.notes.push(format!(
            "{} {}: {} passed, {} failed",
            tier.tier.label_zh(),
            tier.tier.as_str(),
            tier.passed,
            tier.failed
        ));
    }
    t.notes.push(format!(
        "{} organizations: {} not begun, {} accepted, {} beyond the first round, {} secretary adjustments due",
        f.organizations, f.not_begun, f.accepted, f.beyond_first_round, f.adjustments_due
    ));
    Ok(t)
}

/// A value's name on the wire (`telecomFraud`), the English beside a Chinese label.
fn wire<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// A moment as a person reads it, in its own offset: `2022-04-28 18:00`.
fn moment(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// A query answered with another result's type: the library would be broken.
fn unexpected() -> Failure {
    Failure::core(ErrorCode::MalformedInput, "the library answered a report's query with another result")
}
