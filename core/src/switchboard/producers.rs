//! The commands that record each event, for replay: a record whose actor's role could not have sent
//! any of them is a record the library could not have written (issue #15). The list is checked
//! against every command the tests execute (`decide` asserts it in debug builds), and the compiler
//! holds it complete (no catch-all arm).

#[cfg(debug_assertions)]
use super::Command;
use super::Event;
use crate::engine::Declared;
use crate::engine::access::Permission;
use crate::{acceptance, calendar, care, micro_grid, organization, oversight, participation, people, problem};
use crate::{rectification, review, survey, weak_and_lax};

/// A command's declared cases: each a set of permissions that lets an actor send it.
pub(crate) type Cases = &'static [(&'static str, &'static [Permission])];

/// `importCsv`'s cases, one per table (in the order it declares them): a table's rows record only
/// that table's events.
const CSV: Cases = <people::ImportCsv as Declared>::CASES;
const CSV_UNITS: Cases = CSV.split_at(1).0;
const CSV_HOUSEHOLDS: Cases = CSV.split_at(1).1.split_at(1).0;
const CSV_RESIDENTS: Cases = CSV.split_at(2).1.split_at(1).0;
const CSV_TAGS: Cases = CSV.split_at(3).1.split_at(1).0;
const CSV_MEMBERS: Cases = CSV.split_at(4).1.split_at(1).0;
/// `recordVisit` tags key persons only in its case that may.
const VISIT_TAGS: Cases = <survey::RecordVisit as Declared>::CASES.split_at(1).1;

/// The cases of the commands that record `event` (none for a checkpoint, which replay checks on its
/// own).
pub(crate) fn producers(event: &Event) -> &'static [Cases] {
    match event {
        Event::CheckpointSigned(_) => &[],
        Event::CampaignOpened(_) => &[<organization::OpenCampaign as Declared>::CASES],
        Event::OrgUnitRegistered(_) => &[CSV_UNITS, <organization::RegisterOrgUnit as Declared>::CASES],
        Event::PartyOrganizationEstablished(_) => &[<organization::EstablishPartyOrganization as Declared>::CASES],
        Event::SecretaryAppointed(_) => {
            &[<acceptance::AdjustSecretary as Declared>::CASES, <organization::AppointSecretary as Declared>::CASES]
        }
        Event::TwoCommitteesSet(_) => &[<organization::SetTwoCommittees as Declared>::CASES],
        Event::LeadingGroupSet(_) => &[<organization::SetLeadingGroup as Declared>::CASES],
        Event::ScheduleItemAdded(_) => &[<organization::AddScheduleItem as Declared>::CASES],
        Event::ScheduleItemCompleted(_) => &[<organization::CompleteScheduleItem as Declared>::CASES],
        Event::ScheduleItemReopened(_) => &[<organization::ReopenScheduleItem as Declared>::CASES],
        Event::PersonRegistered(_) => &[CSV_RESIDENTS, CSV_MEMBERS, <people::RegisterPerson as Declared>::CASES],
        Event::HelperRolesSet(_) => &[<people::SetHelperRoles as Declared>::CASES],
        Event::HouseholdRegistered(_) => &[CSV_HOUSEHOLDS, <people::RegisterHousehold as Declared>::CASES],
        Event::HouseholdMoved(_) => &[<people::MoveHousehold as Declared>::CASES],
        Event::ResidentAdded(_) => &[<people::AddResident as Declared>::CASES, CSV_RESIDENTS],
        Event::ResidentLeft(_) => &[<people::RemoveResident as Declared>::CASES],
        Event::KeyPersonTagged(_) => &[CSV_TAGS, VISIT_TAGS, <people::TagKeyPerson as Declared>::CASES],
        Event::QuestionnaireRegistered(_) => {
            &[<survey::ImportQuestionnaire as Declared>::CASES, <survey::RegisterQuestionnaire as Declared>::CASES]
        }
        Event::VisitRecorded(_) => &[<survey::RecordVisit as Declared>::CASES],
        Event::KeyPersonUntagged(_) => &[<people::UntagKeyPerson as Declared>::CASES],
        Event::LinkagePolicySet(_) => &[<micro_grid::SetLinkagePolicy as Declared>::CASES],
        Event::MemberLinkageSet(_) => &[<micro_grid::SetMemberLinkage as Declared>::CASES],
        Event::HouseholdWeightSet(_) => &[<micro_grid::SetHouseholdWeight as Declared>::CASES],
        Event::MicroGridEstablished(_) => &[<micro_grid::EstablishMicroGrid as Declared>::CASES],
        Event::MicroGridUpdated(_) => &[<micro_grid::UpdateMicroGrid as Declared>::CASES],
        Event::LinkPlanAdopted(_) => &[<micro_grid::AdoptLinkPlan as Declared>::CASES],
        Event::HolidayCalendarPublished(_) => &[<calendar::PublishHolidayCalendar as Declared>::CASES],
        Event::ProblemCategoryAdded(_) => &[<problem::AddProblemCategory as Declared>::CASES],
        Event::DispatchTargetSet(_) => &[<problem::SetDispatchTarget as Declared>::CASES],
        Event::ProblemPolicySet(_) => &[<problem::SetProblemPolicy as Declared>::CASES],
        Event::ProblemsReported(_) => {
            &[<oversight::RecordInspection as Declared>::CASES, <problem::ReportProblems as Declared>::CASES]
        }
        Event::ProblemConfirmed(_) => &[<problem::ConfirmProblem as Declared>::CASES],
        Event::ProblemRejected(_) => &[<problem::RejectProblem as Declared>::CASES],
        Event::ProblemMerged(_) => &[<problem::MergeProblem as Declared>::CASES],
        Event::ProblemDispatched(_) => &[<problem::DispatchProblem as Declared>::CASES],
        Event::ProblemAccepted(_) => &[<problem::AcceptProblem as Declared>::CASES],
        Event::ProblemReturned(_) => &[<problem::ReturnProblem as Declared>::CASES],
        Event::ProblemProgressRecorded(_) => &[<problem::RecordProblemProgress as Declared>::CASES],
        Event::ExtensionRequested(_) => &[<problem::RequestExtension as Declared>::CASES],
        Event::ExtensionDecided(_) => &[<problem::DecideExtension as Declared>::CASES],
        Event::ProblemReportedDone(_) => &[<problem::ReportProblemDone as Declared>::CASES],
        Event::ProblemFixedImmediately(_) => &[<problem::FixImmediately as Declared>::CASES],
        Event::ProblemVerified(_) => &[<problem::VerifyProblem as Declared>::CASES],
        Event::ProblemClosed(_) => &[<problem::CloseProblem as Declared>::CASES],
        Event::ProblemReopened(_) => &[<problem::ReopenProblem as Declared>::CASES],
        Event::SupervisionListed(_) => &[<problem::ListSupervision as Declared>::CASES],
        Event::SupervisionProgressReported(_) => &[<problem::ReportSupervisionProgress as Declared>::CASES],
        Event::SupervisionEscalated(_) => &[<problem::EscalateSupervision as Declared>::CASES],
        Event::SupervisionDelisted(_) => &[<problem::DelistSupervision as Declared>::CASES],
        Event::ProblemListEstablished(_) => &[<problem::EstablishProblemList as Declared>::CASES],
        Event::KeyPersonCareRecorded(_) => &[<care::RecordKeyPersonCare as Declared>::CASES],
        Event::ReviewOpened(_) => &[<review::OpenReview as Declared>::CASES],
        Event::ReviewQuestionRated(_) => &[<review::RateReviewQuestion as Declared>::CASES],
        Event::SecretaryRated(_) => &[<review::RateSecretary as Declared>::CASES],
        Event::TalksRecorded(_) => &[<review::RecordTalks as Declared>::CASES],
        Event::DemocraticEvaluationRecorded(_) => &[<review::RecordDemocraticEvaluation as Declared>::CASES],
        Event::HomeVisitsLinked(_) => &[<review::LinkHomeVisits as Declared>::CASES],
        Event::DocumentsReviewed(_) => &[<review::RecordDocumentReview as Declared>::CASES],
        Event::StructuralFindingRecorded(_) => &[<review::RecordStructuralFinding as Declared>::CASES],
        Event::ReviewConcluded(_) => &[<review::ConcludeReview as Declared>::CASES],
        Event::SpecialReportSubmitted(_) => &[<review::SubmitSpecialReport as Declared>::CASES],
        Event::DepartmentFeedbackRecorded(_) => &[<weak_and_lax::RecordDepartmentFeedback as Declared>::CASES],
        Event::RubricSet(_) => &[<weak_and_lax::SetRubric as Declared>::CASES],
        Event::WeakAndLaxDecided(_) => &[<weak_and_lax::DecideWeakAndLax as Declared>::CASES],
        Event::WeakAndLaxListSubmitted(_) => &[<weak_and_lax::SubmitWeakAndLaxList as Declared>::CASES],
        Event::WeakAndLaxListConfirmed(_) => &[<weak_and_lax::ConfirmWeakAndLaxList as Declared>::CASES],
        Event::LedgerOpened(_) => &[<rectification::OpenLedger as Declared>::CASES],
        Event::MeasureAdded(_) => &[<rectification::AddMeasure as Declared>::CASES],
        Event::RectificationStarted(_) => &[<rectification::StartRectifying as Declared>::CASES],
        Event::MeasureProgressRecorded(_) => &[<rectification::RecordMeasureProgress as Declared>::CASES],
        Event::MeasureDone(_) => &[<rectification::MarkMeasureDone as Declared>::CASES],
        Event::MeasureVerified(_) => &[<rectification::VerifyMeasure as Declared>::CASES],
        Event::RectificationExceptionRecorded(_) => &[<rectification::RecordRectificationException as Declared>::CASES],
        Event::ReadyForAcceptanceMarked(_) => &[<rectification::MarkReadyForAcceptance as Declared>::CASES],
        Event::RectificationReopened(_) => &[<rectification::ReopenRectification as Declared>::CASES],
        Event::PairingAssigned(_) => &[<rectification::AssignPairing as Declared>::CASES],
        Event::PairingEnded(_) => &[<rectification::EndPairing as Declared>::CASES],
        Event::StudySessionRecorded(_) => &[<participation::RecordStudySession as Declared>::CASES],
        Event::PledgeMade(_) => &[<participation::MakePledge as Declared>::CASES],
        Event::PledgeFulfilled(_) => &[<participation::FulfilPledge as Declared>::CASES],
        Event::PledgeVerified(_) => &[<participation::VerifyPledge as Declared>::CASES],
        Event::VolunteerActivityRecorded(_) => &[<participation::RecordVolunteerActivity as Declared>::CASES],
        Event::AcceptanceCriteriaSet(_) => &[<acceptance::SetAcceptanceCriteria as Declared>::CASES],
        Event::AcceptanceJudged(_) => &[<acceptance::JudgeAcceptance as Declared>::CASES],
        Event::AcceptanceSentBack(_) => &[<acceptance::SendBackAcceptance as Declared>::CASES],
        Event::SecretaryAdjusted(_) => &[<acceptance::AdjustSecretary as Declared>::CASES],
        Event::InspectionPlanned(_) => &[<oversight::PlanInspection as Declared>::CASES],
        Event::InspectionRecorded(_) => &[<oversight::RecordInspection as Declared>::CASES],
        Event::NoticeIssued(_) => &[<oversight::IssueNotice as Declared>::CASES],
        Event::AdmonitionRecorded(_) => &[<oversight::RecordAdmonition as Declared>::CASES],
        Event::AccountabilityCaseOpened(_) => &[<oversight::OpenAccountabilityCase as Declared>::CASES],
        Event::AccountabilityCaseDecided(_) => &[<oversight::DecideAccountabilityCase as Declared>::CASES],
    }
}

/// Whether `command` is among the producers of `event` (one of its cases is, for `importCsv`
/// and `recordVisit`).
#[cfg(debug_assertions)]
pub(crate) fn produces(command: &Command, event: &Event) -> bool {
    let cases = command.cases();
    producers(event).iter().any(|c| !c.is_empty() && c.iter().all(|case| cases.contains(case)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_cases_are_the_tables_in_order() {
        let names = |c: Cases| c.iter().map(|(name, _)| *name).collect::<Vec<_>>();
        assert_eq!(names(CSV_UNITS), ["units"]);
        assert_eq!(names(CSV_HOUSEHOLDS), ["households"]);
        assert_eq!(names(CSV_RESIDENTS), ["residents"]);
        assert_eq!(names(CSV_TAGS), ["residents with key-person tags"]);
        assert_eq!(names(CSV_MEMBERS), ["members"]);
        assert_eq!(names(VISIT_TAGS), ["findings tag key persons"]);
    }
}
