/*
 * store.c — a campaign kept in a SQLite file through the C door: no SQL in the host.
 *
 *   cc store.c $(pkg-config --cflags --libs grassroots) -o store && ./store [LOCATION]
 *
 * LOCATION is a SQLite file (default: grassroots-example-c.db in the temporary folder) or a
 * PostgreSQL connection string (`host=/run/postgresql dbname=grassroots`, `postgres://…`). The
 * example opens (creating) the store, executes two commands, frees the handle, opens the store again
 * as a restarted host would, and shows that the campaign is where it was: the same head, a retried
 * command answered from the store, a query over what was stored.
 */
#include <grassroots.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFICE "{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430171004000\"}"

static const char *const OPEN_CAMPAIGN =
    "{\"schemaVersion\":1,\"commandId\":\"c-1\",\"at\":\"2022-04-13T09:00:00+08:00\",\"actor\":" OFFICE ","
    "\"command\":{\"type\":\"openCampaign\",\"config\":{"
    "\"title\":\"开展基层党组织整建提质专项行动\",\"theme\":\"强组织、善治理、增活力\","
    "\"city\":{\"code\":\"430100000000\",\"name\":\"长沙市\"},"
    "\"district\":{\"code\":\"430171000000\",\"name\":\"长沙高新区\"},"
    "\"subdistrict\":{\"code\":\"430171004000\",\"name\":\"东方红街道\"},"
    "\"start\":\"2022-04-01\",\"end\":\"2022-11-30\","
    "\"phases\":[{\"phase\":\"survey\",\"start\":\"2022-04-13\",\"due\":\"2022-04-30\"}]}}}";

static const char *const REGISTER_COMMUNITY =
    "{\"schemaVersion\":1,\"commandId\":\"c-2\",\"at\":\"2022-04-14T09:00:00+08:00\",\"actor\":" OFFICE ","
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004001\",\"level\":\"community\","
    "\"name\":\"东方红社区\"}}";

static const char *const UNITS =
    "{\"schemaVersion\":1,\"actor\":" OFFICE ",\"query\":{\"type\":\"orgUnits\"}}";

/* Prints why a call on `store` failed (its error JSON) and answers 1. */
static int report(const gr_store *store, const char *what, gr_status status) {
    char *error = NULL; /* {"code":"…","message":"…",…}; freed with gr_string_free */
    gr_store_last_error(store, &error);
    fprintf(stderr, "%s: %s: %s\n", what, gr_status_name(status), error ? error : "(no detail)");
    gr_string_free(error);
    return 1;
}

/* Executes one command and prints whether it was stored or answered as a retry. */
static int execute(gr_store *store, const char *command) {
    char *answer = NULL; /* written only on GR_OK */
    gr_status status = gr_store_execute(store, command, &answer);
    if (status != GR_OK) return report(store, "execute", status);
    printf("  %s\n", strstr(answer, "\"retried\":true") ? "answered from the store (a retry)" : "stored");
    gr_string_free(answer);
    return 0;
}

/* Opens the store; on a failure prints the error that gr_store_open wrote. */
static gr_store *open_store(const char *location, const char *options) {
    gr_store *store = NULL;
    char *error = NULL;
    gr_status status = gr_store_open(location, options, &store, &error);
    if (status != GR_OK) {
        fprintf(stderr, "open %s: %s: %s\n", location, gr_status_name(status), error ? error : "(no detail)");
        gr_string_free(error);
        return NULL;
    }
    return store;
}

int main(int argc, char **argv) {
    char location[1024];
    if (argc > 1) {
        snprintf(location, sizeof location, "%s", argv[1]);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(location, sizeof location, "%s/grassroots-example-c.db", tmp && *tmp ? tmp : "/tmp");
    }

    /* A host's first start: the store is created when there is none. */
    gr_store *store = open_store(location, "{\"create\":true,\"campaign\":\"main\"}");
    if (store == NULL) return 1;
    printf("opened %s\n", location);
    int failed = execute(store, OPEN_CAMPAIGN) || execute(store, REGISTER_COMMUNITY);
    uint64_t seq = 0;
    char *hash = NULL;
    if (!failed && gr_store_head(store, &seq, &hash) != GR_OK) failed = 1;
    gr_store_free(store); /* everything executed is already stored */
    if (failed) return 1;
    printf("head: seq %llu, hash %.16s…\n", (unsigned long long)seq, hash);

    /* A restart: open the same store (without create, so a mistyped location is an error). */
    store = open_store(location, NULL);
    if (store == NULL) return 1;
    uint64_t seq_again = 0;
    char *hash_again = NULL;
    gr_store_head(store, &seq_again, &hash_again);
    printf("reopened: seq %llu, %s\n", (unsigned long long)seq_again,
           seq_again == seq && strcmp(hash, hash_again) == 0 ? "the same head" : "ANOTHER HEAD");
    failed = seq_again != seq || strcmp(hash, hash_again) != 0;
    gr_string_free(hash);
    gr_string_free(hash_again);

    /* A phone that sends c-2 again gets the stored answer; nothing is stored twice. */
    failed |= execute(store, REGISTER_COMMUNITY);
    char *units = NULL;
    gr_status status = gr_store_query(store, UNITS, &units);
    if (status == GR_OK) {
        printf("units: %s\n", strstr(units, "东方红社区") ? "东方红社区 is there" : units);
        gr_string_free(units);
    } else {
        failed |= report(store, "query", status);
    }
    gr_store_free(store);
    return failed;
}
