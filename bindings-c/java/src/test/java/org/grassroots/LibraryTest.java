package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;
import static org.grassroots.TestMain.expectThrows;
import static org.grassroots.TestMain.refused;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.grassroots.model.Command;
import org.grassroots.model.ErrorCode;
import org.grassroots.model.Head;
import org.grassroots.model.OrgLevel;
import org.grassroots.model.SchemaInfo;

/** The Campaign class over the C door: loading, the handle's life, loads that fail. */
final class LibraryTest {
    private LibraryTest() {}

    static void register(Map<String, TestMain.Test> tests) {
        tests.put("library: the loaded version is the one the types were generated for", LibraryTest::version);
        tests.put("library: a missing GRASSROOTS_LIB file is named in the error", LibraryTest::missingFile);
        tests.put("library: a new campaign is empty; a closed one refuses calls", LibraryTest::lifecycle);
        tests.put("library: a tampered log does not load and names the record", LibraryTest::tamperedLog);
        tests.put("library: replay and restore load only into an empty campaign", LibraryTest::loadsOnlyIntoEmpty);
        tests.put("library: a bad snapshot does not load", LibraryTest::badSnapshot);
    }

    static void version() {
        checkEquals(SchemaInfo.LIBRARY_VERSION, Campaign.libraryVersion(), "gr_version()");
    }

    static void missingFile() {
        String before = System.getProperty("grassroots.lib");
        System.setProperty("grassroots.lib", "/nonexistent/libgrassroots.so");
        try {
            UnsatisfiedLinkError e = expectThrows(UnsatisfiedLinkError.class, GrassrootsLibrary.Loader::load, "loading");
            check(e.getMessage().contains("/nonexistent/libgrassroots.so") && e.getMessage().contains("does not exist")
                    && e.getMessage().contains("-Dgrassroots.lib"), "the message: " + e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("grassroots.lib");
            } else {
                System.setProperty("grassroots.lib", before);
            }
        }
    }

    static void lifecycle() {
        Campaign campaign = new Campaign();
        checkEquals(new Head(0, "0".repeat(64)), campaign.head(), "an empty campaign's head");
        checkEquals("[]", campaign.recordsSinceJson(0), "no records");
        GrassrootsException e = refused(() -> campaign.execute(ModelTest.OFFICE, "c-1", "2022-04-13T09:00:00+08:00",
                new Command.RegisterOrgUnit("430171004001", OrgLevel.COMMUNITY, "东方红社区")), "before openCampaign");
        checkEquals("CAMPAIGN_NOT_OPEN", e.code(), "code");
        checkEquals(15, e.status(), "status");
        checkEquals(ErrorCode.CAMPAIGN_NOT_OPEN, e.errorCode(), "errorCode()");
        campaign.close();
        campaign.close(); // twice: nothing happens
        expectThrows(IllegalStateException.class, campaign::head, "head() after close()");
    }

    static void tamperedLog() throws Exception {
        String records;
        try (Campaign campaign = ReadmeFlowTest.opened()) {
            campaign.execute(ModelTest.OFFICE, "c-2", "2022-04-13T10:00:00+08:00",
                    new Command.RegisterOrgUnit("430171004001", OrgLevel.COMMUNITY, "东方红社区"));
            records = campaign.recordsSinceJson(0);
        }
        ArrayNode log = (ArrayNode) Json.mapper().readTree(records);
        ((ObjectNode) log.get(1).get("event").get("unit")).put("name", "金南社区");
        try (Campaign replayed = new Campaign()) {
            GrassrootsException e = refused(() -> replayed.replay(log.toString()), "a record altered");
            checkEquals("TAMPERED_LOG", e.code(), "code");
            checkEquals(2L, e.seq(), "the first bad record");
            checkEquals(0L, replayed.head().seq(), "the campaign is left empty");
        }
    }

    static void loadsOnlyIntoEmpty() {
        try (Campaign campaign = ReadmeFlowTest.opened()) {
            String records = campaign.recordsSinceJson(0);
            checkEquals("CAMPAIGN_ALREADY_OPEN", refused(() -> campaign.replay(records), "replay").code(), "replay");
            String snapshot = campaign.snapshot();
            checkEquals("CAMPAIGN_ALREADY_OPEN", refused(() -> campaign.restore(snapshot), "restore").code(), "restore");
            checkEquals(1L, campaign.head().seq(), "unchanged");
        }
    }

    static void badSnapshot() {
        try (Campaign campaign = new Campaign()) {
            GrassrootsException e = refused(() -> campaign.restore("{\"schemaVersion\":1}"), "not a snapshot");
            check(e.code().equals("INVALID_SNAPSHOT") || e.code().equals("MALFORMED_INPUT"), "code " + e.code());
            checkEquals(0L, campaign.head().seq(), "the campaign is left empty");
        }
    }

    /** --smoke: the library loads (the script sets GRASSROOTS_LIB) and a campaign opens. */
    static boolean smoke() {
        try (Campaign campaign = ReadmeFlowTest.opened()) {
            boolean ok = campaign.head().seq() == 1;
            System.out.println((ok ? "ok   " : "FAIL ") + "libgrassroots " + Campaign.libraryVersion()
                    + " loaded from GRASSROOTS_LIB=" + System.getenv("GRASSROOTS_LIB"));
            return ok;
        }
    }

    /** --expect-load-failure: the library is nowhere to be found; the error must say where it looked. */
    static boolean expectLoadFailure() {
        try {
            new Campaign().close();
            System.out.println("skip the load-failure check: libgrassroots is installed in the system's library path");
            return true;
        } catch (UnsatisfiedLinkError e) {
            String m = e.getMessage();
            boolean ok = m.contains("-Djna.library.path=") && m.contains("GRASSROOTS_LIB") && m.contains("install-c.sh");
            System.out.println((ok ? "ok   " : "FAIL ") + "without the library, new Campaign() says: " + m);
            return ok;
        }
    }
}
