//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{QuestionnaireRegistered, SurveyEvents, SurveyState};
use crate::engine::access::Permission;
use crate::engine::check::prefixed;
use crate::engine::error::Result;
use crate::engine::{Context, Decide, Declared, Guarded, ScopeRule};
use crate::organization::campaign_in_scope;
use serde::{Deserialize, Serialize};

/// Registers a version of a questionnaire given as JSON (the XLSForm subset; see
/// `docs/QUESTIONNAIRES.md`). Versions are immutable and increase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterQuestionnaire {
    /// The definition.
    pub questionnaire: super::questionnaire::QuestionnaireDefinition,
}

/// Registers a version of a questionnaire from its XLSForm sheets saved as CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportQuestionnaire {
    /// The questionnaire's id.
    pub id: String,
    /// The version (greater than every registered version of the id).
    pub version: u32,
    /// The title by language (`zh`, `en`, `default`).
    #[serde(default)]
    pub title: super::questionnaire::Labels,
    /// The `survey` sheet as CSV.
    pub survey: String,
    /// The `choices` sheet as CSV.
    pub choices: String,
}

/// Records a door-knock visit (from a phone, perhaps long after it happened).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordVisit {
    /// The visit.
    pub visit: super::VisitReport,
}

crate::engine::guarded! {
    RegisterQuestionnaire => ManageCampaign, "register questionnaires";
    ImportQuestionnaire => ManageCampaign, "register questionnaires";
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for RegisterQuestionnaire {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { questionnaire } = &self;
        // A questionnaire serves the whole sub-district: only its own office may register one.
        campaign_in_scope(state, cx, "command.questionnaire")?;
        let q = super::questionnaire::Questionnaire::new(questionnaire.clone())
            .map_err(|e| prefixed(e, "command.questionnaire"))?;
        state.survey().questionnaires.check(&q).map_err(|e| prefixed(e, "command.questionnaire"))?;
        Ok(vec![QuestionnaireRegistered { questionnaire: Box::new(q) }.into()])
    }
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for ImportQuestionnaire {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, version, title, survey, choices } = &self;
        campaign_in_scope(state, cx, "command")?;
        let form = super::questionnaire::XlsFormCsv { id, version: *version, title: title.clone(), survey, choices };
        let q = super::questionnaire::Questionnaire::from_xlsform_csv(&form).map_err(|e| prefixed(e, "command"))?;
        state.survey().questionnaires.check(&q).map_err(|e| prefixed(e, "command"))?;
        Ok(vec![QuestionnaireRegistered { questionnaire: Box::new(q) }.into()])
    }
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for RecordVisit {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        // By value: a visit's answers move into its event instead of being copied (visits are the
        // most frequent command of the survey).
        super::visit::decide(state, cx.actor, cx.at, self.visit)
    }
}

impl Guarded for RecordVisit {
    fn permissions(&self) -> &'static [Permission] {
        // Tagging key persons from a finding is tagging them: it needs that permission too. The
        // two cases are the declared ones.
        let (_, permissions) = Self::CASES[usize::from(self.visit.findings.iter().any(|f| !f.tags.is_empty()))];
        permissions
    }
    fn action(&self) -> &'static str {
        "record visits"
    }
}

impl Declared for RecordVisit {
    const CASES: &'static [(&'static str, &'static [Permission])] = &[
        ("", &[Permission::RecordVisits]),
        ("findings tag key persons", &[Permission::RecordVisits, Permission::TagKeyPersons]),
    ];
    const SCOPE: ScopeRule = ScopeRule::Target;
}
