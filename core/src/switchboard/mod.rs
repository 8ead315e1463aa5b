//! The switchboards: [`Command`], [`Event`], [`Query`] and [`QueryResult`], one newtype variant
//! per payload, each payload owned by its area; and [`State`], the areas' parts side by side. They
//! implement the engine's [`Domain`] by dispatching every variant to its payload, one line each,
//! checked complete by the compiler (no catch-all arm).
//!
//! Adding a command: its payload type with `Guarded` and `Decide` in its area, and one line in the
//! `switchboard!` list below (likewise for an event, a query and its result).

mod access_doc;
#[cfg(test)]
mod canonical_tests;
pub mod field_limits;
mod producers;
mod state;

pub use access_doc::access_markdown;
pub use state::State;

use crate::engine::access::{Actor, Permission};
use crate::engine::canonical::{Canonical, Carry};
use crate::engine::checkpoint::CheckpointSigned;
use crate::engine::error::{Error, ErrorCode, Result};
use crate::engine::jcs::{Scratch, write_declared, write_jcs_with};
use crate::engine::log_hash::LogHash;
use crate::engine::{Answer, Apply, Context, Decide, Declared, Domain, Guarded, QueryContext, ScopeRule};
use crate::{
    acceptance, calendar, care, micro_grid, organization, oversight, participation, people, problem, rectification,
    report, review, survey, weak_and_lax,
};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The head of the log (seq and hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HeadQuery {}

/// The answer to [`HeadQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HeadResult {
    /// The head.
    pub head: crate::engine::campaign::Head,
}

crate::engine::guarded! {
    HeadQuery => Read, "read the head of the log", Unscoped;
}

impl<S> Answer<S> for HeadQuery {
    type Output = HeadResult;
    fn answer(&self, _: &S, cx: &QueryContext<'_>) -> Result<HeadResult> {
        Ok(HeadResult { head: cx.head })
    }
}

/// The declared access of one command or query (`docs/ACCESS.md`).
#[derive(Debug, Clone)]
pub struct Declaration {
    /// Its wire name, e.g. `adoptLinkPlan`.
    pub name: String,
    /// Its cases with the permissions each needs.
    pub cases: &'static [(&'static str, &'static [Permission])],
    /// How its target is held to the actor's scope.
    pub scope: ScopeRule,
}

/// The wire name of a variant: its Rust name with the first letter lowered (`AdoptLinkPlan` →
/// `adoptLinkPlan`), as serde's `rename_all = "camelCase"` names it.
fn wire_name(variant: &str) -> String {
    let mut chars = variant.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

macro_rules! switchboard {
    (
        commands { $($command:ident($command_payload:ty),)* }
        events { $($event:ident($event_payload:ty),)* }
        queries { $($query:ident($query_payload:ty) => $result:ident($result_payload:ty),)* }
    ) => {
        /// Every change a campaign accepts: one variant per command; the payload's area decides it.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(tag = "type", rename_all = "camelCase")]
        pub enum Command {
            // Each variant is documented by its payload type, in rustdoc and in the JSON Schema (a
            // variant doc would replace the payload's description there).
            $(#[allow(missing_docs)] $command($command_payload),)*
        }

        /// Everything that can happen to a campaign: one variant per event; the payload's area applies
        /// it.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(tag = "type", rename_all = "camelCase")]
        pub enum Event {
            // Each variant is documented by its payload type, in rustdoc and in the JSON Schema (a
            // variant doc would replace the payload's description there).
            $(#[allow(missing_docs)] $event($event_payload),)*
        }

        /// Every read a campaign answers: one variant per query; the payload's area answers it.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(tag = "type", rename_all = "camelCase")]
        pub enum Query {
            // Each variant is documented by its payload type, in rustdoc and in the JSON Schema (a
            // variant doc would replace the payload's description there).
            $(#[allow(missing_docs)] $query($query_payload),)*
        }

        /// The answer to a [`Query`].
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(tag = "type", rename_all = "camelCase")]
        pub enum QueryResult {
            $(#[allow(missing_docs)] $result($result_payload),)*
        }

        $(impl From<$command_payload> for Command {
            fn from(payload: $command_payload) -> Command {
                Command::$command(payload)
            }
        })*
        $(impl From<$event_payload> for Event {
            fn from(payload: $event_payload) -> Event {
                Event::$event(payload)
            }
        })*
        $(impl From<$query_payload> for Query {
            fn from(payload: $query_payload) -> Query {
                Query::$query(payload)
            }
        })*

        impl Command {
            /// This command's wire name, e.g. `adoptLinkPlan`.
            pub fn name(&self) -> String {
                match self {
                    $(Command::$command(_) => wire_name(stringify!($command)),)*
                }
            }

            /// What this command needs its actor's role to allow.
            pub fn permissions(&self) -> &'static [Permission] {
                self.guard().permissions()
            }

            /// This command's declared cases (the permission sets that let an actor send it); in
            /// debug builds, `decide` checks each event against `producers.rs` with them.
            #[cfg(debug_assertions)]
            pub(crate) fn cases(&self) -> producers::Cases {
                match self {
                    $(Command::$command(_) => <$command_payload as Declared>::CASES,)*
                }
            }

            /// Every command's declared access, in declaration order (`docs/ACCESS.md`).
            pub fn declarations() -> Vec<Declaration> {
                vec![$(Declaration {
                    name: wire_name(stringify!($command)),
                    cases: <$command_payload as Declared>::CASES,
                    scope: <$command_payload as Declared>::SCOPE,
                },)*]
            }

            fn guard(&self) -> &dyn Guarded {
                match self {
                    $(Command::$command(c) => c,)*
                }
            }

            fn dispatch(self, state: &State, cx: &Context<'_>) -> Result<Vec<Event>> {
                match self {
                    $(Command::$command(c) => Decide::<State, Event>::decide(c, state, cx),)*
                }
            }
        }

        impl Event {
            fn dispatch(&self, state: &mut State, at: DateTime<FixedOffset>) {
                match self {
                    $(Event::$event(e) => Apply::<State>::apply(e, state, at),)*
                }
            }
        }

        impl Query {
            /// This query's wire name, e.g. `proposeLinkPlan`.
            pub fn name(&self) -> String {
                match self {
                    $(Query::$query(_) => wire_name(stringify!($query)),)*
                }
            }

            /// What this query needs its actor's role to allow.
            pub fn permissions(&self) -> &'static [Permission] {
                self.guard().permissions()
            }

            /// How this query's target is held to the actor's scope.
            pub fn scope_rule(&self) -> ScopeRule {
                match self {
                    $(Query::$query(_) => <$query_payload as Declared>::SCOPE,)*
                }
            }

            /// Every query's declared access, in declaration order (`docs/ACCESS.md`).
            pub fn declarations() -> Vec<Declaration> {
                vec![$(Declaration {
                    name: wire_name(stringify!($query)),
                    cases: <$query_payload as Declared>::CASES,
                    scope: <$query_payload as Declared>::SCOPE,
                },)*]
            }

            fn guard(&self) -> &dyn Guarded {
                match self {
                    $(Query::$query(q) => q,)*
                }
            }

            fn dispatch(&self, state: &State, cx: &QueryContext<'_>) -> Result<QueryResult> {
                Ok(match self {
                    $(Query::$query(q) => QueryResult::$result(Answer::<State>::answer(q, state, cx)?),)*
                })
            }
        }
    };
}

switchboard! {
    commands {
        OpenCampaign(organization::OpenCampaign),
        RegisterOrgUnit(organization::RegisterOrgUnit),
        EstablishPartyOrganization(organization::EstablishPartyOrganization),
        AppointSecretary(organization::AppointSecretary),
        SetTwoCommittees(organization::SetTwoCommittees),
        SetLeadingGroup(organization::SetLeadingGroup),
        AddScheduleItem(organization::AddScheduleItem),
        CompleteScheduleItem(organization::CompleteScheduleItem),
        ReopenScheduleItem(organization::ReopenScheduleItem),
        RegisterPerson(people::RegisterPerson),
        SetHelperRoles(people::SetHelperRoles),
        RegisterHousehold(people::RegisterHousehold),
        MoveHousehold(people::MoveHousehold),
        AddResident(people::AddResident),
        RemoveResident(people::RemoveResident),
        TagKeyPerson(people::TagKeyPerson),
        UntagKeyPerson(people::UntagKeyPerson),
        RegisterQuestionnaire(survey::RegisterQuestionnaire),
        ImportQuestionnaire(survey::ImportQuestionnaire),
        RecordVisit(survey::RecordVisit),
        ImportCsv(people::ImportCsv),
        SetLinkagePolicy(micro_grid::SetLinkagePolicy),
        SetMemberLinkage(micro_grid::SetMemberLinkage),
        SetHouseholdWeight(micro_grid::SetHouseholdWeight),
        EstablishMicroGrid(micro_grid::EstablishMicroGrid),
        UpdateMicroGrid(micro_grid::UpdateMicroGrid),
        AdoptLinkPlan(micro_grid::AdoptLinkPlan),
        PublishHolidayCalendar(calendar::PublishHolidayCalendar),
        AddProblemCategory(problem::AddProblemCategory),
        SetDispatchTarget(problem::SetDispatchTarget),
        SetProblemPolicy(problem::SetProblemPolicy),
        ReportProblems(problem::ReportProblems),
        ConfirmProblem(problem::ConfirmProblem),
        RejectProblem(problem::RejectProblem),
        MergeProblem(problem::MergeProblem),
        DispatchProblem(problem::DispatchProblem),
        AcceptProblem(problem::AcceptProblem),
        ReturnProblem(problem::ReturnProblem),
        RecordProblemProgress(problem::RecordProblemProgress),
        RequestExtension(problem::RequestExtension),
        DecideExtension(problem::DecideExtension),
        ReportProblemDone(problem::ReportProblemDone),
        FixImmediately(problem::FixImmediately),
        VerifyProblem(problem::VerifyProblem),
        CloseProblem(problem::CloseProblem),
        ReopenProblem(problem::ReopenProblem),
        ListSupervision(problem::ListSupervision),
        ReportSupervisionProgress(problem::ReportSupervisionProgress),
        EscalateSupervision(problem::EscalateSupervision),
        DelistSupervision(problem::DelistSupervision),
        EstablishProblemList(problem::EstablishProblemList),
        RecordKeyPersonCare(care::RecordKeyPersonCare),
        OpenReview(review::OpenReview),
        RateReviewQuestion(review::RateReviewQuestion),
        RateSecretary(review::RateSecretary),
        RecordTalks(review::RecordTalks),
        RecordDemocraticEvaluation(review::RecordDemocraticEvaluation),
        LinkHomeVisits(review::LinkHomeVisits),
        RecordDocumentReview(review::RecordDocumentReview),
        RecordStructuralFinding(review::RecordStructuralFinding),
        ConcludeReview(review::ConcludeReview),
        SubmitSpecialReport(review::SubmitSpecialReport),
        RecordDepartmentFeedback(weak_and_lax::RecordDepartmentFeedback),
        SetRubric(weak_and_lax::SetRubric),
        DecideWeakAndLax(weak_and_lax::DecideWeakAndLax),
        SubmitWeakAndLaxList(weak_and_lax::SubmitWeakAndLaxList),
        ConfirmWeakAndLaxList(weak_and_lax::ConfirmWeakAndLaxList),
        OpenLedger(rectification::OpenLedger),
        AddMeasure(rectification::AddMeasure),
        StartRectifying(rectification::StartRectifying),
        RecordMeasureProgress(rectification::RecordMeasureProgress),
        MarkMeasureDone(rectification::MarkMeasureDone),
        VerifyMeasure(rectification::VerifyMeasure),
        RecordRectificationException(rectification::RecordRectificationException),
        MarkReadyForAcceptance(rectification::MarkReadyForAcceptance),
        ReopenRectification(rectification::ReopenRectification),
        AssignPairing(rectification::AssignPairing),
        EndPairing(rectification::EndPairing),
        RecordStudySession(participation::RecordStudySession),
        MakePledge(participation::MakePledge),
        FulfilPledge(participation::FulfilPledge),
        VerifyPledge(participation::VerifyPledge),
        RecordVolunteerActivity(participation::RecordVolunteerActivity),
        SetAcceptanceCriteria(acceptance::SetAcceptanceCriteria),
        JudgeAcceptance(acceptance::JudgeAcceptance),
        SendBackAcceptance(acceptance::SendBackAcceptance),
        AdjustSecretary(acceptance::AdjustSecretary),
        PlanInspection(oversight::PlanInspection),
        RecordInspection(oversight::RecordInspection),
        IssueNotice(oversight::IssueNotice),
        RecordAdmonition(oversight::RecordAdmonition),
        OpenAccountabilityCase(oversight::OpenAccountabilityCase),
        DecideAccountabilityCase(oversight::DecideAccountabilityCase),
    }
    events {
        CampaignOpened(organization::CampaignOpened),
        CheckpointSigned(crate::engine::checkpoint::CheckpointSigned),
        OrgUnitRegistered(organization::OrgUnitRegistered),
        PartyOrganizationEstablished(organization::PartyOrganizationEstablished),
        SecretaryAppointed(organization::SecretaryAppointed),
        TwoCommitteesSet(organization::TwoCommitteesSet),
        LeadingGroupSet(organization::LeadingGroupSet),
        ScheduleItemAdded(organization::ScheduleItemAdded),
        ScheduleItemCompleted(organization::ScheduleItemCompleted),
        ScheduleItemReopened(organization::ScheduleItemReopened),
        PersonRegistered(people::PersonRegistered),
        HelperRolesSet(people::HelperRolesSet),
        HouseholdRegistered(people::HouseholdRegistered),
        HouseholdMoved(people::HouseholdMoved),
        ResidentAdded(people::ResidentAdded),
        ResidentLeft(people::ResidentLeft),
        KeyPersonTagged(people::KeyPersonTagged),
        QuestionnaireRegistered(survey::QuestionnaireRegistered),
        VisitRecorded(survey::VisitRecorded),
        KeyPersonUntagged(people::KeyPersonUntagged),
        LinkagePolicySet(micro_grid::LinkagePolicySet),
        MemberLinkageSet(micro_grid::MemberLinkageSet),
        HouseholdWeightSet(micro_grid::HouseholdWeightSet),
        MicroGridEstablished(micro_grid::MicroGridEstablished),
        MicroGridUpdated(micro_grid::MicroGridUpdated),
        LinkPlanAdopted(micro_grid::LinkPlanAdopted),
        HolidayCalendarPublished(calendar::HolidayCalendarPublished),
        ProblemCategoryAdded(problem::ProblemCategoryAdded),
        DispatchTargetSet(problem::DispatchTargetSet),
        ProblemPolicySet(problem::ProblemPolicySet),
        ProblemsReported(problem::ProblemsReported),
        ProblemConfirmed(problem::ProblemConfirmed),
        ProblemRejected(problem::ProblemRejected),
        ProblemMerged(problem::ProblemMerged),
        ProblemDispatched(problem::ProblemDispatched),
        ProblemAccepted(problem::ProblemAccepted),
        ProblemReturned(problem::ProblemReturned),
        ProblemProgressRecorded(problem::ProblemProgressRecorded),
        ExtensionRequested(problem::ExtensionRequested),
        ExtensionDecided(problem::ExtensionDecided),
        ProblemReportedDone(problem::ProblemReportedDone),
        ProblemFixedImmediately(problem::ProblemFixedImmediately),
        ProblemVerified(problem::ProblemVerified),
        ProblemClosed(problem::ProblemClosed),
        ProblemReopened(problem::ProblemReopened),
        SupervisionListed(problem::SupervisionListed),
        SupervisionProgressReported(problem::SupervisionProgressReported),
        SupervisionEscalated(problem::SupervisionEscalated),
        SupervisionDelisted(problem::SupervisionDelisted),
        ProblemListEstablished(problem::ProblemListEstablished),
        KeyPersonCareRecorded(care::KeyPersonCareRecorded),
        ReviewOpened(review::ReviewOpened),
        ReviewQuestionRated(review::ReviewQuestionRated),
        SecretaryRated(review::SecretaryRated),
        TalksRecorded(review::TalksRecorded),
        DemocraticEvaluationRecorded(review::DemocraticEvaluationRecorded),
        HomeVisitsLinked(review::HomeVisitsLinked),
        DocumentsReviewed(review::DocumentsReviewed),
        StructuralFindingRecorded(review::StructuralFindingRecorded),
        ReviewConcluded(review::ReviewConcluded),
        SpecialReportSubmitted(review::SpecialReportSubmitted),
        DepartmentFeedbackRecorded(weak_and_lax::DepartmentFeedbackRecorded),
        RubricSet(weak_and_lax::RubricSet),
        WeakAndLaxDecided(weak_and_lax::WeakAndLaxDecided),
        WeakAndLaxListSubmitted(weak_and_lax::WeakAndLaxListSubmitted),
        WeakAndLaxListConfirmed(weak_and_lax::WeakAndLaxListConfirmed),
        LedgerOpened(rectification::LedgerOpened),
        MeasureAdded(rectification::MeasureAdded),
        RectificationStarted(rectification::RectificationStarted),
        MeasureProgressRecorded(rectification::MeasureProgressRecorded),
        MeasureDone(rectification::MeasureDone),
        MeasureVerified(rectification::MeasureVerified),
        RectificationExceptionRecorded(rectification::RectificationExceptionRecorded),
        ReadyForAcceptanceMarked(rectification::ReadyForAcceptanceMarked),
        RectificationReopened(rectification::RectificationReopened),
        PairingAssigned(rectification::PairingAssigned),
        PairingEnded(rectification::PairingEnded),
        StudySessionRecorded(participation::StudySessionRecorded),
        PledgeMade(participation::PledgeMade),
        PledgeFulfilled(participation::PledgeFulfilled),
        PledgeVerified(participation::PledgeVerified),
        VolunteerActivityRecorded(participation::VolunteerActivityRecorded),
        AcceptanceCriteriaSet(acceptance::AcceptanceCriteriaSet),
        AcceptanceJudged(acceptance::AcceptanceJudged),
        AcceptanceSentBack(acceptance::AcceptanceSentBack),
        SecretaryAdjusted(acceptance::SecretaryAdjusted),
        InspectionPlanned(oversight::InspectionPlanned),
        InspectionRecorded(oversight::InspectionRecorded),
        NoticeIssued(oversight::NoticeIssued),
        AdmonitionRecorded(oversight::AdmonitionRecorded),
        AccountabilityCaseOpened(oversight::AccountabilityCaseOpened),
        AccountabilityCaseDecided(oversight::AccountabilityCaseDecided),
    }
    queries {
        Head(HeadQuery) => Head(HeadResult),
        CampaignSummary(people::CampaignSummaryQuery) => CampaignSummary(people::CampaignSummaryResult),
        OrgUnits(organization::OrgUnitsQuery) => OrgUnits(organization::OrgUnitsResult),
        PartyOrganizations(organization::PartyOrganizationsQuery) => PartyOrganizations(organization::PartyOrganizationsResult),
        LeadingGroup(organization::LeadingGroupQuery) => LeadingGroup(organization::LeadingGroupResult),
        Person(people::PersonQuery) => Person(people::PersonResult),
        Household(people::HouseholdQuery) => Household(people::HouseholdResult),
        Households(people::HouseholdsQuery) => Households(people::HouseholdsResult),
        Coverage(survey::CoverageQuery) => Coverage(survey::CoverageResult),
        UncoveredHouseholds(survey::UncoveredHouseholdsQuery) => UncoveredHouseholds(survey::UncoveredHouseholdsResult),
        RevisitQueue(survey::RevisitQueueQuery) => RevisitQueue(survey::RevisitQueueResult),
        NoHouseholdMissed(survey::NoHouseholdMissedQuery) => NoHouseholdMissed(survey::NoHouseholdMissedResult),
        ProblemList(survey::ProblemListQuery) => ProblemList(survey::ProblemListResult),
        Visits(survey::VisitsQuery) => Visits(survey::VisitsResult),
        MicroGrids(micro_grid::MicroGridsQuery) => MicroGrids(micro_grid::MicroGridsResult),
        MemberLinks(micro_grid::MemberLinksQuery) => MemberLinks(micro_grid::MemberLinksResult),
        LinkageViolations(micro_grid::LinkageViolationsQuery) => LinkageViolations(micro_grid::LinkageViolationsResult),
        ProposeLinkPlan(micro_grid::ProposeLinkPlanQuery) => LinkPlanProposal(micro_grid::LinkPlanProposalResult),
        MicroGridCoverage(micro_grid::MicroGridCoverageQuery) => MicroGridCoverage(micro_grid::MicroGridCoverageResult),
        ScheduleStatus(organization::ScheduleStatusQuery) => ScheduleStatus(organization::ScheduleStatusResult),
        WorkingCalendar(calendar::WorkingCalendarQuery) => WorkingCalendar(calendar::WorkingCalendarResult),
        Problems(problem::ProblemsQuery) => Problems(problem::ProblemsResult),
        Problem(problem::ProblemQuery) => Problem(problem::ProblemResult),
        ProblemDeadlines(problem::ProblemDeadlinesQuery) => ProblemDeadlines(problem::ProblemDeadlinesResult),
        ProblemSummary(problem::ProblemSummaryQuery) => ProblemSummary(problem::ProblemSummaryResult),
        Supervisions(problem::SupervisionsQuery) => Supervisions(problem::SupervisionsResult),
        EstablishedProblemLists(problem::EstablishedProblemListsQuery) => EstablishedProblemLists(problem::EstablishedProblemListsResult),
        Open311Requests(problem::Open311RequestsQuery) => Open311Requests(problem::Open311RequestsResult),
        Hotspots(problem::HotspotsQuery) => Hotspots(problem::HotspotsResult),
        KeyPersonCare(care::KeyPersonCareQuery) => KeyPersonCare(care::KeyPersonCareResult),
        KeyPersonsWithoutCare(care::KeyPersonsWithoutCareQuery) => KeyPersonsWithoutCare(care::KeyPersonsWithoutCareResult),
        Reviews(review::ReviewsQuery) => Reviews(review::ReviewsResult),
        Review(review::ReviewQuery) => Review(review::ReviewResult),
        SpecialReport(review::SpecialReportQuery) => SpecialReport(review::SpecialReportResult),
        WeakAndLaxAssessment(weak_and_lax::WeakAndLaxAssessmentQuery) => WeakAndLaxAssessment(weak_and_lax::WeakAndLaxAssessmentResult),
        WeakAndLaxList(weak_and_lax::WeakAndLaxListQuery) => WeakAndLaxList(weak_and_lax::WeakAndLaxListResult),
        DepartmentFeedback(weak_and_lax::DepartmentFeedbackQuery) => DepartmentFeedback(weak_and_lax::DepartmentFeedbackResult),
        Ledger(rectification::LedgerQuery) => Ledger(rectification::LedgerResult),
        Ledgers(rectification::LedgersQuery) => Ledgers(rectification::LedgersResult),
        Pairings(rectification::PairingsQuery) => Pairings(rectification::PairingsResult),
        StudyAttendance(participation::StudyAttendanceQuery) => StudyAttendance(participation::StudyAttendanceResult),
        Pledges(participation::PledgesQuery) => Pledges(participation::PledgesResult),
        VolunteerHours(participation::VolunteerHoursQuery) => VolunteerHours(participation::VolunteerHoursResult),
        Acceptance(acceptance::AcceptanceQuery) => Acceptance(acceptance::AcceptanceResult),
        Acceptances(acceptance::AcceptancesQuery) => Acceptances(acceptance::AcceptancesResult),
        AcceptanceFunnel(acceptance::AcceptanceFunnelQuery) => AcceptanceFunnel(acceptance::AcceptanceFunnelResult),
        Inspections(oversight::InspectionsQuery) => Inspections(oversight::InspectionsResult),
        Inspection(oversight::InspectionQuery) => Inspection(oversight::InspectionResult),
        Notices(oversight::NoticesQuery) => Notices(oversight::NoticesResult),
        Accountability(oversight::AccountabilityQuery) => Accountability(oversight::AccountabilityResult),
        LaggingOrganizations(oversight::LaggingOrganizationsQuery) => LaggingOrganizations(oversight::LaggingOrganizationsResult),
        Appraisal(oversight::AppraisalQuery) => Appraisal(oversight::AppraisalResult),
        RecurringDisorder(oversight::RecurringDisorderQuery) => RecurringDisorder(oversight::RecurringDisorderResult),
        Timetable(oversight::TimetableQuery) => Timetable(oversight::TimetableResult),
        Report(report::ReportQuery) => Report(report::ReportResult),
        Picture(report::picture::PictureQuery) => Picture(report::picture::PictureResult),
        Rollup(report::rollup::RollupQuery) => Rollup(report::rollup::RollupResult),
    }
}

impl Canonical for Command {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        // Visits are written by their area's hand-written form; every other command by serde.
        if let Command::RecordVisit(visit) = self {
            visit.write_canonical(out, carry);
        } else {
            write_declared(out, self);
        }
    }

    fn write_jcs(&self, out: &mut Vec<u8>, carry: &mut Carry, scratch: &mut Scratch) {
        if let Command::RecordVisit(visit) = self {
            visit.write_jcs(out, carry, scratch);
        } else {
            write_jcs_with(out, scratch, self);
        }
    }
}

impl Canonical for Event {
    fn write_canonical(&self, out: &mut Vec<u8>, carry: &mut Carry) {
        if let Event::VisitRecorded(visit) = self {
            visit.write_canonical(out, carry);
        } else {
            write_declared(out, self);
        }
    }

    fn write_jcs(&self, out: &mut Vec<u8>, carry: &mut Carry, scratch: &mut Scratch) {
        if let Event::VisitRecorded(visit) = self {
            visit.write_jcs(out, carry, scratch);
        } else {
            write_jcs_with(out, scratch, self);
        }
    }
}

impl Domain for State {
    type Command = Command;
    type Event = Event;
    type Query = Query;
    type Answer = QueryResult;

    fn decide(&self, cx: &Context<'_>, command: Command) -> Result<Vec<Event>> {
        let opens = matches!(command, Command::OpenCampaign(_));
        match (self.organization.campaign.is_some(), opens) {
            (false, false) => return Err(organization::campaign_not_open()),
            (true, true) => {
                return Err(Error::new(
                    ErrorCode::CampaignAlreadyOpen,
                    "the campaign is already open: `openCampaign` may be executed once",
                ));
            }
            _ => {}
        }
        cx.actor.permit(command.guard())?;
        #[cfg(debug_assertions)]
        let sent = command.clone();
        let events = command.dispatch(self, cx)?;
        // Replay holds each record's actor to the commands that record its event: the list must
        // name every command that does (every test run checks it).
        #[cfg(debug_assertions)]
        for event in &events {
            debug_assert!(
                producers::produces(&sent, event),
                "switchboard/producers.rs: `{}` recorded an event not listed as its producer: {event:?}",
                sent.name()
            );
        }
        Ok(events)
    }

    fn recheck(&self, actor: &Actor, event: &Event) -> Result<()> {
        let producers = producers::producers(event);
        if producers.is_empty() {
            return Ok(());
        }
        let permitted =
            producers.iter().any(|cases| cases.iter().any(|(_, needs)| needs.iter().all(|p| actor.role.allows(*p))));
        if !permitted {
            return Err(Error::new(
                ErrorCode::PermissionDenied,
                format!("role `{}` may send no command that records this event", actor.role.as_str()),
            ));
        }
        // Inside the campaign's sub-district (the opening record: the one it opens).
        let subdistrict = match event {
            Event::CampaignOpened(opened) => Some(opened.campaign.subdistrict.code),
            _ => self.organization.subdistrict(),
        };
        if let Some(code) = subdistrict {
            actor.require_overlap(code, "actor.scope")?;
        }
        // The ids and numbers the areas check on replay.
        match event {
            Event::HouseholdWeightSet(e) => micro_grid::household_weight_set(self, actor, e),
            Event::LinkPlanAdopted(e) => micro_grid::link_plan_adopted(self, actor, e),
            _ => Ok(()),
        }
    }

    fn apply(&mut self, event: &Event, at: DateTime<FixedOffset>) {
        event.dispatch(self, at);
    }

    fn answer(&self, cx: &QueryContext<'_>, query: &Query) -> Result<QueryResult> {
        if self.organization.campaign.is_none() && !matches!(query, Query::Head(_)) {
            return Err(organization::campaign_not_open());
        }
        cx.actor.permit_query(query.guard(), query.scope_rule(), self.organization.subdistrict())?;
        query.dispatch(self, cx)
    }

    fn opens_log(event: &Event) -> Option<LogHash> {
        match event {
            Event::CampaignOpened(opened) => Some(opened.campaign.log_hash),
            _ => None,
        }
    }

    fn opening_log_hash(command: &Command) -> LogHash {
        match command {
            Command::OpenCampaign(open) => open.config.log_hash,
            _ => LogHash::default(),
        }
    }

    fn log_hash(&self) -> LogHash {
        self.organization.campaign.as_ref().map(|c| c.log_hash).unwrap_or_default()
    }

    fn checkpoint(checkpoint: CheckpointSigned) -> Event {
        Event::CheckpointSigned(checkpoint)
    }

    fn as_checkpoint(event: &Event) -> Option<&CheckpointSigned> {
        match event {
            Event::CheckpointSigned(checkpoint) => Some(checkpoint),
            _ => None,
        }
    }

    fn field_limit(field: &str) -> crate::engine::limits::FieldLimit {
        field_limits::field_limit(field)
    }

    fn permit_checkpoint(&self, actor: &Actor) -> Result<()> {
        let subdistrict = self.organization.subdistrict().ok_or_else(organization::campaign_not_open)?;
        actor.require(Permission::ManageCampaign, "sign a checkpoint of the log")?;
        actor.require_overlap(subdistrict, "actor.scope")
    }

    fn accepted(&self) -> &crate::engine::table::Table<crate::engine::AcceptedCommand> {
        &self.commands
    }

    fn accepted_mut(&mut self) -> &mut crate::engine::table::Table<crate::engine::AcceptedCommand> {
        &mut self.commands
    }
}
