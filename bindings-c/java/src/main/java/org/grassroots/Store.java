package org.grassroots;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.grassroots.model.Actor;
import org.grassroots.model.Command;
import org.grassroots.model.CommandEnvelope;
import org.grassroots.model.ExecuteResult;
import org.grassroots.model.Head;
import org.grassroots.model.Query;
import org.grassroots.model.QueryAnswer;
import org.grassroots.model.QueryEnvelope;
import org.grassroots.model.QueryResult;
import org.grassroots.model.Record;

/**
 * A campaign kept in a database, behind a {@code gr_store} handle: a SQLite file (the embedded
 * default, nothing to install) or a PostgreSQL database. Each command's records are written in the
 * transaction that accepts the command, so a host gets persistence without writing SQL: open, execute,
 * query, close; after a restart, open again and the campaign is where it was.
 *
 * <pre>{@code
 * try (Store store = Store.open("campaign.db", Store.Options.defaults().withCreate(true))) {
 *     store.execute(office, "c-1", "2022-04-13T09:00:00+08:00", new Command.OpenCampaign(config));
 * }
 * try (Store store = Store.open("campaign.db")) {          // a restart
 *     Head head = store.head();                            // where it was
 * }
 * }</pre>
 *
 * <p>A retried command id is answered from the stored records ({@code retried} true), after a restart
 * too. Several handles, in one process or several, may open the same store: each reads what the others
 * wrote before it writes. Every refusal throws a {@link GrassrootsException} and stores nothing; a
 * storage failure ({@code STORAGE_UNAVAILABLE}, {@code STORAGE_FULL}) also stores nothing: re-send the
 * command with the same id. {@link #executeBatch(List)} stores many commands in one transaction (one
 * write to disk for the batch), answering each command on its own. Close the store (try-with-resources)
 * to close its file or connection; one that is never closed is closed when it is garbage-collected. The
 * methods are synchronized: the C library wants a handle used from one thread at a time.
 */
public final class Store implements AutoCloseable {
    /** The wire form's version that this library writes in envelopes. */
    public static final long SCHEMA_VERSION = 1;

    private static final Cleaner CLEANER = Cleaner.create();

    private final GrassrootsLibrary lib;
    private final Handle handle;
    private final Cleaner.Cleanable cleanable;

    /** The native handle, freed once: by close() or, failing that, by the cleaner. */
    private static final class Handle implements Runnable {
        private final GrassrootsLibrary lib;
        private Pointer pointer;

        Handle(GrassrootsLibrary lib, Pointer pointer) {
            this.lib = lib;
            this.pointer = pointer;
        }

        @Override
        public synchronized void run() {
            if (pointer != null) {
                lib.gr_store_free(pointer);
                pointer = null;
            }
        }
    }

    private Store(GrassrootsLibrary lib, Pointer pointer) {
        this.lib = lib;
        this.handle = new Handle(lib, pointer);
        this.cleanable = CLEANER.register(this, handle);
    }

    // ---------------------------------------------------------------------------------------------
    // Opening

    /**
     * How a store is opened: each option left unset keeps the library's default. Immutable; each
     * {@code with…} answers a copy.
     */
    public static final class Options {
        private final String campaign;
        private final Boolean create;
        private final Long snapshotEvery;
        private final Integer keepSnapshots;
        private final Long maxSizeBytes;
        private final String trustJson;

        private Options(String campaign, Boolean create, Long snapshotEvery, Integer keepSnapshots, Long maxSizeBytes,
                String trustJson) {
            this.campaign = campaign;
            this.create = create;
            this.snapshotEvery = snapshotEvery;
            this.keepSnapshots = keepSnapshots;
            this.maxSizeBytes = maxSizeBytes;
            this.trustJson = trustJson;
        }

        /**
         * Every default: the campaign {@code main}, open an existing store only, a snapshot every 10,000
         * records, the latest 2 kept, no size limit, no trust list.
         *
         * @return the options
         */
        public static Options defaults() {
            return new Options(null, null, null, null, null, null);
        }

        /**
         * The campaign's name in the store (a database may hold several).
         *
         * @param name 1 to 64 characters; {@code main} by default
         * @return a copy with it
         */
        public Options withCampaign(String name) {
            return new Options(name, create, snapshotEvery, keepSnapshots, maxSizeBytes, trustJson);
        }

        /**
         * Whether to create the store when there is none (a new SQLite file, the tables in an empty
         * database, the campaign when the store lacks it). By default an existing store is only opened,
         * so that a mistyped location is refused ({@code NOT_A_CAMPAIGN_STORE}) rather than started empty.
         *
         * @param create true to create it when there is none
         * @return a copy with it
         */
        public Options withCreate(boolean create) {
            return new Options(campaign, create, snapshotEvery, keepSnapshots, maxSizeBytes, trustJson);
        }

        /**
         * Take a snapshot each time this many records were stored since the last one.
         *
         * @param records 0 for never; 10,000 by default
         * @return a copy with it
         */
        public Options withSnapshotEvery(long records) {
            return new Options(campaign, create, records, keepSnapshots, maxSizeBytes, trustJson);
        }

        /**
         * How many of the latest snapshots to keep.
         *
         * @param snapshots at least 1; 2 by default
         * @return a copy with it
         */
        public Options withKeepSnapshots(int snapshots) {
            return new Options(campaign, create, snapshotEvery, snapshots, maxSizeBytes, trustJson);
        }

        /**
         * SQLite only: the largest the file may grow; a write past it fails with {@code STORAGE_FULL}, as on
         * a full disk. Refused ({@code INVALID_FIELD}) for PostgreSQL.
         *
         * @param bytes at least 1; no limit by default
         * @return a copy with it
         */
        public Options withMaxSizeBytes(long bytes) {
            return new Options(campaign, create, snapshotEvery, keepSnapshots, bytes, trustJson);
        }

        /**
         * The trust list that the store's snapshots and checkpoints are held to, as
         * {@code gr_campaign_replay_trusted} reads it.
         *
         * @param trustJson e.g. {@code {"keys":[{"keyId":…,"algorithm":"sm2","publicKey":"04…"}],"requireSignedHead":true}}
         * @return a copy with it
         * @throws UncheckedIOException when it is not JSON
         */
        public Options withTrustJson(String trustJson) {
            parse(trustJson);
            return new Options(campaign, create, snapshotEvery, keepSnapshots, maxSizeBytes, trustJson);
        }

        /**
         * The options as {@code gr_store_open} reads them, e.g. {@code {"create":true}}.
         *
         * @return the JSON object of the options set
         */
        public String toJson() {
            ObjectNode o = Json.mapper().createObjectNode();
            if (campaign != null) {
                o.put("campaign", campaign);
            }
            if (create != null) {
                o.put("create", create);
            }
            if (snapshotEvery != null) {
                o.put("snapshotEvery", snapshotEvery);
            }
            if (keepSnapshots != null) {
                o.put("keepSnapshots", keepSnapshots);
            }
            if (maxSizeBytes != null) {
                o.put("maxSizeBytes", maxSizeBytes);
            }
            if (trustJson != null) {
                o.set("trust", parse(trustJson));
            }
            return o.toString();
        }

        @Override
        public String toString() {
            return "Store.Options" + toJson();
        }

        private static JsonNode parse(String json) {
            try {
                return Json.mapper().readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("grassroots: the trust list is not JSON", e);
            }
        }
    }

    /**
     * Opens an existing store with the default options (the campaign {@code main}).
     *
     * @param location a SQLite file path, or PostgreSQL as a {@code postgres://} URL or a libpq string
     *     ({@code host=/run/postgresql dbname=grassroots})
     * @return the store, at its head
     * @throws GrassrootsException {@code NOT_A_CAMPAIGN_STORE} (no store there: open it with
     *     {@code Options.defaults().withCreate(true)} to create one), {@code STORAGE_UNAVAILABLE},
     *     {@code TAMPERED_LOG} naming the record, …
     * @throws UnsatisfiedLinkError when libgrassroots cannot be found (as {@link Campaign#Campaign()})
     */
    public static Store open(String location) {
        return openJson(location, null);
    }

    /**
     * Opens a store, or creates it with {@link Options#withCreate(boolean)}.
     *
     * @param location as for {@link #open(String)}
     * @param options how to open it
     * @return the store, at its head
     * @throws GrassrootsException as {@link #open(String)}; {@code INVALID_FIELD} naming a bad option
     */
    public static Store open(String location, Options options) {
        return openJson(location, options.toJson());
    }

    /**
     * Opens a store with its options given as JSON ({@code gr_store_open}).
     *
     * @param location as for {@link #open(String)}
     * @param optionsJson {@code {"campaign":…,"create":…,"snapshotEvery":…,"keepSnapshots":…,"maxSizeBytes":…,"trust":…}},
     *     each optional, or null for every default
     * @return the store, at its head
     * @throws GrassrootsException as {@link #open(String, Options)}; {@code MALFORMED_INPUT} for options
     *     that are not a JSON object
     */
    public static Store openJson(String location, String optionsJson) {
        GrassrootsLibrary lib = GrassrootsLibrary.get();
        PointerByReference out = new PointerByReference();
        PointerByReference error = new PointerByReference();
        int status = lib.gr_store_open(location, optionsJson, out, error);
        if (status != GrassrootsLibrary.GR_OK) {
            throw new GrassrootsException(status, lib.gr_status_name(status), take(lib, error.getValue()));
        }
        return new Store(lib, out.getValue());
    }

    // ---------------------------------------------------------------------------------------------
    // Commands and queries

    /**
     * Executes one command and stores its records in the same transaction. A retry of a stored
     * {@code commandId} with the same payload stores nothing and answers the stored records with
     * {@code retried} true.
     *
     * @param envelope the command with its actor, time and idempotency key
     * @return the records the command made, as stored
     * @throws GrassrootsException when the command is refused, or could not be stored (nothing was stored)
     */
    public ExecuteResult execute(CommandEnvelope envelope) {
        return Json.fromJson(executeJson(Json.toJson(envelope)), ExecuteResult.class);
    }

    /**
     * Executes one command in an envelope of {@link #SCHEMA_VERSION} without {@code expectedSeq}.
     *
     * @param actor who sends it
     * @param commandId the idempotency key
     * @param at when, with its UTC offset, e.g. {@code 2022-04-13T09:00:00+08:00}
     * @param command what to do
     * @return the records the command made, as stored
     * @throws GrassrootsException as {@link #execute(CommandEnvelope)}
     */
    public ExecuteResult execute(Actor actor, String commandId, String at, Command command) {
        return execute(new CommandEnvelope(SCHEMA_VERSION, commandId, actor, at, command));
    }

    /**
     * Executes a command envelope given as JSON ({@code gr_store_execute}).
     *
     * @param envelopeJson the command envelope
     * @return the answer, {@code {"schemaVersion":2,"retried":…,"records":[…]}}
     * @throws GrassrootsException as {@link #execute(CommandEnvelope)}
     */
    public synchronized String executeJson(String envelopeJson) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_execute(pointer(), envelopeJson, out));
        return take(out.getValue());
    }

    /**
     * The answer to one command of a batch ({@link #executeBatch(List)}): what {@link #execute(CommandEnvelope)}
     * would have returned, or the exception it would have thrown, which is not thrown here: the other
     * commands of the batch are stored all the same.
     */
    public static final class Answer {
        private final String json;
        private final GrassrootsException error;
        private ExecuteResult result;

        Answer(String json, GrassrootsException error) {
            this.json = json;
            this.error = error;
        }

        /**
         * Whether the command was accepted (a retry too): its records are stored.
         *
         * @return true when accepted, false when refused
         */
        public boolean accepted() {
            return error == null;
        }

        /**
         * The command's records, as stored ({@code retried} true for a retry, answered from the store).
         *
         * @return the result
         * @throws GrassrootsException {@link #error()}, when the command was refused
         */
        public synchronized ExecuteResult result() {
            if (error != null) {
                throw error;
            }
            if (result == null) {
                result = Json.fromJson(json, ExecuteResult.class);
            }
            return result;
        }

        /**
         * Why the command was refused: its {@link GrassrootsException#code()} and
         * {@link GrassrootsException#status()} are those {@link #execute(CommandEnvelope)} would have thrown
         * ({@code MALFORMED_INPUT} naming the line for a text that is not an envelope).
         *
         * @return the refusal, or null when the command was accepted
         */
        public GrassrootsException error() {
            return error;
        }

        /**
         * The answer as the library wrote it: {@code {"schemaVersion":2,"retried":…,"records":[…]}}, or the
         * error JSON {@code {"code":…,"message":…}}.
         *
         * @return the JSON
         */
        public String json() {
            return json;
        }

        @Override
        public String toString() {
            return json;
        }
    }

    /**
     * Executes commands in order and stores the records of those accepted in one transaction
     * ({@code gr_store_execute_batch}): one write to disk for the batch, where {@link #execute(CommandEnvelope)}
     * makes one per command. A refused command stores nothing and does not stop the others; a command
     * may rely on those before it. The envelopes' JSON is at most 32 MiB in all: split a larger batch
     * (a thousand commands a call already make the write cheap).
     *
     * @param envelopes the commands, in order
     * @return one answer per command, in the same order: check {@link Answer#accepted()} on each
     * @throws GrassrootsException when the batch could not be stored ({@code STORAGE_UNAVAILABLE},
     *     {@code STORAGE_FULL}, {@code CONFLICT} with another writer, {@code TAMPERED_LOG}): then nothing of
     *     it was stored; re-send it with the same command ids. {@code INPUT_TOO_LARGE} past 32 MiB.
     */
    public List<Answer> executeBatch(List<CommandEnvelope> envelopes) {
        List<String> json = new ArrayList<>(envelopes.size());
        for (CommandEnvelope envelope : envelopes) {
            json.add(Json.toJson(envelope));
        }
        return executeBatchJson(json);
    }

    /**
     * {@link #executeBatch(List)} with each envelope given as JSON. An element that is not an envelope is
     * answered {@code MALFORMED_INPUT} (its message names its line, the element's index plus one) and does
     * not stop the others.
     *
     * @param envelopesJson the command envelopes, each on one line: compact JSON without a line break
     * @return one answer per element, in the same order
     * @throws IllegalArgumentException for an element that is blank or holds a line break (each element
     *     must be one line of the batch's JSON lines)
     * @throws GrassrootsException as {@link #executeBatch(List)}
     */
    public List<Answer> executeBatchJson(List<String> envelopesJson) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < envelopesJson.size(); i++) {
            String envelope = envelopesJson.get(i);
            if (envelope.isBlank() || envelope.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("grassroots: executeBatchJson: envelope " + i + " is "
                        + (envelope.isBlank() ? "blank" : "on several lines: give each envelope as compact JSON on one line"));
            }
            lines.append(envelope).append('\n');
        }
        List<Answer> answers = new ArrayList<>(envelopesJson.size());
        for (String line : executeBatchLines(lines.toString()).split("\n")) {
            if (!line.isEmpty()) {
                answers.add(new Answer(line, line.startsWith("{\"code\":") ? refusal(lib, line) : null));
            }
        }
        if (answers.size() != envelopesJson.size()) {
            throw new IllegalStateException("grassroots: " + answers.size() + " answers to " + envelopesJson.size() + " commands");
        }
        return answers;
    }

    /**
     * Executes command envelopes given as JSON lines ({@code gr_store_execute_batch}), as
     * {@link #executeBatch(List)} does: one envelope per line, blank lines skipped.
     *
     * @param commandsLines the envelopes, one per line; at most 32 MiB of UTF-8 in all
     * @return the answers as JSON lines, one per envelope line in the same order, each ending in a newline:
     *     the {@code {"schemaVersion":2,"retried":…,"records":[…]}} of an accepted command or the error JSON
     *     {@code {"code":…,"message":…}} of a refused one; {@code ""} when there are none
     * @throws GrassrootsException as {@link #executeBatch(List)}
     */
    public synchronized String executeBatchLines(String commandsLines) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_execute_batch(pointer(), commandsLines, out));
        return take(out.getValue());
    }

    /**
     * Answers a query on the campaign as stored, after reading what other handles wrote.
     *
     * @param envelope the query with its actor
     * @return the answer
     * @throws GrassrootsException when the query is refused, or the store cannot be read
     */
    public QueryAnswer query(QueryEnvelope envelope) {
        return Json.fromJson(queryJson(Json.toJson(envelope)), QueryAnswer.class);
    }

    /**
     * Answers a query in an envelope of {@link #SCHEMA_VERSION}.
     *
     * @param actor who asks
     * @param query what is asked
     * @return the result: one of the records nested in {@link QueryResult}
     * @throws GrassrootsException as {@link #query(QueryEnvelope)}
     */
    public QueryResult query(Actor actor, Query query) {
        return query(new QueryEnvelope(SCHEMA_VERSION, actor, query)).result();
    }

    /**
     * Answers a query and checks the result's type.
     *
     * @param actor who asks
     * @param query what is asked
     * @param resultType the result's record in {@link QueryResult}
     * @param <R> the result's type
     * @return the result
     * @throws GrassrootsException as {@link #query(QueryEnvelope)}
     * @throws IllegalStateException when the result is of another type
     */
    public <R extends QueryResult> R query(Actor actor, Query query, Class<R> resultType) {
        QueryResult result = query(actor, query);
        if (!resultType.isInstance(result)) {
            throw new IllegalStateException("grassroots: the query answered a " + result.getClass().getSimpleName()
                    + ", not a " + resultType.getSimpleName());
        }
        return resultType.cast(result);
    }

    /**
     * Answers a query envelope given as JSON ({@code gr_store_query}).
     *
     * @param envelopeJson the query envelope
     * @return the answer, {@code {"schemaVersion":2,"result":{…}}}
     * @throws GrassrootsException as {@link #query(QueryEnvelope)}
     */
    public synchronized String queryJson(String envelopeJson) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_query(pointer(), envelopeJson, out));
        return take(out.getValue());
    }

    // ---------------------------------------------------------------------------------------------
    // The stored log

    /**
     * Reads the records other handles or processes stored since this one last looked
     * ({@code gr_store_refresh}), so that {@link #head()} shows the store's head.
     *
     * @throws GrassrootsException {@code TAMPERED_LOG}, {@code STORAGE_UNAVAILABLE}
     */
    public synchronized void refresh() {
        check(lib.gr_store_refresh(pointer()));
    }

    /**
     * The head of the stored log as this handle last saw it (at opening, or at its last execute, query or
     * refresh); it reads nothing from the database.
     *
     * @return the last record's seq and hash (0 and 64 zeros before the first record)
     */
    public synchronized Head head() {
        LongByReference seq = new LongByReference();
        PointerByReference hash = new PointerByReference();
        check(lib.gr_store_head(pointer(), seq, hash));
        return new Head(seq.getValue(), take(hash.getValue()));
    }

    /**
     * Up to {@code limit} stored records after {@code seq}, read from the database, as JSON lines: one
     * record per line, each exactly as stored, each ending in a newline. Page with the last seq received.
     *
     * @param seq the last seq received, 0 for the first page
     * @param limit the most records to answer (at most 10,000 are answered per call)
     * @return the lines, {@code ""} when there are none
     * @throws IllegalArgumentException when {@code seq} or {@code limit} is negative
     * @throws GrassrootsException {@code STORAGE_UNAVAILABLE}
     */
    public synchronized String recordsSinceLines(long seq, int limit) {
        if (seq < 0 || limit < 0) {
            throw new IllegalArgumentException("grassroots: recordsSinceLines(" + seq + ", " + limit + "): not negative");
        }
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_records_since_lines(pointer(), seq, new GrassrootsLibrary.SizeT(limit), out));
        return take(out.getValue());
    }

    /**
     * {@link #recordsSinceLines(long, int)}, typed.
     *
     * @param seq the last seq received, 0 for the first page
     * @param limit the most records to answer (at most 10,000)
     * @return the records in seq order
     * @throws GrassrootsException {@code STORAGE_UNAVAILABLE}
     */
    public List<Record> recordsSince(long seq, int limit) {
        List<Record> records = new ArrayList<>();
        for (String line : recordsSinceLines(seq, limit).split("\n")) {
            if (!line.isEmpty()) {
                records.add(Json.fromJson(line, Record.class));
            }
        }
        return records;
    }

    /**
     * Takes a snapshot at the store's head now and stores it ({@code gr_store_snapshot}); the next
     * opening starts from it.
     *
     * @return the seq the snapshot was taken at
     * @throws GrassrootsException {@code STORAGE_FULL}, {@code STORAGE_UNAVAILABLE}
     */
    public synchronized long snapshot() {
        LongByReference seq = new LongByReference();
        check(lib.gr_store_snapshot(pointer(), seq));
        return seq.getValue();
    }

    /**
     * What {@link #verify()} checked.
     *
     * @param head the head the whole chain was replayed to
     * @param records how many records were replayed and verified
     * @param snapshots how many stored snapshots were checked against the replayed state
     */
    public record Verified(
            @JsonProperty("head") Head head,
            @JsonProperty("records") long records,
            @JsonProperty("snapshots") long snapshots) {}

    /**
     * Replays the whole stored chain from its first record, verifying every record and checkpoint, and
     * checks each stored snapshot and the head against it ({@code gr_store_verify}). It takes as long as
     * replaying the whole log.
     *
     * @return what was checked
     * @throws GrassrootsException {@code TAMPERED_LOG} (its {@link GrassrootsException#seq()} names the first
     *     bad record or snapshot), {@code UNTRUSTED_LOG}, {@code STORAGE_UNAVAILABLE}
     */
    public Verified verify() {
        return Json.fromJson(verifyJson(), Verified.class);
    }

    /**
     * {@link #verify()} as the library answers it.
     *
     * @return {@code {"head":{"seq":…,"hash":"…"},"records":…,"snapshots":…}}
     * @throws GrassrootsException as {@link #verify()}
     */
    public synchronized String verifyJson() {
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_verify(pointer(), out));
        return take(out.getValue());
    }

    /**
     * What a store is, for a health check.
     *
     * @param location where it lives (any password masked)
     * @param campaign the campaign's name in it
     * @param head the head as this handle last saw it
     * @param snapshotSeq the seq of the latest snapshot (0 when none)
     * @param openedFromSnapshot the seq of the snapshot the store was opened from (0 when none)
     * @param snapshotError why the last automatic snapshot could not be written, or null (the records
     *     are safe; the next write tries again)
     */
    public record Status(
            @JsonProperty("location") String location,
            @JsonProperty("campaign") String campaign,
            @JsonProperty("head") Head head,
            @JsonProperty("snapshotSeq") long snapshotSeq,
            @JsonProperty("openedFromSnapshot") long openedFromSnapshot,
            @JsonProperty("snapshotError") String snapshotError) {}

    /**
     * Where the store is, its head and its snapshots ({@code gr_store_status}); reads nothing from the
     * database.
     *
     * @return the status
     */
    public synchronized Status status() {
        PointerByReference out = new PointerByReference();
        check(lib.gr_store_status(pointer(), out));
        return Json.fromJson(take(out.getValue()), Status.class);
    }

    /** Closes the store's file or connection and frees the handle ({@code gr_store_free}); closing twice does nothing. */
    @Override
    public synchronized void close() {
        cleanable.clean();
    }

    // ---------------------------------------------------------------------------------------------

    private Pointer pointer() {
        Pointer p = handle.pointer;
        if (p == null) {
            throw new IllegalStateException("grassroots: the store is closed");
        }
        return p;
    }

    private void check(int status) {
        if (status == GrassrootsLibrary.GR_OK) {
            return;
        }
        PointerByReference out = new PointerByReference();
        String error = lib.gr_store_last_error(pointer(), out) == GrassrootsLibrary.GR_OK ? take(out.getValue()) : null;
        throw new GrassrootsException(status, lib.gr_status_name(status), error);
    }

    /** The gr_status of each code, read once from gr_status_name. */
    private static final Map<String, Integer> STATUS_OF_CODE = new ConcurrentHashMap<>();

    /** The exception {@link #executeJson(String)} would have thrown for a command answered with this error JSON. */
    private static GrassrootsException refusal(GrassrootsLibrary lib, String errorJson) {
        if (STATUS_OF_CODE.isEmpty()) {
            for (int status = 1; status < 128; status++) {
                String name = lib.gr_status_name(status);
                if (!"UNKNOWN".equals(name)) {
                    STATUS_OF_CODE.putIfAbsent(name, status);
                }
            }
        }
        String code;
        try {
            code = Json.mapper().readTree(errorJson).path("code").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("grassroots: an answer of the batch is not JSON", e);
        }
        return new GrassrootsException(STATUS_OF_CODE.getOrDefault(code, 0), code, errorJson);
    }

    private String take(Pointer p) {
        return take(lib, p);
    }

    /** Copies a string the library returned and frees it. */
    private static String take(GrassrootsLibrary lib, Pointer p) {
        if (p == null) {
            return null;
        }
        try {
            return p.getString(0, "UTF-8");
        } finally {
            lib.gr_string_free(p);
        }
    }
}
