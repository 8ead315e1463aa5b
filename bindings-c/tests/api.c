/*
 * api.c — every function of grassroots.h, as a C program calls it: the happy path (open, execute,
 * import CSV, query, records since, snapshot/restore, replay), every kind of bad input (NULL,
 * non-UTF-8, truncated and malformed JSON, unknown command kinds, unsupported versions, 100 MB
 * strings), outputs untouched on failure, campaigns unchanged by failures, separate handles
 * used from several threads at once, and a campaign kept in a SQLite store (gr_store_*): created,
 * written (a command at a time and in a batch), freed and opened again.
 *
 * Built by scripts/test-c.sh with -std=c11 -Wall -Wextra -Wpedantic -Werror against the committed
 * include/grassroots.h, linked static and shared, run under ASan+UBSan and under valgrind
 * (`--quick` skips the 100 MB inputs, which valgrind would take long over).
 * Prints one line per check and "api: N passed, M failed"; exits non-zero on a failure.
 */
#define _POSIX_C_SOURCE 200809L /* pthreads and mkdtemp under -std=c11 */

#include "grassroots.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
        printf("ok   %s\n", what);
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && needle != NULL && strstr(haystack, needle) != NULL;
}

#define OFFICE "{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430171004000\"}"
#define VILLAGE "{\"id\":\"village\",\"role\":\"communityCadre\",\"scope\":\"430171004201\"}"
#define ENVELOPE(id, actor, at) "{\"schemaVersion\":1,\"commandId\":\"" id "\",\"actor\":" actor ",\"at\":\"" at "\","

static const char *const OPEN_CAMPAIGN =
    ENVELOPE("c-1", OFFICE, "2022-04-13T09:00:00+08:00")
    "\"command\":{\"type\":\"openCampaign\",\"config\":{"
    "\"title\":\"开展基层党组织整建提质专项行动\",\"theme\":\"强组织、善治理、增活力\","
    "\"city\":{\"code\":\"430100000000\",\"name\":\"长沙市\"},"
    "\"district\":{\"code\":\"430171000000\",\"name\":\"长沙高新区\"},"
    "\"subdistrict\":{\"code\":\"430171004000\",\"name\":\"东方红街道\"},"
    "\"start\":\"2022-04-01\",\"end\":\"2022-11-30\","
    "\"phases\":[{\"phase\":\"survey\",\"start\":\"2022-04-13\",\"due\":\"2022-04-30\"}]}}}";

static const char *const REGISTER_COMMUNITY =
    ENVELOPE("c-2", OFFICE, "2022-04-14T09:00:00+08:00")
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004001\",\"level\":\"community\","
    "\"name\":\"东方红社区\"}}";

static const char *const IMPORT_HOUSEHOLDS =
    ENVELOPE("c-3", OFFICE, "2022-04-14T10:00:00+08:00")
    "\"command\":{\"type\":\"importCsv\",\"table\":\"households\",\"csv\":"
    "\"户编号,地址,村社区代码,楼栋\\nh-1,东方红社区1栋101,430171004001,1栋\\n"
    "h-2,东方红社区1栋102,430171004001,1栋\\nh-3,东方红社区2栋201,430171004001,2栋\\n\"}}";

static const char *const REGISTER_HOUSEHOLD =
    ENVELOPE("c-4", OFFICE, "2022-04-14T11:00:00+08:00")
    "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-4\",\"unit\":\"430171004001\","
    "\"address\":\"东方红社区3栋301\",\"building\":\"3栋\"}}";

/* A village's cadre may not register a household in a community. */
static const char *const OUT_OF_SCOPE =
    ENVELOPE("c-5", VILLAGE, "2022-04-14T12:00:00+08:00")
    "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-9\",\"unit\":\"430171004001\","
    "\"address\":\"东方红社区9栋901\"}}";

/* One bad row (empty address) refuses the whole file. */
static const char *const BAD_CSV =
    ENVELOPE("c-6", OFFICE, "2022-04-14T13:00:00+08:00")
    "\"command\":{\"type\":\"importCsv\",\"table\":\"households\",\"csv\":"
    "\"户编号,地址,村社区代码\\nh-5,东方红社区4栋401,430171004001\\nh-6,,430171004001\\n\"}}";

static const char *const UNKNOWN_KIND =
    ENVELOPE("c-7", OFFICE, "2022-04-14T14:00:00+08:00") "\"command\":{\"type\":\"launchRocket\"}}";

static const char *const NEWER_SCHEMA =
    "{\"schemaVersion\":99,\"commandId\":\"c-8\",\"actor\":" OFFICE ",\"at\":\"2022-04-14T15:00:00+08:00\","
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004003\",\"level\":\"community\",\"name\":\"x\"}}";

static const char *const HOUSEHOLDS =
    "{\"schemaVersion\":1,\"actor\":" OFFICE ",\"query\":{\"type\":\"households\",\"unit\":\"430171004001\"}}";

static const char *const NO_SUCH_PERSON =
    "{\"schemaVersion\":1,\"actor\":" OFFICE ",\"query\":{\"type\":\"person\",\"id\":\"nobody\"}}";

static const char *const COMMANDS[] = {OPEN_CAMPAIGN, REGISTER_COMMUNITY, IMPORT_HOUSEHOLDS, REGISTER_HOUSEHOLD};
#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

/* The error JSON of the last failed call on `campaign` (caller frees), or NULL. */
static char *last_error(const gr_campaign *campaign) {
    char *error = NULL;
    if (gr_campaign_last_error(campaign, &error) != GR_OK) return NULL;
    return error;
}

/* Whether the last error's code is `code`. */
static int last_error_is(const gr_campaign *campaign, const char *code) {
    char needle[64];
    snprintf(needle, sizeof needle, "\"code\":\"%s\"", code);
    char *error = last_error(campaign);
    int ok = contains(error, needle) && contains(error, "\"message\":\"");
    gr_string_free(error);
    return ok;
}

/* A fingerprint of the whole campaign: its snapshot (state, head and digest). Caller frees. */
static char *fingerprint(const gr_campaign *campaign) {
    char *snapshot = NULL;
    if (gr_campaign_snapshot(campaign, &snapshot) != GR_OK) return NULL;
    return snapshot;
}

static int unchanged(const gr_campaign *campaign, const char *before) {
    char *now = fingerprint(campaign);
    int same = now != NULL && before != NULL && strcmp(now, before) == 0;
    gr_string_free(now);
    return same;
}

/* Runs COMMANDS on a new campaign; returns it (or NULL if a command failed). */
static gr_campaign *build_campaign(void) {
    gr_campaign *campaign = NULL;
    if (gr_campaign_new(&campaign) != GR_OK) return NULL;
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        char *result = NULL;
        if (gr_campaign_execute(campaign, COMMANDS[i], &result) != GR_OK) {
            gr_campaign_free(campaign);
            return NULL;
        }
        gr_string_free(result);
    }
    return campaign;
}

static void test_version_and_names(void) {
    check(gr_version() != NULL && strcmp(gr_version(), GR_VERSION) == 0, "gr_version() equals GR_VERSION");
    char numbers[32];
    snprintf(numbers, sizeof numbers, "%d.%d.%d", GR_VERSION_MAJOR, GR_VERSION_MINOR, GR_VERSION_PATCH);
    check(strncmp(GR_VERSION, numbers, strlen(numbers)) == 0, "GR_VERSION_MAJOR.MINOR.PATCH match GR_VERSION");
    check(strcmp(gr_status_name(GR_OK), "OK") == 0 && strcmp(gr_status_name(GR_OUT_OF_SCOPE), "OUT_OF_SCOPE") == 0 &&
              strcmp(gr_status_name(GR_RULE_VIOLATED), "RULE_VIOLATED") == 0 &&
              strcmp(gr_status_name(GR_NULL_ARGUMENT), "NULL_ARGUMENT") == 0 &&
              strcmp(gr_status_name(GR_INPUT_TOO_LARGE), "INPUT_TOO_LARGE") == 0 &&
              strcmp(gr_status_name(GR_INVALID_TRANSITION), "INVALID_TRANSITION") == 0 &&
              strcmp(gr_status_name(GR_STORAGE_FULL), "STORAGE_FULL") == 0 &&
              strcmp(gr_status_name(4242), "UNKNOWN") == 0,
          "gr_status_name names statuses as the error JSON does");
    check(GR_OK == 0 && GR_MALFORMED_INPUT == 1 && GR_OUT_OF_SCOPE == 10 && GR_RULE_VIOLATED == 18 &&
              GR_NULL_ARGUMENT == 100 && GR_INVALID_UTF8 == 101 && GR_PANIC == 102 && GR_INPUT_TOO_LARGE == 19 &&
              GR_INVALID_TRANSITION == 20 && GR_NOT_A_CAMPAIGN_STORE == 24 && GR_STORAGE_UNAVAILABLE == 25 &&
              GR_STORAGE_FULL == 26,
          "status numbers are the documented ones");
}

static void test_happy_path(gr_campaign *campaign) {
    char *result = NULL;
    gr_status status = gr_campaign_execute(campaign, OPEN_CAMPAIGN, &result);
    check(status == GR_OK && contains(result, "\"type\":\"campaignOpened\"") && contains(result, "\"retried\":false"),
          "execute openCampaign (a campaign from a config)");
    gr_string_free(result);

    for (size_t i = 1; i < COMMAND_COUNT; i++) {
        result = NULL;
        status = gr_campaign_execute(campaign, COMMANDS[i], &result);
        check(status == GR_OK && contains(result, "\"records\":[{"), "execute a command");
        gr_string_free(result);
    }

    result = NULL;
    status = gr_campaign_query(campaign, HOUSEHOLDS, &result);
    check(status == GR_OK && contains(result, "\"type\":\"households\"") && contains(result, "\"id\":\"h-3\"") &&
              contains(result, "\"id\":\"h-4\""),
          "query households: the imported and the registered ones");
    gr_string_free(result);

    uint64_t seq = 0;
    char *hash = NULL;
    status = gr_campaign_head(campaign, &seq, &hash);
    check(status == GR_OK && seq == 6 && hash != NULL && strlen(hash) == 64, "head: seq 6 and a 64-digit hash");
    gr_string_free(hash);

    /* A retry of an accepted command records nothing and answers the original records. */
    result = NULL;
    status = gr_campaign_execute(campaign, REGISTER_HOUSEHOLD, &result);
    uint64_t after = 0;
    hash = NULL;
    gr_campaign_head(campaign, &after, &hash);
    check(status == GR_OK && contains(result, "\"retried\":true") && contains(result, "\"seq\":6") && after == 6,
          "a retry records nothing");
    gr_string_free(result);
    gr_string_free(hash);
}

static void test_refusals(gr_campaign *campaign) {
    char *before = fingerprint(campaign);
    char sentinel = 0;
    char *result = &sentinel;

    gr_status status = gr_campaign_execute(campaign, OUT_OF_SCOPE, &result);
    char *error = last_error(campaign);
    check(status == GR_OUT_OF_SCOPE && result == &sentinel && contains(error, "\"code\":\"OUT_OF_SCOPE\"") &&
              contains(error, "\"field\":\"command.unit\""),
          "out of scope: GR_OUT_OF_SCOPE, output untouched, error JSON names the field");
    gr_string_free(error);

    status = gr_campaign_execute(campaign, BAD_CSV, &result);
    error = last_error(campaign);
    check(status == GR_INVALID_CSV && result == &sentinel && contains(error, "\"rows\":[{\"line\":3") &&
              contains(error, "\"column\":\"地址\""),
          "bad CSV row: GR_INVALID_CSV, the error lists the row and column");
    gr_string_free(error);

    status = gr_campaign_execute(campaign, OPEN_CAMPAIGN, &result); /* the same id and payload: a retry */
    check(status == GR_OK && result != &sentinel, "re-sending openCampaign is a retry");
    gr_string_free(result);
    result = &sentinel;

    status = gr_campaign_query(campaign, NO_SUCH_PERSON, &result);
    check(status == GR_NOT_FOUND && result == &sentinel && last_error_is(campaign, "NOT_FOUND"),
          "query of an unknown person: GR_NOT_FOUND");

    check(unchanged(campaign, before), "refused commands changed nothing");
    gr_string_free(before);
}

static void test_bad_input(gr_campaign *campaign) {
    char *before = fingerprint(campaign);
    char sentinel = 0;
    char *result = &sentinel;

    static const char bad_utf8[] = {'{', '"', (char)0xff, '"', '}', 0};
    check(gr_campaign_execute(campaign, bad_utf8, &result) == GR_INVALID_UTF8 && last_error_is(campaign, "INVALID_UTF8") &&
              gr_campaign_query(campaign, bad_utf8, &result) == GR_INVALID_UTF8 &&
              gr_campaign_replay(campaign, bad_utf8) == GR_INVALID_UTF8 &&
              gr_campaign_restore(campaign, bad_utf8) == GR_INVALID_UTF8,
          "non-UTF-8 input: GR_INVALID_UTF8 with a message");

    size_t len = strlen(REGISTER_COMMUNITY);
    char *truncated = malloc(len);
    memcpy(truncated, REGISTER_COMMUNITY, len / 2);
    truncated[len / 2] = '\0';
    check(gr_campaign_execute(campaign, truncated, &result) == GR_MALFORMED_INPUT &&
              last_error_is(campaign, "MALFORMED_INPUT") &&
              gr_campaign_query(campaign, truncated, &result) == GR_MALFORMED_INPUT,
          "truncated JSON: GR_MALFORMED_INPUT");
    free(truncated);

    check(gr_campaign_execute(campaign, "{not json", &result) == GR_MALFORMED_INPUT &&
              gr_campaign_execute(campaign, "", &result) == GR_MALFORMED_INPUT &&
              gr_campaign_execute(campaign, "[]", &result) == GR_MALFORMED_INPUT &&
              gr_campaign_query(campaign, "null", &result) == GR_MALFORMED_INPUT,
          "malformed JSON: GR_MALFORMED_INPUT");

    gr_status status = gr_campaign_execute(campaign, UNKNOWN_KIND, &result);
    char *error = last_error(campaign);
    check(status == GR_MALFORMED_INPUT && contains(error, "\"field\":\"command.type\"") && contains(error, "launchRocket"),
          "unknown command kind: GR_MALFORMED_INPUT naming `command.type`");
    gr_string_free(error);

    check(gr_campaign_execute(campaign, NEWER_SCHEMA, &result) == GR_UNSUPPORTED_SCHEMA_VERSION &&
              last_error_is(campaign, "UNSUPPORTED_SCHEMA_VERSION"),
          "a newer schemaVersion: GR_UNSUPPORTED_SCHEMA_VERSION");

    check(result == &sentinel && unchanged(campaign, before), "bad input: outputs untouched, campaign unchanged");
    gr_string_free(before);
}

static void test_null_arguments(gr_campaign *campaign) {
    char *before = fingerprint(campaign);
    char sentinel = 0;
    char *out = &sentinel;
    uint64_t seq = 77;
    static const char *const HEAD = "{\"schemaVersion\":1,\"actor\":" OFFICE ",\"query\":{\"type\":\"head\"}}";

    check(gr_campaign_new(NULL) == GR_NULL_ARGUMENT, "gr_campaign_new(NULL)");
    check(gr_campaign_execute(NULL, REGISTER_COMMUNITY, &out) == GR_NULL_ARGUMENT &&
              gr_campaign_execute(campaign, NULL, &out) == GR_NULL_ARGUMENT &&
              gr_campaign_execute(campaign, REGISTER_COMMUNITY, NULL) == GR_NULL_ARGUMENT,
          "gr_campaign_execute with NULLs");
    check(last_error_is(campaign, "NULL_ARGUMENT"), "a NULL argument is recorded as NULL_ARGUMENT");
    check(gr_campaign_query(NULL, HEAD, &out) == GR_NULL_ARGUMENT && gr_campaign_query(campaign, NULL, &out) == GR_NULL_ARGUMENT &&
              gr_campaign_query(campaign, HEAD, NULL) == GR_NULL_ARGUMENT,
          "gr_campaign_query with NULLs");
    check(gr_campaign_replay(NULL, "[]") == GR_NULL_ARGUMENT && gr_campaign_replay(campaign, NULL) == GR_NULL_ARGUMENT &&
              gr_campaign_restore(NULL, "{}") == GR_NULL_ARGUMENT && gr_campaign_restore(campaign, NULL) == GR_NULL_ARGUMENT,
          "gr_campaign_replay / gr_campaign_restore with NULLs");
    check(gr_campaign_records_since(NULL, 0, &out) == GR_NULL_ARGUMENT &&
              gr_campaign_records_since(campaign, 0, NULL) == GR_NULL_ARGUMENT &&
              gr_campaign_snapshot(NULL, &out) == GR_NULL_ARGUMENT && gr_campaign_snapshot(campaign, NULL) == GR_NULL_ARGUMENT,
          "gr_campaign_records_since / gr_campaign_snapshot with NULLs");
    check(gr_campaign_head(NULL, &seq, &out) == GR_NULL_ARGUMENT && gr_campaign_head(campaign, NULL, &out) == GR_NULL_ARGUMENT &&
              gr_campaign_head(campaign, &seq, NULL) == GR_NULL_ARGUMENT && seq == 77,
          "gr_campaign_head with NULLs writes neither output");
    check(gr_campaign_last_error(NULL, &out) == GR_NULL_ARGUMENT && gr_campaign_last_error(campaign, NULL) == GR_NULL_ARGUMENT,
          "gr_campaign_last_error with NULLs");
    gr_string_free(NULL);
    gr_campaign_free(NULL);
    check(out == &sentinel && unchanged(campaign, before), "NULLs: outputs untouched, campaign unchanged; free(NULL) is a no-op");
    gr_string_free(before);
}

static void test_huge_input(gr_campaign *campaign) {
    char *before = fingerprint(campaign);
    char sentinel = 0;
    char *result = &sentinel;
    const size_t huge = 100u * 1000u * 1000u; /* 100 MB */
    char *text = malloc(huge + 1);
    if (text == NULL) {
        check(0, "allocate 100 MB");
        return;
    }

    /* A well-formed command whose name is 100 MB long. */
    static const char *const PREFIX = ENVELOPE("c-huge", OFFICE, "2022-04-14T16:00:00+08:00")
        "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004003\",\"level\":\"community\",\"name\":\"";
    size_t prefix = strlen(PREFIX);
    memcpy(text, PREFIX, prefix);
    memset(text + prefix, 'x', huge - prefix - 3);
    memcpy(text + huge - 3, "\"}}", 4);
    check(gr_campaign_execute(campaign, text, &result) == GR_INPUT_TOO_LARGE && last_error_is(campaign, "INPUT_TOO_LARGE") &&
              gr_campaign_query(campaign, text, &result) == GR_INPUT_TOO_LARGE,
          "a 100 MB command or query: GR_INPUT_TOO_LARGE");

    /* 100 MB that is no array of records / no snapshot. */
    memset(text, '[', huge);
    text[huge] = '\0';
    gr_campaign *empty = NULL;
    gr_campaign_new(&empty);
    gr_status replayed = gr_campaign_replay(empty, text);
    gr_status restored = gr_campaign_restore(empty, text);
    uint64_t seq = 1;
    char *hash = NULL;
    gr_campaign_head(empty, &seq, &hash);
    check(replayed == GR_MALFORMED_INPUT && restored == GR_INVALID_SNAPSHOT && seq == 0,
          "100 MB of garbage to replay / restore: a status, and the handle stays empty");
    gr_string_free(hash);
    gr_campaign_free(empty);
    check(gr_campaign_replay(campaign, text) == GR_CAMPAIGN_ALREADY_OPEN, "replay into a used handle is refused");

    /* Exactly at the limit: the size passes and the core answers. */
    memset(text, ' ', GR_MAX_INPUT_BYTES);
    text[GR_MAX_INPUT_BYTES] = '\0';
    check(gr_campaign_execute(campaign, text, &result) == GR_MALFORMED_INPUT, "GR_MAX_INPUT_BYTES bytes reach the core");
    free(text);

    check(result == &sentinel && unchanged(campaign, before), "huge inputs: outputs untouched, campaign unchanged");
    gr_string_free(before);
}

/* Replaces the first `from` in `text` by `to` (same length). */
static int patch(char *text, const char *from, const char *to) {
    char *at = strstr(text, from);
    if (at == NULL || strlen(from) != strlen(to)) return 0;
    memcpy(at, to, strlen(to));
    return 1;
}

static void test_persistence(gr_campaign *campaign) {
    uint64_t seq = 0;
    char *hash = NULL;
    gr_campaign_head(campaign, &seq, &hash);

    /* Records since a seq: what the host persists after each command. */
    char *all = NULL, *tail = NULL, *none = NULL;
    /* Records are canonical JSON (RFC 8785): `seq` is each record's last member. */
    check(gr_campaign_records_since(campaign, 0, &all) == GR_OK && all[0] == '[' && contains(all, "\"seq\":1}") &&
              gr_campaign_records_since(campaign, seq - 1, &tail) == GR_OK && !contains(tail, "\"seq\":1}") &&
              contains(tail, "\"seq\":6}") && gr_campaign_records_since(campaign, seq, &none) == GR_OK &&
              strcmp(none, "[]") == 0,
          "records since 0, since head-1 and since the head");
    gr_string_free(tail);
    gr_string_free(none);

    /* Replay the stored records into a new handle: the same campaign. */
    gr_campaign *replayed = NULL;
    gr_campaign_new(&replayed);
    char *original = fingerprint(campaign);
    check(gr_campaign_replay(replayed, all) == GR_OK && unchanged(replayed, original), "replay gives the same campaign");
    char *error = NULL;
    check(gr_campaign_last_error(replayed, &error) == GR_OK && error == NULL, "a successful replay records no error");

    /* A tampered log is refused, naming the record. */
    char *tampered = malloc(strlen(all) + 1);
    strcpy(tampered, all);
    gr_campaign *victim = NULL;
    gr_campaign_new(&victim);
    check(patch(tampered, "2022-04-14T09:00:00", "2022-04-14T09:00:01") &&
              gr_campaign_replay(victim, tampered) == GR_TAMPERED_LOG,
          "a tampered log: GR_TAMPERED_LOG");
    error = last_error(victim);
    check(contains(error, "\"seq\":2"), "the error names the altered record's seq");
    gr_string_free(error);
    check(gr_campaign_replay(victim, "[{\"seq\":1}]") == GR_MALFORMED_INPUT && gr_campaign_replay(victim, "[]") == GR_OK,
          "replay of a non-record is malformed; of [] is an empty campaign");
    free(tampered);
    gr_campaign_free(victim);

    /* Snapshot and restore: the same campaign, continuing the chain. */
    char *snapshot = fingerprint(campaign);
    gr_campaign *restored = NULL;
    gr_campaign_new(&restored);
    check(gr_campaign_restore(restored, snapshot) == GR_OK && unchanged(restored, original),
          "restore from a snapshot gives the same campaign");
    char *since = NULL;
    check(gr_campaign_records_since(restored, 0, &since) == GR_OK && strcmp(since, "[]") == 0,
          "a restored campaign holds no records before its snapshot");
    gr_string_free(since);
    check(gr_campaign_restore(restored, snapshot) == GR_CAMPAIGN_ALREADY_OPEN &&
              last_error_is(restored, "CAMPAIGN_ALREADY_OPEN") && unchanged(restored, original),
          "restore into a used handle is refused and changes nothing");

    gr_campaign *broken = NULL;
    gr_campaign_new(&broken);
    size_t half = strlen(snapshot) / 2;
    while (((unsigned char)snapshot[half] & 0xC0) == 0x80) half--; /* cut at a UTF-8 character boundary */
    snapshot[half] = '\0';
    check(gr_campaign_restore(broken, snapshot) == GR_INVALID_SNAPSHOT && gr_campaign_restore(broken, "{}") == GR_INVALID_SNAPSHOT &&
              last_error_is(broken, "INVALID_SNAPSHOT"),
          "a truncated or empty snapshot: GR_INVALID_SNAPSHOT");
    gr_campaign_free(broken);

    /* The restored and the replayed campaign both go on like the original. */
    static const char *const NEXT = ENVELOPE("c-9", OFFICE, "2022-04-15T09:00:00+08:00")
        "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004201\",\"level\":\"village\",\"name\":\"新村\"}}";
    char *a = NULL, *b = NULL, *c = NULL;
    gr_campaign_execute(campaign, NEXT, &a);
    gr_campaign_execute(replayed, NEXT, &b);
    gr_campaign_execute(restored, NEXT, &c);
    check(a != NULL && b != NULL && c != NULL && strcmp(a, b) == 0 && strcmp(a, c) == 0,
          "the original, replayed and restored campaigns record the same next record");
    gr_string_free(a);
    gr_string_free(b);
    gr_string_free(c);

    gr_string_free(snapshot);
    gr_string_free(original);
    gr_string_free(all);
    gr_string_free(hash);
    gr_campaign_free(replayed);
    gr_campaign_free(restored);
}

/* Separate handles on separate threads at once. */
#define THREADS 4
#define ROUNDS 5

typedef struct {
    char *hash; /* the final head's hash, or NULL on a failure */
} worker_result;

static void *worker(void *arg) {
    worker_result *out = arg;
    out->hash = NULL;
    for (int round = 0; round < ROUNDS; round++) {
        gr_campaign *campaign = build_campaign();
        if (campaign == NULL) return NULL;
        char *result = NULL;
        int ok = gr_campaign_query(campaign, HOUSEHOLDS, &result) == GR_OK &&
                 gr_campaign_execute(campaign, OUT_OF_SCOPE, &result) == GR_OUT_OF_SCOPE;
        gr_string_free(result);
        uint64_t seq = 0;
        char *hash = NULL;
        if (ok && gr_campaign_head(campaign, &seq, &hash) == GR_OK) {
            gr_string_free(out->hash);
            out->hash = hash;
        } else {
            gr_string_free(out->hash);
            out->hash = NULL;
            gr_campaign_free(campaign);
            return NULL;
        }
        gr_campaign_free(campaign);
    }
    return NULL;
}

static void test_threads(void) {
    gr_campaign *reference = build_campaign();
    uint64_t seq = 0;
    char *expected = NULL;
    gr_campaign_head(reference, &seq, &expected);
    gr_campaign_free(reference);

    pthread_t threads[THREADS];
    worker_result results[THREADS];
    int started = 1;
    for (int i = 0; i < THREADS; i++) started = started && pthread_create(&threads[i], NULL, worker, &results[i]) == 0;
    int same = started;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        same = same && results[i].hash != NULL && expected != NULL && strcmp(results[i].hash, expected) == 0;
        gr_string_free(results[i].hash);
    }
    check(same, "4 threads, each with its own handles, reach the same head as one thread");
    gr_string_free(expected);
}

/* What a host hits first: JSON lines and single records, releasing what it stored, the reference
 * questionnaire, a byte-order mark, a moment without its offset, a lone surrogate. */
static void test_host_frictions(gr_campaign *campaign) {
    uint64_t seq = 0;
    char *hash = NULL;
    gr_campaign_head(campaign, &seq, &hash);

    char *lines = NULL, *one = NULL, *array = NULL;
    check(gr_campaign_records_since_lines(campaign, 0, &lines) == GR_OK && lines[0] == '{' &&
              lines[strlen(lines) - 1] == '\n',
          "records as JSON lines");
    size_t count = 0;
    for (const char *p = lines; *p; p++) count += *p == '\n';
    check(count == seq, "one line per record");
    check(gr_campaign_record(campaign, 2, &one) == GR_OK && strncmp(lines + (strchr(lines, '\n') - lines) + 1, one, strlen(one)) == 0,
          "gr_campaign_record gives the second line");
    gr_string_free(one);
    char *sentinel_value = NULL;
    char **out = &sentinel_value;
    check(gr_campaign_record(campaign, seq + 1, out) == GR_NOT_FOUND && sentinel_value == NULL &&
              last_error_is(campaign, "NOT_FOUND"),
          "a record beyond the head: GR_NOT_FOUND, output untouched");

    /* Rows stored one by one replay as lines, as the array does. */
    gr_campaign *from_lines = NULL;
    gr_campaign_new(&from_lines);
    check(gr_campaign_replay(from_lines, lines) == GR_OK, "replay from JSON lines");
    uint64_t replayed_seq = 0;
    char *replayed_hash = NULL;
    gr_campaign_head(from_lines, &replayed_seq, &replayed_hash);
    check(replayed_seq == seq && strcmp(replayed_hash, hash) == 0, "JSON lines replay to the same head");
    gr_string_free(replayed_hash);

    /* Releasing what the host stored: the campaign goes on. */
    check(gr_campaign_release_records_through(from_lines, seq) == GR_OK &&
              gr_campaign_release_records_through(NULL, seq) == GR_NULL_ARGUMENT,
          "gr_campaign_release_records_through");
    check(gr_campaign_records_since(from_lines, seq, &array) == GR_OK && strcmp(array, "[]") == 0, "nothing after the head");
    gr_string_free(array);
    gr_campaign_free(from_lines);
    gr_string_free(lines);

    /* The reference questionnaire, as a command sent as it is. */
    char *questionnaire = NULL;
    check(gr_reference_questionnaire(&questionnaire) == GR_OK &&
              contains(questionnaire, "\"type\":\"importQuestionnaire\",\"id\":\"door-knock\"") &&
              gr_reference_questionnaire(NULL) == GR_NULL_ARGUMENT,
          "gr_reference_questionnaire");
    const char *head = ENVELOPE("q-ref", OFFICE, "2022-04-14T12:00:00+08:00") "\"command\":";
    char *envelope = malloc(strlen(head) + strlen(questionnaire) + 2);
    sprintf(envelope, "%s%s}", head, questionnaire);
    char *answer = NULL;
    check(gr_campaign_execute(campaign, envelope, &answer) == GR_OK && contains(answer, "questionnaireRegistered"),
          "the reference questionnaire registers");
    gr_string_free(answer);
    free(envelope);
    gr_string_free(questionnaire);

    /* A byte-order mark is skipped; a moment without its offset and a lone surrogate are named. */
    static const char *const WITH_BOM = "\xEF\xBB\xBF" ENVELOPE("c-bom", OFFICE, "2022-04-14T13:00:00+08:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-bom\",\"address\":\"1号\",\"unit\":\"430171004001\"}}";
    answer = NULL;
    check(gr_campaign_execute(campaign, WITH_BOM, &answer) == GR_OK, "a command with a UTF-8 byte-order mark");
    gr_string_free(answer);
    static const char *const NO_OFFSET = ENVELOPE("c-naive", OFFICE, "2022-04-14T13:00:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-naive\",\"address\":\"1号\",\"unit\":\"430171004001\"}}";
    check(gr_campaign_execute(campaign, NO_OFFSET, &answer) == GR_MALFORMED_INPUT, "a moment without its offset");
    char *error = last_error(campaign);
    check(contains(error, "UTC offset, e.g. 2022-04-13T09:00:00+08:00") && contains(error, "\"field\":\"at\""),
          "the error says how to write the moment");
    gr_string_free(error);
    static const char *const SURROGATE = ENVELOPE("c-sur", OFFICE, "2022-04-14T13:00:00+08:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-sur\",\"address\":\"\\ud800\",\"unit\":\"430171004001\"}}";
    check(gr_campaign_execute(campaign, SURROGATE, &answer) == GR_MALFORMED_INPUT, "a lone surrogate");
    error = last_error(campaign);
    check(contains(error, "lone UTF-16 surrogate"), "the error names the lone surrogate");
    gr_string_free(error);
    gr_string_free(hash);
}

/* Whether the last error on `store` has the code `code` (and a message). */
static int store_last_error_is(const gr_store *store, const char *code) {
    char needle[64];
    snprintf(needle, sizeof needle, "\"code\":\"%s\"", code);
    char *error = NULL;
    if (gr_store_last_error(store, &error) != GR_OK) return 0;
    int ok = contains(error, needle) && contains(error, "\"message\":\"");
    gr_string_free(error);
    return ok;
}

/* Counts the lines of JSON lines text. */
static size_t count_lines(const char *text) {
    size_t n = 0;
    for (const char *p = text; p != NULL && *p != '\0'; p++) n += *p == '\n';
    return n;
}

/* A campaign kept in a SQLite file: created, written, freed, opened again in a new handle. */
static void test_store(void) {
    char dir[] = "/tmp/grassroots-api-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        check(0, "mkdtemp for the store's file");
        return;
    }
    char path[256], junk[256], wal[272], shm[272];
    snprintf(path, sizeof path, "%s/campaign.db", dir);
    snprintf(junk, sizeof junk, "%s/notes.txt", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);

    char sentinel = 0;
    gr_store *unset = (gr_store *)&sentinel;
    gr_store *store = unset;
    char *error = NULL;
    check(gr_store_open(path, NULL, &store, &error) == GR_NOT_A_CAMPAIGN_STORE && store == unset &&
              contains(error, "\"code\":\"NOT_A_CAMPAIGN_STORE\""),
          "gr_store_open without create: GR_NOT_A_CAMPAIGN_STORE, store_out untouched");
    gr_string_free(error);
    error = NULL;
    check(gr_store_open(path, "{\"create\":true,\"snapshotEvry\":5}", &store, &error) == GR_INVALID_FIELD &&
              contains(error, "\"field\":\"snapshotEvry\"") && store == unset,
          "gr_store_open: a misspelt option is GR_INVALID_FIELD naming it");
    gr_string_free(error);
    check(gr_store_open(NULL, NULL, &store, NULL) == GR_NULL_ARGUMENT &&
              gr_store_open(path, NULL, NULL, NULL) == GR_NULL_ARGUMENT && store == unset,
          "gr_store_open: NULL location or store_out");

    /* Created, then written. */
    store = NULL;
    check(gr_store_open(path, "{\"create\":true}", &store, NULL) == GR_OK && store != NULL, "gr_store_open creates");
    if (store == NULL) return;
    error = &sentinel;
    check(gr_store_last_error(store, &error) == GR_OK && error == NULL, "a new store handle has no last error");
    int all_ok = 1;
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        char *result = NULL;
        all_ok &= gr_store_execute(store, COMMANDS[i], &result) == GR_OK && contains(result, "\"retried\":false");
        gr_string_free(result);
    }
    check(all_ok, "gr_store_execute stores every command");
    char *result = &sentinel;
    check(gr_store_execute(store, OUT_OF_SCOPE, &result) == GR_OUT_OF_SCOPE && result == &sentinel &&
              store_last_error_is(store, "OUT_OF_SCOPE"),
          "a refused command: its status, the error on the store handle");
    check(gr_store_execute(NULL, OPEN_CAMPAIGN, &result) == GR_NULL_ARGUMENT &&
              gr_store_execute(store, NULL, &result) == GR_NULL_ARGUMENT && store_last_error_is(store, "NULL_ARGUMENT") &&
              gr_store_execute(store, OPEN_CAMPAIGN, NULL) == GR_NULL_ARGUMENT && result == &sentinel,
          "gr_store_execute: NULL arguments");
    uint64_t seq = 0;
    char *hash = NULL;
    check(gr_store_head(store, &seq, &hash) == GR_OK && seq == 6 && strlen(hash) == 64, "gr_store_head after 6 records");
    gr_store_free(store);

    /* A restart: the same head, retries answered from the store. */
    store = NULL;
    check(gr_store_open(path, NULL, &store, NULL) == GR_OK && store != NULL, "gr_store_open opens it again");
    if (store == NULL) return;
    uint64_t again = 0;
    char *hash_again = NULL;
    check(gr_store_head(store, &again, &hash_again) == GR_OK && again == seq && strcmp(hash, hash_again) == 0,
          "a new handle sees the same head");
    gr_string_free(hash_again);
    result = NULL;
    check(gr_store_execute(store, OPEN_CAMPAIGN, &result) == GR_OK && contains(result, "\"retried\":true"),
          "a retry after the restart: retried:true");
    gr_string_free(result);
    result = NULL;
    check(gr_store_query(store, HOUSEHOLDS, &result) == GR_OK && contains(result, "\"h-4\""), "gr_store_query");
    gr_string_free(result);
    char *lines = NULL;
    check(gr_store_refresh(store) == GR_OK && gr_store_records_since_lines(store, 0, 100, &lines) == GR_OK &&
              count_lines(lines) == 6,
          "gr_store_records_since_lines: one line per stored record");
    gr_campaign *replayed = NULL;
    gr_campaign_new(&replayed);
    uint64_t replayed_seq = 0;
    char *replayed_hash = NULL;
    check(gr_campaign_replay(replayed, lines) == GR_OK && gr_campaign_head(replayed, &replayed_seq, &replayed_hash) == GR_OK &&
              replayed_seq == seq && strcmp(replayed_hash, hash) == 0,
          "the stored lines replay into a gr_campaign to the same head");
    gr_string_free(replayed_hash);
    gr_campaign_free(replayed);
    gr_string_free(lines);
    uint64_t snapshot_seq = 0;
    char *verified = NULL, *status = NULL;
    check(gr_store_snapshot(store, &snapshot_seq) == GR_OK && snapshot_seq == seq &&
              gr_store_verify(store, &verified) == GR_OK && contains(verified, "\"records\":6") &&
              contains(verified, "\"snapshots\":1") && gr_store_status(store, &status) == GR_OK &&
              contains(status, "\"snapshotSeq\":6"),
          "gr_store_snapshot, gr_store_verify and gr_store_status");
    gr_string_free(verified);
    gr_string_free(status);

    /* A batch in one transaction: a refused command in the middle is answered on its line. */
    static const char *const BATCH =
        ENVELOPE("c-b1", OFFICE, "2022-04-14T13:00:00+08:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-b1\",\"unit\":\"430171004001\",\"address\":\"1号\"}}\n"
        "\n" /* skipped */
        ENVELOPE("c-5", VILLAGE, "2022-04-14T12:00:00+08:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-9\",\"unit\":\"430171004001\",\"address\":\"东方红社区9栋901\"}}\n"
        ENVELOPE("c-b2", OFFICE, "2022-04-14T13:00:00+08:00")
        "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-b2\",\"unit\":\"430171004001\",\"address\":\"2号\"}}\n";
    char *answers = NULL;
    uint64_t batch_seq = 0;
    char *batch_hash = NULL;
    check(gr_store_execute_batch(store, BATCH, &answers) == GR_OK && count_lines(answers) == 3 &&
              contains(answers, "\n{\"code\":\"OUT_OF_SCOPE\"") && gr_store_head(store, &batch_seq, &batch_hash) == GR_OK &&
              batch_seq == seq + 2,
          "gr_store_execute_batch: one answer line per command, the refused one its error, the others stored");
    gr_string_free(answers);
    gr_string_free(batch_hash);
    answers = &sentinel;
    check(gr_store_execute_batch(store, BATCH, NULL) == GR_NULL_ARGUMENT &&
              gr_store_execute_batch(store, NULL, &answers) == GR_NULL_ARGUMENT &&
              store_last_error_is(store, "NULL_ARGUMENT") && answers == &sentinel,
          "gr_store_execute_batch: NULL arguments");
    gr_string_free(hash);
    gr_store_free(store);
    gr_store_free(NULL);

    /* A file that is no database. */
    FILE *f = fopen(junk, "w");
    if (f != NULL) {
        for (int i = 0; i < 100; i++) fputs("these are notes, not a database\n", f);
        fclose(f);
    }
    store = unset;
    error = NULL;
    check(gr_store_open(junk, "{\"create\":true}", &store, &error) == GR_NOT_A_CAMPAIGN_STORE && store == unset &&
              contains(error, "\"code\":\"NOT_A_CAMPAIGN_STORE\""),
          "a file that is no database: GR_NOT_A_CAMPAIGN_STORE");
    gr_string_free(error);

    remove(junk);
    remove(wal);
    remove(shm);
    remove(path);
    remove(dir);
}

int main(int argc, char **argv) {
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;

    test_version_and_names();

    gr_campaign *campaign = NULL;
    check(gr_campaign_new(&campaign) == GR_OK && campaign != NULL, "gr_campaign_new");
    if (campaign == NULL) return EXIT_FAILURE;
    char sentinel = 0;
    char *error = &sentinel;
    check(gr_campaign_last_error(campaign, &error) == GR_OK && error == NULL, "a new handle has no last error");
    char *result = &sentinel;
    check(gr_campaign_execute(campaign, REGISTER_COMMUNITY, &result) == GR_CAMPAIGN_NOT_OPEN && result == &sentinel,
          "a command before openCampaign: GR_CAMPAIGN_NOT_OPEN");

    test_happy_path(campaign);
    test_refusals(campaign);
    test_bad_input(campaign);
    test_null_arguments(campaign);
    if (!quick) test_huge_input(campaign);
    test_persistence(campaign);
    test_host_frictions(campaign);
    test_threads();
    test_store();

    gr_campaign_free(campaign);
    printf("api: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
