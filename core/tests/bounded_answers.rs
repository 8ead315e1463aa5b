//! Issue #15, failures 5 and 6: `importQuestionnaire` is held to the campaign's scope, and
//! `noHouseholdMissed` answers a page at a time (at 1,000,000 households it returned 105 MiB).

mod common;

use common::*;
use grassroots::{ErrorCode, Role};
use serde_json::json;

#[test]
fn an_administrator_of_another_subdistrict_cannot_import_a_questionnaire() {
    let (mut c, mut e) = small_campaign();
    // 东方红街道 is 430104017; 430104018 is another sub-district's code.
    let other = exact_actor(Role::Administrator, "430104018000");
    let import = json!({"type": "importQuestionnaire", "id": "q", "version": 1,
        "survey": "type,name,label\ntext,note,备注\n", "choices": "list_name,name,label\n"});
    let error = refused(&mut c, &mut e, &other, import.clone());
    assert_eq!(error.code, ErrorCode::OutOfScope, "{error:?}");
    // The campaign's own office may.
    run(&mut c, &mut e, &admin(), import);
}

#[test]
fn no_household_missed_answers_a_page_at_a_time_with_the_whole_count() {
    let (mut c, mut e) = small_campaign();
    for i in 0..250 {
        run(
            &mut c,
            &mut e,
            &admin(),
            json!({"type": "registerHousehold", "id": format!("x{i:03}"),
            "address": format!("{i}号"), "unit": COMMUNITY}),
        );
    }
    let at = "2022-05-01T09:00:00+08:00";
    let page = |after: Option<&str>, limit: Option<u32>| {
        let mut q = json!({"type": "noHouseholdMissed", "at": at});
        if let Some(a) = after {
            q["after"] = json!(a);
        }
        if let Some(l) = limit {
            q["limit"] = json!(l);
        }
        answer(&c, &admin(), q)
    };
    // 251 households (h1 and the 250), none visited; the default page is 100.
    let first = page(None, None);
    assert_eq!(first["missed"], 251);
    assert_eq!(first["households"].as_array().unwrap().len(), 100);
    let mut seen = 0;
    let mut after: Option<String> = None;
    loop {
        let p = page(after.as_deref(), Some(60));
        assert_eq!(p["missed"], 251, "every page gives the whole count");
        seen += p["households"].as_array().unwrap().len();
        match p["nextAfter"].as_str() {
            Some(next) => after = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, 251);
    // A page is bounded.
    let q: grassroots::Query =
        serde_json::from_value(json!({"type": "noHouseholdMissed", "at": at, "limit": 10_001})).unwrap();
    assert_eq!(c.query(&admin(), &q).unwrap_err().code, ErrorCode::InvalidField);
}
