package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;
import static org.grassroots.TestMain.refused;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.grassroots.model.Actor;
import org.grassroots.model.CampaignConfig;
import org.grassroots.model.Command;
import org.grassroots.model.CommandEnvelope;
import org.grassroots.model.CsvTable;
import org.grassroots.model.Event;
import org.grassroots.model.ExecuteResult;
import org.grassroots.model.Head;
import org.grassroots.model.HelperRole;
import org.grassroots.model.LinkPair;
import org.grassroots.model.LinkPlanProposal;
import org.grassroots.model.LinkagePolicy;
import org.grassroots.model.Location;
import org.grassroots.model.PartyOrgKind;
import org.grassroots.model.Phase;
import org.grassroots.model.PhasePlan;
import org.grassroots.model.PoliticalStatus;
import org.grassroots.model.Query;
import org.grassroots.model.QueryResult;
import org.grassroots.model.QuestionnaireRef;
import org.grassroots.model.Record;
import org.grassroots.model.Role;
import org.grassroots.model.UnitRef;
import org.grassroots.model.VisitOutcome;
import org.grassroots.model.VisitReport;
import org.grassroots.model.Visitor;

/**
 * The README's flow through the typed API: open a campaign, import units, households and residents from
 * CSV, register a household, record a visit with a questionnaire, query coverage, propose a link plan
 * and adopt it, have commands refused, and replay the records into a new campaign.
 */
final class ReadmeFlowTest {
    private ReadmeFlowTest() {}

    static void register(Map<String, TestMain.Test> tests) {
        tests.put("README flow: open, import, visit, coverage, link plan, refusals, replay", ReadmeFlowTest::flow);
    }

    static final Actor OFFICE = new Actor("office", Role.ADMINISTRATOR, "430171004000");
    static final Actor WORKER = new Actor("gw-1", Role.GRID_WORKER, "430171004001");
    static final Actor JINNAN_WORKER = new Actor("gw-2", Role.GRID_WORKER, "430171004002");
    static final String DONGFANGHONG = "430171004001";

    static final CampaignConfig CONFIG = new CampaignConfig(
            "开展基层党组织整建提质专项行动", "强组织、善治理、增活力",
            new UnitRef("430100000000", "长沙市"), new UnitRef("430171000000", "长沙高新区"),
            new UnitRef("430171004000", "东方红街道"), "2022-04-01", "2022-11-30",
            List.of(new PhasePlan(Phase.SURVEY, "2022-04-13", "2022-04-30")));

    /** A campaign with only openCampaign executed. */
    static Campaign opened() {
        Campaign campaign = new Campaign();
        campaign.execute(OFFICE, "c-open", "2022-04-13T09:00:00+08:00", new Command.OpenCampaign(CONFIG));
        return campaign;
    }

    static void flow() {
        try (Campaign campaign = opened()) {
            String at = "2022-04-13T10:00:00+08:00";

            // Units, a party branch, households and residents (two party members) from CSV.
            ExecuteResult units = campaign.execute(OFFICE, "c-units", at, new Command.ImportCsv(CsvTable.UNITS, """
                    区划代码,类型,名称
                    430171004001,社区,东方红社区
                    430171004002,社区,金南社区
                    """));
            checkEquals(2, units.records().size(), "two units");
            check(units.records().get(0).event() instanceof Event.OrgUnitRegistered r && r.unit().name().equals("东方红社区"),
                    "orgUnitRegistered: " + units.records().get(0).event());
            campaign.execute(OFFICE, "c-branch", at, new Command.EstablishPartyOrganization(
                    "b-1", PartyOrgKind.GENERAL_PARTY_BRANCH, "东方红社区党总支", DONGFANGHONG));
            ExecuteResult households = campaign.execute(OFFICE, "c-households", at, new Command.ImportCsv(CsvTable.HOUSEHOLDS, """
                    户编号,地址,村社区代码,楼栋,纬度,经度
                    h-1,东方红社区1栋101,430171004001,1栋,28.2000,112.9000
                    h-2,东方红社区1栋102,430171004001,1栋,28.2000,112.9000
                    h-3,东方红社区1栋201,430171004001,1栋,28.2000,112.9000
                    h-4,东方红社区2栋101,430171004001,2栋,28.2010,112.9005
                    h-5,东方红社区2栋102,430171004001,2栋,28.2010,112.9005
                    h-6,东方红社区2栋201,430171004001,2栋,28.2010,112.9005
                    """));
            checkEquals(6, households.records().size(), "six households");
            campaign.execute(OFFICE, "c-residents", at, new Command.ImportCsv(CsvTable.RESIDENTS, """
                    户编号,人员编号,姓名,政治面貌,所在党组织
                    h-1,m-1,李党员,中共党员,b-1
                    h-4,m-2,赵党员,中共党员,b-1
                    """));

            // One household registered by hand, and the grid worker who knocks on doors.
            campaign.execute(WORKER, "c-h7", at, new Command.RegisterHousehold("h-7", "东方红社区2栋202", DONGFANGHONG,
                    "2栋", null, new Location(28.2010, 112.9005)));
            campaign.execute(OFFICE, "c-gw", at, new Command.RegisterPerson("gw-1", "刘网格", DONGFANGHONG,
                    PoliticalStatus.MASSES, List.of(HelperRole.GRID_WORKER), null, null, null));

            // A questionnaire, then a visit that answers it.
            campaign.execute(OFFICE, "c-questionnaire", at, new Command.ImportQuestionnaire("door-knock", 1, """
                    type,name,label::zh,required
                    integer,residents,常住人口,yes
                    text,demand,诉求,no
                    """, "list_name,name,label::zh\n", Map.of("zh", "敲门行动调查问卷")));
            VisitReport visit = new VisitReport("v-1", "h-1", List.of(new Visitor("gw-1", HelperRole.GRID_WORKER)),
                    "2022-04-14T15:00:00+08:00", VisitOutcome.MET,
                    Map.of("residents", JsonNodeFactory.instance.numberNode(2)), List.of("小区路灯损坏"), null, null,
                    new QuestionnaireRef("door-knock", 1));
            ExecuteResult visited = campaign.execute(WORKER, "c-visit", "2022-04-14T20:00:00+08:00", new Command.RecordVisit(visit));
            Event.VisitRecorded recorded = (Event.VisitRecorded) visited.records().get(0).event();
            checkEquals(DONGFANGHONG, recorded.visit().unit(), "the visit's unit is the household's");

            // Coverage: one household of seven covered.
            QueryResult.Coverage coverage = campaign.query(OFFICE, new Query.Coverage(null), QueryResult.Coverage.class);
            checkEquals(7L, coverage.total().households(), "households");
            checkEquals(1L, coverage.total().covered(), "covered");

            // A link plan: proposed by the planner (a query), adopted by a command against the state it saw.
            campaign.execute(OFFICE, "c-policy", at, new Command.SetLinkagePolicy(new LinkagePolicy(null, 6L, 2L, null)));
            LinkPlanProposal proposal = campaign.query(OFFICE, new Query.ProposeLinkPlan(null, null, DONGFANGHONG),
                    QueryResult.LinkPlanProposal.class).proposal();
            checkEquals(7, proposal.links().size(), "every household linked");
            List<LinkPair> links = proposal.links().stream()
                    .map(l -> new LinkPair(l.household(), l.member())).collect(Collectors.toList());
            ExecuteResult adopted = campaign.execute(new CommandEnvelope(Campaign.SCHEMA_VERSION, "c-adopt", OFFICE, at,
                    new Command.AdoptLinkPlan(links, DONGFANGHONG), proposal.basedOnSeq()));
            Event.LinkPlanAdopted plan = (Event.LinkPlanAdopted) adopted.records().get(0).event();
            checkEquals(7L, plan.linkedAnew(), "linked anew");
            QueryResult.LinkageViolations violations = campaign.query(OFFICE, new Query.LinkageViolations(null, null, null),
                    QueryResult.LinkageViolations.class);
            checkEquals(List.of(), violations.violations(), "no violations");

            // Refusals change nothing and carry a stable code.
            Head head = campaign.head();
            GrassrootsException outOfScope = refused(() -> campaign.execute(JINNAN_WORKER, "c-x1", at,
                    new Command.RegisterHousehold("h-8", "东方红社区3栋301", DONGFANGHONG)), "another community's household");
            checkEquals("OUT_OF_SCOPE", outOfScope.code(), "code");
            checkEquals(10, outOfScope.status(), "status");
            check(outOfScope.field() != null && outOfScope.field().startsWith("command."), "field: " + outOfScope.field());
            GrassrootsException stale = refused(() -> campaign.execute(new CommandEnvelope(Campaign.SCHEMA_VERSION, "c-x2",
                    OFFICE, at, new Command.AdoptLinkPlan(links, DONGFANGHONG), proposal.basedOnSeq())), "a stale plan");
            checkEquals("CONFLICT", stale.code(), "a plan made before the state changed");
            GrassrootsException csv = refused(() -> campaign.execute(OFFICE, "c-x3", at, new Command.ImportCsv(CsvTable.HOUSEHOLDS,
                    "户编号,地址,村社区代码\nh-9,,430171004001\nh-10,东方红社区9栋,43017100400\n")), "bad rows");
            checkEquals("INVALID_CSV", csv.code(), "code");
            checkEquals(List.of(2L, 3L), csv.rows().stream().map(r -> r.line()).collect(Collectors.toList()), "the bad lines");
            checkEquals(head, campaign.head(), "head unchanged by the refusals");

            // A retry of an accepted command records nothing and answers the original records.
            ExecuteResult retried = campaign.execute(WORKER, "c-visit", "2022-04-14T20:00:00+08:00", new Command.RecordVisit(visit));
            check(retried.retried(), "retried");
            checkEquals(head, campaign.head(), "head unchanged by the retry");

            // The host stores the records; replaying them (typed or as stored JSON) gives the same head.
            List<Record> records = campaign.recordsSince(0);
            checkEquals(head.seq(), records.get(records.size() - 1).seq(), "the last record");
            checkEquals(head.hash(), records.get(records.size() - 1).hash(), "its hash");
            try (Campaign replayed = new Campaign()) {
                replayed.replay(records);
                checkEquals(head, replayed.head(), "replayed from typed records");
                QueryResult.Coverage again = replayed.query(OFFICE, new Query.Coverage(null), QueryResult.Coverage.class);
                checkEquals(coverage, again, "the same coverage");
            }
            try (Campaign replayed = new Campaign()) {
                replayed.replay(campaign.recordsSinceJson(0));
                checkEquals(head, replayed.head(), "replayed from the stored JSON");
            }
            List<Record> later = campaign.recordsSince(head.seq() - 2);
            checkEquals(2, later.size(), "recordsSince(seq) gives the records after seq");
        }
    }
}
