//! The reference door-knock questionnaire (敲门行动入户走访问卷), in Chinese with English labels.
//!
//! It follows what the plan's task (一)1 asks the survey to find: the household and who was met; the
//! key persons (unemployed idle, long-term absent, left behind, prior offence, drug-involved,
//! out-of-school youth); the four focus problems (telecom fraud, drugs, organized crime and village
//! bullies, illegal religion); the household's demands and difficulties; its satisfaction with the
//! village's party organization and committee (`satisfaction_party`, `satisfaction_committee`:
//! `satisfied`, `basically_satisfied`, `dissatisfied`, `unknown`); and how it wants to be reached.
//! The sheets are in `reference/survey.csv` and `reference/choices.csv`, ready to open in a
//! spreadsheet and adapt.

use super::compile::Questionnaire;
use super::definition::Labels;
use super::xlsform::XlsFormCsv;

/// The id the reference questionnaire registers under.
pub const DOOR_KNOCK_ID: &str = "door-knock";

/// The survey sheet, as CSV.
pub const SURVEY_CSV: &str = include_str!("reference/survey.csv");

/// The choices sheet, as CSV.
pub const CHOICES_CSV: &str = include_str!("reference/choices.csv");

fn title() -> Labels {
    Labels::from([
        ("zh".to_string(), "敲门行动入户走访问卷".to_string()),
        ("en".to_string(), "Door-knock household visit questionnaire".to_string()),
    ])
}

/// The command that registers the reference questionnaire (version 1) in a campaign: what a host
/// sends as `{"type":"importQuestionnaire", …}` to use it as it is, or edits (its sheets are CSV) to
/// adapt it. The C and JS doors hand out its JSON.
pub fn import_command() -> crate::survey::ImportQuestionnaire {
    crate::survey::ImportQuestionnaire {
        id: DOOR_KNOCK_ID.into(),
        version: 1,
        title: title(),
        survey: SURVEY_CSV.into(),
        choices: CHOICES_CSV.into(),
    }
}

/// [`import_command`] as the JSON of a command: `{"type":"importQuestionnaire","id":"door-knock",…}`.
pub fn import_command_json() -> String {
    // The payload alone, with the tag put in front: serializing it through `Command` would pull the
    // whole command enum's serializer into the wasm package (measured: +2.2 MB), which never
    // otherwise writes a command. A struct of strings and a map of strings always serializes.
    let payload = serde_json::to_string(&import_command()).unwrap_or_default();
    format!(r#"{{"type":"importQuestionnaire",{}"#, payload.strip_prefix('{').unwrap_or_default())
}

/// The reference questionnaire, version 1, compiled.
pub fn door_knock() -> Questionnaire {
    let form = XlsFormCsv { id: DOOR_KNOCK_ID, version: 1, title: title(), survey: SURVEY_CSV, choices: CHOICES_CSV };
    // The sheets are embedded and a test compiles them: this cannot fail at run time.
    Questionnaire::from_xlsform_csv(&form).expect("the reference questionnaire compiles")
}
