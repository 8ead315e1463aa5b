//! A roll-up as Markdown, for a district's or a city's reader: one table per report, Chinese by
//! default or English. Percentages have one decimal, `—` when there is nothing to divide by.

use super::CampaignRollup;
use crate::acceptance::Tier;
use crate::oversight::{NoticeKind, TimetableStatus};
use crate::rectification::RectificationStatus;
use crate::report::Language;
use crate::report::figures::rate as percent;
use crate::report::render::md_text;
use crate::survey::ProblemCategory;
use std::fmt::Write as _;

/// A mean with one decimal, `—` when absent.
fn mean(m: Option<f64>) -> String {
    m.map_or_else(|| "—".to_string(), |m| format!("{m:.1}"))
}

/// A survey category: the area's own Chinese label, or English words.
fn category(c: ProblemCategory, l: Language) -> &'static str {
    l.pick(
        c.label_zh(),
        match c {
            ProblemCategory::TelecomFraud => "Telecom fraud",
            ProblemCategory::Drugs => "Drugs",
            ProblemCategory::OrganizedCrime => "Organized crime (village bullies)",
            ProblemCategory::IllegalReligion => "Illegal religion",
            ProblemCategory::CultsAndSuperstition => "Cults and superstition",
            ProblemCategory::PornographyAndGambling => "Pornography and gambling",
            ProblemCategory::Other => "Other",
        },
    )
}

/// A problem-handling category (the survey's seven, the loop's own, or one a sub-district added) in
/// `l`; a category the library has no words for shows its name.
fn handling_category(name: &str, l: Language) -> String {
    if let Ok(c) = serde_json::from_value::<ProblemCategory>(serde_json::Value::String(name.to_string())) {
        return category(c, l).to_string();
    }
    match name {
        "disputes" => l.pick("矛盾纠纷", "Disputes"),
        "safetyHazards" => l.pick("安全隐患", "Safety hazards"),
        "environment" => l.pick("环境卫生", "Environment"),
        "livelihood" => l.pick("民生诉求", "Livelihood"),
        "partyBuilding" => l.pick("党建工作", "Party building"),
        other => other,
    }
    .to_string()
}

fn rectification(s: RectificationStatus, l: Language) -> &'static str {
    match s {
        RectificationStatus::Listed => l.pick("已列入", "Listed"),
        RectificationStatus::Rectifying => l.pick("整改中", "Rectifying"),
        RectificationStatus::ReadyForAcceptance => l.pick("待验收", "Ready for acceptance"),
        RectificationStatus::Accepted => l.pick("已转化提质", "Accepted"),
    }
}

/// A tier: the area's own Chinese label, or English words.
fn tier(t: Tier, l: Language) -> &'static str {
    l.pick(
        t.label_zh(),
        match t {
            Tier::SelfEvaluation => "Self-evaluation",
            Tier::SubdistrictAssessment => "Sub-district assessment",
            Tier::DistrictEvaluation => "District evaluation",
            Tier::CityVerification => "City verification",
        },
    )
}

fn notice(k: NoticeKind, l: Language) -> &'static str {
    match k {
        NoticeKind::Progress => l.pick("进展通报", "Progress"),
        NoticeKind::Praise => l.pick("表扬通报", "Praise"),
        NoticeKind::Criticism => l.pick("批评通报", "Criticism"),
    }
}

fn timetable(s: TimetableStatus, l: Language) -> &'static str {
    match s {
        TimetableStatus::Completed => l.pick("已完成", "Completed"),
        TimetableStatus::ShownDone => l.pick("已达成（未报告）", "Shown done (not reported)"),
        TimetableStatus::Open => l.pick("进行中", "Open"),
        TimetableStatus::Overdue => l.pick("逾期", "Overdue"),
    }
}

/// Writes a table of rows under a heading.
fn table(out: &mut String, heading: &str, columns: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "\n## {heading}\n");
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        columns.iter().enumerate().map(|(i, _)| if i == 0 { "---|" } else { "---:|" }).collect::<String>()
    );
    for r in rows {
        // A category a sub-district added is text from outside: escaped like every report's cells.
        let cells: Vec<String> = r.iter().map(|c| md_text(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn row(label: &str, value: impl ToString) -> Vec<String> {
    vec![label.to_string(), value.to_string()]
}

/// The roll-up `summary` as Markdown titled `title`, in `language`: coverage, the problem list,
/// problem handling, weak-and-lax, ledgers, the acceptance funnel, notices and the timetable, one
/// table each. Deterministic: the same summary gives the same bytes.
pub fn rollup_markdown(summary: &CampaignRollup, title: &str, language: Language) -> String {
    let l = language;
    let item = l.pick("指标", "Figure");
    let value = l.pick("数值", "Value");
    let mut out = format!("# {}\n\n", md_text(title));
    let _ = writeln!(
        out,
        "{}",
        match l {
            Language::Zh => format!("汇总街道 {} 个。", summary.subdistricts.len()),
            Language::En => format!("Sub-districts rolled up: {}.", summary.subdistricts.len()),
        }
    );

    let c = &summary.coverage;
    table(
        &mut out,
        l.pick("不漏一户覆盖", "Door-knock coverage"),
        &[item, value],
        &[
            row(l.pick("村（社区）", "Villages and communities"), c.units),
            row(l.pick("其中全覆盖", "of which fully covered"), c.units_complete),
            row(l.pick("住户", "Households"), c.households),
            row(l.pick("已覆盖", "Covered"), c.covered),
            row(l.pick("已走访未覆盖", "Visited, not covered"), c.attempted_only),
            row(l.pick("未走访", "Not visited"), c.not_tried),
            row(l.pick("覆盖率", "Coverage"), percent(c.coverage_rate())),
        ],
    );

    let p = &summary.problem_list;
    let mut rows: Vec<Vec<String>> = ProblemCategory::ALL
        .iter()
        .map(|k| {
            let n = p.by_category.get(k).copied().unwrap_or(0);
            vec![category(*k, l).to_string(), n.to_string(), percent(p.share(*k))]
        })
        .collect();
    rows.push(vec![
        l.pick("合计", "Total").to_string(),
        p.findings.to_string(),
        percent(super::rate(p.findings, p.findings)),
    ]);
    table(
        &mut out,
        l.pick("突出问题清单", "Problem list"),
        &[l.pick("类别", "Category"), l.pick("问题数", "Findings"), l.pick("占比", "Share")],
        &rows,
    );

    let h = &summary.problems;
    let mut groups = vec![(l.pick("合计", "Total").to_string(), h.total)];
    groups.extend(h.by_category.iter().map(|(k, c)| (k.clone(), *c)));
    let rows: Vec<Vec<String>> = groups
        .iter()
        .map(|(k, c)| {
            vec![
                handling_category(k, l),
                c.reported.to_string(),
                c.open.to_string(),
                c.overdue.to_string(),
                c.closed.to_string(),
                percent(c.on_time_rate()),
                percent(c.satisfaction()),
                mean(c.to_close.mean()),
            ]
        })
        .collect();
    table(
        &mut out,
        l.pick("问题办理", "Problem handling"),
        &[
            l.pick("类别", "Category"),
            l.pick("上报", "Reported"),
            l.pick("未办结", "Open"),
            l.pick("逾期", "Overdue"),
            l.pick("办结", "Closed"),
            l.pick("按期办结率", "On time"),
            l.pick("满意率", "Satisfied"),
            l.pick("平均办结工作日", "Mean working days to close"),
        ],
        &rows,
    );

    let w = &summary.weak_and_lax;
    table(
        &mut out,
        l.pick("软弱涣散基层党组织", "Weak and lax organizations"),
        &[item, value],
        &[
            row(l.pick("已评估", "Assessed"), w.assessed),
            row(l.pick("建议列入", "Suggested by the rubric"), w.suggested),
            row(l.pick("触发否决项", "Hit by a veto"), w.vetoed),
            row(l.pick("已研究决定", "Decided"), w.decided),
            row(l.pick("拟列入", "Proposed"), w.proposed),
            row(l.pick("已上报", "On the list submitted"), w.submitted),
            row(l.pick("已确认", "On the list confirmed"), w.confirmed),
        ],
    );

    let g = &summary.ledgers;
    let mut rows = vec![
        row(l.pick("整改台账", "Ledgers"), g.ledgers),
        row(l.pick("其中软弱涣散", "of which weak and lax"), g.listed),
    ];
    rows.extend(
        RectificationStatus::ALL
            .iter()
            .map(|s| row(&format!("· {}", rectification(*s, l)), g.by_status.get(s).copied().unwrap_or(0))),
    );
    rows.extend([
        row(l.pick("整改措施", "Measures"), g.measures),
        row(l.pick("措施进行中", "Measures open"), g.measures_open),
        row(l.pick("措施已完成待核验", "Measures done, not verified"), g.measures_done),
        row(l.pick("措施已核验", "Measures verified"), g.measures_verified),
        row(l.pick("措施逾期", "Measures overdue"), g.measures_overdue),
        row(l.pick("核验率", "Verified"), percent(g.verified_share())),
        row(l.pick("关联问题", "Linked problems"), g.linked_problems),
        row(l.pick("关联问题已办结", "Linked problems closed"), g.linked_problems_closed),
        row(l.pick("挂点结对（不脱钩）", "Pairings attached"), g.pairings),
    ]);
    table(&mut out, l.pick("整改台账", "Rectification ledgers"), &[item, value], &rows);

    let a = &summary.acceptance;
    let rows: Vec<Vec<String>> = Tier::ALL
        .iter()
        .map(|t| {
            let c = a.tier(*t);
            vec![tier(*t, l).to_string(), c.passed.to_string(), c.failed.to_string()]
        })
        .collect();
    table(
        &mut out,
        l.pick("评估验收", "Acceptance funnel"),
        &[l.pick("层级", "Tier"), l.pick("通过", "Passed"), l.pick("未通过", "Failed")],
        &rows,
    );
    let _ = writeln!(
        out,
        "\n{}",
        match l {
            Language::Zh => format!(
                "党组织 {} 个，未开始 {} 个，已转化提质 {} 个（{}），进入第二轮及以后 {} 个，待调整书记 {} 个。",
                a.organizations,
                a.not_begun,
                a.accepted,
                percent(a.accepted_share()),
                a.beyond_first_round,
                a.adjustments_due
            ),
            Language::En => format!(
                "Organizations: {}; not begun: {}; accepted: {} ({}); in a second round or later: {}; secretary's adjustment due: {}.",
                a.organizations,
                a.not_begun,
                a.accepted,
                percent(a.accepted_share()),
                a.beyond_first_round,
                a.adjustments_due
            ),
        }
    );

    let n = &summary.notices;
    let mut rows: Vec<Vec<String>> = [NoticeKind::Progress, NoticeKind::Praise, NoticeKind::Criticism]
        .iter()
        .map(|k| row(notice(*k, l), n.of_kind(*k)))
        .collect();
    rows.push(row(l.pick("合计", "Total"), n.notices));
    rows.push(row(l.pick("点名党组织（次）", "Organizations named (times)"), n.organizations_named));
    table(&mut out, l.pick("督查通报", "Supervision notices"), &[item, value], &rows);

    let t = &summary.timetable;
    let mut rows: Vec<Vec<String>> =
        [TimetableStatus::Completed, TimetableStatus::ShownDone, TimetableStatus::Open, TimetableStatus::Overdue]
            .iter()
            .map(|s| row(timetable(*s, l), t.of_status(*s)))
            .collect();
    rows.push(row(l.pick("合计", "Total"), t.items));
    rows.push(row(l.pick("完成率", "Done"), percent(t.done_share())));
    table(&mut out, l.pick("实施计划表", "Timetable"), &[item, value], &rows);
    out
}
