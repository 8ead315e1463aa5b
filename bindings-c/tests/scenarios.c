/*
 * scenarios.c — the C runner of the shared scenario files (every .json file of tests/scenarios/), the same files
 * the Rust runner (core/tests/scenarios.rs) and the JS runner run, through libgrassroots.
 *
 * For each file: a new campaign; each step's `execute` or `query` goes through gr_campaign_execute /
 * gr_campaign_query, and what it gives — the events of its records (and `retried`), the error's
 * code, field and rows, or the query's result — must equal the step's `expect`; the final head must
 * equal `expectHead` (seq and hash). Then the log is read with gr_campaign_records_since and
 * replayed into a new handle, and a snapshot restored into another: both must be the same campaign.
 *
 * Usage: scenarios FILE.json...   Uses cJSON (libcjson-dev) to read the files and compare values.
 */
#include "grassroots.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int steps_passed = 0;
static int failures = 0;

static void fail(const char *file, const char *what, const cJSON *expected, const cJSON *actual) {
    failures++;
    char *e = expected ? cJSON_PrintUnformatted(expected) : NULL;
    char *a = actual ? cJSON_PrintUnformatted(actual) : NULL;
    printf("FAIL %s: %s\n  expected: %s\n  actual:   %s\n", file, what, e ? e : "(none)", a ? a : "(none)");
    cJSON_free(e);
    cJSON_free(a);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (text != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    if (text != NULL) text[size] = '\0';
    fclose(f);
    return text;
}

/* {"error":{"code":…, "rule"?:…, "field"?:…, "rows"?:[{line, column?, code}]}} from the handle's last
 * error; its rule when `expected` names one (files written before refusals named their rules do not). */
static cJSON *error_expectation(const gr_campaign *campaign, const cJSON *expected) {
    char *json = NULL;
    if (gr_campaign_last_error(campaign, &json) != GR_OK || json == NULL) return NULL;
    cJSON *error = cJSON_Parse(json);
    gr_string_free(json);
    if (error == NULL) return NULL;

    cJSON *out = cJSON_CreateObject();
    cJSON *shape = cJSON_AddObjectToObject(out, "error");
    cJSON_AddItemToObject(shape, "code", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(error, "code"), 1));
    cJSON *rule = cJSON_GetObjectItemCaseSensitive(error, "rule");
    const cJSON *expected_error = cJSON_GetObjectItemCaseSensitive(expected, "error");
    if (rule != NULL && cJSON_GetObjectItemCaseSensitive(expected_error, "rule") != NULL) {
        cJSON_AddItemToObject(shape, "rule", cJSON_Duplicate(rule, 1));
    }
    cJSON *field = cJSON_GetObjectItemCaseSensitive(error, "field");
    if (field != NULL) cJSON_AddItemToObject(shape, "field", cJSON_Duplicate(field, 1));
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(error, "rows");
    if (cJSON_GetArraySize(rows) > 0) {
        cJSON *list = cJSON_AddArrayToObject(shape, "rows");
        const cJSON *row = NULL;
        cJSON_ArrayForEach(row, rows) {
            cJSON *r = cJSON_CreateObject();
            cJSON_AddItemToObject(r, "line", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(row, "line"), 1));
            cJSON *column = cJSON_GetObjectItemCaseSensitive(row, "column");
            if (column != NULL) cJSON_AddItemToObject(r, "column", cJSON_Duplicate(column, 1));
            cJSON_AddItemToObject(r, "code", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(row, "code"), 1));
            cJSON_AddItemToArray(list, r);
        }
    }
    cJSON_Delete(error);
    return out;
}

/* What a step gave, in the shape of its `expect`. */
static cJSON *run_step(gr_campaign *campaign, const cJSON *step) {
    const cJSON *command = cJSON_GetObjectItemCaseSensitive(step, "execute");
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(step, "query");
    char *input = cJSON_PrintUnformatted(command != NULL ? command : query);
    if (input == NULL) return NULL;
    char *answer = NULL;
    gr_status status = command != NULL ? gr_campaign_execute(campaign, input, &answer)
                                       : gr_campaign_query(campaign, input, &answer);
    cJSON_free(input);
    if (status != GR_OK) return error_expectation(campaign, cJSON_GetObjectItemCaseSensitive(step, "expect"));

    cJSON *parsed = cJSON_Parse(answer);
    gr_string_free(answer);
    if (parsed == NULL) return NULL;
    cJSON *out = cJSON_CreateObject();
    if (command != NULL) {
        cJSON *events = cJSON_AddArrayToObject(out, "events");
        const cJSON *record = NULL;
        cJSON_ArrayForEach(record, cJSON_GetObjectItemCaseSensitive(parsed, "records")) {
            cJSON_AddItemToArray(events, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(record, "event"), 1));
        }
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(parsed, "retried"))) cJSON_AddTrueToObject(out, "retried");
    } else {
        cJSON_AddItemToObject(out, "result", cJSON_DetachItemFromObjectCaseSensitive(parsed, "result"));
    }
    cJSON_Delete(parsed);
    return out;
}

static char *snapshot_of(const gr_campaign *campaign) {
    char *snapshot = NULL;
    return gr_campaign_snapshot(campaign, &snapshot) == GR_OK ? snapshot : NULL;
}

static void run_file(const char *path) {
    char *text = read_file(path);
    cJSON *scenario = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (scenario == NULL) {
        fail(path, "cannot read the scenario file", NULL, NULL);
        return;
    }
    int failures_before = failures;
    gr_campaign *campaign = NULL;
    gr_campaign_new(&campaign);

    int index = 0;
    const cJSON *step = NULL;
    cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(scenario, "steps")) {
        cJSON *actual = run_step(campaign, step);
        const cJSON *expected = cJSON_GetObjectItemCaseSensitive(step, "expect");
        if (actual != NULL && cJSON_Compare(actual, expected, 1)) {
            steps_passed++;
        } else {
            char what[64];
            snprintf(what, sizeof what, "step %d", index);
            fail(path, what, expected, actual);
        }
        cJSON_Delete(actual);
        index++;
    }

    /* The final head: the hashes of every door must agree. */
    uint64_t seq = 0;
    char *hash = NULL;
    gr_campaign_head(campaign, &seq, &hash);
    cJSON *head = cJSON_CreateObject();
    cJSON_AddNumberToObject(head, "seq", (double)seq);
    cJSON_AddStringToObject(head, "hash", hash ? hash : "");
    gr_string_free(hash);
    const cJSON *expected_head = cJSON_GetObjectItemCaseSensitive(scenario, "expectHead");
    if (!cJSON_Compare(head, expected_head, 1)) fail(path, "head", expected_head, head);
    cJSON_Delete(head);

    /* Replaying the log and restoring a snapshot give the same campaign. */
    char *snapshot = snapshot_of(campaign);
    char *records = NULL;
    gr_campaign *replayed = NULL, *restored = NULL;
    gr_campaign_new(&replayed);
    gr_campaign_new(&restored);
    int replay_ok = gr_campaign_records_since(campaign, 0, &records) == GR_OK &&
                    gr_campaign_replay(replayed, records) == GR_OK;
    char *replayed_snapshot = replay_ok ? snapshot_of(replayed) : NULL;
    if (snapshot == NULL || replayed_snapshot == NULL || strcmp(snapshot, replayed_snapshot) != 0) {
        fail(path, "replay of the records differs", NULL, NULL);
    }
    int restore_ok = snapshot != NULL && gr_campaign_restore(restored, snapshot) == GR_OK;
    char *restored_snapshot = restore_ok ? snapshot_of(restored) : NULL;
    if (restored_snapshot == NULL || strcmp(snapshot, restored_snapshot) != 0) {
        fail(path, "restore of the snapshot differs", NULL, NULL);
    }
    printf("%s %s: %d steps, the final head, replay and restore\n", failures == failures_before ? "ok  " : "FAIL", path,
           index);

    gr_string_free(records);
    gr_string_free(snapshot);
    gr_string_free(replayed_snapshot);
    gr_string_free(restored_snapshot);
    gr_campaign_free(replayed);
    gr_campaign_free(restored);
    gr_campaign_free(campaign);
    cJSON_Delete(scenario);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENARIO.json...\n", argv[0]);
        return EXIT_FAILURE;
    }
    for (int i = 1; i < argc; i++) run_file(argv[i]);
    printf("scenarios: %d files, %d steps passed, %d failures\n", argc - 1, steps_passed, failures);
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
