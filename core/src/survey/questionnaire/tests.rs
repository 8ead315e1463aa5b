//! Tests of the questionnaire engine, named after the rules they show passing and failing.

use super::*;
use crate::engine::error::ErrorCode;
use serde_json::{Value, json};

/// A small form with every type, a group with skip logic, a constraint and a choice filter.
fn form() -> Questionnaire {
    let survey = "\u{feff}type,name,label::Chinese (zh),label::en,required,relevant,constraint,constraint_message::zh,choice_filter
text,head,户主,Head,yes,,,,
integer,residents,常住人口,Residents,yes,,. >= 0,人数不能为负,
decimal,income,年收入,Income,no,,. >= 0 and . < 10000000,,
date,visited_on,走访日期,Visit date,no,,. >= '2022-04-01',,
select_one yes_no,has_problem,有问题吗,Any problem,yes,,,,
begin group,problem,问题,Problem,,${has_problem} = 'yes',,,
select_multiple category,categories,类别,Categories,yes,,count-selected(.) <= 2,最多两项,
text,detail,说明,Detail,no,\"selected(${categories}, 'drugs')\",,,
end group,problem,,,,,,,
select_one town,town,镇,Town,no,,,,
select_one village,village,村,Village,no,${town} != '',,,town = ${town}
note,bye,再见,Bye,,,,,
";
    let choices = "list_name,name,label::zh,label::en,town
yes_no,yes,是,Yes,
yes_no,no,否,No,
category,telecom_fraud,电信诈骗,Fraud,
category,drugs,涉毒,Drugs,
category,organized_crime,黑恶,Organized crime,
town,t1,一镇,Town 1,
town,t2,二镇,Town 2,
village,v1,一村,Village 1,t1
village,v2,二村,Village 2,t2
";
    Questionnaire::from_xlsform_csv(&XlsFormCsv { id: "test", version: 1, title: Labels::new(), survey, choices })
        .unwrap()
}

fn answers(v: Value) -> Answers {
    serde_json::from_value(v).unwrap()
}

fn valid() -> Answers {
    answers(json!({"head": "张三", "residents": 3, "has_problem": "no"}))
}

/// The rules `answers` breaks, as (question, rule).
fn broken(q: &Questionnaire, a: &Answers) -> Vec<(String, Rule)> {
    q.violations(a).into_iter().map(|v| (v.question, v.rule)).collect()
}

fn assert_breaks(q: &Questionnaire, a: Answers, question: &str, rule: Rule) {
    assert_eq!(broken(q, &a), vec![(question.to_string(), rule)]);
    let e = q.validate(&a).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert_eq!(e.field.as_deref(), Some(format!("answers.{question}").as_str()));
    assert!(e.message.contains(&format!("`{question}`")), "{}", e.message);
    assert!(e.message.contains(rule.as_str()), "{}", e.message);
}

fn with(mut a: Answers, key: &str, v: Value) -> Answers {
    a.insert(key.to_string(), v);
    a
}

#[test]
fn a_valid_answer_set_passes() {
    let q = form();
    assert_eq!(q.validate(&valid()), Ok(()));
    let full = answers(json!({"head": "张三", "residents": "4", "income": 35000.5, "visited_on": "2022-04-20",
        "has_problem": "yes", "categories": ["drugs", "telecom_fraud"], "detail": "…", "town": "t1", "village": "v1"}));
    assert_eq!(q.violations(&full), vec![]);
}

#[test]
fn unknown_question_is_refused() {
    let q = form();
    assert_breaks(&q, with(valid(), "nickname", json!("x")), "nickname", Rule::UnknownQuestion);
    assert_breaks(&q, with(valid(), "bye", json!("x")), "bye", Rule::UnknownQuestion);
    assert_breaks(&q, with(valid(), "problem", json!("x")), "problem", Rule::UnknownQuestion);
}

#[test]
fn type_integer_decimal_date_and_text_are_checked() {
    let q = form();
    for good in [json!(5), json!("5"), json!(" 5 "), json!(5.0)] {
        assert_eq!(q.validate(&with(valid(), "residents", good.clone())), Ok(()), "{good}");
    }
    for bad in [json!(2.5), json!("2.5"), json!("three"), json!(true), json!(["3"])] {
        assert_breaks(&q, with(valid(), "residents", bad), "residents", Rule::Type);
    }
    for good in [json!(1.5), json!("1.5"), json!("-0"), json!(12)] {
        assert_eq!(q.violations(&with(valid(), "income", good.clone())), vec![], "{good}");
    }
    for bad in [json!("1e3"), json!("1,5"), json!("abc")] {
        assert_breaks(&q, with(valid(), "income", bad), "income", Rule::Type);
    }
    assert_eq!(q.validate(&with(valid(), "visited_on", json!("2022-04-30"))), Ok(()));
    for bad in [json!("2022-02-30"), json!("2022-4-3"), json!("20220430"), json!(20220430)] {
        assert_breaks(&q, with(valid(), "visited_on", bad), "visited_on", Rule::Type);
    }
    assert_breaks(&q, with(valid(), "head", json!(12)), "head", Rule::Type);
}

#[test]
fn type_errors_never_echo_the_answer() {
    let q = form();
    let e = q.validate(&with(valid(), "residents", json!("43010419900101123X"))).unwrap_err();
    assert!(!e.message.contains("430104"), "{}", e.message);
}

#[test]
fn choices_must_come_from_the_list() {
    let q = form();
    assert_breaks(&q, with(valid(), "has_problem", json!("maybe")), "has_problem", Rule::Choice);
    assert_breaks(&q, with(valid(), "has_problem", json!("yes no")), "has_problem", Rule::Choice);
    assert_breaks(&q, with(valid(), "has_problem", json!(["yes"])), "has_problem", Rule::Type);
    let problem = with(valid(), "has_problem", json!("yes"));
    assert_eq!(q.validate(&with(problem.clone(), "categories", json!("drugs  telecom_fraud"))), Ok(()));
    assert_breaks(&q, with(problem.clone(), "categories", json!("drugs gambling")), "categories", Rule::Choice);
    assert_breaks(&q, with(problem.clone(), "categories", json!(["drugs", "drugs"])), "categories", Rule::Choice);
    assert_breaks(&q, with(problem, "categories", json!(["drugs", 3])), "categories", Rule::Type);
}

#[test]
fn choice_filter_limits_the_choices_offered() {
    let q = form();
    let a = with(valid(), "town", json!("t2"));
    assert_eq!(q.validate(&with(a.clone(), "village", json!("v2"))), Ok(()));
    assert_breaks(&q, with(a, "village", json!("v1")), "village", Rule::Choice);
}

#[test]
fn required_applies_only_when_relevant() {
    let q = form();
    assert_breaks(&q, answers(json!({"residents": 3, "has_problem": "no"})), "head", Rule::Required);
    assert_breaks(&q, answers(json!({"head": "", "residents": 3, "has_problem": "no"})), "head", Rule::Required);
    assert_breaks(&q, answers(json!({"head": null, "residents": 3, "has_problem": "no"})), "head", Rule::Required);
    // `categories` is required inside the group, which is relevant only when there is a problem.
    assert_eq!(q.validate(&valid()), Ok(()));
    assert_breaks(&q, with(valid(), "has_problem", json!("yes")), "categories", Rule::Required);
    assert_breaks(
        &q,
        with(with(valid(), "has_problem", json!("yes")), "categories", json!([])),
        "categories",
        Rule::Required,
    );
}

#[test]
fn an_answer_to_a_question_that_is_not_relevant_is_refused() {
    let q = form();
    // Own skip logic.
    let a = answers(json!({"head": "x", "residents": 1, "has_problem": "yes", "categories": "telecom_fraud"}));
    assert_eq!(q.validate(&a), Ok(()));
    assert_breaks(&q, with(a.clone(), "detail", json!("…")), "detail", Rule::Relevant);
    assert_eq!(q.validate(&with(with(a, "categories", json!("drugs")), "detail", json!("…"))), Ok(()));
    // The group's skip logic.
    assert_breaks(&q, with(valid(), "categories", json!("drugs")), "categories", Rule::Relevant);
    // An empty answer to an irrelevant question is no answer.
    assert_eq!(q.validate(&with(valid(), "categories", json!(""))), Ok(()));
}

#[test]
fn constraints_hold_with_their_message() {
    let q = form();
    let a = with(valid(), "residents", json!(-1));
    assert_breaks(&q, a.clone(), "residents", Rule::Constraint);
    assert!(q.validate(&a).unwrap_err().message.contains("人数不能为负"));
    assert_breaks(&q, with(valid(), "visited_on", json!("2022-03-31")), "visited_on", Rule::Constraint);
    assert_breaks(&q, with(valid(), "income", json!(1e8)), "income", Rule::Constraint);
    let three = answers(json!({"head": "x", "residents": 1, "has_problem": "yes",
        "categories": "drugs telecom_fraud organized_crime"}));
    assert_breaks(&q, three, "categories", Rule::Constraint);
}

#[test]
fn violations_lists_every_broken_rule_in_order() {
    let q = form();
    let a = answers(json!({"zzz": 1, "residents": "x", "has_problem": "no", "categories": "drugs"}));
    assert_eq!(
        broken(&q, &a),
        vec![
            ("residents".to_string(), Rule::Type),
            ("zzz".to_string(), Rule::UnknownQuestion),
            ("head".to_string(), Rule::Required),
            ("categories".to_string(), Rule::Relevant),
        ]
    );
}

#[test]
fn json_definition_round_trips_and_recompiles() {
    let q = form();
    let json = q.to_json();
    assert!(json.contains(r#""type":"selectOne","list":"yes_no""#), "{json}");
    assert!(json.contains(r#""type":"group","items":["#), "{json}");
    assert!(json.contains(r#""label":{"en":"Head","zh":"户主"}"#), "{json}");
    let again = Questionnaire::from_json(&json).unwrap();
    assert_eq!(again, q);
    assert_eq!(serde_json::to_string(&again).unwrap(), json);
    let back: Questionnaire = serde_json::from_str(&json).unwrap();
    assert_eq!(back.validate(&valid()), Ok(()));
    assert_eq!(back.question_names().count(), 9);
}

#[test]
fn json_definition_errors_name_the_path_and_the_character() {
    let bad = json!({"id": "t", "version": 1, "items": [
        {"name": "a", "type": "integer", "label": {"en": "A"}},
        {"name": "g", "type": "group", "items": [
            {"name": "b", "type": "text", "label": {"en": "B"}, "relevant": "${a} > and 1"}]}]});
    let e = Questionnaire::from_json(&bad.to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidField);
    assert_eq!(e.field.as_deref(), Some("items[1].items[0].relevant"));
    assert!(e.message.contains("at character 8"), "{}", e.message);
    let shape = json!({"id": "t", "version": 1, "items": [{"name": "a", "type": "integr"}]});
    let e = Questionnaire::from_json(&shape.to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedInput);
    assert!(e.field.as_deref().unwrap_or("").starts_with("items[0]"), "{e:?}");
    assert_eq!(Questionnaire::from_json("{").unwrap_err().code, ErrorCode::MalformedInput);
}

/// Imports a survey sheet with a fixed choices sheet; returns the error's rows as (line, column, message).
fn csv_rows(survey: &str) -> Vec<(u64, Option<String>, String)> {
    let choices = "list_name,name,label\nyes_no,yes,Yes\nyes_no,no,No\n";
    let form = XlsFormCsv { id: "t", version: 1, title: Labels::new(), survey, choices };
    let e = Questionnaire::from_xlsform_csv(&form).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCsv, "{e:?}");
    e.rows.into_iter().map(|r| (r.line, r.column, r.message)).collect()
}

#[test]
fn csv_expression_errors_name_line_column_and_character() {
    let rows = csv_rows("type,name,label,Relevant\ninteger,a,A,\ntext,b,B,${a} >= (2\ntext,c,C,${nobody} = 1\n");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!((rows[0].0, rows[0].1.as_deref()), (3, Some("Relevant")));
    assert!(rows[0].2.contains("at character 11") && rows[0].2.contains("expected `)`"), "{}", rows[0].2);
    assert_eq!((rows[1].0, rows[1].1.as_deref()), (4, Some("Relevant")));
    assert!(
        rows[1].2.contains("at character 1") && rows[1].2.contains("no question is named `nobody`"),
        "{}",
        rows[1].2
    );
}

#[test]
fn csv_structure_errors_are_reported_per_row() {
    let rows = csv_rows("type,name,label,calculation\ntext,a,A,\n");
    assert_eq!((rows[0].0, rows[0].1.as_deref()), (1, Some("calculation")));
    let rows = csv_rows(
        "type,name,label,required\ngeopoint,p,P,\nselect_one nolist,s,S,\ntext,a,A,maybe\ntext,a,A2,\nend group,,,\nbegin group,g,G,\n",
    );
    let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, vec![2, 4, 6, 7], "{rows:?}");
    assert!(rows[0].2.contains("type `geopoint` is not supported"));
    assert!(rows[1].2.contains("`required` must be yes or no"));
    assert!(rows[2].2.contains("`end group` without"));
    assert!(rows[3].2.contains("never closed"));
    let rows = csv_rows("type,name,label\nselect_one nolist,s,S\ntext,s,S2\nnote,n,N\ntext,bad name,B\n");
    let got: Vec<(u64, Option<&str>)> = rows.iter().map(|r| (r.0, r.1.as_deref())).collect();
    assert_eq!(got, vec![(2, Some("type")), (3, Some("name")), (5, Some("name"))], "{rows:?}");
    let rows = csv_rows("type,name,label,required,constraint\nnote,n,N,yes,. > 1\ntext,t,T,,${n} = 1\n");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[2].2.contains("is a note or a group"));
}

#[test]
fn csv_choice_errors_name_the_choices_sheet() {
    let form = XlsFormCsv {
        id: "t",
        version: 1,
        title: Labels::new(),
        survey: "type,name,label\nselect_one l,s,S\n",
        choices: "list_name,name,label\nl,a,A\nl,a,A again\nl,b c,B\nl,d,\n",
    };
    let e = Questionnaire::from_xlsform_csv(&form).unwrap_err();
    let rows: Vec<(u64, Option<&str>)> = e.rows.iter().map(|r| (r.line, r.column.as_deref())).collect();
    assert_eq!(rows, vec![(3, Some("name")), (4, Some("name")), (5, Some("label"))], "{e:?}");
    assert!(e.rows.iter().all(|r| r.message.starts_with("choices: ")));
}

#[test]
fn dot_and_self_references_are_refused_in_skip_logic() {
    let rows = csv_rows("type,name,label,relevant\ninteger,a,A,. > 1\ninteger,b,B,${b} > 1\n");
    assert!(rows[0].2.contains("only meaningful in a constraint"), "{rows:?}");
    assert!(rows[1].2.contains("refers to the question itself"), "{rows:?}");
}

#[test]
fn versions_are_immutable_and_increasing() {
    let mut set = QuestionnaireSet::new();
    let v1 = form();
    set.register(v1.clone()).unwrap();
    assert_eq!(set.register(v1.clone()).unwrap_err().code, ErrorCode::AlreadyExists);
    // Version 2 adds a required question.
    let mut def = v1.definition().clone();
    def.version = 2;
    def.items.insert(
        0,
        Item {
            name: "mobile_ok".into(),
            kind: ItemKind::SelectOne { list: "yes_no".into() },
            label: Labels::from([("en".into(), "Mobile ok".into())]),
            hint: Labels::new(),
            required: true,
            relevant: None,
            constraint: None,
            constraint_message: Labels::new(),
            choice_filter: None,
        },
    );
    set.register(Questionnaire::new(def.clone()).unwrap()).unwrap();
    let mut modified = v1.definition().clone();
    modified.title.insert("en".into(), "changed".into());
    assert_eq!(set.register(Questionnaire::new(modified).unwrap()).unwrap_err().code, ErrorCode::AlreadyExists);
    // Answers recorded under version 1 still validate against version 1.
    assert_eq!(set.validate("test", 1, &valid()), Ok(()));
    assert_eq!(set.validate("test", 2, &valid()).unwrap_err().field.as_deref(), Some("answers.mobile_ok"));
    assert_eq!(set.validate("test", 3, &valid()).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(set.validate("other", 1, &valid()).unwrap_err().code, ErrorCode::NotFound);
    // An older version cannot come after a newer one.
    let mut set2 = QuestionnaireSet::new();
    set2.register(Questionnaire::new(def).unwrap()).unwrap();
    assert_eq!(set2.register(v1).unwrap_err().code, ErrorCode::RuleViolated);
    assert_eq!(set.versions("test").collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(set.latest("test").map(Questionnaire::version), Some(2));
    assert_eq!(set.len(), 2);
    // It serializes as the definitions and reads back the same.
    let json = serde_json::to_string(&set).unwrap();
    let back: QuestionnaireSet = serde_json::from_str(&json).unwrap();
    assert_eq!(back, set);
    assert_eq!(back.validate("test", 1, &valid()), Ok(()));
}

#[test]
fn schemas_are_generated() {
    let schema = serde_json::to_string(&schemars::schema_for!(QuestionnaireDefinition)).unwrap();
    assert!(schema.contains("selectMultiple"), "{schema}");
    let schema = serde_json::to_string(&schemars::schema_for!(Questionnaire)).unwrap();
    assert!(schema.contains("choiceFilter"), "{schema}");
    let _ = schemars::schema_for!(QuestionnaireSet);
    let _ = schemars::schema_for!(Violation);
}

// ------------------------------------------------------------------------------------------------
// The reference questionnaire

/// A household met at home: nothing to report, satisfied.
fn quiet_household() -> Answers {
    answers(json!({
        "respondent": "head", "residents": 3, "residents_met": 2, "registered": 4, "tenure": "owns",
        "key_person_types": "none", "problems_seen": "none", "anti_fraud_app": "yes", "has_demands": "no",
        "satisfaction_party": "satisfied", "satisfaction_committee": "basically_satisfied",
        "knows_contact_member": "yes", "contact_channels": ["wechat_group"]
    }))
}

/// A household with tenants, key persons, a fraud victim and demands.
fn busy_household() -> Answers {
    answers(json!({
        "respondent": "spouse", "residents": "5", "residents_met": "1", "tenure": "lets", "tenants": "6",
        "key_person_types": "left_behind long_term_absent unemployed_idle", "key_person_count": 3,
        "left_behind_types": "elderly children", "absent_months": 18, "support_needed": ["job"],
        "key_person_notes": "儿子在外务工两年未归",
        "problems_seen": ["telecom_fraud", "organized_crime"], "fraud_victim": "yes", "fraud_loss": "3200.50",
        "organized_crime_detail": "有人强揽工程", "problem_since": "2021-09-01", "anti_fraud_app": "no",
        "has_demands": "yes", "demand_types": "infrastructure employment", "demand_detail": "村道积水",
        "demand_urgency": "normal", "satisfaction_party": "dissatisfied", "satisfaction_committee": "satisfied",
        "dissatisfaction_reason": "反映问题没有回音", "knows_contact_member": "no",
        "contact_channels": "phone home_visit", "contact_time": "evening", "join_wechat_group": "yes"
    }))
}

#[test]
fn reference_questionnaire_compiles_with_about_thirty_questions() {
    let q = reference::door_knock();
    assert_eq!((q.id(), q.version()), ("door-knock", 1));
    let n = q.question_names().count();
    assert!((25..=35).contains(&n), "{n} questions");
    for name in
        ["satisfaction_party", "satisfaction_committee", "key_person_types", "problems_seen", "contact_channels"]
    {
        assert!(q.question_names().any(|x| x == name), "{name}");
    }
    let def = q.definition();
    assert_eq!(def.title.get("zh").map(String::as_str), Some("敲门行动入户走访问卷"));
    let key = &def.choices["key_person"];
    let names: Vec<&str> = key.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "unemployed_idle",
            "long_term_absent",
            "left_behind",
            "prior_offence",
            "drug_involved",
            "out_of_school_youth",
            "none"
        ]
    );
    assert!(key.iter().all(|c| c.label.contains_key("zh") && c.label.contains_key("en")));
    assert_eq!(Questionnaire::from_json(&q.to_json()).unwrap(), q);
}

#[test]
fn reference_questionnaire_accepts_realistic_visits() {
    let q = reference::door_knock();
    assert_eq!(q.violations(&quiet_household()), vec![]);
    assert_eq!(q.violations(&busy_household()), vec![]);
}

#[test]
fn reference_questionnaire_refuses_each_rule_once() {
    let q = reference::door_knock();
    let quiet = quiet_household();
    let busy = busy_household();
    let mut without = busy.clone();
    without.remove("tenants");
    let cases: Vec<(Answers, &str, Rule)> = vec![
        (with(quiet.clone(), "phone_number", json!("13800138000")), "phone_number", Rule::UnknownQuestion),
        (with(quiet.clone(), "thanks", json!("ok")), "thanks", Rule::UnknownQuestion),
        (with(quiet.clone(), "registered", json!("three")), "registered", Rule::Type),
        (with(busy.clone(), "fraud_loss", json!("about 3000")), "fraud_loss", Rule::Type),
        (with(busy.clone(), "problem_since", json!("2021/09/01")), "problem_since", Rule::Type),
        (with(quiet.clone(), "satisfaction_party", json!("very_satisfied")), "satisfaction_party", Rule::Choice),
        (with(quiet.clone(), "contact_channels", json!("wechat_group fax")), "contact_channels", Rule::Choice),
        (without, "tenants", Rule::Required),
        (with(quiet.clone(), "fraud_loss", json!(100)), "fraud_loss", Rule::Relevant),
        (with(quiet.clone(), "tenants", json!(2)), "tenants", Rule::Relevant),
        (with(quiet.clone(), "residents_met", json!(4)), "residents_met", Rule::Constraint),
        (with(quiet.clone(), "key_person_types", json!("none long_term_absent")), "key_person_types", Rule::Constraint),
        (with(busy.clone(), "tenants", json!(0)), "tenants", Rule::Constraint),
        (with(busy.clone(), "absent_months", json!(3)), "absent_months", Rule::Constraint),
        (
            with(busy.clone(), "demand_types", json!("employment housing medical security")),
            "demand_types",
            Rule::Constraint,
        ),
    ];
    for (a, question, rule) in cases {
        assert_breaks(&q, a, question, rule);
    }
    // Required (dissatisfaction needs a reason), and the reason is not asked when satisfied.
    let mut no_reason = busy.clone();
    no_reason.remove("dissatisfaction_reason");
    assert_breaks(&q, no_reason, "dissatisfaction_reason", Rule::Required);
    assert_breaks(&q, with(quiet, "dissatisfaction_reason", json!("…")), "dissatisfaction_reason", Rule::Relevant);
    let e = q.validate(&with(busy, "tenants", json!(0))).unwrap_err();
    assert!(
        e.message.contains("租住人数应在1至100人之间 / ") || e.message.contains("Tenants must be"),
        "{}",
        e.message
    );
}
