//! Import from XLSForm sheets saved as CSV: `survey.csv` and `choices.csv`.
//!
//! The subset read (see `docs/QUESTIONNAIRES.md`):
//! - survey columns `type`, `name`, `label`, `hint`, `required`, `relevant`, `constraint`,
//!   `constraint_message` (alias `jr:constraintMsg`) and `choice_filter`; `label`, `hint` and
//!   `constraint_message` take a language as `label::zh` or `label::Chinese (zh)`. Presentation columns
//!   (`appearance`, `media::*`, `image`, `audio`, `video`, `guidance_hint`, `required_message`) are
//!   ignored; any other column is refused, so that no logic is silently dropped.
//! - types `text`, `integer` (alias `int`), `decimal`, `date`, `note`, `select_one LIST`,
//!   `select_multiple LIST`, `begin group` / `end group` (also with `_`), nested.
//! - `required`: `yes`/`no`, `true`/`false`, `true()`/`false()`, `1`/`0`, or empty (no).
//! - choices columns `list_name` (or `list name`), `name`, `label…`; other columns become the choice's
//!   `properties`, which a `choice_filter` reads by bare name.
//!
//! Files are UTF-8 with or without a BOM. Every problem is reported with the file's line and the
//! column's header as written, and for expressions the character where they go wrong.

use super::compile::{At, Questionnaire, compile, problems_error};
use super::definition::{Choice, Item, ItemKind, Labels, QuestionnaireDefinition};
use crate::engine::error::{Error, ErrorCode, Result, RowError};
use std::collections::BTreeMap;

/// The two sheets of an XLSForm saved as CSV, with the id and version they register as.
#[derive(Debug, Clone)]
pub struct XlsFormCsv<'a> {
    /// The questionnaire id.
    pub id: &'a str,
    /// The version, from 1.
    pub version: u32,
    /// The title per language (XLSForm's `settings` sheet is not read).
    pub title: Labels,
    /// The `survey` sheet as CSV text.
    pub survey: &'a str,
    /// The `choices` sheet as CSV text (may be empty when there is no select).
    pub choices: &'a str,
}

impl Questionnaire {
    /// Imports and compiles a questionnaire from its XLSForm sheets saved as CSV.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidCsv`] listing every bad row in [`Error::rows`]: the line, the column's header
    /// as written, and a message that starts with the sheet (`survey:` or `choices:`) and, for a
    /// malformed expression or an unknown `${name}`, gives the character where it goes wrong. A bad
    /// `id` or `version` is [`ErrorCode::InvalidField`].
    pub fn from_xlsform_csv(form: &XlsFormCsv<'_>) -> Result<Questionnaire> {
        let mut errors = Vec::new();
        let survey = read_sheet(form.survey, "survey", &mut errors);
        let choices = read_sheet(form.choices, "choices", &mut errors);
        let (items, item_lines, survey_headers) = survey.map(|s| read_survey(&s, &mut errors)).unwrap_or_default();
        let (choice_lists, choice_lines, choice_headers) =
            choices.map(|s| read_choices(&s, &mut errors)).unwrap_or_default();
        if !errors.is_empty() {
            return Err(csv_error(errors));
        }
        let definition = QuestionnaireDefinition {
            id: form.id.to_string(),
            version: form.version,
            title: form.title.clone(),
            items,
            choices: choice_lists,
        };
        let problems = match compile(definition) {
            Ok(q) => return Ok(q),
            Err(problems) => problems,
        };
        if problems.iter().any(|p| p.at == At::Definition && p.field != "items") {
            return Err(problems_error(&problems));
        }
        for p in problems {
            let (sheet, line, headers) = match &p.at {
                At::Item(n, _) => ("survey", item_lines[*n], &survey_headers),
                At::Choice(list, i) => {
                    ("choices", choice_lines.get(&(list.clone(), *i)).copied().unwrap_or(1), &choice_headers)
                }
                At::Definition => ("survey", 1, &survey_headers),
            };
            errors.push(RowError {
                rule: None,
                line,
                column: headers.get(p.field).cloned(),
                code: ErrorCode::InvalidField,
                message: format!("{sheet}: {}", p.message),
            });
        }
        Err(csv_error(errors))
    }
}

/// A sheet: its headers and its non-blank rows with their lines.
struct Sheet {
    headers: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_sheet(text: &str, sheet: &str, errors: &mut Vec<RowError>) -> Option<Sheet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Some(Sheet { headers: Vec::new(), rows: Vec::new() });
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(_) => {
            errors.push(row_error(
                sheet,
                1,
                None,
                "the header line cannot be read: save the sheet as CSV UTF-8".into(),
            ));
            return None;
        }
    };
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                errors.push(row_error(
                    sheet,
                    line,
                    None,
                    "the row cannot be read as CSV UTF-8: check its quotes".into(),
                ));
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.iter().skip(headers.len()).any(|c| !c.trim().is_empty()) {
            errors.push(row_error(sheet, line, None, "the row has more cells than the header has columns".into()));
            continue;
        }
        let mut cells: Vec<String> = record.iter().take(headers.len()).map(|c| c.trim().to_string()).collect();
        cells.resize(headers.len(), String::new());
        rows.push((line, cells));
    }
    Some(Sheet { headers, rows })
}

fn row_error(sheet: &str, line: u64, column: Option<String>, message: String) -> RowError {
    RowError { rule: None, line, column, code: ErrorCode::InvalidCsv, message: format!("{sheet}: {message}") }
}

fn csv_error(rows: Vec<RowError>) -> Error {
    let first = rows.first().map_or(String::new(), |r| {
        format!(
            " (first: line {}{}: {})",
            r.line,
            r.column.as_deref().map(|c| format!(", column `{c}`")).unwrap_or_default(),
            r.message
        )
    });
    let mut e = Error::new(
        ErrorCode::InvalidCsv,
        format!("{} problem(s) in the questionnaire's sheets, nothing was imported{first}", rows.len()),
    );
    e.rows = rows;
    e
}

/// A header split into its base name (lower case) and its language, if any.
fn split_header(header: &str) -> (String, Option<String>) {
    match header.split_once("::") {
        None => (header.trim().to_ascii_lowercase(), None),
        Some((base, lang)) => {
            let lang = lang.trim();
            // `Chinese (zh)` → `zh`.
            let code = match (lang.rfind('('), lang.strip_suffix(')')) {
                (Some(open), Some(inner)) => inner[open + 1..].trim(),
                _ => lang,
            };
            (base.trim().to_ascii_lowercase(), Some(code.to_string()))
        }
    }
}

const IGNORED: &[&str] = &[
    "appearance",
    "media",
    "image",
    "audio",
    "video",
    "big-image",
    "guidance_hint",
    "required_message",
    "jr:requiredmsg",
];

#[derive(Debug, Clone, PartialEq)]
enum Col {
    Type,
    Name,
    Label(String),
    Hint(String),
    Required,
    Relevant,
    Constraint,
    ConstraintMessage(String),
    ChoiceFilter,
    Ignored,
}

type ItemLines = (Vec<Item>, Vec<u64>, BTreeMap<&'static str, String>);

fn read_survey(sheet: &Sheet, errors: &mut Vec<RowError>) -> ItemLines {
    let mut cols = Vec::new();
    let mut field_headers: BTreeMap<&'static str, String> = BTreeMap::new();
    for header in &sheet.headers {
        let (base, lang) = split_header(header);
        let lang = || lang.clone().unwrap_or_else(|| "default".to_string());
        let (col, field) = match base.as_str() {
            "type" => (Col::Type, "type"),
            "name" => (Col::Name, "name"),
            "label" => (Col::Label(lang()), "label"),
            "hint" => (Col::Hint(lang()), "hint"),
            "required" => (Col::Required, "required"),
            "relevant" => (Col::Relevant, "relevant"),
            "constraint" => (Col::Constraint, "constraint"),
            "constraint_message" | "jr:constraintmsg" => (Col::ConstraintMessage(lang()), "constraintMessage"),
            "choice_filter" => (Col::ChoiceFilter, "choiceFilter"),
            "" => (Col::Ignored, ""),
            b if IGNORED.contains(&b) => (Col::Ignored, ""),
            _ => {
                errors.push(row_error(
                    "survey",
                    1,
                    Some(header.clone()),
                    format!(
                        "column `{header}` is not supported: the columns are type, name, label, hint, required, relevant, constraint, constraint_message, choice_filter"
                    ),
                ));
                (Col::Ignored, "")
            }
        };
        if col != Col::Ignored && cols.contains(&col) {
            errors.push(row_error("survey", 1, Some(header.clone()), format!("column `{header}` appears twice")));
        }
        if !field.is_empty() {
            field_headers.entry(field).or_insert_with(|| header.clone());
        }
        cols.push(col);
    }
    for (need, field) in [(Col::Type, "type"), (Col::Name, "name")] {
        if !cols.contains(&need) {
            errors.push(row_error(
                "survey",
                1,
                Some(field.into()),
                format!("the required column `{field}` is missing"),
            ));
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), Vec::new(), field_headers);
    }

    let header = |col: &Col| cols.iter().position(|c| c == col).map(|i| sheet.headers[i].clone());
    let mut root: Vec<Item> = Vec::new();
    let mut stack: Vec<(Item, u64)> = Vec::new();
    let mut lines = Vec::new();
    for (line, cells) in &sheet.rows {
        let line = *line;
        let mut item = Item {
            name: String::new(),
            kind: ItemKind::Text,
            label: Labels::new(),
            hint: Labels::new(),
            required: false,
            relevant: None,
            constraint: None,
            constraint_message: Labels::new(),
            choice_filter: None,
        };
        let mut type_cell = "";
        let mut ok = true;
        for (col, cell) in cols.iter().zip(cells) {
            let text = || (!cell.is_empty()).then(|| cell.clone());
            match col {
                Col::Type => type_cell = cell,
                Col::Name => item.name = cell.clone(),
                Col::Label(l) if !cell.is_empty() => drop(item.label.insert(l.clone(), cell.clone())),
                Col::Hint(l) if !cell.is_empty() => drop(item.hint.insert(l.clone(), cell.clone())),
                Col::ConstraintMessage(l) if !cell.is_empty() => {
                    drop(item.constraint_message.insert(l.clone(), cell.clone()))
                }
                Col::Required => match cell.to_ascii_lowercase().as_str() {
                    "" | "no" | "false" | "false()" | "0" | "n" => item.required = false,
                    "yes" | "true" | "true()" | "1" | "y" => item.required = true,
                    _ => {
                        errors.push(RowError {
                            rule: None,
                            line,
                            column: header(col),
                            code: ErrorCode::InvalidField,
                            message: "survey: `required` must be yes or no (expressions are not supported here)".into(),
                        });
                        ok = false;
                    }
                },
                Col::Relevant => item.relevant = text(),
                Col::Constraint => item.constraint = text(),
                Col::ChoiceFilter => item.choice_filter = text(),
                _ => {}
            }
        }
        let words: Vec<&str> = type_cell.split_whitespace().collect();
        let words: Vec<&str> = match words.as_slice() {
            // `select one LIST`, `begin_group`…: normalize to `select_one LIST`, `begin group`.
            ["select", "one", rest @ ..] => [&["select_one"], rest].concat(),
            ["select", "multiple", rest @ ..] => [&["select_multiple"], rest].concat(),
            ["begin_group"] => vec!["begin", "group"],
            ["end_group"] => vec!["end", "group"],
            w => w.to_vec(),
        };
        item.kind = match words.as_slice() {
            ["text"] | ["string"] => ItemKind::Text,
            ["integer"] | ["int"] => ItemKind::Integer,
            ["decimal"] => ItemKind::Decimal,
            ["date"] => ItemKind::Date,
            ["note"] => ItemKind::Note,
            ["select_one", list] => ItemKind::SelectOne { list: list.to_string() },
            ["select_multiple", list] => ItemKind::SelectMultiple { list: list.to_string() },
            ["begin", "group"] => {
                if ok {
                    item.kind = ItemKind::Group { items: Vec::new() };
                    lines.push(line);
                    stack.push((item, line));
                }
                continue;
            }
            ["end", "group"] => {
                match stack.pop() {
                    Some((group, _)) => stack.last_mut().map_or(&mut root, |(g, _)| group_items(g)).push(group),
                    None => errors.push(RowError {
                        rule: None,
                        line,
                        column: header(&Col::Type),
                        code: ErrorCode::InvalidField,
                        message: "survey: `end group` without a `begin group` before it".into(),
                    }),
                }
                continue;
            }
            _ => {
                let message = if type_cell.is_empty() {
                    "survey: the row has no type".to_string()
                } else {
                    format!(
                        "survey: type `{type_cell}` is not supported: the types are text, integer, decimal, date, note, select_one LIST, select_multiple LIST, begin group, end group"
                    )
                };
                errors.push(RowError {
                    rule: None,
                    line,
                    column: header(&Col::Type),
                    code: ErrorCode::InvalidField,
                    message,
                });
                continue;
            }
        };
        if ok {
            lines.push(line);
            stack.last_mut().map_or(&mut root, |(g, _)| group_items(g)).push(item);
        }
    }
    for (group, line) in stack.into_iter().rev() {
        errors.push(RowError {
            rule: None,
            line,
            column: header(&Col::Type),
            code: ErrorCode::InvalidField,
            message: format!("survey: group `{}` is never closed: add an `end group` row", group.name),
        });
    }
    (root, lines, field_headers)
}

fn group_items(item: &mut Item) -> &mut Vec<Item> {
    match &mut item.kind {
        ItemKind::Group { items } => items,
        // Only groups are pushed on the stack.
        _ => unreachable!("only groups are on the stack"),
    }
}

type ChoiceLines = (BTreeMap<String, Vec<Choice>>, BTreeMap<(String, usize), u64>, BTreeMap<&'static str, String>);

fn read_choices(sheet: &Sheet, errors: &mut Vec<RowError>) -> ChoiceLines {
    #[derive(PartialEq)]
    enum C {
        List,
        Name,
        Label(String),
        Property(String),
        Ignored,
    }
    let mut field_headers: BTreeMap<&'static str, String> = BTreeMap::new();
    let cols: Vec<C> = sheet
        .headers
        .iter()
        .map(|header| {
            let (base, lang) = split_header(header);
            let (col, field) = match base.as_str() {
                "list_name" | "list name" => (C::List, "listName"),
                "name" => (C::Name, "name"),
                "label" => (C::Label(lang.unwrap_or_else(|| "default".into())), "label"),
                "" => (C::Ignored, ""),
                b if IGNORED.contains(&b) => (C::Ignored, ""),
                _ => (C::Property(header.clone()), ""),
            };
            if !field.is_empty() {
                field_headers.entry(field).or_insert_with(|| header.clone());
            }
            col
        })
        .collect();
    let mut lists: BTreeMap<String, Vec<Choice>> = BTreeMap::new();
    let mut lines = BTreeMap::new();
    if sheet.headers.is_empty() {
        return (lists, lines, field_headers);
    }
    for (need, field) in [(C::List, "list_name"), (C::Name, "name")] {
        if !cols.contains(&need) {
            errors.push(row_error(
                "choices",
                1,
                Some(field.into()),
                format!("the required column `{field}` is missing"),
            ));
        }
    }
    if !errors.is_empty() {
        return (lists, lines, field_headers);
    }
    for (line, cells) in &sheet.rows {
        let mut list = String::new();
        let mut choice = Choice { name: String::new(), label: Labels::new(), properties: BTreeMap::new() };
        for (col, cell) in cols.iter().zip(cells) {
            match col {
                C::List => list = cell.clone(),
                C::Name => choice.name = cell.clone(),
                C::Label(l) if !cell.is_empty() => drop(choice.label.insert(l.clone(), cell.clone())),
                C::Property(p) if !cell.is_empty() => drop(choice.properties.insert(p.clone(), cell.clone())),
                _ => {}
            }
        }
        if list.is_empty() {
            errors.push(RowError {
                rule: None,
                line: *line,
                column: field_headers.get("listName").cloned(),
                code: ErrorCode::InvalidField,
                message: "choices: the row has no list_name".into(),
            });
            continue;
        }
        let choices = lists.entry(list.clone()).or_default();
        lines.insert((list, choices.len()), *line);
        choices.push(choice);
    }
    (lists, lines, field_headers)
}
