// Type-checked (never run) by `tsc -p bindings-wasm/tests/types` (and tsconfig.bundler.json) against
// the installed package: the generated declarations cover every command, event, query, result and
// error code — the `satisfies` tables below fail to compile when the core adds one — and they reject
// what the core would refuse as malformed (`@ts-expect-error` lines must each be an error).
import {
  Campaign,
  errorCodes,
  isGrassrootsError,
  publicKey,
  rollUp,
  version,
  type CampaignRollup,
  type CheckpointRequest,
  type Actor,
  type Command,
  type CommandEnvelope,
  type ErrorCode,
  type ErrorCodeInfo,
  type ErrorInfo,
  type Event,
  type ExecuteResult,
  type GrassrootsError,
  type Head,
  type LogRecord,
  type Query,
  type QueryAnswer,
  type QueryEnvelope,
  type QueryResult,
  type RowError,
  type Trust,
} from 'grassroots';
import init, { Campaign as WebCampaign, initSync } from 'grassroots/web';

const office: Actor = { id: 'office', role: 'administrator', scope: '430171004000' };

const open: CommandEnvelope = {
  schemaVersion: 1,
  commandId: 'c-1',
  actor: office,
  at: '2022-04-13T09:00:00+08:00',
  command: {
    type: 'openCampaign',
    config: {
      title: '开展基层党组织整建提质专项行动',
      theme: '强组织、善治理、增活力',
      city: { code: '430100000000', name: '长沙市' },
      district: { code: '430171000000', name: '长沙高新区' },
      subdistrict: { code: '430171004000', name: '东方红街道' },
      start: '2022-04-01',
      end: '2022-11-30',
      phases: [{ phase: 'survey', start: '2022-04-13', due: '2022-04-30' }],
    },
  },
};

const campaign: Campaign = Campaign.open(open);
const executed: ExecuteResult = campaign.execute({ ...open, commandId: 'c-2', expectedSeq: 1, command: {
  type: 'registerOrgUnit', code: '430171004001', level: 'community', name: '东方红社区' } });
const firstRecord: LogRecord | undefined = executed.records[0];
const retried: boolean = executed.retried;
const answer: QueryAnswer = campaign.query({ schemaVersion: 1, actor: office, query: { type: 'head' } });
const head: Head = campaign.head();
const seq: number = head.seq;
const records: LogRecord[] = campaign.recordsSince(seq);
const snapshot: string = campaign.snapshot();
const restored: Campaign = Campaign.restore(snapshot);
const replayed: Campaign = Campaign.replay(records);
const text: string = version();
const codes: ErrorCodeInfo[] = errorCodes();
restored.free();
replayed[Symbol.dispose]();

// Signed checkpoints: the key is passed beside the request, never in JSON.
const secretKey = new Uint8Array(32).fill(7);
const checkpoint: CheckpointRequest = { schemaVersion: 1, commandId: 'cp-1', actor: office, at: '2022-04-14T18:00:00+08:00' };
const signed: ExecuteResult = campaign.signCheckpoint(checkpoint, { algorithm: 'sm2', keyId: 'office' }, secretKey);
const trust: Trust = { keys: [{ keyId: 'office', algorithm: 'sm2', publicKey: publicKey('sm2', secretKey) }], requireSignedHead: true };
const trustedReplay: Campaign = Campaign.replayTrusted(campaign.recordsSince(0), trust);
const trustedRestore: Campaign = Campaign.restoreTrusted(campaign.snapshotSigned({ algorithm: 'sm2', keyId: 'office' }, secretKey), trust);
trustedReplay.free();
trustedRestore.free();

// Every command, event, query and result is a member of its union, discriminated by `type`.
const commandTypes = {
  openCampaign: 0, registerOrgUnit: 0, establishPartyOrganization: 0, appointSecretary: 0, setTwoCommittees: 0,
  setLeadingGroup: 0, addScheduleItem: 0, completeScheduleItem: 0, reopenScheduleItem: 0, registerPerson: 0,
  setHelperRoles: 0,
  registerHousehold: 0, moveHousehold: 0, addResident: 0, removeResident: 0, tagKeyPerson: 0, untagKeyPerson: 0,
  registerQuestionnaire: 0, importQuestionnaire: 0, recordVisit: 0, importCsv: 0, setLinkagePolicy: 0,
  setMemberLinkage: 0, setHouseholdWeight: 0, establishMicroGrid: 0, updateMicroGrid: 0, adoptLinkPlan: 0,
  publishHolidayCalendar: 0, addProblemCategory: 0, setDispatchTarget: 0, setProblemPolicy: 0, reportProblems: 0,
  confirmProblem: 0, rejectProblem: 0, mergeProblem: 0, dispatchProblem: 0, acceptProblem: 0, returnProblem: 0,
  recordProblemProgress: 0, requestExtension: 0, decideExtension: 0, reportProblemDone: 0, fixImmediately: 0,
  verifyProblem: 0, closeProblem: 0, reopenProblem: 0, listSupervision: 0, reportSupervisionProgress: 0,
  escalateSupervision: 0, delistSupervision: 0, establishProblemList: 0, recordKeyPersonCare: 0,
  openReview: 0, rateReviewQuestion: 0, rateSecretary: 0, recordTalks: 0, recordDemocraticEvaluation: 0,
  linkHomeVisits: 0, recordDocumentReview: 0, recordStructuralFinding: 0, concludeReview: 0, submitSpecialReport: 0,
  recordDepartmentFeedback: 0, setRubric: 0, decideWeakAndLax: 0, submitWeakAndLaxList: 0, confirmWeakAndLaxList: 0,
  openLedger: 0, addMeasure: 0, startRectifying: 0, recordMeasureProgress: 0, markMeasureDone: 0, verifyMeasure: 0,
  recordRectificationException: 0, markReadyForAcceptance: 0, reopenRectification: 0, assignPairing: 0,
  endPairing: 0, recordStudySession: 0, makePledge: 0, fulfilPledge: 0, verifyPledge: 0,
  recordVolunteerActivity: 0, setAcceptanceCriteria: 0, judgeAcceptance: 0, sendBackAcceptance: 0,
  adjustSecretary: 0, planInspection: 0, recordInspection: 0, issueNotice: 0, recordAdmonition: 0,
  openAccountabilityCase: 0, decideAccountabilityCase: 0,
} satisfies Record<Command['type'], 0>;
const eventTypes = {
  campaignOpened: 0, checkpointSigned: 0, orgUnitRegistered: 0, partyOrganizationEstablished: 0, secretaryAppointed: 0, twoCommitteesSet: 0,
  leadingGroupSet: 0, scheduleItemAdded: 0, scheduleItemCompleted: 0, scheduleItemReopened: 0, personRegistered: 0,
  helperRolesSet: 0,
  householdRegistered: 0, householdMoved: 0, residentAdded: 0, residentLeft: 0, keyPersonTagged: 0, keyPersonUntagged: 0,
  questionnaireRegistered: 0, visitRecorded: 0, linkagePolicySet: 0, memberLinkageSet: 0, householdWeightSet: 0,
  microGridEstablished: 0, microGridUpdated: 0, linkPlanAdopted: 0,
  holidayCalendarPublished: 0, problemCategoryAdded: 0, dispatchTargetSet: 0, problemPolicySet: 0,
  problemsReported: 0, problemConfirmed: 0, problemRejected: 0, problemMerged: 0, problemDispatched: 0,
  problemAccepted: 0, problemReturned: 0, problemProgressRecorded: 0, extensionRequested: 0, extensionDecided: 0,
  problemReportedDone: 0, problemFixedImmediately: 0, problemVerified: 0, problemClosed: 0, problemReopened: 0,
  supervisionListed: 0, supervisionProgressReported: 0, supervisionEscalated: 0, supervisionDelisted: 0,
  problemListEstablished: 0, keyPersonCareRecorded: 0,
  reviewOpened: 0, reviewQuestionRated: 0, secretaryRated: 0, talksRecorded: 0, democraticEvaluationRecorded: 0,
  homeVisitsLinked: 0, documentsReviewed: 0, structuralFindingRecorded: 0, reviewConcluded: 0,
  specialReportSubmitted: 0, departmentFeedbackRecorded: 0, rubricSet: 0, weakAndLaxDecided: 0,
  weakAndLaxListSubmitted: 0, weakAndLaxListConfirmed: 0, ledgerOpened: 0, measureAdded: 0,
  rectificationStarted: 0, measureProgressRecorded: 0, measureDone: 0, measureVerified: 0,
  rectificationExceptionRecorded: 0, readyForAcceptanceMarked: 0, rectificationReopened: 0, pairingAssigned: 0,
  pairingEnded: 0, studySessionRecorded: 0, pledgeMade: 0, pledgeFulfilled: 0, pledgeVerified: 0,
  volunteerActivityRecorded: 0, acceptanceCriteriaSet: 0, acceptanceJudged: 0, acceptanceSentBack: 0,
  secretaryAdjusted: 0, inspectionPlanned: 0, inspectionRecorded: 0, noticeIssued: 0, admonitionRecorded: 0,
  accountabilityCaseOpened: 0, accountabilityCaseDecided: 0,
} satisfies Record<Event['type'], 0>;
const queryTypes = {
  head: 0, campaignSummary: 0, orgUnits: 0, partyOrganizations: 0, leadingGroup: 0, person: 0, household: 0,
  households: 0, coverage: 0, uncoveredHouseholds: 0, revisitQueue: 0, noHouseholdMissed: 0, problemList: 0, visits: 0,
  scheduleStatus: 0, microGrids: 0, memberLinks: 0, linkageViolations: 0, proposeLinkPlan: 0, linkPlanProposal: 0,
  microGridCoverage: 0, workingCalendar: 0, problems: 0, problem: 0, problemDeadlines: 0, problemSummary: 0,
  supervisions: 0, establishedProblemLists: 0, open311Requests: 0, hotspots: 0, keyPersonCare: 0,
  keyPersonsWithoutCare: 0, reviews: 0, review: 0, specialReport: 0, weakAndLaxAssessment: 0, weakAndLaxList: 0,
  departmentFeedback: 0, ledger: 0, ledgers: 0, pairings: 0, studyAttendance: 0, pledges: 0, volunteerHours: 0,
  acceptance: 0, acceptances: 0, acceptanceFunnel: 0, inspections: 0, inspection: 0, notices: 0,
  accountability: 0, laggingOrganizations: 0, appraisal: 0, recurringDisorder: 0, timetable: 0, report: 0,
  picture: 0, rollup: 0,
} satisfies Record<Query['type'] | QueryResult['type'], 0>;
const codeNumbers = {
  MALFORMED_INPUT: 1, UNSUPPORTED_SCHEMA_VERSION: 2, INVALID_FIELD: 3, INVALID_DIVISION_CODE: 4, INVALID_ID_NUMBER: 5,
  INVALID_MOBILE_NUMBER: 6, NOT_FOUND: 7, ALREADY_EXISTS: 8, PERMISSION_DENIED: 9, OUT_OF_SCOPE: 10, CONFLICT: 11,
  COMMAND_ID_REUSED: 12, TAMPERED_LOG: 13, INVALID_CSV: 14, CAMPAIGN_NOT_OPEN: 15, CAMPAIGN_ALREADY_OPEN: 16,
  INVALID_SNAPSHOT: 17, RULE_VIOLATED: 18, INPUT_TOO_LARGE: 19, INVALID_TRANSITION: 20,
  UNTRUSTED_LOG: 21, SCOPE_DOES_NOT_FIT_ROLE: 22, FIELD_TOO_LONG: 23,
  NOT_A_CAMPAIGN_STORE: 24, STORAGE_UNAVAILABLE: 25, STORAGE_FULL: 26,
} satisfies Record<ErrorCode, number>;

// A proposed link plan is adopted by sending its links back.
function adoptionOf(result: QueryResult): Command | undefined {
  if (result.type !== 'linkPlanProposal' || result.proposal.shortfalls.length > 0) return undefined;
  const links = result.proposal.links.map((l) => ({ household: l.household, member: l.member }));
  return { type: 'adoptLinkPlan', unit: result.proposal.units[0], links };
}
void adoptionOf;

// Narrowing works on the discriminant.
function describe(event: Event): string {
  switch (event.type) {
    case 'campaignOpened':
      return event.campaign.title;
    case 'orgUnitRegistered':
      return event.unit.name;
    default:
      return event.type;
  }
}
function personMobile(result: QueryResult): string | null | undefined {
  return result.type === 'person' ? result.person.mobile : undefined;
}

// Errors narrow to GrassrootsError, whose fields are typed.
try {
  campaign.execute(open);
} catch (error: unknown) {
  if (isGrassrootsError(error)) {
    const code: ErrorCode = error.code;
    const number: number = error.codeNumber;
    const field: string | undefined = error.field;
    const at: number | undefined = error.seq;
    const rows: RowError[] | undefined = error.rows;
    const isError: Error = error;
    const named: 'GrassrootsError' = error.name;
    void [code, number, field, at, rows, isError, named];
  }
}
const shape: ErrorInfo = { code: 'CONFLICT', message: 'moved on', seq: 3 };
const thrown: GrassrootsError = Object.assign(new Error('x'), {
  name: 'GrassrootsError' as const, code: 'CONFLICT' as const, codeNumber: 11 });

// The web build (no bundler) has the same class plus init().
async function web(): Promise<Head> {
  await init();
  initSync({ module: new Uint8Array() });
  const c = new WebCampaign();
  return c.head();
}

// What the core would refuse does not compile.
// @ts-expect-error an unknown command type
campaign.execute({ ...open, command: { type: 'dissolveCampaign' } });
// @ts-expect-error a missing field (`commandId`)
campaign.execute({ schemaVersion: 1, actor: office, at: open.at, command: open.command });
// @ts-expect-error an unknown role
const king: Actor = { id: 'k', role: 'king', scope: '430171004000' };
// @ts-expect-error a registerOrgUnit without its level
const noLevel: Command = { type: 'registerOrgUnit', code: '430171004001', name: '东方红社区' };
// @ts-expect-error an unknown field (the schema has additionalProperties: false)
const extra: CommandEnvelope = { ...open, priority: 1 };
// @ts-expect-error a query is not a command
campaign.execute({ schemaVersion: 1, actor: office, query: { type: 'head' } });
// @ts-expect-error a command is not a query
campaign.query(open);
// @ts-expect-error seq is a number
campaign.recordsSince('0');
// @ts-expect-error a snapshot is the string snapshot() returned
Campaign.restore({ state: {} });
// @ts-expect-error an algorithm the library does not sign with
campaign.signCheckpoint(checkpoint, { algorithm: 'rsa', keyId: 'office' }, secretKey);
// @ts-expect-error an unknown error code
const unknownCode: ErrorCode = 'OOPS';
// @ts-expect-error the answer of execute is not a query answer
const wrong: QueryAnswer = executed;

export {
  firstRecord, retried, answer, records, text, codes, commandTypes, eventTypes, queryTypes, codeNumbers, describe,
  personMobile, shape, thrown, web, king, noLevel, extra, unknownCode, wrong, signed,
};
export type { QueryEnvelope };

// Roll-ups: the `rollup` query's summary merges with `rollUp`, which answers the same type.
declare const rollupAnswer: QueryAnswer;
if (rollupAnswer.result.type === 'rollup') {
  const merged: CampaignRollup = rollUp([rollupAnswer.result.summary, rollupAnswer.result.summary]);
  const households: number = merged.coverage.households;
  void households;
}
