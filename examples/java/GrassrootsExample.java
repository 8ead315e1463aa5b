// grassroots from Java through JNA: open a campaign, import households from CSV, execute commands,
// read a query result and handle a refused command; then keep a campaign in a SQLite store (no SQL in
// the host): open it, execute, close, open it again and find the same head.
//
//   javac -cp /usr/share/java/jna.jar -d classes GrassrootsExample.java
//   java -cp /usr/share/java/jna.jar:classes -Djna.library.path=/usr/local/lib GrassrootsExample
//
// Copy the `Grassroots` interface and the `Campaign`, `Store` and `GrassrootsException` classes into
// your project; main() shows how to call them. Parse the JSON answers with your JSON library (Jackson,
// Gson, ...); this example only prints them, to need nothing but JNA.

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

public final class GrassrootsExample {

    /** The C functions of grassroots.h. gr_status is a uint32_t: an int here. */
    public interface Grassroots extends Library {
        // Strings in are passed as UTF-8 whatever the platform's default charset is.
        Grassroots LIB = Native.load("grassroots", Grassroots.class,
                Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

        int GR_OK = 0;

        int gr_campaign_new(PointerByReference campaignOut);
        int gr_campaign_execute(Pointer campaign, String commandJson, PointerByReference resultOut);
        int gr_campaign_query(Pointer campaign, String queryJson, PointerByReference resultOut);
        int gr_campaign_replay(Pointer campaign, String recordsJson);
        int gr_campaign_restore(Pointer campaign, String snapshotJson);
        int gr_campaign_records_since(Pointer campaign, long seq, PointerByReference recordsJsonOut);
        int gr_campaign_snapshot(Pointer campaign, PointerByReference snapshotJsonOut);
        int gr_campaign_last_error(Pointer campaign, PointerByReference errorJsonOut);
        void gr_campaign_free(Pointer campaign);
        // A campaign kept in a SQLite file or a PostgreSQL database.
        int gr_store_open(String location, String optionsJson, PointerByReference storeOut, PointerByReference errorJsonOut);
        int gr_store_execute(Pointer store, String commandJson, PointerByReference resultOut);
        int gr_store_query(Pointer store, String queryJson, PointerByReference resultOut);
        int gr_store_head(Pointer store, LongByReference seqOut, PointerByReference hashOut);
        int gr_store_last_error(Pointer store, PointerByReference errorJsonOut);
        void gr_store_free(Pointer store);
        // Strings the library returns are taken as Pointer (not String) so that they can be freed.
        void gr_string_free(Pointer s);
        // These two return static strings that are never freed, so String is right here.
        String gr_version();
        String gr_status_name(int status);
    }

    /** A refused call: the status, its name and the error JSON ({"code","message","field","rows"}). */
    public static final class GrassrootsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String code;
        public final String errorJson;

        GrassrootsException(int status, String errorJson) {
            super(Grassroots.LIB.gr_status_name(status) + " (" + status + "): " + errorJson);
            this.status = status;
            this.code = Grassroots.LIB.gr_status_name(status);
            this.errorJson = errorJson;
        }
    }

    /** One campaign handle. Use it from one thread at a time (or one handle per thread). */
    public static final class Campaign implements AutoCloseable {
        private static final Grassroots LIB = Grassroots.LIB;
        private Pointer handle;

        public Campaign() {
            PointerByReference out = new PointerByReference();
            int status = LIB.gr_campaign_new(out);
            if (status != Grassroots.GR_OK) {
                throw new GrassrootsException(status, null);
            }
            handle = out.getValue();
        }

        /** Executes a command envelope; returns {"schemaVersion":2,"retried":…,"records":[…]}. */
        public String execute(String commandJson) {
            PointerByReference out = new PointerByReference();
            check(LIB.gr_campaign_execute(handle, commandJson, out));
            return take(out.getValue());
        }

        /** Answers a query envelope; returns {"schemaVersion":1,"result":{…}}. */
        public String query(String queryJson) {
            PointerByReference out = new PointerByReference();
            check(LIB.gr_campaign_query(handle, queryJson, out));
            return take(out.getValue());
        }

        /** The records after seq, as a JSON array, for the host to store. */
        public String recordsSince(long seq) {
            PointerByReference out = new PointerByReference();
            check(LIB.gr_campaign_records_since(handle, seq, out));
            return take(out.getValue());
        }

        @Override
        public void close() {
            LIB.gr_campaign_free(handle); // free(NULL) is a no-op, so closing twice is safe
            handle = null;
        }

        private void check(int status) {
            if (status == Grassroots.GR_OK) {
                return;
            }
            PointerByReference out = new PointerByReference();
            String error = LIB.gr_campaign_last_error(handle, out) == Grassroots.GR_OK ? take(out.getValue()) : null;
            throw new GrassrootsException(status, error);
        }

        /** Copies a string the library returned and frees it (once). */
        static String take(Pointer p) {
            if (p == null) {
                return null;
            }
            try {
                return p.getString(0, "UTF-8");
            } finally {
                LIB.gr_string_free(p);
            }
        }
    }

    /**
     * A campaign kept in a SQLite file or a PostgreSQL database: every accepted command's records are
     * written in the transaction that accepts it. Use it from one thread at a time.
     */
    public static final class Store implements AutoCloseable {
        private static final Grassroots LIB = Grassroots.LIB;
        private Pointer handle;

        /**
         * Opens the store at a file path (or "postgres://…", "host=… dbname=…"). optionsJson is null
         * or e.g. {"create":true}: see gr_store_open in grassroots.h.
         */
        public Store(String location, String optionsJson) {
            PointerByReference out = new PointerByReference();
            PointerByReference error = new PointerByReference();
            int status = LIB.gr_store_open(location, optionsJson, out, error);
            if (status != Grassroots.GR_OK) {
                // gr_store_open writes its own error JSON: there is no handle to ask.
                throw new GrassrootsException(status, Campaign.take(error.getValue()));
            }
            handle = out.getValue();
        }

        /** Executes a command envelope and stores its records; a retry is answered from the store. */
        public String execute(String commandJson) {
            PointerByReference out = new PointerByReference();
            check(LIB.gr_store_execute(handle, commandJson, out));
            return Campaign.take(out.getValue());
        }

        /** Answers a query envelope on the campaign as stored. */
        public String query(String queryJson) {
            PointerByReference out = new PointerByReference();
            check(LIB.gr_store_query(handle, queryJson, out));
            return Campaign.take(out.getValue());
        }

        /** The last stored record's seq and hash, as "seq:hash". */
        public String head() {
            LongByReference seq = new LongByReference();
            PointerByReference hash = new PointerByReference();
            check(LIB.gr_store_head(handle, seq, hash));
            return seq.getValue() + ":" + Campaign.take(hash.getValue());
        }

        @Override
        public void close() {
            LIB.gr_store_free(handle); // closes the file or connection; NULL is a no-op
            handle = null;
        }

        private void check(int status) {
            if (status == Grassroots.GR_OK) {
                return;
            }
            PointerByReference out = new PointerByReference();
            String error = LIB.gr_store_last_error(handle, out) == Grassroots.GR_OK ? Campaign.take(out.getValue()) : null;
            throw new GrassrootsException(status, error);
        }
    }

    // -----------------------------------------------------------------------------------------
    // An integration: what a host system does.

    static final String OFFICE = """
            {"id":"office","role":"administrator","scope":"430171004000"}""";
    static final String GRID_WORKER_JINNAN = """
            {"id":"gw-jinnan","role":"gridWorker","scope":"430171004002"}""";

    static String envelope(String commandId, String actor, String at, String command) {
        return """
                {"schemaVersion":1,"commandId":"%s","actor":%s,"at":"%s","command":%s}"""
                .formatted(commandId, actor, at, command);
    }

    /** A JSON string literal (quotes, backslashes, control characters escaped). */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }

    static final String OPEN_CAMPAIGN = """
            {"type":"openCampaign","config":{
              "title":"开展基层党组织整建提质专项行动","theme":"强组织、善治理、增活力",
              "city":{"code":"430100000000","name":"长沙市"},
              "district":{"code":"430171000000","name":"长沙高新区"},
              "subdistrict":{"code":"430171004000","name":"东方红街道"},
              "start":"2022-04-01","end":"2022-11-30",
              "phases":[{"phase":"survey","start":"2022-04-13","due":"2022-04-30"}]}}""";

    public static void main(String[] args) throws IOException {
        System.out.println("grassroots " + Grassroots.LIB.gr_version());
        try (Campaign campaign = new Campaign()) {
            // 1. Open the campaign from its config.
            campaign.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN));

            // 2. Register two communities, then import households from a CSV file.
            campaign.execute(envelope("c-2", OFFICE, "2022-04-13T10:00:00+08:00", """
                    {"type":"registerOrgUnit","code":"430171004001","level":"community","name":"东方红社区"}"""));
            campaign.execute(envelope("c-3", OFFICE, "2022-04-13T10:00:00+08:00", """
                    {"type":"registerOrgUnit","code":"430171004002","level":"community","name":"金南社区"}"""));
            String csv = """
                    户编号,地址,村社区代码,楼栋
                    h-1,东方红社区1栋101,430171004001,1栋
                    h-2,东方红社区1栋102,430171004001,1栋
                    h-3,东方红社区2栋201,430171004001,2栋
                    """;
            String imported = campaign.execute(envelope("c-4", OFFICE, "2022-04-13T11:00:00+08:00",
                    "{\"type\":\"importCsv\",\"table\":\"households\",\"csv\":" + jsonString(csv) + "}"));
            require(imported.contains("\"id\":\"h-3\""), "h-3 imported");
            System.out.println("imported: " + imported.length() + " bytes of records");

            // 3. Read a query result.
            String page = campaign.query("""
                    {"schemaVersion":1,"actor":%s,"query":{"type":"households","unit":"430171004001"}}"""
                    .formatted(OFFICE));
            System.out.println("households: " + page);
            require(page.contains("\"id\":\"h-1\"") && page.contains("东方红社区2栋201"), "the households");

            // 4. Handle a refused command: a grid worker of 金南社区 may not register a household of 东方红社区.
            try {
                campaign.execute(envelope("c-5", GRID_WORKER_JINNAN, "2022-04-13T12:00:00+08:00", """
                        {"type":"registerHousehold","id":"h-4","unit":"430171004001","address":"东方红社区3栋301"}"""));
                require(false, "the command should have been refused");
            } catch (GrassrootsException e) {
                System.out.println("refused as expected: " + e.code + " " + e.errorJson);
                require(e.status == 10 && e.code.equals("OUT_OF_SCOPE"), "OUT_OF_SCOPE");
            }

            // 5. Store the new records in the host's database (here: print their size).
            String records = campaign.recordsSince(0);
            require(records.contains("\"seq\":6}"), "six records");
            System.out.println("records to store: " + records.length() + " bytes");
        }

        // 6. Or let the library store them: a campaign kept in a SQLite file (a PostgreSQL connection
        //    string works the same). Open it (creating it), execute, close; open it again after a restart.
        Path folder = Files.createTempDirectory("grassroots-example");
        try {
            String location = folder.resolve("campaign.db").toString();
            String head;
            String opened;
            try (Store store = new Store(location, "{\"create\":true}")) {
                opened = store.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN));
                store.execute(envelope("c-2", OFFICE, "2022-04-13T10:00:00+08:00", """
                        {"type":"registerOrgUnit","code":"430171004001","level":"community","name":"东方红社区"}"""));
                head = store.head();
                System.out.println("stored up to seq " + head.substring(0, head.indexOf(':')) + " in campaign.db");
            }
            try (Store store = new Store(location, null)) { // no "create": a mistyped path is NOT_A_CAMPAIGN_STORE
                require(store.head().equals(head), "the reopened store is at the same head");
                String again = store.execute(envelope("c-1", OFFICE, "2022-04-13T09:00:00+08:00", OPEN_CAMPAIGN));
                require(again.contains("\"retried\":true") && again.endsWith(opened.substring(opened.indexOf("\"records\""))),
                        "the retry is answered from the store");
                String units = store.query("""
                        {"schemaVersion":1,"actor":%s,"query":{"type":"orgUnits"}}""".formatted(OFFICE));
                require(units.contains("东方红社区"), "the stored unit");
                System.out.println("reopened at the same head; c-1 again: retried; 东方红社区 is stored");
            }
            try {
                new Store(folder.resolve("missing.db").toString(), null).close();
                require(false, "a missing store should have been refused");
            } catch (GrassrootsException e) {
                System.out.println("no store there: " + e.code + " (" + e.status + ")");
                require(e.status == 24, "NOT_A_CAMPAIGN_STORE");
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.out.println("java example: ok");
    }
}
