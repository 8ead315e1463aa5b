//! The reports (issue #18): every report's figures against a recount over the events, masking,
//! bad input, and the renderings.

mod common;

use chrono::{DateTime, FixedOffset};
use grassroots::report::Language;
use grassroots::report::{ReportBody, ReportFormat, ReportKind, ReportQuery, ReportResult};
use grassroots::{Actor, Campaign, ErrorCode, Query, QueryResult, Role};
use grassroots_demo::{self as sample, SampleSpec};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The demo campaign played through every phase (small: 300 households), built once.
fn campaign() -> &'static Campaign {
    static CAMPAIGN: OnceLock<Campaign> = OnceLock::new();
    CAMPAIGN.get_or_init(|| sample::full_campaign(&SampleSpec { households: 300, ..SampleSpec::default() }, None))
}

/// The records as JSON values: what a host persisted, read without the library's types.
fn records(c: &Campaign) -> Vec<Value> {
    c.records_since(0).map(|r| serde_json::to_value(r).unwrap()).collect()
}

fn at() -> DateTime<FixedOffset> {
    sample::ACCEPTANCE_ENDS.parse().unwrap()
}

fn report(
    actor: &Actor,
    kind: ReportKind,
    unit: Option<&str>,
    language: Language,
    format: ReportFormat,
) -> grassroots::Result<ReportResult> {
    let query = ReportQuery { report: kind, at: at(), unit: unit.map(str::to_string), language, format };
    match campaign().query(actor, &Query::Report(query))? {
        QueryResult::Report(r) => Ok(r),
        other => panic!("a report answered with {other:?}"),
    }
}

fn admin_report(kind: ReportKind) -> ReportResult {
    report(&sample::administrator(), kind, None, Language::Zh, ReportFormat::Markdown).unwrap()
}

/// The events of the records, each with its type.
fn events() -> Vec<Value> {
    records(campaign()).into_iter().map(|r| r["event"].clone()).collect()
}

fn of_type<'a>(events: &'a [Value], t: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    events.iter().filter(move |e| e["type"] == t)
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

#[test]
fn coverage_figures_are_a_recount_over_the_events() {
    let events = events();
    // Households by unit, as registered and moved.
    let mut unit_of: BTreeMap<String, String> = BTreeMap::new();
    for e in &events {
        match e["type"].as_str() {
            Some("householdRegistered") => {
                unit_of.insert(s(&e["household"]["id"]), s(&e["household"]["unit"]));
            }
            Some("householdMoved") => {
                unit_of.insert(s(&e["household"]), s(&e["unit"]));
            }
            _ => {}
        }
    }
    let (mut covered, mut tried) = (BTreeSet::new(), BTreeSet::new());
    for e in of_type(&events, "visitRecorded") {
        let household = s(&e["visit"]["household"]);
        tried.insert(household.clone());
        if ["met", "vacant", "duplicate"].contains(&e["visit"]["outcome"].as_str().unwrap()) {
            covered.insert(household);
        }
    }
    let ReportBody::Coverage(r) = *admin_report(ReportKind::Coverage).body else { panic!("a coverage body") };
    assert_eq!(r.coverage.units.len(), 6);
    for line in &r.coverage.units {
        let unit = line.unit.to_string();
        let ids: Vec<&String> = unit_of.iter().filter(|(_, u)| **u == unit).map(|(h, _)| h).collect();
        let c = &line.counts;
        assert_eq!(c.households as usize, ids.len(), "{unit}");
        assert_eq!(c.covered as usize, ids.iter().filter(|h| covered.contains(**h)).count(), "{unit}");
        let attempted = ids.iter().filter(|h| tried.contains(**h) && !covered.contains(**h)).count();
        assert_eq!(c.attempted_only as usize, attempted, "{unit}");
        assert_eq!(c.not_tried as usize, ids.iter().filter(|h| !tried.contains(**h)).count(), "{unit}");
    }
    assert_eq!(r.coverage.total.households as usize, unit_of.len());
    assert!(
        r.coverage.total.covered > 0 && r.coverage.total.covered < r.coverage.total.households,
        "a survey under way"
    );
}

#[test]
fn problem_list_figures_are_a_recount_over_the_events() {
    let events = events();
    let mut unit_of: BTreeMap<String, String> = BTreeMap::new();
    for e in of_type(&events, "householdRegistered") {
        unit_of.insert(s(&e["household"]["id"]), s(&e["household"]["unit"]));
    }
    // Findings by unit and category, from the visits.
    let mut findings: BTreeMap<(String, String), u32> = BTreeMap::new();
    for e in of_type(&events, "visitRecorded") {
        let unit = unit_of[&s(&e["visit"]["household"])].clone();
        for f in e["visit"]["findings"].as_array().into_iter().flatten() {
            *findings.entry((unit.clone(), s(&f["category"]))).or_default() += 1;
        }
    }
    // Problems reported and closed by unit.
    let mut problem_unit: BTreeMap<String, String> = BTreeMap::new();
    for e in of_type(&events, "problemsReported") {
        for p in e["problems"].as_array().unwrap() {
            problem_unit.insert(s(&p["id"]), s(&p["unit"]));
        }
    }
    let mut closed: BTreeMap<String, u32> = BTreeMap::new();
    for e in of_type(&events, "problemClosed") {
        *closed.entry(problem_unit[&s(&e["problem"])].clone()).or_default() += 1;
    }
    let ReportBody::ProblemList(r) = *admin_report(ReportKind::ProblemList).body else { panic!("a problem-list body") };
    let mut counted: BTreeMap<(String, String), u32> = BTreeMap::new();
    for line in &r.findings.units {
        for c in &line.categories {
            let category = serde_json::to_value(c.category).unwrap();
            counted.insert((line.unit.to_string(), s(&category)), c.count);
        }
    }
    assert!(!findings.is_empty());
    assert_eq!(counted, findings);
    for u in &r.handling.by_unit {
        let unit = u.unit.to_string();
        let reported = problem_unit.values().filter(|x| **x == unit).count();
        assert_eq!(u.figures.reported as usize, reported, "{unit}");
        assert_eq!(u.figures.closed, closed.get(&unit).copied().unwrap_or(0), "{unit}");
    }
    assert_eq!(r.handling.total.reported as usize, problem_unit.len());
}

#[test]
fn special_report_figures_are_a_recount_over_the_events() {
    let events = events();
    let mut unit_of_review = BTreeMap::new();
    for e in of_type(&events, "reviewOpened") {
        unit_of_review.insert(s(&e["id"]), s(&e["unit"]));
    }
    let concluded: BTreeSet<String> =
        of_type(&events, "reviewConcluded").map(|e| unit_of_review[&s(&e["review"])].clone()).collect();
    let ReportBody::SpecialReport(r) = *admin_report(ReportKind::SpecialReport).body else {
        panic!("a special report")
    };
    let reported: BTreeSet<String> = r.special.report.units.iter().map(|u| u.unit.to_string()).collect();
    assert_eq!(reported, concluded);
    assert_eq!(r.special.submissions.len(), of_type(&events, "specialReportSubmitted").count());
}

#[test]
fn weak_and_lax_figures_are_a_recount_over_the_events() {
    let events = events();
    let mut latest: BTreeMap<String, bool> = BTreeMap::new();
    for e in of_type(&events, "weakAndLaxDecided") {
        latest.insert(s(&e["organization"]), e["decision"]["propose"].as_bool().unwrap());
    }
    let ReportBody::WeakAndLaxList(r) = *admin_report(ReportKind::WeakAndLaxList).body else { panic!("a list") };
    let decided: BTreeMap<String, bool> =
        r.list.decisions.iter().map(|d| (d.organization.clone(), d.propose)).collect();
    assert!(latest.values().any(|p| *p), "the demo lists some organization");
    assert_eq!(decided, latest);
    assert_eq!(r.list.submissions.len(), of_type(&events, "weakAndLaxListSubmitted").count());
}

#[test]
fn ledger_figures_are_a_recount_over_the_events() {
    let events = events();
    let mut measures: BTreeMap<String, u32> = BTreeMap::new();
    for e in of_type(&events, "measureAdded") {
        *measures.entry(s(&e["organization"])).or_default() += 1;
    }
    let ReportBody::Ledgers(r) = *admin_report(ReportKind::Ledgers).body else { panic!("ledgers") };
    assert!(!measures.is_empty());
    for (organization, n) in &measures {
        let line = r.ledgers.iter().find(|l| &l.organization == organization).expect("a ledger per organization");
        assert_eq!(line.progress.measures, *n, "{organization}");
    }
    let started: BTreeSet<String> = of_type(&events, "rectificationStarted").map(|e| s(&e["organization"])).collect();
    for organization in &started {
        assert!(r.ledgers.iter().any(|l| &l.organization == organization), "{organization} has a ledger");
    }
    assert_eq!(r.omitted, 0);
}

#[test]
fn acceptance_figures_are_a_recount_over_the_events() {
    let events = events();
    // Each organization's judgements by round and tier.
    let mut rounds: BTreeMap<String, BTreeMap<u64, BTreeMap<String, bool>>> = BTreeMap::new();
    let mut failed: BTreeMap<String, u32> = BTreeMap::new();
    for e in of_type(&events, "acceptanceJudged") {
        let passed = e["passed"].as_bool().unwrap();
        rounds
            .entry(s(&e["organization"]))
            .or_default()
            .entry(e["round"].as_u64().unwrap())
            .or_default()
            .insert(s(&e["tier"]), passed);
        if !passed {
            *failed.entry(s(&e["tier"])).or_default() += 1;
        }
    }
    let mut passed: BTreeMap<String, u32> = BTreeMap::new();
    for tiers in rounds.values() {
        let (_, latest) = tiers.iter().next_back().unwrap();
        for (tier, ok) in latest {
            *passed.entry(tier.clone()).or_default() += u32::from(*ok);
        }
    }
    let accepted = passed.get("cityVerification").copied().unwrap_or(0);
    let ReportBody::Acceptance(r) = *admin_report(ReportKind::Acceptance).body else { panic!("acceptance") };
    assert!(accepted > 0, "the demo accepts some organization");
    assert_eq!(r.funnel.accepted, accepted);
    for tier in &r.funnel.tiers {
        let name = s(&serde_json::to_value(tier.tier).unwrap());
        assert_eq!(tier.passed, passed.get(&name).copied().unwrap_or(0), "{name} passed");
        assert_eq!(tier.failed, failed.get(&name).copied().unwrap_or(0), "{name} failed");
    }
    assert_eq!(r.organizations.iter().filter(|o| o.accepted).count() as u32, accepted);
    let adjusted = of_type(&events, "secretaryAdjusted").count();
    assert!(adjusted > 0, "a failed organization's secretary was replaced");
}

#[test]
fn notices_and_timetable_figures_are_a_recount_over_the_events() {
    let events = events();
    let ids: Vec<String> = of_type(&events, "noticeIssued").map(|e| s(&e["notice"]["id"])).collect();
    let ReportBody::Notices(r) = *admin_report(ReportKind::Notices).body else { panic!("notices") };
    assert!(!ids.is_empty());
    assert_eq!(r.notices.iter().map(|n| n.notice.id.clone()).collect::<Vec<_>>(), ids);

    let mut completed: BTreeSet<String> = BTreeSet::new();
    for e in &events {
        match e["type"].as_str() {
            Some("scheduleItemCompleted") => {
                completed.insert(s(&e["id"]));
            }
            Some("scheduleItemReopened") => {
                completed.remove(&s(&e["id"]));
            }
            _ => {}
        }
    }
    let added = of_type(&events, "scheduleItemAdded").count();
    let ReportBody::Timetable(r) = *admin_report(ReportKind::Timetable).body else { panic!("timetable") };
    assert_eq!(r.timetable.items.len(), added);
    let reported: BTreeSet<String> = r
        .timetable
        .items
        .iter()
        .filter(|l| l.status == grassroots::oversight::TimetableStatus::Completed)
        .map(|l| l.item.id.clone())
        .collect();
    assert_eq!(reported, completed);
}

#[test]
fn a_report_carries_its_header_and_traces_to_the_log() {
    let r = admin_report(ReportKind::Coverage);
    let c = campaign();
    assert_eq!(r.header.head, c.head());
    assert_eq!(r.header.title, "敲门行动覆盖情况（不漏一户）");
    assert_eq!(r.header.subdistrict.name, "东方红街道");
    assert_eq!(r.header.campaign, c.state().organization.campaign.as_ref().unwrap().title);
    assert_eq!(r.header.at, at());
    assert_eq!(r.media_type, "text/markdown; charset=utf-8");
    assert!(r.rendered.starts_with("# 敲门行动覆盖情况（不漏一户）\n\n- 专项行动："), "{}", r.rendered);
    assert!(r.rendered.contains(&format!("seq #{} · 哈希 {}", c.head().seq, c.head().hash)), "{}", r.rendered);
    assert!(r.rendered.contains("（北京时间）"));
    // The same question twice gives the same bytes.
    assert_eq!(admin_report(ReportKind::Coverage), r);
}

#[test]
fn every_report_renders_in_chinese_and_english_markdown_and_csv() {
    let admin = sample::administrator();
    for kind in ReportKind::ALL {
        let zh = report(&admin, kind, None, Language::Zh, ReportFormat::Markdown).unwrap();
        let en = report(&admin, kind, None, Language::En, ReportFormat::Markdown).unwrap();
        assert_eq!(zh.body, en.body, "{kind:?}: the figures do not depend on the language");
        assert!(en.rendered.contains("- Log head: seq #"), "{kind:?}: {}", en.rendered);
        assert!(!zh.tables.is_empty() && !zh.tables[0].rows.is_empty(), "{kind:?} has rows");
        for t in zh.tables.iter().chain(&en.tables) {
            assert!(t.rows.iter().all(|r| r.len() == t.columns.len()), "{kind:?}: {}", t.title);
        }
        let csv = report(&admin, kind, None, Language::En, ReportFormat::Csv).unwrap();
        assert_eq!(csv.media_type, "text/csv; charset=utf-8");
        let mut reader = csv::Reader::from_reader(csv.rendered.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, en.tables[0].columns, "{kind:?}");
        let rows: Vec<Vec<String>> =
            reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(rows, en.tables[0].rows, "{kind:?}: the CSV holds the main table");
    }
}

#[test]
fn xlsx_is_written_with_the_feature_and_refused_without() {
    let admin = sample::administrator();
    let answer = report(&admin, ReportKind::Acceptance, None, Language::Zh, ReportFormat::Xlsx);
    if cfg!(feature = "xlsx") {
        let r = answer.unwrap();
        assert_eq!(r.media_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert!(r.rendered.starts_with("UEsDB"), "base64 of a zip file: {}", &r.rendered[..20]);
        let again = report(&admin, ReportKind::Acceptance, None, Language::Zh, ReportFormat::Xlsx).unwrap();
        assert_eq!(again.rendered, r.rendered, "the same workbook bytes");
    } else {
        let e = answer.unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.format")));
    }
}

#[test]
fn a_report_about_one_unit_holds_only_that_unit() {
    let admin = sample::administrator();
    let unit = "430104017013";
    for kind in [
        ReportKind::Coverage,
        ReportKind::ProblemList,
        ReportKind::WeakAndLaxList,
        ReportKind::Ledgers,
        ReportKind::Acceptance,
    ] {
        let r = report(&admin, kind, Some(unit), Language::Zh, ReportFormat::Markdown).unwrap();
        assert_eq!(r.header.unit.as_ref().map(|u| u.name.as_str()), Some("尖山湖社区"));
        let body = serde_json::to_string(&r.body).unwrap();
        for other in ["430104017001", "430104017014", "430104017201", "430104017202", "430104017203"] {
            assert!(!body.contains(&format!("\"unit\":\"{other}\"")), "{kind:?} shows {other}");
        }
    }
}

#[test]
fn a_reader_sees_what_its_queries_show_and_no_more() {
    // A grid worker of one community: the coverage report holds its community only.
    let unit = grassroots::DivisionCode::parse("430104017001", "unit").unwrap();
    let worker = sample::grid_worker(unit);
    let r = report(&worker, ReportKind::Coverage, None, Language::Zh, ReportFormat::Markdown).unwrap();
    let ReportBody::Coverage(body) = r.body.as_ref() else { panic!() };
    assert_eq!(body.coverage.units.iter().map(|u| u.unit).collect::<Vec<_>>(), vec![unit]);
    // Another unit by name: out of its scope.
    let e =
        report(&worker, ReportKind::Coverage, Some("430104017013"), Language::Zh, ReportFormat::Markdown).unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfScope);
    // A role of another sub-district learns nothing of this one.
    let outsider = Actor {
        id: "x".into(),
        role: Role::Administrator,
        scope: grassroots::DivisionCode::parse("430104018000", "s").unwrap(),
    };
    for kind in ReportKind::ALL {
        match report(&outsider, kind, None, Language::Zh, ReportFormat::Markdown) {
            Ok(r) => {
                let body = serde_json::to_string(&r.body).unwrap();
                assert!(!body.contains("430104017001"), "{kind:?} shows a unit to an outsider: {body}");
            }
            Err(e) => assert_eq!(e.code, ErrorCode::OutOfScope, "{kind:?}"),
        }
    }
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let admin = sample::administrator();
    let e =
        report(&admin, ReportKind::Timetable, Some("430104017001"), Language::Zh, ReportFormat::Markdown).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.unit")));
    let e =
        report(&admin, ReportKind::Coverage, Some("430104017099"), Language::Zh, ReportFormat::Markdown).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::NotFound, Some("query.unit")));
    let e =
        report(&admin, ReportKind::Coverage, Some("430104017000"), Language::Zh, ReportFormat::Markdown).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidField, Some("query.unit")),
        "the sub-district is not a unit"
    );
    // A moment centuries away, or before the campaign was planned: refused before anything is drawn.
    for far in ["+262142-01-01T00:00:00+08:00", "9999-12-31T00:00:00+08:00", "2020-01-01T00:00:00+08:00"] {
        let query = ReportQuery {
            report: ReportKind::Timetable,
            at: far.parse().unwrap(),
            unit: None,
            language: Language::Zh,
            format: ReportFormat::Xlsx,
        };
        let e = campaign().query(&admin, &Query::Report(query)).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.at")), "{far}");
    }
    let wire: Result<Query, _> =
        serde_json::from_str(r#"{"type":"report","report":"census","at":"2022-11-30T18:00:00+08:00"}"#);
    assert!(wire.is_err(), "an unknown report is bad input");
}

/// `docs/REPORTS.md` holds one example of each report, exactly as the library writes it for the
/// demo campaign (300 households, at the end of the acceptance): `GRASSROOTS_BLESS=1` rewrites
/// them, so the examples cannot drift from the code.
#[test]
fn the_docs_hold_an_example_of_each_report() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/REPORTS.md");
    let mut doc = std::fs::read_to_string(&path).unwrap();
    let bless = std::env::var_os("GRASSROOTS_BLESS").is_some();
    let admin = sample::administrator();
    for kind in ReportKind::ALL {
        let name = serde_json::to_value(kind).unwrap().as_str().unwrap().to_string();
        let r = report(&admin, kind, None, Language::Zh, ReportFormat::Markdown).unwrap();
        let (open, close) = (format!("<!-- example: {name} -->\n"), format!("<!-- /example: {name} -->"));
        let start = doc.find(&open).unwrap_or_else(|| panic!("docs/REPORTS.md lacks `{open}`")) + open.len();
        let end = start + doc[start..].find(&close).unwrap_or_else(|| panic!("docs/REPORTS.md lacks `{close}`"));
        let example = format!("````markdown\n{}````\n", r.rendered);
        if bless {
            doc.replace_range(start..end, &example);
        } else {
            assert_eq!(
                doc[start..end],
                example,
                "docs/REPORTS.md's example of `{name}` (GRASSROOTS_BLESS=1 rewrites it)"
            );
        }
    }
    // And a roll-up as a district reads it: the demo sub-district's, merged (alone) and written out.
    let Ok(QueryResult::Rollup(rollup)) =
        campaign().query(&admin, &Query::Rollup(grassroots::report::rollup::RollupQuery { at: at() }))
    else {
        panic!("a roll-up")
    };
    let merged = grassroots::report::rollup::roll_up(&[*rollup.summary]).unwrap();
    let text = grassroots::report::rollup::rollup_markdown(&merged, "岳麓区汇总（示例）", Language::Zh);
    let (open, close) = ("<!-- example: rollup -->\n", "<!-- /example: rollup -->");
    let start = doc.find(open).expect("docs/REPORTS.md lacks the roll-up example") + open.len();
    let end = start + doc[start..].find(close).expect("its end");
    let example = format!("````markdown\n{text}````\n");
    if bless {
        doc.replace_range(start..end, &example);
        std::fs::write(&path, doc).unwrap();
    } else {
        assert_eq!(doc[start..end], example, "docs/REPORTS.md's roll-up example (GRASSROOTS_BLESS=1 rewrites it)");
    }
}
