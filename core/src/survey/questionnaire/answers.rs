//! Validating a visit's answers against a questionnaire version.
//!
//! # The answer map
//!
//! [`Answers`] maps a question's name to a JSON value:
//! - a **string** is accepted for every type, as XLSForm stores answers: `"3"` for an integer, `"35.5"`
//!   for a decimal, `"2022-04-20"` for a date, `"yes"` for a `select_one`, `"drugs telecom_fraud"` (names
//!   separated by spaces) for a `select_multiple`;
//! - a **number** is also accepted for `integer` (a whole number) and `decimal`;
//! - an **array of strings** is also accepted for `select_multiple`;
//! - `null`, an empty or blank string and an empty array mean *not answered*, like an absent key.
//!
//! Hosts can so pass what a form library produces without converting it; the map keeps the answers
//! exactly as recorded.
//!
//! # The rules, in the order they are checked
//!
//! 1. `unknownQuestion`: every key names a question of this version (not a note, not a group).
//! 2. `type`: the value has the question's type (see above; dates are real calendar dates).
//!
//! Then, question by question in document order, a question being *relevant* when its own `relevant`
//! and that of every enclosing group are true (absent = true):
//! 3. `relevant`: a question that is not relevant has no answer.
//! 4. `required`: a relevant required question has an answer.
//! 5. `choice`: a select's answer names choices of its list that its `choice_filter` offers, each once
//!    (a `select_one`, exactly one).
//! 6. `constraint`: an answered relevant question's constraint is true, `.` being its answer.
//!
//! Messages name the question and the rule, never the answer itself (answers may be sensitive).

use super::compile::{Kind, Questionnaire, Target};
use super::evaluate::{Env, Val, parse_decimal};
use crate::engine::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A visit's answers: question name → answer (see the module documentation for the accepted values).
pub type Answers = BTreeMap<String, Value>;

/// The rule an answer breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// The answer names no question of this version (or a note or a group).
    UnknownQuestion,
    /// The answer does not have the question's type (integer, decimal, date, text, select).
    Type,
    /// A select's answer names a choice that is not in its list, not offered, or twice.
    Choice,
    /// A relevant required question has no answer.
    Required,
    /// A question that is not relevant (skip logic) was answered.
    Relevant,
    /// The answer breaks the question's constraint.
    Constraint,
}

impl Rule {
    /// The rule's stable name, as serialized (`"unknownQuestion"`, `"required"`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::UnknownQuestion => "unknownQuestion",
            Rule::Type => "type",
            Rule::Choice => "choice",
            Rule::Required => "required",
            Rule::Relevant => "relevant",
            Rule::Constraint => "constraint",
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The question's name (the key of the answer map).
    pub question: String,
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong and how to fix it; it never quotes the answer.
    pub message: String,
}

impl Violation {
    /// The error for this violation: [`ErrorCode::InvalidField`](crate::ErrorCode::InvalidField) with
    /// `field` = `answers.<question>`.
    pub fn to_error(&self) -> Error {
        Error::invalid_field(
            &format!("answers.{}", self.question),
            format!("{} ({} rule)", self.message, self.rule.as_str()),
        )
    }
}

/// An answer after its type check.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Empty,
    /// Answered, but with the wrong type (already reported).
    Invalid,
    Str(&'a str),
    Num(f64),
    /// A `select_multiple` given as an array: the range of its joined form in the joined buffer.
    Joined(usize, usize),
}

struct Visit<'v> {
    values: &'v [Val<'v>],
    current: Val<'v>,
    choice: Option<&'v super::definition::Choice>,
}

impl<'v> Env<'v> for Visit<'v> {
    fn answer(&self, index: usize) -> Val<'v> {
        self.values[index].clone()
    }
    fn current(&self) -> Val<'v> {
        self.current.clone()
    }
    fn column(&self, name: &str) -> Val<'v> {
        match self.choice {
            Some(c) if name == "name" => Val::Str(Cow::Borrowed(&c.name)),
            Some(c) => c.properties.get(name).map_or(Val::EMPTY, |v| Val::Str(Cow::Borrowed(v))),
            None => Val::EMPTY,
        }
    }
}

impl Questionnaire {
    /// Validates a visit's answers against this version.
    ///
    /// # Errors
    /// The first broken rule (in the order of the module documentation), as
    /// [`ErrorCode::InvalidField`](crate::ErrorCode::InvalidField) with `field` = `answers.<question>`
    /// and a message naming the question and the rule.
    pub fn validate(&self, answers: &Answers) -> Result<()> {
        match self.check(answers, true).first() {
            Some(v) => Err(v.to_error()),
            None => Ok(()),
        }
    }

    /// Every broken rule of a visit's answers, in the order they are checked (empty when valid).
    pub fn violations(&self, answers: &Answers) -> Vec<Violation> {
        self.check(answers, false)
    }

    fn check(&self, answers: &Answers, first_only: bool) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut raw = vec![Raw::Empty; self.questions.len()];
        // Every array answer joined into one buffer: one allocation however many there are.
        let mut joined = String::new();
        // Both the answers and the names are sorted by name: one walk over both finds every target,
        // where a search per answer would compare each name a handful of times.
        let mut names = self.names.iter().peekable();
        for (name, value) in answers {
            let mut target = None;
            while let Some((n, t)) = names.peek() {
                match cmp_names(n.as_bytes(), name.as_bytes()) {
                    std::cmp::Ordering::Less => {
                        names.next();
                    }
                    std::cmp::Ordering::Equal => {
                        target = Some(*t);
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
            debug_assert_eq!(target, self.target(name));
            let violation = match target {
                Some(Target::Question(i)) => match self.read(i, value, &mut joined) {
                    Ok(r) => {
                        raw[i] = r;
                        continue;
                    }
                    Err(message) => {
                        raw[i] = Raw::Invalid;
                        Violation { question: name.clone(), rule: Rule::Type, message }
                    }
                },
                Some(_) => Violation {
                    question: name.clone(),
                    rule: Rule::UnknownQuestion,
                    message: format!("`{name}` is a note or a group: it takes no answer"),
                },
                None => Violation {
                    question: name.clone(),
                    rule: Rule::UnknownQuestion,
                    message: format!(
                        "questionnaire `{}` version {} has no question `{name}`",
                        self.definition.id, self.definition.version
                    ),
                },
            };
            out.push(violation);
            if first_only {
                return out;
            }
        }
        let values: Vec<Val<'_>> = raw
            .iter()
            .map(|r| match *r {
                Raw::Empty | Raw::Invalid => Val::EMPTY,
                Raw::Str(s) => Val::Str(Cow::Borrowed(s)),
                Raw::Num(n) => Val::Num(n),
                Raw::Joined(start, end) => Val::Str(Cow::Borrowed(&joined[start..end])),
            })
            .collect();
        let mut env = Visit { values: &values, current: Val::EMPTY, choice: None };
        let mut group_relevant = Vec::with_capacity(self.groups.len());
        for g in &self.groups {
            let parent = g.parent.is_none_or(|p| group_relevant[p]);
            group_relevant.push(parent && g.relevant.as_ref().is_none_or(|e| e.test(&env)));
        }
        for (i, q) in self.questions.iter().enumerate() {
            // An unanswered question that is not required breaks no rule, relevant or not.
            if matches!(raw[i], Raw::Invalid) || (matches!(raw[i], Raw::Empty) && !q.required) {
                continue;
            }
            let relevant =
                q.group.is_none_or(|g| group_relevant[g]) && q.relevant.as_ref().is_none_or(|e| e.test(&env));
            let (rule, message) = match raw[i] {
                Raw::Invalid => continue,
                Raw::Empty if relevant => (Rule::Required, format!("`{}` is required and has no answer", q.name)),
                Raw::Empty => continue,
                _ if !relevant => (
                    Rule::Relevant,
                    format!(
                        "`{}` is answered but is not asked here (its skip logic, or its group's, is false): remove the answer",
                        q.name
                    ),
                ),
                _ => {
                    if let Some(message) = self.check_choices(q, &values[i], &mut env) {
                        (Rule::Choice, message)
                    } else if let Some(c) = &q.constraint {
                        env.current = values[i].clone();
                        let ok = c.test(&env);
                        env.current = Val::EMPTY;
                        if ok {
                            continue;
                        }
                        let why = if q.constraint_message.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", q.constraint_message)
                        };
                        (Rule::Constraint, format!("`{}` breaks its constraint `{}`{why}", q.name, q.constraint_source))
                    } else {
                        continue;
                    }
                }
            };
            out.push(Violation { question: q.name.to_string(), rule, message });
            if first_only {
                break;
            }
        }
        out
    }

    /// Reads an answer for the question at `i`, checking its type.
    fn read<'a>(&self, i: usize, value: &'a Value, joined: &mut String) -> std::result::Result<Raw<'a>, String> {
        let q = &self.questions[i];
        let expects = || -> String {
            let name = &q.name;
            match q.kind {
                Kind::Text => format!("`{name}` expects text (a JSON string)"),
                Kind::Integer => format!("`{name}` expects a whole number such as 3"),
                Kind::Decimal => format!("`{name}` expects a number such as 1200 or 35.5"),
                Kind::Date => format!("`{name}` expects a date written YYYY-MM-DD"),
                Kind::SelectOne(l) => {
                    format!("`{name}` expects the name of one choice of list `{}`, as a string", self.lists[l].name)
                }
                Kind::SelectMultiple(l) => format!(
                    "`{name}` expects names of choices of list `{}`, as one string separated by spaces or an array of strings",
                    self.lists[l].name
                ),
            }
        };
        Ok(match value {
            Value::Null => Raw::Empty,
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(Raw::Empty);
                }
                match q.kind {
                    Kind::Text | Kind::SelectOne(_) | Kind::SelectMultiple(_) => Raw::Str(t),
                    Kind::Integer => Raw::Num(t.parse::<i64>().map_err(|_| expects())? as f64),
                    Kind::Decimal => Raw::Num(parse_decimal(t).ok_or_else(expects)?),
                    Kind::Date => {
                        if !is_iso_date(t) {
                            return Err(expects());
                        }
                        Raw::Str(t)
                    }
                }
            }
            Value::Number(n) => match q.kind {
                Kind::Integer => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => Raw::Num(i as f64),
                    (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Raw::Num(f),
                    _ => return Err(expects()),
                },
                Kind::Decimal => Raw::Num(n.as_f64().filter(|f| f.is_finite()).ok_or_else(expects)?),
                _ => return Err(expects()),
            },
            Value::Array(items) if matches!(q.kind, Kind::SelectMultiple(_)) => {
                let name = |item: &'a Value| match item.as_str().map(str::trim) {
                    Some(s) if !s.is_empty() && !has_whitespace(s) => Some(s),
                    _ => None,
                };
                match &items[..] {
                    [] => Raw::Empty,
                    // One name is its own joined form.
                    [item] => Raw::Str(name(item).ok_or_else(expects)?),
                    _ => {
                        if joined.capacity() == 0 {
                            joined.reserve(128);
                        }
                        let start = joined.len();
                        for (k, item) in items.iter().enumerate() {
                            let Some(s) = name(item) else {
                                joined.truncate(start);
                                return Err(expects());
                            };
                            if k > 0 {
                                joined.push(' ');
                            }
                            joined.push_str(s);
                        }
                        Raw::Joined(start, joined.len())
                    }
                }
            }
            _ => return Err(expects()),
        })
    }

    /// For a select: what is wrong with the chosen names, if anything.
    fn check_choices<'v>(
        &'v self,
        q: &'v super::compile::Question,
        value: &Val<'v>,
        env: &mut Visit<'v>,
    ) -> Option<String> {
        let (list, single) = match q.kind {
            Kind::SelectOne(l) => (l, true),
            Kind::SelectMultiple(l) => (l, false),
            _ => return None,
        };
        let Val::Str(text) = value else { return None };
        let list = &self.lists[list];
        let mut seen: u64 = 0;
        let mut count = 0;
        for token in text.split_ascii_whitespace() {
            count += 1;
            // Lengths and first bytes tell most choices apart without comparing the rest.
            let first = token.as_bytes()[0];
            let Some(pos) =
                list.choices.iter().position(|c| c.len() == token.len() && c.as_bytes()[0] == first && **c == *token)
            else {
                return Some(format!("`{}` names a choice that is not in list `{}`", q.name, list.name));
            };
            // A bit per choice for the first 64; past them, look back at the names before this one.
            let twice = if pos < 64 {
                let twice = seen & (1 << pos) != 0;
                seen |= 1 << pos;
                twice
            } else {
                text.split_ascii_whitespace().take(count - 1).any(|t| t == token)
            };
            if twice {
                return Some(format!("`{}` names the same choice twice", q.name));
            }
            if let Some(filter) = &q.choice_filter {
                env.choice = self.definition.choices.get(&*list.name).and_then(|c| c.get(pos));
                let offered = filter.test(env);
                env.choice = None;
                if !offered {
                    return Some(format!("`{}` names a choice that its choice_filter does not offer here", q.name));
                }
            }
        }
        (single && count > 1).then(|| format!("`{}` is a select_one: give exactly one choice", q.name))
    }
}

/// Whether `s` contains a whitespace character (`char::is_whitespace`), bytewise when it is ASCII.
fn has_whitespace(s: &str) -> bool {
    if s.is_ascii() {
        // The ASCII whitespace of `char::is_whitespace`: tab, line feed, vertical tab, form feed,
        // carriage return and space.
        s.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' '))
    } else {
        s.contains(char::is_whitespace)
    }
}

/// Orders names as `str` does (bytewise, a prefix first), inline: names are short and mostly differ
/// in their first bytes, where a `memcmp` call would cost more than the comparison.
fn cmp_names(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Whether `s` is a calendar date written `YYYY-MM-DD` (checked by hand: this is on the hot path).
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()].iter().all(u8::is_ascii_digit).then(|| s[r].parse::<u32>().ok()).flatten()
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            for s in [format!("{c}"), format!("ab{c}cd"), format!("中{c}")] {
                assert_eq!(has_whitespace(&s), s.contains(char::is_whitespace), "{:?}", c);
            }
        }
    }

    #[test]
    fn names_are_ordered_as_str_orders_them() {
        let names = ["", "a", "ab", "abc", "b", "a_b", "a-b", "z", "中", "ä"];
        for a in names {
            for b in names {
                assert_eq!(cmp_names(a.as_bytes(), b.as_bytes()), a.cmp(b));
            }
        }
    }
}
