"""The README's flow through the typed API only: open a campaign, import units and households,
register a household, record a visit, read the coverage, propose and adopt a link plan, see a
command refused (and nothing change), then rebuild the campaign from its records."""

from __future__ import annotations

from typing import Iterator, List

import pytest

from grassroots import (
    Actor,
    AddResidentCommand,
    AdoptLinkPlanCommand,
    Campaign,
    CampaignConfig,
    CommandEnvelope,
    CoverageQuery,
    CoverageResult,
    CsvTable,
    ErrorCode,
    EstablishMicroGridCommand,
    EstablishPartyOrganizationCommand,
    ExecuteResult,
    GrassrootsError,
    HeadQuery,
    HeadResult,
    HelperRole,
    HouseholdRegisteredEvent,
    HouseholdsQuery,
    HouseholdsResult,
    ImportCsvCommand,
    LinkageViolationsQuery,
    LinkageViolationsResult,
    LinkagePolicy,
    LinkPair,
    LinkPlanAdoptedEvent,
    LinkPlanProposalResult,
    Location,
    MicroGridSpec,
    OpenCampaignCommand,
    OrgUnitRegisteredEvent,
    PartyOrgKind,
    Phase,
    PhasePlan,
    PoliticalStatus,
    ProposeLinkPlanQuery,
    QueryEnvelope,
    Record,
    RecordVisitCommand,
    RegisterHouseholdCommand,
    RegisterPersonCommand,
    Role,
    SetLinkagePolicyCommand,
    UnitRef,
    VisitOutcome,
    VisitRecordedEvent,
    Visitor,
    VisitReport,
)

SUBDISTRICT = "430171004000"
DONGFANGHONG = "430171004001"  # 东方红社区
BAIHE = "430171004201"  # 白鹤村

OFFICE = Actor(id="office", role=Role.ADMINISTRATOR, scope=SUBDISTRICT)
CADRE = Actor(id="cadre-dfh", role=Role.COMMUNITY_CADRE, scope=DONGFANGHONG)
GRID_WORKER = Actor(id="gw-dfh", role=Role.GRID_WORKER, scope=DONGFANGHONG)
GRID_WORKER_BAIHE = Actor(id="gw-bh", role=Role.GRID_WORKER, scope=BAIHE)

UNITS_CSV = """code,level,name
430171004001,community,东方红社区
430171004201,village,白鹤村
"""

HOUSEHOLDS_CSV = """户编号,地址,村社区代码,楼栋,纬度,经度
h-01,东方红社区1栋101,430171004001,1栋,28.2000,112.9000
h-02,东方红社区1栋102,430171004001,1栋,28.2000,112.9000
h-03,东方红社区2栋201,430171004001,2栋,28.2010,112.9010
h-04,东方红社区2栋202,430171004001,2栋,28.2010,112.9010
v-01,白鹤村1组1号,430171004201,1组,28.3000,113.0000
"""


class Flow:
    """A campaign and the envelopes sent to it, with increasing command ids and times."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.count = 0

    def envelope(self, actor: Actor, command, expected_seq: int | None = None) -> CommandEnvelope:
        self.count += 1
        return CommandEnvelope(
            command_id=f"cmd-{self.count:03}",
            actor=actor,
            at=f"2022-04-13T{8 + self.count // 60:02}:{self.count % 60:02}:00+08:00",
            command=command,
            expected_seq=expected_seq,
        )

    def execute(self, actor: Actor, command, expected_seq: int | None = None) -> ExecuteResult:
        return self.campaign.execute(self.envelope(actor, command, expected_seq))


def open_and_populate(flow: Flow) -> None:
    """Opens the campaign, imports units and households, registers a household and the people."""
    opened = flow.execute(OFFICE, OpenCampaignCommand(config=CampaignConfig(
        title="开展基层党组织整建提质专项行动",
        theme="强组织、善治理、增活力",
        city=UnitRef(code="430100000000", name="长沙市"),
        district=UnitRef(code="430171000000", name="长沙高新区"),
        subdistrict=UnitRef(code=SUBDISTRICT, name="东方红街道"),
        start="2022-04-01",
        end="2022-11-30",
        phases=[PhasePlan(phase=Phase.SURVEY, start="2022-04-13", due="2022-04-30")],
    )))
    assert [r.seq for r in opened.records] == [1]

    units = flow.execute(OFFICE, ImportCsvCommand(table=CsvTable.UNITS, csv=UNITS_CSV))
    assert [type(r.event) for r in units.records] == [OrgUnitRegisteredEvent] * 2

    households = flow.execute(OFFICE, ImportCsvCommand(table=CsvTable.HOUSEHOLDS, csv=HOUSEHOLDS_CSV))
    events = [r.event for r in households.records if isinstance(r.event, HouseholdRegisteredEvent)]
    assert len(events) == len(households.records)
    assert [e.household.id for e in events] == ["h-01", "h-02", "h-03", "h-04", "v-01"]
    assert events[0].household.location == Location(lat=28.2, lng=112.9)

    # A grid worker registers a household of their own community, one at a time.
    registered = flow.execute(GRID_WORKER, RegisterHouseholdCommand(
        id="h-05", unit=DONGFANGHONG, address="东方红社区3栋301", building="3栋",
        location=Location(lat=28.202, lng=112.902)))
    event = registered.records[0].event
    assert isinstance(event, HouseholdRegisteredEvent) and event.household.unit == DONGFANGHONG

    flow.execute(OFFICE, EstablishPartyOrganizationCommand(
        id="b-dfh", kind=PartyOrgKind.GENERAL_PARTY_BRANCH, name="东方红社区党总支", unit=DONGFANGHONG))
    flow.execute(OFFICE, RegisterPersonCommand(
        id="p-gw", name="刘网格", unit=DONGFANGHONG, political_status=PoliticalStatus.MASSES,
        helper_roles=[HelperRole.GRID_WORKER]))
    for person, name, household in [("m-1", "李党员", "h-01"), ("m-2", "赵党员", "h-04")]:
        flow.execute(OFFICE, RegisterPersonCommand(
            id=person, name=name, unit=DONGFANGHONG, political_status=PoliticalStatus.PARTY_MEMBER,
            party_organization="b-dfh"))
        flow.execute(OFFICE, AddResidentCommand(household=household, person=person))


@pytest.fixture
def campaign(library) -> Iterator[Campaign]:
    with Campaign(library) as campaign:
        yield campaign


def test_the_readme_flow(campaign: Campaign, library) -> None:
    flow = Flow(campaign)
    open_and_populate(flow)

    households = campaign.query(QueryEnvelope(actor=OFFICE, query=HouseholdsQuery(unit=DONGFANGHONG)),
                                HouseholdsResult)
    assert [h.id for h in households.households] == ["h-01", "h-02", "h-03", "h-04", "h-05"]

    # Record a visit: the grid worker met the household (no questionnaire: no answers).
    visit = flow.envelope(GRID_WORKER, RecordVisitCommand(visit=VisitReport(
        id="visit-1", household="h-02", outcome=VisitOutcome.MET,
        visited_at="2022-04-13T08:05:00+08:00",
        visitors=[Visitor(person="p-gw", role=HelperRole.GRID_WORKER)],
        demands=["楼道灯坏了"])))
    recorded = campaign.execute(visit)
    assert not recorded.retried
    event = recorded.records[0].event
    assert isinstance(event, VisitRecordedEvent)
    assert event.visit.unit == DONGFANGHONG and event.visit.outcome is VisitOutcome.MET

    # A retry of the same command records nothing new and answers the original records.
    head = campaign.head()
    retried = campaign.execute(visit)
    assert retried.retried and retried.records == recorded.records
    assert campaign.head() == head

    coverage = campaign.query(QueryEnvelope(actor=OFFICE, query=CoverageQuery()))
    assert isinstance(coverage, CoverageResult)
    by_unit = {line.unit: line.counts for line in coverage.units}
    assert (by_unit[DONGFANGHONG].households, by_unit[DONGFANGHONG].covered) == (5, 1)
    assert by_unit[DONGFANGHONG].not_tried == 4
    assert (coverage.total.households, coverage.total.covered) == (6, 1)

    # Micro-grids: a policy small enough for two members, a grid, then a proposed plan, adopted.
    flow.execute(OFFICE, SetLinkagePolicyCommand(policy=LinkagePolicy(min=2, max=4)))
    flow.execute(CADRE, EstablishMicroGridCommand(grid=MicroGridSpec(
        id="g-1", unit=DONGFANGHONG, name="东方红一组", leader="m-1", members=["m-1", "m-2"],
        contact_channel="东方红一组微信群")))
    proposal = campaign.query(QueryEnvelope(actor=CADRE, query=ProposeLinkPlanQuery(unit=DONGFANGHONG)),
                              LinkPlanProposalResult).proposal
    assert proposal.shortfalls == [] and proposal.based_on_seq == campaign.head().seq
    assert sorted(link.household for link in proposal.links) == ["h-01", "h-02", "h-03", "h-04", "h-05"]
    assert {link.member for link in proposal.links} == {"m-1", "m-2"}
    adopted = flow.execute(CADRE, AdoptLinkPlanCommand(
        unit=DONGFANGHONG,
        links=[LinkPair(household=link.household, member=link.member) for link in proposal.links],
    ), expected_seq=proposal.based_on_seq)
    plan = adopted.records[0].event
    assert isinstance(plan, LinkPlanAdoptedEvent)
    assert (plan.units, plan.linked_anew, plan.moved) == ([DONGFANGHONG], 5, 0)
    violations = campaign.query(QueryEnvelope(actor=CADRE, query=LinkageViolationsQuery()),
                                LinkageViolationsResult)
    assert violations.violations == [] and violations.withheld == 0

    # A refused command: a grid worker of 白鹤村 may not register a household of 东方红社区.
    before = campaign.head()
    with pytest.raises(GrassrootsError) as refused:
        flow.execute(GRID_WORKER_BAIHE, RegisterHouseholdCommand(
            id="h-99", unit=DONGFANGHONG, address="东方红社区9栋901"))
    assert refused.value.code == "OUT_OF_SCOPE" and refused.value.status == 10
    assert refused.value.field == "command.unit"
    assert refused.value.error is not None and refused.value.error.code is ErrorCode.OUT_OF_SCOPE
    assert refused.value.message and refused.value.rows == []
    assert campaign.head() == before, "a refused command changes nothing"
    assert campaign.records_since(before.seq) == []

    # The head as a query agrees with gr_campaign_head.
    answered = campaign.query(QueryEnvelope(actor=OFFICE, query=HeadQuery()), HeadResult)
    assert answered.head == before

    # Rebuild the campaign from its typed records: the same head.
    records: List[Record] = campaign.records_since(0)
    assert [r.seq for r in records] == list(range(1, before.seq + 1))
    assert records[-1].hash == before.hash and records[0].prev_hash == "0" * 64
    with Campaign.from_records(records, library) as replayed:
        assert replayed.head() == before
        assert replayed.query(QueryEnvelope(actor=CADRE, query=CoverageQuery(unit=DONGFANGHONG))) == \
            campaign.query(QueryEnvelope(actor=CADRE, query=CoverageQuery(unit=DONGFANGHONG)))

    # ... and from the JSON text a host stores verbatim, and from a snapshot.
    with Campaign(library) as replayed:
        replayed.replay(campaign.records_since_json(0))
        assert replayed.head() == before
    with Campaign.from_snapshot(campaign.snapshot(), library) as restored:
        assert restored.head() == before


def test_a_bad_csv_is_refused_whole_with_typed_rows(campaign: Campaign) -> None:
    flow = Flow(campaign)
    open_and_populate(flow)
    before = campaign.head()
    with pytest.raises(GrassrootsError) as refused:
        flow.execute(OFFICE, ImportCsvCommand(
            table=CsvTable.HOUSEHOLDS,
            csv="户编号,地址,村社区代码\nh-10,,430171004001\nh-11,东方红社区1栋,4301710040\n"))
    error = refused.value
    assert error.code == "INVALID_CSV"
    assert [(row.line, row.column, row.code) for row in error.rows] == [
        (2, "地址", ErrorCode.INVALID_FIELD), (3, "村社区代码", ErrorCode.INVALID_DIVISION_CODE)]
    assert campaign.head() == before


def test_a_stale_plan_is_refused_with_conflict(campaign: Campaign) -> None:
    flow = Flow(campaign)
    open_and_populate(flow)
    flow.execute(OFFICE, SetLinkagePolicyCommand(policy=LinkagePolicy(min=2, max=4)))
    proposal = campaign.query(QueryEnvelope(actor=CADRE, query=ProposeLinkPlanQuery(unit=DONGFANGHONG)),
                              LinkPlanProposalResult).proposal
    flow.execute(GRID_WORKER, RegisterHouseholdCommand(id="h-06", unit=DONGFANGHONG, address="东方红社区3栋302"))
    with pytest.raises(GrassrootsError) as refused:
        flow.execute(CADRE, AdoptLinkPlanCommand(
            unit=DONGFANGHONG, links=[LinkPair(household=l.household, member=l.member) for l in proposal.links],
        ), expected_seq=proposal.based_on_seq)
    assert refused.value.code == "CONFLICT" and refused.value.field == "expectedSeq"


def test_loading_into_an_open_campaign_is_refused(campaign: Campaign) -> None:
    open_and_populate(Flow(campaign))
    with pytest.raises(GrassrootsError) as refused:
        campaign.replay(campaign.records_since_json(0))
    assert refused.value.code == "CAMPAIGN_ALREADY_OPEN"


def test_a_tampered_log_is_refused(library) -> None:
    with Campaign(library) as campaign:
        open_and_populate(Flow(campaign))
        records = campaign.records_since(0)
    tampered = next(r for r in records if isinstance(r.event, HouseholdRegisteredEvent))
    assert isinstance(tampered.event, HouseholdRegisteredEvent)
    tampered.event.household.address = "篡改的地址"
    with pytest.raises(GrassrootsError) as refused:
        Campaign.from_records(records, library)
    assert refused.value.code == "TAMPERED_LOG" and refused.value.seq == tampered.seq


def test_a_closed_campaign_refuses_calls(library) -> None:
    campaign = Campaign(library)
    assert not campaign.closed
    campaign.close()
    campaign.close()  # harmless
    assert campaign.closed
    with pytest.raises(ValueError, match="closed"):
        campaign.head()
