package org.grassroots;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.util.List;
import org.grassroots.model.Actor;
import org.grassroots.model.CampaignRollup;
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
 * One campaign of libgrassroots: its state and the records that made it, behind a {@code gr_campaign}
 * handle. Close it (try-with-resources) to free the handle; one that is never closed is freed when it
 * is garbage-collected.
 *
 * <p>A new Campaign is empty: execute an {@link Command.OpenCampaign} on it, or load a stored campaign
 * with {@link #replay(String)} or {@link #restore(String)}. A long-running host stores the records as
 * they come ({@link #recordsSinceLines(long)}) and lets the campaign forget the stored ones
 * ({@link #releaseRecordsThrough(long)}) to bound its memory. Every refusal throws a
 * {@link GrassrootsException} and changes nothing. The methods are synchronized: the C library wants a
 * handle used from one thread at a time; separate campaigns run in parallel.
 */
public final class Campaign implements AutoCloseable {
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
                lib.gr_campaign_free(pointer);
                pointer = null;
            }
        }
    }

    /**
     * An empty campaign ({@code gr_campaign_new}).
     *
     * @throws UnsatisfiedLinkError when libgrassroots cannot be found or has another ABI; the message says
     *     where it looked (-Dgrassroots.lib, GRASSROOTS_LIB, -Djna.library.path, the system's path)
     */
    public Campaign() {
        lib = GrassrootsLibrary.get();
        PointerByReference out = new PointerByReference();
        int status = lib.gr_campaign_new(out);
        if (status != GrassrootsLibrary.GR_OK) {
            throw new GrassrootsException(status, lib.gr_status_name(status), null);
        }
        handle = new Handle(lib, out.getValue());
        cleanable = CLEANER.register(this, handle);
    }

    /**
     * The version of the loaded library ({@code gr_version()}), e.g. {@code "0.1.0"}.
     *
     * @return the version
     */
    public static String libraryVersion() {
        return GrassrootsLibrary.get().gr_version();
    }

    /**
     * The reference door-knock questionnaire (敲门行动入户走访问卷: 32 questions in Chinese with English
     * labels, id {@code door-knock}, version 1) as the command that registers it. Execute it as it is, or
     * adapt its XLSForm sheets ({@code survey()}, {@code choices()}, CSV) and execute the copy.
     *
     * @return the {@code importQuestionnaire} command
     * @throws UnsatisfiedLinkError when libgrassroots cannot be found (as {@link #Campaign()})
     */
    public static Command.ImportQuestionnaire referenceQuestionnaire() {
        Command command = Json.fromJson(referenceQuestionnaireJson(), Command.class);
        if (!(command instanceof Command.ImportQuestionnaire questionnaire)) {
            throw new IllegalStateException("grassroots: the reference questionnaire is a "
                    + command.getClass().getSimpleName() + ", not an ImportQuestionnaire");
        }
        return questionnaire;
    }

    /**
     * The reference door-knock questionnaire as the JSON of its command ({@code gr_reference_questionnaire}):
     * {@code {"type":"importQuestionnaire","id":"door-knock","version":1,"title":{…},"survey":…,"choices":…}},
     * the {@code command} of an envelope.
     *
     * @return the command's JSON
     * @throws UnsatisfiedLinkError when libgrassroots cannot be found (as {@link #Campaign()})
     */
    public static String referenceQuestionnaireJson() {
        GrassrootsLibrary lib = GrassrootsLibrary.get();
        PointerByReference out = new PointerByReference();
        int status = lib.gr_reference_questionnaire(out);
        if (status != GrassrootsLibrary.GR_OK) {
            throw new GrassrootsException(status, lib.gr_status_name(status), null);
        }
        return take(lib, out.getValue());
    }

    /**
     * Merges roll-ups (the {@code summary} of {@code rollup} query answers, one per sub-district or an
     * already merged district) into one ({@code gr_roll_up}): the figures of every unit they cover,
     * added up. Associative and commutative: any order and any grouping give the same roll-up.
     *
     * @param rollups the roll-ups
     * @return the merged roll-up
     * @throws GrassrootsException {@code INVALID_FIELD} naming {@code summaries[i].subdistricts} for a
     *     sub-district present twice; {@code MALFORMED_INPUT}
     */
    public static CampaignRollup rollUp(List<CampaignRollup> rollups) {
        return Json.fromJson(rollUpJson(Json.toJson(rollups)), CampaignRollup.class);
    }

    /**
     * {@link #rollUp(List)} on JSON text: a JSON array of roll-ups in, the merged roll-up out.
     *
     * @param rollupsJson a JSON array of roll-ups
     * @return the merged roll-up's JSON
     * @throws GrassrootsException as {@link #rollUp(List)}
     */
    public static String rollUpJson(String rollupsJson) {
        GrassrootsLibrary lib = GrassrootsLibrary.get();
        PointerByReference out = new PointerByReference();
        PointerByReference error = new PointerByReference();
        int status = lib.gr_roll_up(rollupsJson, out, error);
        if (status != GrassrootsLibrary.GR_OK) {
            throw new GrassrootsException(status, lib.gr_status_name(status), take(lib, error.getValue()));
        }
        return take(lib, out.getValue());
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    /**
     * Executes one command. On success its events are recorded; a retry of an accepted
     * {@code commandId} with the same payload records nothing and answers the original records with
     * {@code retried} true.
     *
     * @param envelope the command with its actor, time and idempotency key
     * @return the records the command made
     * @throws GrassrootsException when the command is refused (nothing changed)
     * @throws UncheckedIOException when the answer does not fit the types (a library of another release
     *     than these classes): the command was recorded; read its records with {@link #recordsSinceJson}
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
     * @return the records the command made
     * @throws GrassrootsException when the command is refused (nothing changed)
     */
    public ExecuteResult execute(Actor actor, String commandId, String at, Command command) {
        return execute(new CommandEnvelope(SCHEMA_VERSION, commandId, actor, at, command));
    }

    /**
     * Executes a command envelope given as JSON ({@code gr_campaign_execute}).
     *
     * @param envelopeJson the command envelope
     * @return the answer, {@code {"schemaVersion":2,"retried":…,"records":[…]}}
     * @throws GrassrootsException when the command is refused (nothing changed)
     */
    public synchronized String executeJson(String envelopeJson) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_execute(pointer(), envelopeJson, out));
        return take(out.getValue());
    }

    // ---------------------------------------------------------------------------------------------
    // Queries

    /**
     * Answers a query; sensitive data is masked unless the actor's role allows it.
     *
     * @param envelope the query with its actor
     * @return the answer; its {@code result()} is one of the records nested in {@link QueryResult}
     * @throws GrassrootsException when the query is refused
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
     * @throws GrassrootsException when the query is refused
     */
    public QueryResult query(Actor actor, Query query) {
        return query(new QueryEnvelope(SCHEMA_VERSION, actor, query)).result();
    }

    /**
     * Answers a query and checks the result's type, e.g.
     * {@code campaign.query(office, new Query.Coverage(null), QueryResult.Coverage.class)}.
     *
     * @param actor who asks
     * @param query what is asked
     * @param resultType the result's record in {@link QueryResult}
     * @param <R> the result's type
     * @return the result
     * @throws GrassrootsException when the query is refused
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
     * Answers a query as a JSON tree: for results a host only passes on.
     *
     * @param envelope the query with its actor
     * @return the answer, {@code {"schemaVersion":2,"result":{"type":…,…}}}
     * @throws GrassrootsException when the query is refused
     */
    public JsonNode queryTree(QueryEnvelope envelope) {
        String answer = queryJson(Json.toJson(envelope));
        try {
            return Json.mapper().readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("grassroots: the library answered JSON that does not parse", e);
        }
    }

    /**
     * Answers a query envelope given as JSON ({@code gr_campaign_query}).
     *
     * @param envelopeJson the query envelope
     * @return the answer, {@code {"schemaVersion":2,"result":{…}}}
     * @throws GrassrootsException when the query is refused
     */
    public synchronized String queryJson(String envelopeJson) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_query(pointer(), envelopeJson, out));
        return take(out.getValue());
    }

    // ---------------------------------------------------------------------------------------------
    // The log

    /**
     * The records after {@code seq}, for the host to store (after each accepted command, pass the last
     * seq stored). A campaign restored from a snapshot holds only the records after it, and one that
     * released records ({@link #releaseRecordsThrough(long)}) only those it still holds.
     *
     * @param seq the last seq the host has stored, 0 for all
     * @return the records in seq order
     */
    public List<Record> recordsSince(long seq) {
        return Json.readRecords(recordsSinceJson(seq));
    }

    /**
     * The records after {@code seq} as the library writes them: the form to store, byte for byte.
     *
     * @param seq the last seq the host has stored, 0 for all
     * @return a JSON array of records in seq order, {@code []} when there are none
     */
    public synchronized String recordsSinceJson(long seq) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_records_since(pointer(), seq, out));
        return take(out.getValue());
    }

    /**
     * The records after {@code seq} as JSON lines, for a host that stores a row per record
     * ({@code gr_campaign_records_since_lines}): one record per line, each exactly the JSON that
     * {@link #recordsSinceJson(long)} puts in its array, each line ending in a newline. Store each line as
     * it is; {@link #replay(String)} takes the lines back (joined by newlines).
     *
     * @param seq the last seq the host has stored, 0 for all
     * @return the lines in seq order, {@code ""} when there are none
     */
    public synchronized String recordsSinceLines(long seq) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_records_since_lines(pointer(), seq, out));
        return take(out.getValue());
    }

    /**
     * The one record with {@code seq}, while this campaign holds it.
     *
     * @param seq the record's seq, from 1
     * @return the record
     * @throws GrassrootsException {@code NOT_FOUND} when this campaign does not hold it: 0, beyond the
     *     head, released by {@link #releaseRecordsThrough(long)}, or before the snapshot it was restored
     *     from (the message says which records it holds)
     */
    public Record record(long seq) {
        return Json.fromJson(recordJson(seq), Record.class);
    }

    /**
     * The one record with {@code seq} as the library writes it ({@code gr_campaign_record}): the same
     * JSON as its line in {@link #recordsSinceLines(long)}, without the newline.
     *
     * @param seq the record's seq, from 1
     * @return the record's JSON
     * @throws GrassrootsException {@code NOT_FOUND}, as {@link #record(long)}
     */
    public synchronized String recordJson(long seq) {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_record(pointer(), seq, out));
        return take(out.getValue());
    }

    /**
     * Lets this campaign forget the records up to {@code seq}, which the host has stored durably, to
     * bound its memory ({@code gr_campaign_release_records_through}). Records are released in whole
     * chunks of 4,096, so some up to {@code seq} may still be held. The state, the head and the
     * recognition of retried commands are not affected: the campaign goes on accepting commands, and a
     * retry of a released command is still answered as a retry (with the records it still holds).
     * Released records are gone from {@link #recordsSince(long)} and {@link #record(long)}: read them
     * from the host's store.
     *
     * @param seq the last seq the host has stored durably
     * @throws IllegalArgumentException when {@code seq} is negative (the C door's {@code uint64_t} would
     *     read it as a seq beyond any head and release everything)
     */
    public synchronized void releaseRecordsThrough(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("grassroots: releaseRecordsThrough(" + seq + "): a seq is not negative");
        }
        check(lib.gr_campaign_release_records_through(pointer(), seq));
    }

    /**
     * Loads stored records into this empty campaign, verifying the hash chain.
     *
     * @param records the records, in seq order
     * @throws GrassrootsException {@code TAMPERED_LOG} (its {@link GrassrootsException#seq()} names the
     *     first bad record), {@code CAMPAIGN_ALREADY_OPEN} when this campaign holds records; this campaign
     *     is left as it was
     */
    public void replay(List<Record> records) {
        replay(Json.toJson(records));
    }

    /**
     * Loads stored records given as JSON into this empty campaign ({@code gr_campaign_replay}): as one
     * JSON array (from {@link #recordsSinceJson(long)}) or as JSON lines, one record per line (from
     * {@link #recordsSinceLines(long)} or {@link #recordJson(long)}, the stored rows joined by newlines).
     * Key order and whitespace do not matter; a UTF-8 byte-order mark is skipped.
     *
     * @param recordsJson a JSON array of records in seq order ({@code []} for none), or JSON lines
     *     ({@code ""} for none); no size limit
     * @throws GrassrootsException as {@link #replay(List)}
     */
    public synchronized void replay(String recordsJson) {
        check(lib.gr_campaign_replay(pointer(), recordsJson));
    }

    /**
     * A snapshot of the campaign at its head, for {@link #restore(String)}: store it beside the records.
     *
     * @return the snapshot's JSON
     */
    public synchronized String snapshot() {
        PointerByReference out = new PointerByReference();
        check(lib.gr_campaign_snapshot(pointer(), out));
        return take(out.getValue());
    }

    /**
     * Loads a snapshot into this empty campaign, checking its digest. The campaign continues the chain
     * from the snapshot's head and holds no records before it.
     *
     * @param snapshotJson a snapshot from {@link #snapshot()}
     * @throws GrassrootsException {@code INVALID_SNAPSHOT}, {@code CAMPAIGN_ALREADY_OPEN}, …
     */
    public synchronized void restore(String snapshotJson) {
        check(lib.gr_campaign_restore(pointer(), snapshotJson));
    }

    /**
     * The head of the log: compare it with the last record the host stored.
     *
     * @return the last record's seq and hash (0 and 64 zeros before the first record)
     */
    public synchronized Head head() {
        LongByReference seq = new LongByReference();
        PointerByReference hash = new PointerByReference();
        check(lib.gr_campaign_head(pointer(), seq, hash));
        return new Head(seq.getValue(), take(hash.getValue()));
    }

    /** Frees the handle ({@code gr_campaign_free}); closing twice does nothing. */
    @Override
    public synchronized void close() {
        cleanable.clean();
    }

    // ---------------------------------------------------------------------------------------------

    private Pointer pointer() {
        Pointer p = handle.pointer;
        if (p == null) {
            throw new IllegalStateException("grassroots: the campaign is closed");
        }
        return p;
    }

    private void check(int status) {
        if (status == GrassrootsLibrary.GR_OK) {
            return;
        }
        PointerByReference out = new PointerByReference();
        String error = lib.gr_campaign_last_error(pointer(), out) == GrassrootsLibrary.GR_OK ? take(out.getValue()) : null;
        throw new GrassrootsException(status, lib.gr_status_name(status), error);
    }

    /** Copies a string the library returned and frees it. */
    private String take(Pointer p) {
        return take(lib, p);
    }

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
