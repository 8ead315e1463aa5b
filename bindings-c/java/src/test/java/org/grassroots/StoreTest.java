package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;
import static org.grassroots.TestMain.expectThrows;
import static org.grassroots.TestMain.refused;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.grassroots.model.Actor;
import org.grassroots.model.Command;
import org.grassroots.model.CommandEnvelope;
import org.grassroots.model.ErrorCode;
import org.grassroots.model.ExecuteResult;
import org.grassroots.model.Head;
import org.grassroots.model.OrgLevel;
import org.grassroots.model.Query;
import org.grassroots.model.QueryResult;
import org.grassroots.model.Record;

/**
 * {@link Store}: a campaign kept in a SQLite file, and in PostgreSQL when GRASSROOTS_TEST_POSTGRES names a
 * server ({@code eval "$(bash scripts/postgres.sh env)"}; each test makes a database with psql and drops
 * it).
 */
final class StoreTest {
    private StoreTest() {}

    static void register(Map<String, TestMain.Test> tests) {
        tests.put("store: SQLite: created, executed, closed, reopened at the same head; a retry is answered from the store",
                () -> inScratch(dir -> persists(dir.resolve("campaign.db").toString())));
        tests.put("store: SQLite: records since, snapshot, verify, status", () -> inScratch(StoreTest::logAndChecks));
        tests.put("store: SQLite: two handles on one store see each other", () -> inScratch(StoreTest::twoHandles));
        tests.put("store: SQLite: a batch in one transaction: a refused command in the middle is answered, the others stored",
                () -> inScratch(dir -> batch(dir.resolve("campaign.db").toString(), "main")));
        tests.put("store: NOT_A_CAMPAIGN_STORE for no store and for a file that is no database",
                () -> inScratch(StoreTest::notAStore));
        tests.put("store: bad options are INVALID_FIELD naming the option", () -> inScratch(StoreTest::badOptions));
        tests.put("store: PostgreSQL (GRASSROOTS_TEST_POSTGRES): created, executed, reopened, a batch, two handles",
                StoreTest::postgres);
    }

    static final String AT = "2022-04-13T10:00:00+08:00";
    static final Store.Options CREATE = Store.Options.defaults().withCreate(true);

    interface Body {
        void run(Path dir) throws Exception;
    }

    static void inScratch(Body body) throws Exception {
        Path dir = Files.createTempDirectory("grassroots-java-store");
        try {
            body.run(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Command.RegisterOrgUnit community(String code, String name) {
        return new Command.RegisterOrgUnit(code, OrgLevel.COMMUNITY, name);
    }

    static Command.RegisterHousehold household(String id) {
        return new Command.RegisterHousehold(id, "东方红社区" + id, ReadmeFlowTest.DONGFANGHONG);
    }

    /** Opens (creating) a store at {@code location}, stores three commands, and opens it again. */
    static void persists(String location) {
        ExecuteResult first;
        Head head;
        try (Store store = Store.open(location, CREATE)) {
            checkEquals(0L, store.head().seq(), "a new store holds an empty campaign");
            first = store.execute(ReadmeFlowTest.OFFICE, "c-open", "2022-04-13T09:00:00+08:00",
                    new Command.OpenCampaign(ReadmeFlowTest.CONFIG));
            check(!first.retried(), "stored");
            store.execute(ReadmeFlowTest.OFFICE, "c-unit", AT, community(ReadmeFlowTest.DONGFANGHONG, "东方红社区"));
            store.execute(ReadmeFlowTest.OFFICE, "c-h1", AT, household("h-1"));
            head = store.head();
            checkEquals(3L, head.seq(), "three records");
            GrassrootsException e = refused(() -> store.execute(ReadmeFlowTest.JINNAN_WORKER, "c-refused", AT, household("h-9")),
                    "out of scope");
            checkEquals("OUT_OF_SCOPE", e.code(), "code");
            checkEquals(10, e.status(), "status");
            checkEquals(head, store.head(), "a refusal stores nothing");
        }
        try (Store store = Store.open(location)) {
            checkEquals(head, store.head(), "reopened at the same head");
            ExecuteResult retried = store.execute(ReadmeFlowTest.OFFICE, "c-open", "2022-04-13T09:00:00+08:00",
                    new Command.OpenCampaign(ReadmeFlowTest.CONFIG));
            check(retried.retried(), "a retry after the restart is answered as a retry");
            checkEquals(first.records(), retried.records(), "with the stored records");
            checkEquals(head, store.head(), "and stores nothing");
            QueryResult.Households households = store.query(ReadmeFlowTest.OFFICE,
                    new Query.Households(null, null, ReadmeFlowTest.DONGFANGHONG), QueryResult.Households.class);
            checkEquals(1, households.households().size(), "the stored household is queried");
            store.execute(ReadmeFlowTest.WORKER, "c-h2", AT, household("h-2"));
            checkEquals(head.seq() + 1, store.head().seq(), "and the campaign goes on");
        }
    }

    static CommandEnvelope envelope(Actor actor, String commandId, Command command) {
        return new CommandEnvelope(Store.SCHEMA_VERSION, commandId, actor, AT, command);
    }

    /** A batch with a refused command in the middle, then a batch given as JSON, then the store reopened. */
    static void batch(String location, String campaign) {
        List<CommandEnvelope> commands = List.of(
                new CommandEnvelope(Store.SCHEMA_VERSION, "c-open", ReadmeFlowTest.OFFICE, "2022-04-13T09:00:00+08:00",
                        new Command.OpenCampaign(ReadmeFlowTest.CONFIG)),
                envelope(ReadmeFlowTest.OFFICE, "c-unit", community(ReadmeFlowTest.DONGFANGHONG, "东方红社区")),
                envelope(ReadmeFlowTest.JINNAN_WORKER, "c-refused", household("h-9")),
                envelope(ReadmeFlowTest.WORKER, "c-h1", household("h-1")),
                envelope(ReadmeFlowTest.WORKER, "c-h2", household("h-2")));
        Head head;
        List<Store.Answer> answers;
        try (Store store = Store.open(location, CREATE.withCampaign(campaign))) {
            checkEquals(0L, store.head().seq(), "a new campaign");
            answers = store.executeBatch(commands);
            checkEquals(5, answers.size(), "one answer per command");
            checkEquals(List.of(true, true, false, true, true), answers.stream().map(Store.Answer::accepted).toList(),
                    "the refused one in the middle");
            GrassrootsException e = answers.get(2).error();
            checkEquals("OUT_OF_SCOPE", e.code(), "its code");
            checkEquals(10, e.status(), "its status, as execute would have thrown");
            checkEquals(ErrorCode.OUT_OF_SCOPE, e.errorCode(), "errorCode()");
            check(answers.get(2).json().startsWith("{\"code\":\"OUT_OF_SCOPE\""), "the error JSON " + answers.get(2).json());
            checkEquals(e, refused(() -> answers.get(2).result(), "result() of a refusal"), "result() throws the refusal");
            checkEquals(List.of(1L, 2L, 3L, 4L),
                    answers.stream().filter(Store.Answer::accepted).map(a -> a.result().records().get(0).seq()).toList(),
                    "the others stored in order");
            check(answers.stream().filter(Store.Answer::accepted).noneMatch(a -> a.result().retried()), "none a retry");
            head = store.head();
            checkEquals(4L, head.seq(), "the head: four records");
            checkEquals(answers.get(4).result().records().get(0).hash(), head.hash(), "the last record is the head");
            checkEquals(store.recordsSince(0, 10), answers.stream().filter(Store.Answer::accepted)
                    .map(a -> a.result().records().get(0)).toList(), "the answers carry the records as stored");

            List<Store.Answer> json = store.executeBatchJson(List.of("{not an envelope", Json.toJson(
                    envelope(ReadmeFlowTest.WORKER, "c-h3", household("h-3")))));
            checkEquals("MALFORMED_INPUT", json.get(0).error().code(), "a text that is no envelope");
            check(json.get(0).error().getMessage().contains("line 1 of the command lines"), json.get(0).error().getMessage());
            check(json.get(1).accepted(), "and the next is stored");
            head = store.head();
            checkEquals(5L, head.seq(), "five records");
            expectThrows(IllegalArgumentException.class, () -> store.executeBatchJson(List.of("{\n}")), "an envelope on two lines");
            expectThrows(IllegalArgumentException.class, () -> store.executeBatchJson(List.of(" ")), "a blank envelope");
            checkEquals(List.of(), store.executeBatch(List.of()), "an empty batch");
            checkEquals("", store.executeBatchLines("\n\n"), "blank lines only");
            checkEquals(head, store.head(), "store nothing");
        }
        try (Store store = Store.open(location, Store.Options.defaults().withCampaign(campaign))) {
            checkEquals(head, store.head(), "reopened at the same head");
            List<Store.Answer> again = store.executeBatch(commands);
            check(again.get(0).result().retried() && again.get(4).result().retried(), "the batch again: retries");
            checkEquals(answers.get(3).result().records(), again.get(3).result().records(), "answered from the store");
            checkEquals("OUT_OF_SCOPE", again.get(2).error().code(), "the refusal again");
            checkEquals(head, store.head(), "and nothing stored");
        }
    }

    static void logAndChecks(Path dir) {
        String location = dir.resolve("campaign.db").toString();
        try (Store store = Store.open(location, CREATE.withCampaign("2022").withSnapshotEvery(0).withKeepSnapshots(1))) {
            store.execute(ReadmeFlowTest.OFFICE, "c-open", "2022-04-13T09:00:00+08:00", new Command.OpenCampaign(ReadmeFlowTest.CONFIG));
            store.execute(ReadmeFlowTest.OFFICE, "c-unit", AT, community(ReadmeFlowTest.DONGFANGHONG, "东方红社区"));
            for (int i = 1; i <= 3; i++) {
                store.execute(ReadmeFlowTest.OFFICE, "c-h" + i, AT, household("h-" + i));
            }
            Head head = store.head();
            String lines = store.recordsSinceLines(0, 100);
            List<String> rows = RecordsTest.split(lines);
            checkEquals(5, rows.size(), "one line per stored record");
            List<Record> records = store.recordsSince(2, 2);
            checkEquals(List.of(3L, 4L), records.stream().map(Record::seq).toList(), "a page of two after seq 2");
            checkEquals("", store.recordsSinceLines(head.seq(), 10), "none after the head");
            expectThrows(IllegalArgumentException.class, () -> store.recordsSinceLines(-1, 10), "a negative seq");
            try (Campaign replayed = new Campaign()) {
                replayed.replay(lines);
                checkEquals(head, replayed.head(), "the stored lines replay into a Campaign to the same head");
            }
            checkEquals(head.seq(), store.snapshot(), "a snapshot at the head");
            Store.Verified verified = store.verify();
            checkEquals(new Store.Verified(head, 5, 1), verified, "verify: every record and the snapshot");
            Store.Status status = store.status();
            checkEquals("2022", status.campaign(), "status: the campaign");
            checkEquals(head, status.head(), "status: the head");
            checkEquals(head.seq(), status.snapshotSeq(), "status: the snapshot");
            checkEquals(null, status.snapshotError(), "status: no snapshot error");
            check(status.location().endsWith("campaign.db"), "status: the location " + status.location());
        }
        try (Store store = Store.open(location, Store.Options.defaults().withCampaign("2022"))) {
            checkEquals(5L, store.status().openedFromSnapshot(), "reopened from the snapshot");
        }
        Store closed = Store.open(location, Store.Options.defaults().withCampaign("2022"));
        closed.close();
        closed.close();
        expectThrows(IllegalStateException.class, closed::head, "a closed store");
    }

    static void twoHandles(Path dir) {
        twoHandles(dir.resolve("campaign.db").toString());
    }

    static void twoHandles(String location) {
        try (Store a = Store.open(location, CREATE); Store b = Store.open(location)) {
            a.execute(ReadmeFlowTest.OFFICE, "c-open", "2022-04-13T09:00:00+08:00", new Command.OpenCampaign(ReadmeFlowTest.CONFIG));
            a.execute(ReadmeFlowTest.OFFICE, "c-unit", AT, community(ReadmeFlowTest.DONGFANGHONG, "东方红社区"));
            b.execute(ReadmeFlowTest.OFFICE, "c-h1", AT, household("h-1"));
            checkEquals(3L, b.head().seq(), "B read A's records before writing");
            checkEquals(2L, a.head().seq(), "A has not looked yet");
            a.refresh();
            checkEquals(b.head(), a.head(), "A reads what B wrote");
            check(a.execute(ReadmeFlowTest.OFFICE, "c-h1", AT, household("h-1")).retried(), "B's command through A is a retry");
        }
    }

    static void notAStore(Path dir) throws IOException {
        String missing = dir.resolve("missing.db").toString();
        GrassrootsException e = refused(() -> Store.open(missing), "no store there");
        checkEquals("NOT_A_CAMPAIGN_STORE", e.code(), "code");
        checkEquals(24, e.status(), "status");
        checkEquals(ErrorCode.NOT_A_CAMPAIGN_STORE, e.errorCode(), "errorCode()");
        check(!Files.exists(dir.resolve("missing.db")), "nothing created without create");

        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "these are notes, not a database\n".repeat(100), StandardCharsets.UTF_8);
        GrassrootsException junk = refused(() -> Store.open(notes.toString(), CREATE), "a text file");
        checkEquals(24, junk.status(), "a text file: status");
        checkEquals(ErrorCode.NOT_A_CAMPAIGN_STORE, junk.errorCode(), "a text file: errorCode()");
        check(Files.readString(notes).startsWith("these are notes"), "the file is left as it was");
    }

    static void badOptions(Path dir) {
        String location = dir.resolve("campaign.db").toString();
        GrassrootsException e = refused(() -> Store.open(location, CREATE.withKeepSnapshots(0)), "keepSnapshots 0");
        checkEquals("INVALID_FIELD", e.code(), "code");
        checkEquals("keepSnapshots", e.field(), "field");
        GrassrootsException typo = refused(() -> Store.openJson(location, "{\"create\":true,\"snapshotevery\":5}"), "a typo");
        checkEquals("snapshotevery", typo.field(), "the misspelt option");
        checkEquals("MALFORMED_INPUT", refused(() -> Store.openJson(location, "[]"), "not an object").code(), "not an object");
        GrassrootsException pg = refused(() -> Store.open("postgres://nobody@127.0.0.1:1/none", CREATE.withMaxSizeBytes(1 << 20)),
                "maxSizeBytes on PostgreSQL");
        checkEquals("maxSizeBytes", pg.field(), "a size limit is SQLite's");
        check(!Files.exists(dir.resolve("campaign.db")), "no file for refused options");
        checkEquals("{\"campaign\":\"x\",\"create\":true,\"trust\":{\"requireSignedHead\":false}}",
                Store.Options.defaults().withCampaign("x").withCreate(true).withTrustJson("{\"requireSignedHead\":false}").toJson(),
                "Options.toJson()");
    }

    static void postgres() throws Exception {
        String base = System.getenv("GRASSROOTS_TEST_POSTGRES");
        if (base == null || base.isBlank()) {
            check(!"1".equals(System.getenv("GRASSROOTS_REQUIRE_POSTGRES")),
                    "GRASSROOTS_REQUIRE_POSTGRES=1 but GRASSROOTS_TEST_POSTGRES is not set");
            System.out.println("     (skipped: GRASSROOTS_TEST_POSTGRES is not set)");
            return;
        }
        String name = "gr_java_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        psql(base, "CREATE DATABASE " + name);
        try {
            String location = base + " dbname=" + name;
            persists(location);
            batch(location, "batch");
            try (Store store = Store.open(location, Store.Options.defaults().withCampaign("second").withCreate(true))) {
                checkEquals(0L, store.head().seq(), "a second campaign beside the first");
            }
            twoHandlesOnSecond(location);
        } finally {
            psql(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static void twoHandlesOnSecond(String location) {
        Store.Options third = Store.Options.defaults().withCampaign("third");
        try (Store a = Store.open(location, third.withCreate(true)); Store b = Store.open(location, third)) {
            a.execute(ReadmeFlowTest.OFFICE, "c-open", "2022-04-13T09:00:00+08:00", new Command.OpenCampaign(ReadmeFlowTest.CONFIG));
            b.execute(ReadmeFlowTest.OFFICE, "c-unit", AT, community(ReadmeFlowTest.DONGFANGHONG, "东方红社区"));
            a.refresh();
            checkEquals(b.head(), a.head(), "PostgreSQL: A reads what B wrote");
        }
    }

    static void psql(String conninfo, String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qc", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("psql " + sql + ": " + out);
        }
    }
}
