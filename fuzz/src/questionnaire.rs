//! The questionnaire targets: `expression` (the expression language, parsed, printed and evaluated
//! through a questionnaire's rules) and `xlsform` (import from XLSForm sheets or JSON).

use crate::check_error;
use grassroots::ErrorCode;
use grassroots::survey::questionnaire::{
    Answers, Choice, Expression, Item, ItemKind, Labels, Questionnaire, QuestionnaireDefinition, Rule, XlsFormCsv,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// The questions of the questionnaire an expression is tried in, in the order the answer lines of an
/// `expression` input fill them.
pub const QUESTIONS: [&str; 9] = ["t", "n", "d", "dt", "s", "m", "x", "y", "z"];

/// Where the fuzzed expression goes: `x`'s `relevant`, `y`'s `constraint`, `z`'s `choice_filter`.
#[derive(Clone, Copy)]
enum Role {
    Relevant,
    Constraint,
    ChoiceFilter,
}

/// Target `expression`: the expression language of `relevant`, `constraint` and `choice_filter`.
///
/// The input is text: its first line is the expression, each further line the answer to one
/// question of [`QUESTIONS`] (JSON when it parses as JSON, else a string; an empty line leaves the
/// question unanswered).
///
/// Checks: no panic (nor stack overflow); an error's offset lies within the expression; a parsed
/// expression's printed form parses (unless it outgrows the length or nesting limits), prints the
/// same again and names the same references; the expression put in a questionnaire (as a
/// `relevant`, a `constraint` and a `choice_filter`) compiles exactly when its printed form does, and
/// both judge the answers alike; `validate` fails exactly when `violations` is not empty, with the
/// first violation.
pub fn expression(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (source, rest) = text.split_once('\n').unwrap_or((text, ""));
    let chars = source.chars().count();
    let printed = match Expression::parse(source) {
        Ok(parsed) => {
            for (name, offset) in parsed.references() {
                assert!(offset < chars, "the reference `{name}` is at offset {offset}, past the expression's end");
            }
            let printed = parsed.to_string();
            match Expression::parse(&printed) {
                Ok(again) => {
                    assert_eq!(again.to_string(), printed, "printing a printed expression gives other text");
                    let names =
                        |e: &Expression| e.references().into_iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>();
                    assert_eq!(names(&again), names(&parsed), "the printed expression names other references");
                    Some(printed)
                }
                Err(e) if within_limits(&e.message) => None,
                Err(e) => panic!("the printed form `{printed}` of `{source}` does not parse: {e}"),
            }
        }
        Err(e) => {
            assert!(e.offset <= chars, "the error offset {} is past the expression's end ({chars}): {e}", e.offset);
            None
        }
    };
    let answers = answers_of(rest);
    for role in [Role::Relevant, Role::Constraint, Role::ChoiceFilter] {
        let original = Questionnaire::new(definition(role, source));
        if let Err(e) = &original {
            check_error(e);
        }
        let original_verdict = original.as_ref().ok().map(|q| check_answers(q, &answers));
        if let Some(printed) = &printed {
            let reprinted = Questionnaire::new(definition(role, printed));
            match (&original_verdict, &reprinted) {
                (Some(verdict), Ok(q)) => {
                    assert_eq!(
                        &check_answers(q, &answers),
                        verdict,
                        "`{source}` and its printed form `{printed}` judge the answers differently"
                    )
                }
                (None, Err(_)) => {}
                (Some(_), Err(e)) if within_limits(&e.message) => {}
                (Some(_), Err(e)) => {
                    panic!("`{source}` compiles but its printed form `{printed}` does not: {}", e.to_json())
                }
                (None, Ok(_)) => panic!(
                    "`{source}` does not compile ({}) but its printed form `{printed}` does",
                    original.as_ref().err().map(|e| e.to_json()).unwrap_or_default()
                ),
            }
        }
    }
}

/// Whether a parse error is one of the limits a printed expression may outgrow (it adds parentheses).
fn within_limits(message: &str) -> bool {
    message.contains("longer than") || message.contains("nested more than")
}

fn answers_of(lines: &str) -> Answers {
    let mut answers = Answers::new();
    for (name, line) in QUESTIONS.iter().zip(lines.split('\n')) {
        if line.is_empty() {
            continue;
        }
        let value = serde_json::from_str::<Value>(line).unwrap_or_else(|_| Value::from(line));
        answers.insert(name.to_string(), value);
    }
    answers
}

/// `validate` agrees with `violations`; answers the violations as (question, rule).
fn check_answers(q: &Questionnaire, answers: &Answers) -> Vec<(String, Rule)> {
    let violations = q.violations(answers);
    match q.validate(answers) {
        Ok(()) => assert!(violations.is_empty(), "validate accepts answers that break {violations:?}"),
        Err(e) => {
            let first = violations
                .first()
                .unwrap_or_else(|| panic!("validate refuses answers without violations: {}", e.to_json()));
            assert_eq!(e, first.to_error(), "validate's error is not the first violation");
            check_error(&e);
        }
    }
    violations.into_iter().map(|v| (v.question, v.rule)).collect()
}

fn labels(text: &str) -> Labels {
    Labels::from([("en".to_string(), text.to_string())])
}

fn item(name: &str, kind: ItemKind) -> Item {
    Item {
        name: name.to_string(),
        kind,
        label: labels(name),
        hint: Labels::new(),
        required: false,
        relevant: None,
        constraint: None,
        constraint_message: Labels::new(),
        choice_filter: None,
    }
}

fn choice(name: &str, group: &str) -> Choice {
    Choice {
        name: name.to_string(),
        label: labels(name),
        properties: BTreeMap::from([("grp".to_string(), group.to_string())]),
    }
}

/// The questionnaire of [`QUESTIONS`] with `expression` in the place `role` names.
fn definition(role: Role, expression: &str) -> QuestionnaireDefinition {
    let list = || "yn".to_string();
    let mut items = vec![
        item("t", ItemKind::Text),
        item("n", ItemKind::Integer),
        item("d", ItemKind::Decimal),
        item("dt", ItemKind::Date),
        item("s", ItemKind::SelectOne { list: list() }),
        item("m", ItemKind::SelectMultiple { list: list() }),
        item("x", ItemKind::Text),
        item("y", ItemKind::Decimal),
        item("z", ItemKind::SelectMultiple { list: list() }),
    ];
    let expression = Some(expression.to_string());
    match role {
        Role::Relevant => items[6].relevant = expression,
        Role::Constraint => items[7].constraint = expression,
        Role::ChoiceFilter => items[8].choice_filter = expression,
    }
    QuestionnaireDefinition {
        id: "fuzz".to_string(),
        version: 1,
        title: labels("fuzz"),
        items,
        choices: BTreeMap::from([(list(), vec![choice("yes", "a"), choice("no", "b"), choice("maybe", "a")])]),
    }
}

/// The line that separates the `survey` sheet from the `choices` sheet in an `xlsform` input.
pub const CHOICES_MARK: &str = "#choices";

/// Target `xlsform`: questionnaire import.
///
/// The input is text: a JSON definition for `Questionnaire::from_json` when it starts with `{`;
/// otherwise the `survey` sheet, a line `#choices`, and the `choices` sheet, for
/// `Questionnaire::from_xlsform_csv`.
///
/// Checks: no panic; an imported questionnaire's JSON compiles again to the same definition and the
/// same JSON, and its rules judge a few answer maps consistently; a refused XLSForm import is
/// `INVALID_CSV` listing its bad rows, or `INVALID_FIELD`; errors round-trip through their JSON.
pub fn xlsform(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.trim_start().starts_with('{') {
        match Questionnaire::from_json(text) {
            Ok(q) => check_questionnaire(&q),
            Err(e) => check_error(&e),
        }
        return;
    }
    let (survey, choices) = match text.split_once(&format!("\n{CHOICES_MARK}\n")) {
        Some(parts) => parts,
        None => (text, ""),
    };
    let form = XlsFormCsv { id: "fuzz", version: 1, title: labels("fuzz"), survey, choices };
    match Questionnaire::from_xlsform_csv(&form) {
        Ok(q) => check_questionnaire(&q),
        Err(e) => {
            check_error(&e);
            match e.code {
                ErrorCode::InvalidCsv => assert!(!e.rows.is_empty(), "INVALID_CSV without rows: {}", e.to_json()),
                ErrorCode::InvalidField => {}
                other => panic!("from_xlsform_csv refused with {}: {}", other.as_str(), e.to_json()),
            }
        }
    }
}

fn check_questionnaire(q: &Questionnaire) {
    let json = q.to_json();
    let back = Questionnaire::from_json(&json)
        .unwrap_or_else(|e| panic!("a compiled questionnaire's JSON does not compile: {}", e.to_json()));
    assert_eq!(back.definition(), q.definition(), "a questionnaire's JSON compiles to another definition");
    assert_eq!(back.to_json(), json, "a questionnaire's JSON changes when compiled again");
    let names: Vec<String> = q.question_names().map(str::to_string).collect();
    check_answers(q, &Answers::new());
    for value in [
        Value::from(""),
        Value::from("1"),
        Value::from(-2.5),
        Value::from("2022-04-20"),
        Value::from("yes no"),
        Value::Array(vec![Value::from("none")]),
    ] {
        let answers: Answers = names.iter().map(|n| (n.clone(), value.clone())).collect();
        check_answers(q, &answers);
    }
}
