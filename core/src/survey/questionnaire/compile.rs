//! The compiled questionnaire: a definition checked once, its expressions parsed and their references
//! resolved to indexes, ready to validate answers many times.

use super::definition::{Item, ItemKind, Labels, QuestionnaireDefinition};
use super::expression::{Expr, Expression, is_name};
use crate::engine::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A questionnaire version ready to validate answers.
///
/// It is built from a [`QuestionnaireDefinition`] by [`Questionnaire::new`] (or imported with
/// [`Questionnaire::from_json`] / [`Questionnaire::from_xlsform_csv`]), which checks the definition and
/// parses every expression once. It serializes as its definition, and deserializing compiles again,
/// so the compiled form is never stored.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "QuestionnaireDefinition", into = "QuestionnaireDefinition")]
pub struct Questionnaire {
    pub(crate) definition: QuestionnaireDefinition,
    /// The questions that take answers, in document order.
    pub(crate) questions: Vec<Question>,
    /// The groups, parents before children.
    pub(crate) groups: Vec<Group>,
    /// Every item name with what it is, sorted by name.
    pub(crate) names: Vec<(Box<str>, Target)>,
    /// The choice lists by index (see [`Kind::SelectOne`]).
    pub(crate) lists: Vec<List>,
}

/// A compiled question.
#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub(crate) name: Box<str>,
    pub(crate) kind: Kind,
    pub(crate) required: bool,
    pub(crate) relevant: Option<Expr>,
    /// The innermost group holding the question.
    pub(crate) group: Option<usize>,
    pub(crate) constraint: Option<Expr>,
    /// The constraint's text, for messages.
    pub(crate) constraint_source: Box<str>,
    /// The constraint message in every language, joined with ` / `.
    pub(crate) constraint_message: Box<str>,
    pub(crate) choice_filter: Option<Expr>,
}

/// The answer type of a compiled question; selects hold the index of their list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Integer,
    Decimal,
    Date,
    SelectOne(usize),
    SelectMultiple(usize),
}

/// A compiled group.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) relevant: Option<Expr>,
    pub(crate) parent: Option<usize>,
}

/// What an item name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Question(usize),
    Note,
    Group,
}

/// A compiled choice list.
#[derive(Debug, Clone)]
pub(crate) struct List {
    pub(crate) name: Box<str>,
    pub(crate) choices: Vec<Box<str>>,
}

/// Where a problem of a definition is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum At {
    /// The definition itself (`id`, `version`, `items`).
    Definition,
    /// An item, by preorder index (groups before their rows), with its JSON path (`items[2].items[0]`).
    Item(usize, String),
    /// A choice, by list name and index in the list.
    Choice(String, usize),
}

/// One problem of a definition.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) at: At,
    /// The JSON name of the offending field (`relevant`, `constraintMessage`…).
    pub(crate) field: &'static str,
    pub(crate) message: String,
}

impl Problem {
    /// The JSON path of the field, relative to the definition.
    pub(crate) fn path(&self) -> String {
        match &self.at {
            At::Definition => self.field.to_string(),
            At::Item(_, path) => format!("{path}.{}", self.field),
            At::Choice(list, i) => format!("choices.{list}[{i}].{}", self.field),
        }
    }
}

/// Where an expression appears; it decides what `.` and bare names may mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Relevant,
    Constraint,
    ChoiceFilter,
}

impl Context {
    fn field(self) -> &'static str {
        match self {
            Context::Relevant => "relevant",
            Context::Constraint => "constraint",
            Context::ChoiceFilter => "choiceFilter",
        }
    }
}

/// An item of the definition, flattened in preorder.
struct Flat<'d> {
    item: &'d Item,
    path: String,
    /// The innermost enclosing group, as an index into `groups`.
    parent: Option<usize>,
}

fn flatten<'d>(items: &'d [Item], prefix: &str, parent: Option<usize>, groups: &mut usize, out: &mut Vec<Flat<'d>>) {
    for (i, item) in items.iter().enumerate() {
        let path = format!("{prefix}items[{i}]");
        out.push(Flat { item, path: path.clone(), parent });
        if let ItemKind::Group { items } = &item.kind {
            let me = *groups;
            *groups += 1;
            flatten(items, &format!("{path}."), Some(me), groups, out);
        }
    }
}

fn has_text(labels: &Labels) -> bool {
    labels.values().any(|v| !v.trim().is_empty())
}

fn is_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl Questionnaire {
    /// Compiles a definition: checks it and parses its expressions once.
    ///
    /// # Errors
    /// [`ErrorCode::InvalidField`] naming the first problem's JSON path relative to the definition
    /// (e.g. `items[3].relevant`) and, for an expression, the character where it goes wrong; the
    /// message counts the other problems.
    pub fn new(definition: QuestionnaireDefinition) -> Result<Questionnaire> {
        compile(definition).map_err(|problems| problems_error(&problems))
    }

    /// The questionnaire's id.
    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// The version.
    pub fn version(&self) -> u32 {
        self.definition.version
    }

    /// The definition it was compiled from.
    pub fn definition(&self) -> &QuestionnaireDefinition {
        &self.definition
    }

    /// The names of the questions that take answers, in document order (notes and groups left out).
    pub fn question_names(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().map(|q| &*q.name)
    }

    /// Looks up an item name.
    pub(crate) fn target(&self, name: &str) -> Option<Target> {
        self.names.binary_search_by(|(n, _)| (**n).cmp(name)).ok().map(|i| self.names[i].1)
    }
}

impl PartialEq for Questionnaire {
    fn eq(&self, other: &Self) -> bool {
        self.definition == other.definition
    }
}

impl TryFrom<QuestionnaireDefinition> for Questionnaire {
    type Error = Error;
    fn try_from(definition: QuestionnaireDefinition) -> Result<Self> {
        Questionnaire::new(definition)
    }
}

impl From<Questionnaire> for QuestionnaireDefinition {
    fn from(q: Questionnaire) -> Self {
        q.definition
    }
}

/// The error for the problems of a definition given as data (JSON): the first one, with a count.
pub(crate) fn problems_error(problems: &[Problem]) -> Error {
    let first = &problems[0];
    let more = match problems.len() {
        1 => String::new(),
        n => format!(" ({} more problem(s) after this one)", n - 1),
    };
    Error::invalid_field(&first.path(), format!("`{}`: {}{more}", first.path(), first.message))
}

/// Checks and compiles a definition, or lists every problem.
pub(crate) fn compile(definition: QuestionnaireDefinition) -> std::result::Result<Questionnaire, Vec<Problem>> {
    let mut problems = Vec::new();
    let def = &definition;
    if !is_id(&def.id) {
        problems.push(Problem {
            at: At::Definition,
            field: "id",
            message: "the questionnaire id must be non-empty letters, digits, `_`, `-` or `.`".into(),
        });
    }
    if def.version == 0 {
        problems.push(Problem { at: At::Definition, field: "version", message: "versions start at 1".into() });
    }

    // Choice lists.
    let mut lists = Vec::new();
    let mut list_index = BTreeMap::new();
    let mut list_columns: Vec<BTreeSet<&str>> = Vec::new();
    for (list_name, choices) in &def.choices {
        let at = |i: usize| At::Choice(list_name.clone(), i);
        if !is_name(list_name) {
            problems.push(Problem {
                at: at(0),
                field: "listName",
                message: format!("`{list_name}` is not a valid list name (letters, digits, `_`, `-`, `.`)"),
            });
        }
        if choices.is_empty() {
            problems.push(Problem {
                at: at(0),
                field: "listName",
                message: format!("list `{list_name}` has no choices"),
            });
        }
        let mut seen = BTreeSet::new();
        let mut columns = BTreeSet::from(["name"]);
        for (i, c) in choices.iter().enumerate() {
            if c.name.is_empty() || c.name.chars().any(char::is_whitespace) {
                problems.push(Problem {
                    at: at(i),
                    field: "name",
                    message: "a choice name must be non-empty and have no spaces (select_multiple answers separate names with spaces)".into(),
                });
            } else if !seen.insert(c.name.as_str()) {
                problems.push(Problem {
                    at: at(i),
                    field: "name",
                    message: format!("choice `{}` appears twice in list `{list_name}`", c.name),
                });
            }
            if !has_text(&c.label) {
                problems.push(Problem { at: at(i), field: "label", message: "the choice has no label".into() });
            }
            columns.extend(c.properties.keys().map(String::as_str));
        }
        list_index.insert(list_name.as_str(), lists.len());
        lists.push(List {
            name: list_name.as_str().into(),
            choices: choices.iter().map(|c| c.name.as_str().into()).collect(),
        });
        list_columns.push(columns);
    }

    // Items: names, kinds and the per-type rules.
    let mut flat = Vec::new();
    let mut group_count = 0;
    flatten(&def.items, "", None, &mut group_count, &mut flat);
    let mut names: BTreeMap<&str, Target> = BTreeMap::new();
    let mut kinds = Vec::new();
    let mut question_of_item = vec![None; flat.len()];
    for (n, f) in flat.iter().enumerate() {
        let item = f.item;
        let at = || At::Item(n, f.path.clone());
        let mut problem = |field: &'static str, message: String| problems.push(Problem { at: at(), field, message });
        if !is_name(&item.name) {
            problem(
                "name",
                format!(
                    "`{}` is not a valid name: start with a letter or `_`, then letters, digits, `_`, `-`, `.`",
                    item.name
                ),
            );
        }
        let target = match &item.kind {
            ItemKind::Note => Target::Note,
            ItemKind::Group { .. } => Target::Group,
            _ => {
                question_of_item[n] = Some(kinds.len());
                Target::Question(kinds.len())
            }
        };
        if names.insert(item.name.as_str(), target).is_some() {
            problem("name", format!("the name `{}` is used twice: names must be unique in a questionnaire", item.name));
        }
        let kind = match &item.kind {
            ItemKind::Text => Some(Kind::Text),
            ItemKind::Integer => Some(Kind::Integer),
            ItemKind::Decimal => Some(Kind::Decimal),
            ItemKind::Date => Some(Kind::Date),
            ItemKind::SelectOne { list } | ItemKind::SelectMultiple { list } => match list_index.get(list.as_str()) {
                Some(&l) if matches!(item.kind, ItemKind::SelectOne { .. }) => Some(Kind::SelectOne(l)),
                Some(&l) => Some(Kind::SelectMultiple(l)),
                None => {
                    problem("type", format!("no choice list `{list}`: add its rows to the choices sheet"));
                    Some(Kind::Text)
                }
            },
            ItemKind::Note | ItemKind::Group { .. } => None,
        };
        let what = if matches!(item.kind, ItemKind::Note) { "a note" } else { "a group" };
        if kind.is_none() {
            if item.required {
                problem("required", format!("`{}` is {what}: it takes no answer and cannot be required", item.name));
            }
            if item.constraint.is_some() {
                problem(
                    "constraint",
                    format!("`{}` is {what}: it takes no answer and cannot have a constraint", item.name),
                );
            }
        }
        if !matches!(kind, Some(Kind::SelectOne(_) | Kind::SelectMultiple(_))) && item.choice_filter.is_some() {
            problem("choiceFilter", format!("`{}` is not a select: only selects have a choice_filter", item.name));
        }
        if item.constraint.is_none() && has_text(&item.constraint_message) {
            problem("constraintMessage", "a constraint message without a constraint".into());
        }
        if !matches!(item.kind, ItemKind::Group { .. }) && !has_text(&item.label) {
            problem("label", format!("`{}` has no label", item.name));
        }
        if let Some(k) = kind {
            kinds.push(k);
        }
    }
    if kinds.is_empty() && problems.is_empty() {
        problems.push(Problem {
            at: At::Definition,
            field: "items",
            message: "the questionnaire has no question that takes an answer".into(),
        });
    }

    // Expressions.
    let mut questions = Vec::with_capacity(kinds.len());
    let mut groups = Vec::with_capacity(group_count);
    for (n, f) in flat.iter().enumerate() {
        let item = f.item;
        let me = question_of_item[n];
        let mut parse = |source: &Option<String>, context: Context| -> Option<Expr> {
            let source = source.as_deref()?.trim();
            if source.is_empty() {
                return None;
            }
            let columns = match (context, kinds.get(me.unwrap_or(usize::MAX))) {
                (Context::ChoiceFilter, Some(Kind::SelectOne(l) | Kind::SelectMultiple(l))) => Some(&list_columns[*l]),
                _ => None,
            };
            match resolve(source, context, me, &names, columns) {
                Ok(e) => Some(e),
                Err(message) => {
                    problems.push(Problem { at: At::Item(n, f.path.clone()), field: context.field(), message });
                    None
                }
            }
        };
        let relevant = parse(&item.relevant, Context::Relevant);
        match item.kind {
            ItemKind::Group { .. } => groups.push(Group { relevant, parent: f.parent }),
            ItemKind::Note => {}
            _ => {
                let constraint = parse(&item.constraint, Context::Constraint);
                let choice_filter = parse(&item.choice_filter, Context::ChoiceFilter);
                questions.push(Question {
                    name: item.name.as_str().into(),
                    kind: kinds[questions.len()],
                    required: item.required,
                    relevant,
                    group: f.parent,
                    constraint,
                    constraint_source: item.constraint.as_deref().unwrap_or("").trim().into(),
                    constraint_message: item
                        .constraint_message
                        .values()
                        .map(|v| v.trim())
                        .filter(|v| !v.is_empty())
                        .collect::<Vec<_>>()
                        .join(" / ")
                        .into(),
                    choice_filter,
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let names = names.into_iter().map(|(n, t)| (n.into(), t)).collect();
    Ok(Questionnaire { questions, groups, names, lists, definition })
}

/// Parses an expression and resolves its names for its context, or says what is wrong.
fn resolve(
    source: &str,
    context: Context,
    me: Option<usize>,
    names: &BTreeMap<&str, Target>,
    columns: Option<&BTreeSet<&str>>,
) -> std::result::Result<Expr, String> {
    let field = match context {
        Context::ChoiceFilter => "choice_filter",
        c => c.field(),
    };
    let at = |offset: usize, message: String| {
        format!("`{field}` is malformed at character {} of `{source}`: {message}", offset + 1)
    };
    let mut expr = Expression::parse(source).map_err(|e| at(e.offset, e.message))?.root;
    let mut error = None;
    expr.walk_mut(&mut |e| {
        if error.is_some() {
            return;
        }
        match e {
            Expr::Ref { name, offset, index } => match names.get(&**name) {
                Some(Target::Question(q)) if context == Context::Relevant && Some(*q) == me => {
                    error = Some(at(
                        *offset,
                        format!(
                            "`${{{name}}}` refers to the question itself: skip logic cannot depend on its own answer"
                        ),
                    ));
                }
                Some(Target::Question(q)) => *index = *q,
                Some(_) => {
                    error = Some(at(*offset, format!("`${{{name}}}` is a note or a group, which has no answer")));
                }
                None => error = Some(at(*offset, format!("no question is named `{name}`"))),
            },
            Expr::Current(offset) if context != Context::Constraint => {
                error = Some(at(*offset, "`.` (the current answer) is only meaningful in a constraint".into()));
            }
            Expr::Column { name, offset } => match columns {
                Some(cols) if cols.contains(&**name) => {}
                Some(cols) => {
                    error = Some(at(
                        *offset,
                        format!(
                            "the choice list has no column `{name}`: the columns are {}",
                            cols.iter().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                None => {
                    error = Some(at(*offset, format!("`{name}` is not a value: refer to a question as `${{{name}}}`")));
                }
            },
            _ => {}
        }
    });
    match error {
        Some(e) => Err(e),
        None => Ok(expr),
    }
}

impl Questionnaire {
    /// Serializes the definition as JSON (the form [`Questionnaire::from_json`] reads).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.definition).unwrap_or_default()
    }

    /// Reads and compiles a definition given as JSON.
    ///
    /// # Errors
    /// [`ErrorCode::MalformedInput`] naming the JSON path when the JSON does not have the shape of a
    /// definition; otherwise the errors of [`Questionnaire::new`].
    pub fn from_json(json: &str) -> Result<Questionnaire> {
        let mut de = serde_json::Deserializer::from_str(json);
        let definition: QuestionnaireDefinition = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.inner().to_string();
            // Definitions hold no sensitive value, but keep messages short: cut serde's quote of it.
            let reason = inner.split(" at line ").next().unwrap_or(&inner).to_string();
            let mut error =
                Error::new(ErrorCode::MalformedInput, format!("the questionnaire is not valid at `{path}`: {reason}"));
            if !path.is_empty() && path != "." {
                error = error.at_field(path);
            }
            error
        })?;
        Questionnaire::new(definition)
    }
}
