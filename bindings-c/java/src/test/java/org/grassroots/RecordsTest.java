package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;
import static org.grassroots.TestMain.expectThrows;
import static org.grassroots.TestMain.refused;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.grassroots.model.Command;
import org.grassroots.model.CsvTable;
import org.grassroots.model.ErrorCode;
import org.grassroots.model.Event;
import org.grassroots.model.ExecuteResult;
import org.grassroots.model.Head;
import org.grassroots.model.Query;
import org.grassroots.model.QueryResult;
import org.grassroots.model.Record;

/**
 * The records the way a host stores them: JSON lines, one record by seq, releasing the stored ones; and
 * the reference questionnaire.
 */
final class RecordsTest {
    private RecordsTest() {}

    static void register(Map<String, TestMain.Test> tests) {
        tests.put("records: JSON lines replay to the same head; record(n) is the n-th line", RecordsTest::linesAndRecord);
        tests.put("records: record(seq) is NOT_FOUND outside what the campaign holds", RecordsTest::recordNotHeld);
        tests.put("records: released records are NOT_FOUND; the campaign goes on accepting commands", RecordsTest::release);
        tests.put("records: the reference questionnaire is a typed command that executes", RecordsTest::referenceQuestionnaire);
    }

    static final String AT = "2022-04-13T10:00:00+08:00";

    /** A campaign with two units and {@code households} households (one record each) in one importCsv. */
    static Campaign withHouseholds(int households) {
        Campaign campaign = ReadmeFlowTest.opened();
        campaign.execute(ModelTest.OFFICE, "c-units", AT, new Command.ImportCsv(CsvTable.UNITS,
                "区划代码,类型,名称\n430171004001,社区,东方红社区\n430171004002,社区,金南社区\n"));
        StringBuilder csv = new StringBuilder("户编号,地址,村社区代码\n");
        for (int i = 1; i <= households; i++) {
            csv.append("h-").append(i).append(",东方红社区").append(i).append("号,").append(ReadmeFlowTest.DONGFANGHONG).append('\n');
        }
        campaign.execute(ModelTest.OFFICE, "c-households", AT, new Command.ImportCsv(CsvTable.HOUSEHOLDS, csv.toString()));
        return campaign;
    }

    /** The lines of recordsSinceLines, each without its newline (which every line ends in). */
    static List<String> split(String lines) {
        check(lines.isEmpty() || lines.endsWith("\n"), "the lines end in a newline");
        return lines.isEmpty() ? List.of() : List.of(lines.substring(0, lines.length() - 1).split("\n", -1));
    }

    static void linesAndRecord() {
        try (Campaign campaign = withHouseholds(5)) {
            Head head = campaign.head();
            checkEquals(8L, head.seq(), "openCampaign, two units, five households");
            String stored = campaign.recordsSinceLines(0);
            List<String> lines = split(stored);
            checkEquals(8, lines.size(), "one line per record");
            List<Record> typed = campaign.recordsSince(0);
            for (int n = 1; n <= lines.size(); n++) {
                checkEquals(lines.get(n - 1), campaign.recordJson(n), "recordJson(" + n + ") is the n-th line");
                Record record = campaign.record(n);
                checkEquals(n, (int) record.seq(), "record(" + n + ").seq()");
                checkEquals(typed.get(n - 1), record, "record(" + n + ") is the n-th of recordsSince(0)");
                checkEquals(Json.fromJson(lines.get(n - 1), Record.class), record, "record(" + n + ") reads the n-th line");
            }
            checkEquals(String.join("\n", split(campaign.recordsSinceLines(5))), String.join("\n", lines.subList(5, 8)),
                    "recordsSinceLines(5): the lines after seq 5");
            checkEquals("", campaign.recordsSinceLines(head.seq()), "none after the head");

            try (Campaign replayed = new Campaign()) {
                replayed.replay(stored);
                checkEquals(head, replayed.head(), "replayed from the lines");
                checkEquals(stored, replayed.recordsSinceLines(0), "and it writes the same lines");
            }
            try (Campaign replayed = new Campaign()) {
                replayed.replay(String.join("\n", lines)); // rows read back from a store, joined without a last newline
                checkEquals(head, replayed.head(), "replayed from rows joined by newlines");
            }
            try (Campaign replayed = new Campaign()) {
                replayed.replay(campaign.recordsSinceJson(0));
                checkEquals(head, replayed.head(), "the JSON array still replays");
            }
            try (Campaign replayed = new Campaign()) {
                replayed.replay("");
                checkEquals(0L, replayed.head().seq(), "no lines: an empty campaign");
            }
            try (Campaign replayed = new Campaign()) {
                List<String> dropped = new ArrayList<>(lines);
                dropped.remove(3);
                GrassrootsException e = refused(() -> replayed.replay(String.join("\n", dropped)), "a line dropped");
                checkEquals("TAMPERED_LOG", e.code(), "code");
                checkEquals(0L, replayed.head().seq(), "the campaign is left empty");
            }
        }
    }

    static void recordNotHeld() {
        try (Campaign campaign = withHouseholds(2)) {
            long head = campaign.head().seq();
            for (long seq : new long[] {0, head + 1}) {
                GrassrootsException e = refused(() -> campaign.record(seq), "record(" + seq + ")");
                checkEquals("NOT_FOUND", e.code(), "record(" + seq + "): code");
                checkEquals(7, e.status(), "record(" + seq + "): status");
                checkEquals(ErrorCode.NOT_FOUND, e.errorCode(), "record(" + seq + "): errorCode()");
            }
            try (Campaign restored = new Campaign()) {
                restored.restore(campaign.snapshot());
                checkEquals("NOT_FOUND", refused(() -> restored.record(1), "before the snapshot").code(),
                        "a restored campaign holds no record before its snapshot");
                checkEquals("", restored.recordsSinceLines(0), "nor any line");
            }
        }
    }

    static void release() {
        int households = 5_000; // more than one chunk of 4,096 records
        try (Campaign campaign = withHouseholds(households)) {
            Head head = campaign.head();
            checkEquals(households + 3L, head.seq(), "openCampaign, two units, the households");
            String stored = campaign.recordsSinceLines(0); // the host stores every record, then releases them
            String held = campaign.recordJson(head.seq());

            campaign.releaseRecordsThrough(head.seq());
            checkEquals(head, campaign.head(), "the head is unchanged");
            GrassrootsException e = refused(() -> campaign.record(1), "record(1) after the release");
            checkEquals("NOT_FOUND", e.code(), "code");
            checkEquals(ErrorCode.NOT_FOUND, e.errorCode(), "errorCode()");
            checkEquals("NOT_FOUND", refused(() -> campaign.record(4_096), "record(4096)").code(), "the whole first chunk");
            checkEquals(held, campaign.recordJson(head.seq()), "the last, partial chunk is still held");
            checkEquals(4_097L, campaign.recordsSince(0).get(0).seq(), "recordsSince(0) starts after the released chunk");
            expectThrows(IllegalArgumentException.class, () -> campaign.releaseRecordsThrough(-1), "a negative seq");

            // The state is whole: a retry is still recognized, and new commands are accepted.
            ExecuteResult retried = campaign.execute(ModelTest.OFFICE, "c-units", AT, new Command.ImportCsv(CsvTable.UNITS,
                    "区划代码,类型,名称\n430171004001,社区,东方红社区\n430171004002,社区,金南社区\n"));
            check(retried.retried(), "a retry of a released command is answered as a retry");
            checkEquals(head, campaign.head(), "and records nothing");
            ExecuteResult more = campaign.execute(ReadmeFlowTest.WORKER, "c-more", "2022-04-13T11:00:00+08:00",
                    new Command.RegisterHousehold("h-new", "东方红社区新楼101", ReadmeFlowTest.DONGFANGHONG));
            check(more.records().get(0).event() instanceof Event.HouseholdRegistered, "householdRegistered");
            checkEquals(head.seq() + 1, campaign.head().seq(), "accepted after the release");
            QueryResult.Coverage coverage = campaign.query(ModelTest.OFFICE, new Query.Coverage(null), QueryResult.Coverage.class);
            checkEquals(households + 1L, coverage.total().households(), "every household is in the state");

            // The host's store replays to the same head.
            String later = campaign.recordsSinceLines(head.seq());
            checkEquals(1, split(later).size(), "one new line");
            try (Campaign replayed = new Campaign()) {
                replayed.replay(stored + later);
                checkEquals(campaign.head(), replayed.head(), "the stored lines replay to the same head");
            }
        }
    }

    static void referenceQuestionnaire() {
        Command.ImportQuestionnaire questionnaire = Campaign.referenceQuestionnaire();
        checkEquals("door-knock", questionnaire.id(), "id");
        checkEquals(1L, questionnaire.version(), "version");
        String header = questionnaire.survey().lines().findFirst().orElse("");
        check(header.contains("type") && header.contains("name"), "the survey sheet's header: " + header);
        check(questionnaire.title() != null && questionnaire.title().containsKey("zh"), "a Chinese title: " + questionnaire.title());
        try {
            checkEquals(Json.mapper().readTree(Campaign.referenceQuestionnaireJson()), Json.mapper().readTree(Json.toJson(questionnaire)),
                    "the typed command writes back the library's JSON");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Campaign campaign = ReadmeFlowTest.opened()) {
            ExecuteResult result = campaign.execute(ModelTest.OFFICE, "c-questionnaire", AT, questionnaire);
            checkEquals(1, result.records().size(), "one record");
            if (!(result.records().get(0).event() instanceof Event.QuestionnaireRegistered registered)) {
                throw new AssertionError("questionnaireRegistered: " + result.records().get(0).event());
            }
            checkEquals("door-knock", registered.questionnaire().id(), "the registered questionnaire");
            check(!registered.questionnaire().items().isEmpty(), "its items");
        }
    }
}
