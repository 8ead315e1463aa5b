//! The commands of this area: one payload type each, with its permission and its `decide`.

use super::{QuestionnaireRegistered, SurveyEvents, SurveyState};
use crate::engine::check::prefixed;
use crate::engine::error::Result;
use crate::engine::{Context, Decide};
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
    RecordVisit => RecordVisits, "record visits";
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for RegisterQuestionnaire {
    fn decide(self, state: &S, _: &Context<'_>) -> Result<Vec<E>> {
        let Self { questionnaire } = &self;
        Ok(vec![
            {
                let q = super::questionnaire::Questionnaire::new(questionnaire.clone())
                    .map_err(|e| prefixed(e, "command.questionnaire"))?;
                state.survey().questionnaires.check(&q).map_err(|e| prefixed(e, "command.questionnaire"))?;
                QuestionnaireRegistered { questionnaire: Box::new(q) }
            }
            .into(),
        ])
    }
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for ImportQuestionnaire {
    fn decide(self, state: &S, _: &Context<'_>) -> Result<Vec<E>> {
        let Self { id, version, title, survey, choices } = &self;
        Ok(vec![
            {
                let form =
                    super::questionnaire::XlsFormCsv { id, version: *version, title: title.clone(), survey, choices };
                let q =
                    super::questionnaire::Questionnaire::from_xlsform_csv(&form).map_err(|e| prefixed(e, "command"))?;
                state.survey().questionnaires.check(&q).map_err(|e| prefixed(e, "command"))?;
                QuestionnaireRegistered { questionnaire: Box::new(q) }
            }
            .into(),
        ])
    }
}

impl<S: SurveyState, E: SurveyEvents> Decide<S, E> for RecordVisit {
    fn decide(self, state: &S, cx: &Context<'_>) -> Result<Vec<E>> {
        // By value: a visit's answers move into its event instead of being copied (visits are the
        // most frequent command of the survey).
        super::visit::decide(state, cx.actor, cx.at, self.visit)
    }
}
