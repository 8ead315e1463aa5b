//! The pictures of issue #18, drawn from a small demo campaign played through every phase: each SVG is
//! compared byte for byte with `tests/images/*.svg` (the labels, and proof that drawing is
//! deterministic), and its render to PNG with `tests/images/*.png` within a tolerance (the shapes).
//!
//! `GRASSROOTS_BLESS=1 cargo test -p grassroots --test pictures` rewrites the committed images (look
//! at them before committing). `GRASSROOTS_PICTURE_DOCS=1` also writes `docs/images/` (the SVGs, and
//! PNGs rendered with the font file named by `GRASSROOTS_PICTURE_FONT`, if any, so their text shows).

use chrono::{DateTime, FixedOffset};
use grassroots::engine::{Answer, QueryContext};
use grassroots::micro_grid::{LinkPair, MemberLinkage, MicroGridSpec};
use grassroots::people::PoliticalStatus;
use grassroots::report::Language;
use grassroots::report::picture::{PictureKind, PictureQuery, PictureResult};
use grassroots::{Actor, Campaign, Command, CommandEnvelope, ErrorCode, OrgLevel, Query, QueryResult, Role};
use grassroots::{DivisionCode, SCHEMA_VERSION};
use grassroots_demo as sample;
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// 龙虎岭社区, the community whose members form micro-grids.
const COMMUNITY: &str = "430104017001";
/// The moment the pictures describe: the end of the acceptance.
const AT: &str = sample::ACCEPTANCE_ENDS;
/// A moment in the problem loop, when some problems are overdue.
const IN_THE_LOOP: &str = "2022-05-20T18:00:00+08:00";

/// The campaign, played once for every test.
static CAMPAIGN: LazyLock<Campaign> = LazyLock::new(play);
/// The same campaign stopped in the problem loop at [`IN_THE_LOOP`], when problems are open and some
/// overdue.
static IN_LOOP: LazyLock<Campaign> = LazyLock::new(play_to_the_loop);

/// Executes `envelopes` in order; every one must be accepted.
fn run(campaign: &mut Campaign, envelopes: Vec<CommandEnvelope>) {
    for envelope in envelopes {
        let id = envelope.command_id.clone();
        if let Err(e) = campaign.execute(envelope) {
            panic!("the sample's command {id} is refused: {e:?}");
        }
    }
}

/// A command by `actor` at `at`.
fn envelope(id: String, actor: &Actor, at: &str, expected_seq: Option<u64>, command: Command) -> CommandEnvelope {
    CommandEnvelope {
        schema_version: SCHEMA_VERSION,
        command_id: id,
        actor: actor.clone(),
        at: at.parse().expect("a valid time"),
        expected_seq,
        command,
    }
}

/// The demo campaign on a small sub-district (two villages, two communities, 240 households), through
/// every phase, with link plans in every unit and micro-grids in 龙虎岭社区 as the main job makes them.
fn play() -> Campaign {
    let spec = sample::SampleSpec { seed: 20_220_420, villages: 2, communities: 2, households: 240 };
    let mut campaign = Campaign::new();
    run(&mut campaign, sample::commands(&spec));
    micro_grids(&mut campaign);
    let envelopes = sample::problem_loop(campaign.state(), spec.seed);
    run(&mut campaign, envelopes);
    let units: Vec<DivisionCode> = campaign
        .state()
        .organization
        .units
        .iter()
        .filter(|(_, u)| u.level.is_village_or_community())
        .map(|(c, _)| *c)
        .collect();
    let lists = units
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let problems = campaign
                .state()
                .problems
                .problems
                .iter()
                .filter(|p| {
                    p.unit == *code
                        && !matches!(
                            p.status,
                            grassroots::problem::ProblemStatus::Rejected | grassroots::problem::ProblemStatus::Merged
                        )
                })
                .map(|p| p.id.to_string())
                .collect();
            let list = grassroots::problem::EstablishProblemList { unit: code.to_string(), problems };
            envelope(format!("list-{i:03}"), &sample::dispatcher(), "2022-05-31T17:00:00+08:00", None, list.into())
        })
        .collect();
    run(&mut campaign, lists);
    for phase in
        [sample::look_back, sample::determination, sample::rectification, sample::oversight, sample::acceptance]
    {
        let envelopes = phase(campaign.state(), spec.seed);
        run(&mut campaign, envelopes);
    }
    campaign
}

/// The campaign up to [`IN_THE_LOOP`].
fn play_to_the_loop() -> Campaign {
    let spec = sample::SampleSpec { seed: 20_220_420, villages: 2, communities: 2, households: 240 };
    let mut campaign = Campaign::new();
    run(&mut campaign, sample::commands(&spec));
    micro_grids(&mut campaign);
    let cutoff = moment(IN_THE_LOOP);
    let envelopes = sample::problem_loop(campaign.state(), spec.seed);
    run(&mut campaign, envelopes.into_iter().take_while(|e| e.at <= cutoff).collect());
    campaign
}

/// Every unit's members qualified, a link plan proposed and adopted; 龙虎岭社区's members in
/// micro-grids of six, north to south.
fn micro_grids(campaign: &mut Campaign) {
    let at = "2022-04-29T09:00:00+08:00";
    let units: Vec<DivisionCode> = campaign
        .state()
        .organization
        .units
        .iter()
        .filter(|(_, u)| u.level.is_village_or_community())
        .map(|(c, _)| *c)
        .collect();
    let mut next = 0;
    let mut id = || {
        next += 1;
        format!("micro-grid-{next}")
    };
    for unit in units {
        let cadre = sample::unit_cadre(unit);
        let members: Vec<String> = campaign
            .state()
            .people
            .persons
            .iter()
            .filter(|p| p.political_status == PoliticalStatus::PartyMember && p.unit == unit && p.household.is_some())
            .map(|p| p.id.clone())
            .collect();
        for m in members {
            let linkage = MemberLinkage { qualified_for_key_persons: true, ..MemberLinkage::default() };
            let set = grassroots::micro_grid::SetMemberLinkage { person: m, linkage };
            run(campaign, vec![envelope(id(), &cadre, at, None, set.into())]);
        }
        let query = Query::ProposeLinkPlan(grassroots::micro_grid::ProposeLinkPlanQuery {
            unit: Some(unit.to_string()),
            count: None,
            seed: None,
        });
        let Ok(QueryResult::LinkPlanProposal(r)) = campaign.query(&cadre, &query) else {
            panic!("a link plan is proposed for {unit}")
        };
        let links: Vec<LinkPair> = r
            .proposal
            .links
            .iter()
            .map(|l| LinkPair { household: l.household.clone(), member: l.member.clone() })
            .collect();
        let adopt = grassroots::micro_grid::AdoptLinkPlan { unit: Some(unit.to_string()), links };
        run(campaign, vec![envelope(id(), &cadre, at, Some(r.proposal.based_on_seq), adopt.into())]);
    }
    let unit: DivisionCode = DivisionCode::parse(COMMUNITY, "unit").expect("a division code");
    let state = campaign.state();
    let name = state.organization.units.get(&unit).map(|u| u.name.clone()).expect("the community");
    let mut members: Vec<(f64, String)> = state
        .micro_grids
        .links
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|m| {
            let p = state.people.persons.get(m)?;
            let h = state.people.households.get(p.household.as_deref()?)?;
            (h.unit == unit).then(|| (-h.location.map_or(0.0, |l| l.lat), m.clone()))
        })
        .collect();
    members.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let cadre = sample::unit_cadre(unit);
    let grids: Vec<CommandEnvelope> = members
        .chunks(6)
        .enumerate()
        .map(|(k, chunk)| {
            let grid = MicroGridSpec {
                id: format!("{unit}-g{:02}", k + 1),
                unit: unit.to_string(),
                name: format!("{name}第{}网格", k + 1),
                leader: chunk[0].1.clone(),
                members: chunk.iter().map(|(_, m)| m.clone()).collect(),
                contact_channel: None,
            };
            envelope(id(), &cadre, at, None, grassroots::micro_grid::EstablishMicroGrid { grid }.into())
        })
        .collect();
    assert!(!grids.is_empty(), "the community has members to form micro-grids");
    run(campaign, grids);
}

/// The picture `kind` of `unit` at `at` as `actor` sees it, asked through the switchboard.
fn draw(
    actor: &Actor,
    kind: PictureKind,
    unit: Option<&str>,
    at: &str,
    language: Language,
) -> grassroots::Result<PictureResult> {
    let campaign = if at == IN_THE_LOOP { &*IN_LOOP } else { &*CAMPAIGN };
    let query = PictureQuery { picture: kind, unit: unit.map(str::to_string), at: moment(at), language };
    match campaign.query(actor, &Query::Picture(query))? {
        QueryResult::Picture(picture) => Ok(picture),
        other => panic!("a picture answered with {other:?}"),
    }
}

fn moment(at: &str) -> DateTime<FixedOffset> {
    at.parse().expect("a valid time")
}

fn admin() -> Actor {
    sample::administrator()
}

/// A grid worker of 龙虎岭社区: reads its households, sees key persons masked.
fn grid_worker() -> Actor {
    sample::grid_worker(DivisionCode::parse(COMMUNITY, "unit").expect("a division code"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn blessing() -> bool {
    std::env::var_os("GRASSROOTS_BLESS").is_some()
}

/// Renders `svg` at its own size, with no font: texts are not drawn, so the render is the same
/// whatever fonts a machine has.
fn render(svg: &str, fonts: Option<&Path>) -> Pixmap {
    let mut options = resvg::usvg::Options::default();
    if let Some(path) = fonts {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let db = options.fontdb_mut();
        db.load_font_data(data);
        let family = db.faces().next().and_then(|f| f.families.first()).map(|f| f.0.clone());
        if let Some(family) = family {
            db.set_sans_serif_family(family);
        }
    }
    let tree = resvg::usvg::Tree::from_str(svg, &options).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a non-empty picture");
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

/// How many pixels may differ, and by how much. The renders are of shapes only (no text), so only
/// anti-aliased edges may come out differently: a rasterizer's version or its SIMD path may move an
/// edge pixel's coverage by a few levels. A channel may differ by at most 8 of 255 on 99.5% of the
/// pixels; a bar, a dot or a colour that moved changes far more than 0.5% (a dot alone is ~40
/// pixels, but a changed colour or position shows in the SVG comparison too).
const CHANNEL_TOLERANCE: u8 = 8;
const PIXELS_WITHIN: f64 = 0.995;

/// Compares `svg` with `tests/images/{name}.svg` byte for byte and its render with
/// `tests/images/{name}.png` within the tolerance (or writes both when blessing).
fn check(name: &str, svg: &str) {
    let dir = root().join("tests/images");
    let (svg_path, png_path) = (dir.join(format!("{name}.svg")), dir.join(format!("{name}.png")));
    let pixmap = render(svg, None);
    if std::env::var_os("GRASSROOTS_PICTURE_DOCS").is_some() {
        let docs = root().join("docs/images");
        std::fs::create_dir_all(&docs).expect("docs/images");
        std::fs::write(docs.join(format!("{name}.svg")), svg).expect("writes the SVG");
        let font = std::env::var_os("GRASSROOTS_PICTURE_FONT").map(PathBuf::from);
        render(svg, font.as_deref()).save_png(docs.join(format!("{name}.png"))).expect("writes the PNG");
    }
    if blessing() {
        std::fs::create_dir_all(&dir).expect("tests/images");
        std::fs::write(&svg_path, svg).expect("writes the SVG");
        pixmap.save_png(&png_path).expect("writes the PNG");
        return;
    }
    let hint = "run `GRASSROOTS_BLESS=1 cargo test -p grassroots --test pictures`, look at the images and commit them";
    let committed =
        std::fs::read_to_string(&svg_path).unwrap_or_else(|e| panic!("{}: {e}: {hint}", svg_path.display()));
    assert!(committed == svg, "{name}.svg differs from the committed one: {hint}");
    let expected = Pixmap::load_png(&png_path).unwrap_or_else(|e| panic!("{}: {e}: {hint}", png_path.display()));
    assert_eq!((expected.width(), expected.height()), (pixmap.width(), pixmap.height()), "{name}.png's size");
    let close = expected
        .data()
        .chunks_exact(4)
        .zip(pixmap.data().chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).all(|(x, y)| x.abs_diff(*y) <= CHANNEL_TOLERANCE))
        .count();
    let share = close as f64 / f64::from(pixmap.width() * pixmap.height());
    assert!(share >= PIXELS_WITHIN, "{name}.png: only {:.2}% of the pixels match: {hint}", share * 100.0);
}

/// Every picture of the administrator, in Chinese, and a few in English.
#[test]
fn every_picture_matches_its_committed_image() {
    let cases: [(&str, PictureKind, Option<&str>, &str, Language); 8] = [
        ("micro-grid-map", PictureKind::MicroGridMap, Some(COMMUNITY), AT, Language::Zh),
        ("coverage", PictureKind::Coverage, None, AT, Language::Zh),
        ("overdue-problems", PictureKind::OverdueProblems, None, IN_THE_LOOP, Language::Zh),
        ("acceptance-funnel", PictureKind::AcceptanceFunnel, None, AT, Language::Zh),
        ("timetable", PictureKind::Timetable, None, IN_THE_LOOP, Language::Zh),
        ("micro-grid-map-en", PictureKind::MicroGridMap, Some(COMMUNITY), AT, Language::En),
        ("acceptance-funnel-en", PictureKind::AcceptanceFunnel, None, AT, Language::En),
        ("timetable-en", PictureKind::Timetable, None, AT, Language::En),
    ];
    for (name, kind, unit, at, language) in cases {
        let r = draw(&admin(), kind, unit, at, language).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let head = if at == IN_THE_LOOP { IN_LOOP.head() } else { CAMPAIGN.head() };
        assert_eq!(r.header.head, head, "{name}: drawn at the head");
        assert!(r.svg.contains(&format!("seq #{}", head.seq)), "{name}: the title shows the seq");
        check(name, &r.svg);
    }
}

#[test]
fn a_role_that_does_not_see_key_persons_gets_no_key_person_marks() {
    let full = draw(&admin(), PictureKind::MicroGridMap, Some(COMMUNITY), AT, Language::Zh).expect("a map");
    let masked = draw(&grid_worker(), PictureKind::MicroGridMap, Some(COMMUNITY), AT, Language::Zh).expect("a map");
    let ring = "fill=\"none\" stroke=\"#c62828\"";
    assert!(full.svg.contains(ring), "the administrator's map rings key-person households");
    assert!(!masked.svg.contains(ring), "the grid worker's map rings none");
    assert!(!masked.svg.contains("重点人员住户"), "nor lists them in its legend");
    assert!(masked.svg.contains("重点人员信息按权限不予显示"), "it says they are not shown");
    // Apart from the rings and the legend, the two maps are drawn alike.
    let dots =
        |svg: &str| svg.lines().filter(|l| l.starts_with("<circle") && !l.contains("stroke=\"#c62828\"")).count();
    assert_eq!(dots(&full.svg), dots(&masked.svg));
    check("micro-grid-map-grid-worker", &masked.svg);
}

#[test]
fn the_same_question_gives_the_same_bytes() {
    for kind in PictureKind::ALL {
        let unit = (kind == PictureKind::MicroGridMap).then_some(COMMUNITY);
        let a = draw(&admin(), kind, unit, AT, Language::Zh).expect("a picture");
        let b = draw(&admin(), kind, unit, AT, Language::Zh).expect("a picture");
        assert_eq!(a, b, "{kind:?}");
        assert!(a.svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800.0\""));
        assert!(a.svg.ends_with("</svg>\n"));
    }
}

#[test]
fn a_map_needs_a_registered_village_or_community() {
    let e = draw(&admin(), PictureKind::MicroGridMap, None, AT, Language::Zh).expect_err("no unit");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.unit")));
    let e = draw(&admin(), PictureKind::MicroGridMap, Some("430104017999"), AT, Language::Zh).expect_err("unknown");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::NotFound, Some("query.unit")));
    let e = draw(&admin(), PictureKind::MicroGridMap, Some(sample::SUBDISTRICT), AT, Language::Zh).expect_err("level");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.unit")));
    let e = draw(&admin(), PictureKind::Timetable, Some(COMMUNITY), AT, Language::Zh).expect_err("campaign-wide");
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.unit")));
}

#[test]
fn a_unit_outside_the_scope_is_refused() {
    let other = sample::community_code(1).to_string();
    let e = draw(&grid_worker(), PictureKind::MicroGridMap, Some(&other), AT, Language::Zh).expect_err("outside");
    assert_eq!(e.code, ErrorCode::OutOfScope);
    let e = draw(&grid_worker(), PictureKind::Coverage, Some(&other), AT, Language::Zh).expect_err("outside");
    assert_eq!(e.code, ErrorCode::OutOfScope);
    // The grid worker's coverage shows its own community only.
    let own = draw(&grid_worker(), PictureKind::Coverage, None, AT, Language::Zh).expect("coverage");
    assert_eq!(own.svg.matches("<g><title>").count(), 1);
}

#[test]
fn a_moment_far_from_the_campaign_is_refused_before_anything_is_drawn() {
    for far in ["+262142-01-01T00:00:00+08:00", "2100-01-01T00:00:00+08:00"] {
        for kind in PictureKind::ALL {
            let unit = (kind == PictureKind::MicroGridMap).then_some(COMMUNITY);
            let e = draw(&admin(), kind, unit, far, Language::Zh).expect_err("refused");
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("query.at")), "{kind:?} at {far}");
        }
    }
}

#[test]
fn nothing_to_draw_is_a_picture_that_says_so() {
    // A village with no micro-grid and no member: its map still draws its households.
    let village = sample::village_code(0).to_string();
    let map = draw(&admin(), PictureKind::MicroGridMap, Some(&village), AT, Language::En).expect("a map");
    assert!(map.svg.contains("micro-grids 0"));
    // A campaign just opened has no household, problem or organization to draw.
    let mut fresh = Campaign::new();
    let spec = sample::SampleSpec { seed: 1, villages: 0, communities: 0, households: 0 };
    run(&mut fresh, sample::commands(&spec));
    let cx = QueryContext { actor: &admin(), head: fresh.head() };
    for kind in [PictureKind::Coverage, PictureKind::OverdueProblems, PictureKind::AcceptanceFunnel] {
        let q = PictureQuery { picture: kind, unit: None, at: moment(AT), language: Language::En };
        let r = q.answer(fresh.state(), &cx).expect("a picture");
        assert!(r.svg.contains("Nothing to draw"), "{kind:?}: {}", r.svg);
    }
}

#[test]
fn the_query_reads_its_wire_form() {
    let q: PictureQuery =
        serde_json::from_str(r#"{"picture":"microGridMap","unit":"430104017001","at":"2022-11-30T18:00:00+08:00"}"#)
            .expect("a picture query");
    assert_eq!(q.language, Language::Zh);
    assert!(serde_json::from_str::<PictureQuery>(r#"{"picture":"pie","at":"2022-11-30T18:00:00+08:00"}"#).is_err());
    assert!(
        serde_json::from_str::<PictureQuery>(r#"{"picture":"coverage","at":"2022-11-30T18:00:00+08:00","x":1}"#)
            .is_err()
    );
    let _ = (Role::Administrator, OrgLevel::Village);
}

/// The pictures of the whole-plan scenario (`tests/scenarios/08-campaign-2022.json`), committed as
/// `tests/images/scenario-08-*.svg`: the C door's and the npm package's tests play the same scenario
/// and must draw the same bytes.
#[test]
fn the_scenario_pictures_are_the_committed_bytes_every_door_draws() {
    let text = std::fs::read_to_string(root().join("tests/scenarios/08-campaign-2022.json")).expect("scenario 08");
    let scenario: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut campaign = Campaign::new();
    for step in scenario["steps"].as_array().expect("steps") {
        if let Some(envelope) = step.get("execute") {
            // The scenario's refused steps are part of it.
            let _ = campaign.execute(serde_json::from_value(envelope.clone()).expect("an envelope"));
        }
    }
    let at = moment("2022-11-30T18:00:00+08:00");
    for (name, kind, unit) in SCENARIO_PICTURES {
        let query = PictureQuery { picture: kind, unit: unit.map(str::to_string), at, language: Language::Zh };
        let Ok(QueryResult::Picture(picture)) = campaign.query(&admin(), &Query::Picture(query)) else {
            panic!("{name}: a picture")
        };
        let path = root().join(format!("tests/images/scenario-08-{name}.svg"));
        if blessing() {
            std::fs::write(&path, &picture.svg).expect("write");
        } else {
            let committed = std::fs::read_to_string(&path).expect("the committed SVG (GRASSROOTS_BLESS=1 writes it)");
            assert!(
                committed == picture.svg,
                "{name}: differs from {} (GRASSROOTS_BLESS=1 rewrites it)",
                path.display()
            );
        }
    }
}

/// The scenario's pictures the doors compare: file name, kind, unit.
const SCENARIO_PICTURES: [(&str, PictureKind, Option<&str>); 5] = [
    ("micro-grid-map", PictureKind::MicroGridMap, Some("430104017001")),
    ("coverage", PictureKind::Coverage, None),
    ("overdue-problems", PictureKind::OverdueProblems, None),
    ("acceptance-funnel", PictureKind::AcceptanceFunnel, None),
    ("timetable", PictureKind::Timetable, None),
];
