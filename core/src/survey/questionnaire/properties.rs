//! Property tests of answer validation (issue 6): any answer set generated from a questionnaire's rules
//! validates, and any single-rule violation is refused with that rule named.
//!
//! A strategy generates random but well-formed questionnaires from a family whose rules this file can
//! both satisfy and break on purpose: 1–12 questions of every answer type (integer with an optional
//! range, decimal with an optional minimum, text with an optional `string-length`, date with an
//! optional earliest day, `select_one`, `select_multiple` with an optional `count-selected`), some
//! required, some with skip logic on an earlier `select_one` (`${q} = 'x'`), integer (`${q} > n`) or
//! `select_multiple` (`selected(${q}, 'x')`), some in groups (nested up to two deep, each with its own
//! optional skip logic), with notes here and there and choice lists of 1–6 or of 60–80 choices.
//!
//! A small model of that family ([`Form`]) knows which questions are relevant for given answers and
//! produces, from a seed, answers that satisfy every rule in every accepted form (numbers as JSON
//! numbers or strings, selections as strings or arrays, "no answer" as an absent key, `null`, a blank
//! string or an empty array). From such a valid set it then breaks exactly one rule at one question,
//! repairing the consequences (a question that the change makes relevant or not relevant has its
//! answers added or removed), so the expected result is exactly one violation.

use super::*;
use crate::engine::error::ErrorCode;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Cases per property: enough to meet every rule in every shape many times, quick in a debug build.
const CASES: u32 = 128;

/// Every text answer holds this marker, so that a message quoting an answer is caught.
const SECRET: &str = "机密";

// ----- The genes: what the strategy draws -----

/// One question as drawn; [`build`] interprets it (indexes are taken modulo what exists).
#[derive(Debug, Clone)]
struct QuestionGene {
    /// 0 integer, 1 decimal, 2 text, 3 date, 4 `select_one`, 5 `select_multiple`.
    kind: u8,
    /// The type's optional constraint, with its parameters.
    constraint: Option<(u16, u16)>,
    /// The choice list of a select.
    list: u8,
    required: bool,
    /// Skip logic: which earlier question it reads, and which value it compares with.
    relevant: Option<(u8, u8)>,
    /// Opens a group before the question, with the group's optional skip logic.
    open_group: Option<Option<(u8, u8)>>,
    /// How many open groups to close after the question.
    close_groups: u8,
    /// Puts a note before the question.
    note: bool,
}

#[derive(Debug, Clone)]
struct FormGenes {
    /// Choice lists: (style of the names, number of choices).
    lists: Vec<(u8, usize)>,
    questions: Vec<QuestionGene>,
}

fn question_gene() -> impl Strategy<Value = QuestionGene> {
    let condition = || (any::<u8>(), any::<u8>());
    (
        0u8..6,
        proptest::option::weighted(0.6, (any::<u16>(), any::<u16>())),
        any::<u8>(),
        proptest::bool::weighted(0.4),
        proptest::option::weighted(0.5, condition()),
        proptest::option::weighted(0.2, proptest::option::weighted(0.7, condition())),
        prop_oneof![3 => Just(0u8), 1 => 1u8..3],
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(kind, constraint, list, required, relevant, open_group, close_groups, note)| QuestionGene {
            kind,
            constraint,
            list,
            required,
            relevant,
            open_group,
            close_groups,
            note,
        })
}

fn form_genes() -> impl Strategy<Value = FormGenes> {
    let list = (0u8..4, prop_oneof![3 => 1usize..=6, 1 => 60usize..=80]);
    (proptest::collection::vec(list, 1..=3), proptest::collection::vec(question_gene(), 1..=12))
        .prop_map(|(lists, questions)| FormGenes { lists, questions })
}

// ----- The model of a generated questionnaire -----

/// A question's type with its optional constraint.
#[derive(Debug, Clone)]
enum Kind {
    /// `. >= a and . <= b`.
    Integer(Option<(i64, i64)>),
    /// `. >= min` (min a multiple of 0.25).
    Decimal(Option<f64>),
    /// `string-length(.) <= max`.
    Text(Option<usize>),
    /// `. >= 'YYYY-MM-DD'`.
    Date(Option<NaiveDate>),
    /// The list's index.
    One(usize),
    /// The list's index and `count-selected(.) <= k`, k smaller than the list.
    Multiple(usize, Option<usize>),
}

/// Skip logic on an earlier question (by index).
#[derive(Debug, Clone)]
enum Cond {
    /// `${q} = 'x'` on a `select_one`.
    Equals(usize, String),
    /// `${q} > n` on an integer.
    Greater(usize, i64),
    /// `selected(${q}, 'x')` on a `select_multiple`.
    Selected(usize, String),
}

#[derive(Debug, Clone)]
struct Question {
    name: String,
    kind: Kind,
    required: bool,
    relevant: Option<Cond>,
    /// The enclosing groups, outermost first (indexes into `Form::groups`).
    groups: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Group {
    name: String,
    relevant: Option<Cond>,
}

#[derive(Debug, Clone)]
struct Form {
    definition: QuestionnaireDefinition,
    questions: Vec<Question>,
    groups: Vec<Group>,
    notes: Vec<String>,
    /// Choice names per list.
    lists: Vec<Vec<String>>,
}

fn labels(zh: &str, en: &str) -> Labels {
    Labels::from([("zh".to_string(), zh.to_string()), ("en".to_string(), en.to_string())])
}

fn item(name: &str, kind: ItemKind) -> Item {
    Item {
        name: name.to_string(),
        kind,
        label: labels("问题", "Question"),
        hint: Labels::new(),
        required: false,
        relevant: None,
        constraint: None,
        constraint_message: Labels::new(),
        choice_filter: None,
    }
}

/// Question names in several valid styles (Unicode, `_`, `-`, `.`), unique by their index.
fn question_name(i: usize) -> String {
    match i % 4 {
        0 => format!("q{i}"),
        1 => format!("问题{i}"),
        2 => format!("_q.{i}"),
        _ => format!("q-{i}_x"),
    }
}

/// Choice names in several styles, digits only included; never the name [`NOT_A_CHOICE`].
fn choice_name(style: u8, c: usize) -> String {
    match style {
        0 => format!("c{c}"),
        1 => format!("选项{c}"),
        2 => format!("o-{c}.x"),
        _ => format!("{c}"),
    }
}

const NOT_A_CHOICE: &str = "zz-not-a-choice";

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Duration::days(offset as i64)
}

impl Cond {
    fn source(&self, questions: &[Question]) -> String {
        match self {
            Cond::Equals(q, x) => format!("${{{}}} = '{x}'", questions[*q].name),
            Cond::Greater(q, n) => format!("${{{}}} > {n}", questions[*q].name),
            Cond::Selected(q, x) => format!("selected(${{{}}}, '{x}')", questions[*q].name),
        }
    }

    /// Whether it holds, given what each question reads as in expressions.
    fn holds(&self, values: &[MVal]) -> bool {
        match self {
            Cond::Equals(q, x) => matches!(&values[*q], MVal::Str(s) if s == x),
            Cond::Greater(q, n) => matches!(values[*q], MVal::Num(v) if v > *n as f64),
            Cond::Selected(q, x) => matches!(&values[*q], MVal::Str(s) if s.split_whitespace().any(|t| t == x)),
        }
    }
}

/// Interprets the genes as a questionnaire and its model.
fn build(genes: &FormGenes) -> Form {
    let lists: Vec<Vec<String>> =
        genes.lists.iter().map(|&(style, size)| (0..size).map(|c| choice_name(style, c)).collect()).collect();
    let mut questions: Vec<Question> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut notes = Vec::new();
    // The items of the document being built and of each open group, innermost last.
    let mut stack: Vec<(Item, usize)> = Vec::new();
    let mut top: Vec<Item> = Vec::new();

    // Skip logic on one of the questions defined so far that can carry it.
    let condition = |questions: &[Question], (which, value): (u8, u8)| -> Option<Cond> {
        let eligible: Vec<usize> = (0..questions.len())
            .filter(|&q| matches!(questions[q].kind, Kind::Integer(_) | Kind::One(_) | Kind::Multiple(..)))
            .collect();
        if eligible.is_empty() {
            return None;
        }
        let q = eligible[which as usize % eligible.len()];
        let value = value as usize;
        Some(match questions[q].kind {
            Kind::One(l) => Cond::Equals(q, lists[l][value % lists[l].len()].clone()),
            Kind::Multiple(l, _) => Cond::Selected(q, lists[l][value % lists[l].len()].clone()),
            // From always true to always false, through thresholds the answers straddle.
            Kind::Integer(Some((a, b))) => Cond::Greater(q, a - 1 + (value as i64) % (b - a + 2)),
            Kind::Integer(None) => Cond::Greater(q, (value % 40) as i64 - 10),
            _ => unreachable!(),
        })
    };
    fn push(stack: &mut [(Item, usize)], top: &mut Vec<Item>, item: Item) {
        match stack.last_mut() {
            Some((Item { kind: ItemKind::Group { items }, .. }, _)) => items.push(item),
            _ => top.push(item),
        }
    }
    fn close(stack: &mut Vec<(Item, usize)>, top: &mut Vec<Item>) {
        let (group, _) = stack.pop().unwrap();
        push(stack, top, group);
    }

    for gene in &genes.questions {
        if let Some(relevant) = gene.open_group
            && stack.len() < 2
        {
            let name = format!("g{}", groups.len());
            let cond = relevant.and_then(|r| condition(&questions, r));
            let mut group = item(&name, ItemKind::Group { items: Vec::new() });
            group.label = Labels::new();
            group.relevant = cond.as_ref().map(|c| c.source(&questions));
            stack.push((group, groups.len()));
            groups.push(Group { name, relevant: cond });
        }
        if gene.note {
            let name = format!("note{}", notes.len());
            push(&mut stack, &mut top, item(&name, ItemKind::Note));
            notes.push(name);
        }
        let i = questions.len();
        let name = question_name(i);
        let list = gene.list as usize % lists.len();
        let (p, r) = gene.constraint.map_or((None, 0), |(p, r)| (Some(p as i64), r as i64));
        let (kind, item_kind) = match gene.kind {
            0 => (Kind::Integer(p.map(|p| (p % 200 - 100, p % 200 - 100 + r % 50))), ItemKind::Integer),
            1 => (Kind::Decimal(p.map(|p| (p % 2000 - 1000) as f64 / 4.0)), ItemKind::Decimal),
            2 => (Kind::Text(p.map(|p| 3 + p as usize % 18)), ItemKind::Text),
            3 => (Kind::Date(p.map(|p| day(10_000 + p as u64 % 9000))), ItemKind::Date),
            4 => (Kind::One(list), ItemKind::SelectOne { list: format!("list{list}") }),
            _ => {
                let len = lists[list].len();
                let k = p.filter(|_| len >= 2).map(|p| 1 + p as usize % (len - 1).min(8));
                (Kind::Multiple(list, k), ItemKind::SelectMultiple { list: format!("list{list}") })
            }
        };
        let constraint = match kind {
            Kind::Integer(Some((a, b))) => Some(format!(". >= {a} and . <= {b}")),
            Kind::Decimal(Some(min)) => Some(format!(". >= {min}")),
            Kind::Text(Some(max)) => Some(format!("string-length(.) <= {max}")),
            Kind::Date(Some(min)) => Some(format!(". >= '{}'", min.format("%Y-%m-%d"))),
            Kind::Multiple(_, Some(k)) => Some(format!("count-selected(.) <= {k}")),
            _ => None,
        };
        let cond = gene.relevant.and_then(|r| condition(&questions, r));
        let mut it = item(&name, item_kind);
        it.required = gene.required;
        it.relevant = cond.as_ref().map(|c| c.source(&questions));
        if r % 2 == 0 && constraint.is_some() {
            it.constraint_message = labels("答案超出范围", "Out of range");
        }
        it.constraint = constraint;
        push(&mut stack, &mut top, it);
        questions.push(Question {
            name,
            kind,
            required: gene.required,
            relevant: cond,
            groups: stack.iter().map(|&(_, g)| g).collect(),
        });
        for _ in 0..gene.close_groups.min(stack.len() as u8) {
            close(&mut stack, &mut top);
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    let choices = lists
        .iter()
        .enumerate()
        .map(|(l, names)| {
            let choices = names
                .iter()
                .map(|n| Choice { name: n.clone(), label: labels(n, n), properties: BTreeMap::new() })
                .collect();
            (format!("list{l}"), choices)
        })
        .collect();
    let definition = QuestionnaireDefinition {
        id: "generated".into(),
        version: 1,
        title: labels("生成的问卷", "Generated"),
        items: top,
        choices,
    };
    Form { definition, questions, groups, notes, lists }
}

// ----- Answers -----

/// What a question reads as in expressions: `''` when unanswered or badly typed.
#[derive(Debug, Clone, PartialEq)]
enum MVal {
    Empty,
    Num(f64),
    Str(String),
}

/// A question's entry in an answer set.
#[derive(Debug, Clone)]
enum Slot {
    /// No key.
    Absent,
    /// A key whose value means "not answered" (`null`, a blank string, an empty array).
    Blank(Value),
    /// An answer, with what it reads as.
    Answer(Value, MVal),
    /// A value of the wrong type (it reads as `''`).
    Invalid(Value),
}

impl Slot {
    fn value(&self) -> MVal {
        match self {
            Slot::Answer(_, v) => v.clone(),
            _ => MVal::Empty,
        }
    }
    fn answered(&self) -> bool {
        matches!(self, Slot::Answer(..))
    }
}

/// splitmix64: answers are a deterministic function of a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

impl Form {
    /// Whether each question is relevant for these answers, as the engine decides it: its own skip
    /// logic and that of every enclosing group, reading every answer given (relevant or not).
    fn relevance(&self, slots: &[Slot]) -> Vec<bool> {
        let values: Vec<MVal> = slots.iter().map(Slot::value).collect();
        let holds = |c: &Option<Cond>| c.as_ref().is_none_or(|c| c.holds(&values));
        let groups: Vec<bool> = self.groups.iter().map(|g| holds(&g.relevant)).collect();
        self.questions.iter().map(|q| q.groups.iter().all(|&g| groups[g]) && holds(&q.relevant)).collect()
    }

    fn relevant(&self, slots: &[Slot], i: usize) -> bool {
        self.relevance(slots)[i]
    }

    /// The answer set as the engine takes it.
    fn answers(&self, slots: &[Slot], extra: Option<(&str, Value)>) -> Answers {
        let mut answers = Answers::new();
        for (q, slot) in self.questions.iter().zip(slots) {
            match slot {
                Slot::Absent => {}
                Slot::Blank(v) | Slot::Answer(v, _) | Slot::Invalid(v) => {
                    answers.insert(q.name.clone(), v.clone());
                }
            }
        }
        if let Some((key, value)) = extra {
            answers.insert(key.to_string(), value);
        }
        answers
    }

    /// An answer to question `i` that meets its type, its choices and its constraint.
    fn valid_answer(&self, i: usize, rng: &mut Rng) -> Slot {
        match self.questions[i].kind {
            Kind::Integer(range) => {
                let v = match range {
                    Some((a, b)) => a + rng.below((b - a + 1) as u64) as i64,
                    None if rng.chance(10) => rng.below(2_000_000_000_000) as i64 - 1_000_000_000_000,
                    None => rng.below(61) as i64 - 20,
                };
                Slot::Answer(number(v as f64, rng), MVal::Num(v as f64))
            }
            Kind::Decimal(min) => {
                let v = match min {
                    Some(min) => min + rng.below(4000) as f64 / 4.0,
                    None => (rng.below(8000) as f64 - 4000.0) / 4.0,
                };
                Slot::Answer(number(v, rng), MVal::Num(v))
            }
            Kind::Text(max) => {
                let len = 2 + rng.below(max.unwrap_or(12) as u64 - 1) as usize;
                let text = text(len, true, rng);
                let raw = if rng.chance(20) { format!(" {text}\t") } else { text.clone() };
                Slot::Answer(json!(raw), MVal::Str(text.trim().to_string()))
            }
            Kind::Date(min) => {
                let d = match min {
                    Some(min) => min + Duration::days(rng.below(3000) as i64),
                    None => day(rng.below(30_000)),
                };
                let d = d.format("%Y-%m-%d").to_string();
                Slot::Answer(json!(spaced(&d, rng)), MVal::Str(d))
            }
            Kind::One(l) => {
                let c = rng.pick(&self.lists[l]).clone();
                Slot::Answer(json!(spaced(&c, rng)), MVal::Str(c))
            }
            Kind::Multiple(l, k) => {
                let list = &self.lists[l];
                let most = k.unwrap_or(list.len()).min(list.len()).min(6);
                let n = 1 + rng.below(most as u64) as usize;
                let names = distinct(list, n, rng);
                selection(&names, rng)
            }
        }
    }

    /// "Not answered" in one of its forms.
    fn unanswered(&self, i: usize, rng: &mut Rng) -> Slot {
        match rng.below(10) {
            0 => Slot::Blank(Value::Null),
            1 => Slot::Blank(json!("")),
            2 => Slot::Blank(json!("  ")),
            3 if matches!(self.questions[i].kind, Kind::Multiple(..)) => Slot::Blank(json!([])),
            _ => Slot::Absent,
        }
    }

    /// A valid answer set: walking the questions in document order, each relevant question is
    /// answered when required (and sometimes when optional), and nothing else is.
    fn valid_answers(&self, rng: &mut Rng) -> Vec<Slot> {
        let mut slots = vec![Slot::Absent; self.questions.len()];
        for i in 0..self.questions.len() {
            // Skip logic reads only earlier questions, which are already settled.
            slots[i] = if self.relevant(&slots, i) && (self.questions[i].required || rng.chance(60)) {
                self.valid_answer(i, rng)
            } else {
                self.unanswered(i, rng)
            };
        }
        slots
    }

    /// After question `changed` was changed, makes every other question valid again: a question no
    /// longer relevant loses its answer, a question now relevant and required gets one.
    fn repair(&self, slots: &mut [Slot], changed: usize, rng: &mut Rng) {
        for i in changed + 1..self.questions.len() {
            let relevant = self.relevant(slots, i);
            if !relevant && slots[i].answered() {
                slots[i] = self.unanswered(i, rng);
            } else if relevant && self.questions[i].required && !slots[i].answered() {
                slots[i] = self.valid_answer(i, rng);
            }
        }
    }
}

/// A number as a JSON number or a string (sometimes with spaces around).
fn number(v: f64, rng: &mut Rng) -> Value {
    let text = if v.fract() == 0.0 { format!("{}", v as i64) } else { format!("{v}") };
    match rng.below(3) {
        0 if v.fract() == 0.0 => json!(v as i64),
        0 => json!(v),
        1 => json!(text),
        _ => json!(spaced(&text, rng)),
    }
}

fn spaced(s: &str, rng: &mut Rng) -> String {
    if rng.chance(20) { format!("  {s} ") } else { s.to_string() }
}

/// Text of `len` characters starting with [`SECRET`], with quotes, `$`, braces and (inside) spaces.
fn text(len: usize, spaces: bool, rng: &mut Rng) -> String {
    let pool: &[char] = if spaces {
        &['a', 'Z', '字', '0', '\'', '"', '$', '{', '}', '.', ' ', '\u{3000}']
    } else {
        &['a', 'Z', '字', '0', '\'', '"', '$', '{', '}', '.']
    };
    let mut s = SECRET.to_string();
    for _ in 2..len {
        s.push(*rng.pick(pool));
    }
    s
}

/// `n` distinct names of a list, in random order.
fn distinct(list: &[String], n: usize, rng: &mut Rng) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    while names.len() < n {
        let c = rng.pick(list);
        if !names.contains(c) {
            names.push(c.clone());
        }
    }
    names
}

/// Names as a `select_multiple` answer: a string separated by spaces, or an array.
fn selection(names: &[String], rng: &mut Rng) -> Slot {
    let joined = names.join(" ");
    let value = match rng.below(3) {
        0 => json!(names),
        1 => json!(names.join("  ")),
        _ => json!(spaced(&joined, rng)),
    };
    Slot::Answer(value, MVal::Str(joined))
}

// ----- Breaking one rule -----

const RULES: [Rule; 6] =
    [Rule::UnknownQuestion, Rule::Type, Rule::Choice, Rule::Required, Rule::Relevant, Rule::Constraint];

/// An answer set that breaks `rule` once, from a valid one, with the question that breaks it; `None`
/// when this questionnaire and these answers offer no way to break it.
fn break_rule(form: &Form, valid: &[Slot], rule: Rule, rng: &mut Rng) -> Option<(Answers, String)> {
    let mut slots = valid.to_vec();
    let relevance = form.relevance(valid);
    let n = form.questions.len();
    let candidates: Vec<usize> = (0..n)
        .filter(|&i| match (rule, &form.questions[i].kind) {
            (Rule::Type, _) => true,
            (Rule::Choice, Kind::One(_) | Kind::Multiple(..)) => relevance[i],
            (Rule::Required, _) => relevance[i] && form.questions[i].required,
            (Rule::Relevant, _) => !relevance[i],
            (Rule::Constraint, kind) => {
                relevance[i]
                    && matches!(
                        kind,
                        Kind::Integer(Some(_))
                            | Kind::Decimal(Some(_))
                            | Kind::Text(Some(_))
                            | Kind::Date(Some(_))
                            | Kind::Multiple(_, Some(_))
                    )
            }
            _ => false,
        })
        .collect();
    if rule == Rule::UnknownQuestion {
        let mut keys = vec!["zz_unknown".to_string(), "q".to_string()];
        keys.extend(form.notes.iter().cloned());
        keys.extend(form.groups.iter().map(|g| g.name.clone()));
        // Names are case-sensitive.
        keys.extend(form.questions.iter().map(|q| q.name.to_uppercase()).filter(|u| u.starts_with('Q')));
        let key = rng.pick(&keys).clone();
        let value = rng.pick(&[json!(SECRET), json!(3), json!(["a"]), Value::Null, json!("")]).clone();
        return Some((form.answers(&slots, Some((&key, value))), key));
    }
    if candidates.is_empty() {
        return None;
    }
    let i = *rng.pick(&candidates);
    let q = &form.questions[i];
    slots[i] = match rule {
        Rule::Type => Slot::Invalid(wrong_type(&q.kind, rng)),
        Rule::Choice => bad_choice(form, &q.kind, rng),
        Rule::Required => form.unanswered(i, rng),
        Rule::Relevant => form.valid_answer(i, rng),
        Rule::Constraint => out_of_constraint(form, &q.kind, rng),
        Rule::UnknownQuestion => unreachable!(),
    };
    form.repair(&mut slots, i, rng);
    Some((form.answers(&slots, None), q.name.clone()))
}

/// A value that does not have the type of the question.
fn wrong_type(kind: &Kind, rng: &mut Rng) -> Value {
    let secret = json!(format!("{SECRET}7"));
    let choices: Vec<Value> = match kind {
        Kind::Integer(_) => {
            vec![json!(2.5), json!("2.5"), json!("1e3"), json!(1e20), json!(true), json!(["3"]), secret]
        }
        Kind::Decimal(_) => vec![json!("1e3"), json!("1,5"), json!("."), json!(false), json!({}), secret],
        Kind::Text(_) => vec![json!(12), json!(1.5), json!(true), json!([SECRET]), json!({"a": SECRET})],
        Kind::Date(_) => vec![
            json!("2023-02-29"),
            json!("2022-13-01"),
            json!("2022-4-01"),
            json!("20220401"),
            json!(20220401),
            json!("2022-04-01T00:00"),
            secret,
        ],
        Kind::One(_) => vec![json!(1), json!(true), json!(["c0"]), json!({"c0": true})],
        Kind::Multiple(..) => vec![json!(1), json!(true), json!(["c0", 3]), json!(["a b"]), json!([""]), json!({})],
    };
    rng.pick(&choices).clone()
}

/// A selection that names a choice outside the list, one twice, or several for a `select_one`.
fn bad_choice(form: &Form, kind: &Kind, rng: &mut Rng) -> Slot {
    let (list, single) = match *kind {
        Kind::One(l) => (&form.lists[l], true),
        Kind::Multiple(l, _) => (&form.lists[l], false),
        _ => unreachable!(),
    };
    let mut names = match rng.below(3) {
        0 => {
            let mut names = distinct(list, rng.below(list.len().min(3) as u64) as usize, rng);
            names.push(NOT_A_CHOICE.into());
            names
        }
        1 if list.len() >= 2 && single => distinct(list, 2, rng),
        _ => {
            // A name twice, often one far down a long list.
            let c = if list.len() > 64 && rng.chance(50) {
                list[64 + rng.below(list.len() as u64 - 64) as usize].clone()
            } else {
                rng.pick(list).clone()
            };
            vec![c.clone(), c]
        }
    };
    if rng.chance(50) {
        names.reverse();
    }
    if single {
        let joined = names.join(" ");
        Slot::Answer(json!(joined), MVal::Str(joined))
    } else {
        selection(&names, rng)
    }
}

/// A value of the right type, with valid choices, that breaks the question's constraint.
fn out_of_constraint(form: &Form, kind: &Kind, rng: &mut Rng) -> Slot {
    match *kind {
        Kind::Integer(Some((a, b))) => {
            let v = if rng.chance(50) { a - 1 - rng.below(100) as i64 } else { b + 1 + rng.below(100) as i64 };
            Slot::Answer(number(v as f64, rng), MVal::Num(v as f64))
        }
        Kind::Decimal(Some(min)) => {
            let v = min - (1 + rng.below(40)) as f64 / 4.0;
            Slot::Answer(number(v, rng), MVal::Num(v))
        }
        Kind::Text(Some(max)) => {
            let t = text(max + 1 + rng.below(5) as usize, false, rng);
            Slot::Answer(json!(t), MVal::Str(t))
        }
        Kind::Date(Some(min)) => {
            let d = (min - Duration::days(1 + rng.below(3000) as i64)).format("%Y-%m-%d").to_string();
            Slot::Answer(json!(d), MVal::Str(d))
        }
        Kind::Multiple(l, Some(k)) => {
            let list = &form.lists[l];
            let n = k + 1 + rng.below((list.len() - k).min(4) as u64) as usize;
            let names = distinct(list, n, rng);
            selection(&names, rng)
        }
        _ => unreachable!(),
    }
}

// ----- The properties -----

fn run(name: &str, test: impl Fn(FormGenes, u64) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config { cases: CASES, failure_persistence: None, ..Config::default() });
    if let Err(e) = runner.run(&(form_genes(), any::<u64>()), |(genes, seed)| test(genes, seed)) {
        panic!("{name}: {e}");
    }
}

fn compile(form: &Form) -> Result<Questionnaire, TestCaseError> {
    Questionnaire::new(form.definition.clone()).map_err(|e| {
        TestCaseError::fail(format!(
            "the generated definition does not compile: {e:?}\n{}",
            serde_json::to_string(&form.definition).unwrap()
        ))
    })
}

#[test]
fn any_answer_set_generated_from_the_rules_validates() {
    run("valid answers", |genes, seed| {
        let form = build(&genes);
        let q = compile(&form)?;
        let mut rng = Rng(seed);
        for _ in 0..4 {
            let answers = form.answers(&form.valid_answers(&mut rng), None);
            let context = || format!("{}\nanswers: {}", q.to_json(), serde_json::to_string(&answers).unwrap());
            prop_assert_eq!(q.violations(&answers), vec![], "{}", context());
            prop_assert_eq!(q.validate(&answers), Ok(()), "{}", context());
        }
        // The definition travels as JSON and compiles again to the same questionnaire.
        prop_assert_eq!(&Questionnaire::from_json(&q.to_json()).unwrap(), &q);
        Ok(())
    });
}

#[test]
fn any_single_rule_violation_is_refused_with_that_rule_named() {
    let broken: RefCell<BTreeMap<&str, usize>> = RefCell::new(BTreeMap::new());
    run("single violations", |genes, seed| {
        let form = build(&genes);
        let q = compile(&form)?;
        let mut rng = Rng(seed);
        let valid = form.valid_answers(&mut rng);
        for rule in RULES {
            let Some((answers, question)) = break_rule(&form, &valid, rule, &mut rng) else { continue };
            *broken.borrow_mut().entry(rule.as_str()).or_default() += 1;
            let context = || {
                format!(
                    "breaking `{}` at `{question}`\n{}\nanswers: {}",
                    rule.as_str(),
                    q.to_json(),
                    serde_json::to_string(&answers).unwrap()
                )
            };
            // Exactly that rule at that question, and nothing else.
            let found: Vec<(String, Rule)> = q.violations(&answers).into_iter().map(|v| (v.question, v.rule)).collect();
            prop_assert_eq!(found, vec![(question.clone(), rule)], "{}", context());
            // `validate` refuses it, naming the question (field and message) and the rule.
            let e = q.validate(&answers).expect_err(&context());
            prop_assert_eq!(e.code, ErrorCode::InvalidField, "{}", context());
            let field = format!("answers.{question}");
            prop_assert_eq!(e.field.as_deref(), Some(field.as_str()), "{}", context());
            prop_assert!(e.message.contains(&format!("`{question}`")), "{}: {}", e.message, context());
            prop_assert!(e.message.contains(&format!("({} rule)", rule.as_str())), "{}: {}", e.message, context());
            // Messages never quote an answer.
            prop_assert!(!e.message.contains(SECRET), "{}: {}", e.message, context());
        }
        Ok(())
    });
    // Every rule was broken in a good share of the cases (the others offered no way to break it, e.g.
    // no question with a constraint was relevant).
    let broken = broken.into_inner();
    for rule in RULES {
        let n = broken.get(rule.as_str()).copied().unwrap_or(0);
        assert!(n >= CASES as usize / 4, "`{}` was broken in only {n} of {CASES} cases: {broken:?}", rule.as_str());
    }
}

/// Found by the property above: duplicates were only caught among a list's first 64 choices.
#[test]
fn a_choice_named_twice_is_refused_past_the_64th_choice() {
    let gene = QuestionGene {
        kind: 5,
        constraint: None,
        list: 0,
        required: true,
        relevant: None,
        open_group: None,
        close_groups: 0,
        note: false,
    };
    let form = build(&FormGenes { lists: vec![(0, 70)], questions: vec![gene] });
    let q = Questionnaire::new(form.definition).unwrap();
    for value in [json!("c66 c66"), json!(["c69", "c1", "c69"]), json!("c63 c63")] {
        let answers = Answers::from([("q0".to_string(), value.clone())]);
        let found: Vec<(String, Rule)> = q.violations(&answers).into_iter().map(|v| (v.question, v.rule)).collect();
        assert_eq!(found, vec![("q0".to_string(), Rule::Choice)], "{value}");
    }
    assert_eq!(q.validate(&Answers::from([("q0".to_string(), json!("c66 c65 c1"))])), Ok(()));
}
