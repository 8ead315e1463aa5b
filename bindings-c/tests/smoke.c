/*
 * smoke.c — the C door end to end: version, a campaign, commands, a query, errors, NULLs, frees.
 *
 * Built by scripts/test-c.sh with -std=c11 -Wall -Wextra -Wpedantic -Werror against the committed
 * include/grassroots.h, linked static and shared, run under ASan/UBSan and under valgrind.
 * Prints one line per check and a final "smoke: N passed, M failed"; exits non-zero on a failure.
 */
#include "grassroots.h"

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
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

#define OFFICE "{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430171004000\"}"
#define VILLAGE "{\"id\":\"village\",\"role\":\"administrator\",\"scope\":\"430171004201\"}"

static const char *const OPEN_CAMPAIGN =
    "{\"schemaVersion\":1,\"commandId\":\"c-1\",\"actor\":" OFFICE ",\"at\":\"2022-04-13T09:00:00+08:00\","
    "\"command\":{\"type\":\"openCampaign\",\"config\":{"
    "\"title\":\"开展基层党组织整建提质专项行动\",\"theme\":\"强组织、善治理、增活力\","
    "\"city\":{\"code\":\"430100000000\",\"name\":\"长沙市\"},"
    "\"district\":{\"code\":\"430171000000\",\"name\":\"长沙高新区\"},"
    "\"subdistrict\":{\"code\":\"430171004000\",\"name\":\"东方红街道\"},"
    "\"start\":\"2022-04-01\",\"end\":\"2022-11-30\","
    "\"phases\":[{\"phase\":\"survey\",\"start\":\"2022-04-13\",\"due\":\"2022-04-30\"}]}}}";

static const char *const REGISTER_COMMUNITY =
    "{\"schemaVersion\":1,\"commandId\":\"c-2\",\"actor\":" OFFICE ",\"at\":\"2022-04-14T09:00:00+08:00\","
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004001\",\"level\":\"community\","
    "\"name\":\"东方红社区\"}}";

/* A village's actor may not register a unit in another community. */
static const char *const OUT_OF_SCOPE =
    "{\"schemaVersion\":1,\"commandId\":\"c-3\",\"actor\":" VILLAGE ",\"at\":\"2022-04-14T10:00:00+08:00\","
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004002\",\"level\":\"community\","
    "\"name\":\"麓谷社区\"}}";

static const char *const HEAD = "{\"schemaVersion\":1,\"actor\":" OFFICE ",\"query\":{\"type\":\"head\"}}";

int main(void) {
    /* 1. The header and the library are the same version. */
    check(gr_version() != NULL && strcmp(gr_version(), GR_VERSION) == 0, "gr_version() equals GR_VERSION");

    /* 2. A campaign. */
    gr_campaign *campaign = NULL;
    check(gr_campaign_new(&campaign) == GR_OK && campaign != NULL, "gr_campaign_new");
    if (campaign == NULL) {
        printf("smoke: %d passed, %d failed\n", passed, failed + 1);
        return EXIT_FAILURE;
    }

    /* 3. Open it. */
    char *result = NULL;
    gr_status status = gr_campaign_execute(campaign, OPEN_CAMPAIGN, &result);
    check(status == GR_OK && contains(result, "\"type\":\"campaignOpened\""), "execute openCampaign");
    gr_string_free(result);

    /* 4. Register a community. */
    result = NULL;
    status = gr_campaign_execute(campaign, REGISTER_COMMUNITY, &result);
    check(status == GR_OK && contains(result, "\"type\":\"orgUnitRegistered\""), "execute registerOrgUnit");
    gr_string_free(result);

    /* 5. The head is at seq 2. */
    result = NULL;
    status = gr_campaign_query(campaign, HEAD, &result);
    check(status == GR_OK && contains(result, "\"seq\":2"), "query head");
    gr_string_free(result);

    /* 6. Out of scope: the status is the core's code, the output is untouched, the error JSON says why. */
    char sentinel = 0;
    result = &sentinel;
    status = gr_campaign_execute(campaign, OUT_OF_SCOPE, &result);
    char *error = NULL;
    gr_status error_status = gr_campaign_last_error(campaign, &error);
    check(status == GR_OUT_OF_SCOPE && status == 10 && result == &sentinel && error_status == GR_OK &&
              contains(error, "\"code\":\"OUT_OF_SCOPE\"") && contains(error, "\"message\":\""),
          "out of scope: GR_OUT_OF_SCOPE and its error JSON");
    gr_string_free(error);

    /* 7. NULL arguments are answered, not crashed on. */
    result = &sentinel;
    check(gr_campaign_execute(NULL, HEAD, &result) == GR_NULL_ARGUMENT &&
              gr_campaign_execute(campaign, NULL, &result) == GR_NULL_ARGUMENT &&
              gr_campaign_execute(campaign, OPEN_CAMPAIGN, NULL) == GR_NULL_ARGUMENT &&
              gr_campaign_query(NULL, HEAD, &result) == GR_NULL_ARGUMENT &&
              gr_campaign_query(campaign, NULL, &result) == GR_NULL_ARGUMENT &&
              gr_campaign_last_error(NULL, &error) == GR_NULL_ARGUMENT &&
              gr_campaign_last_error(campaign, NULL) == GR_NULL_ARGUMENT && gr_campaign_new(NULL) == GR_NULL_ARGUMENT &&
              result == &sentinel,
          "NULL arguments give GR_NULL_ARGUMENT");

    /* 8. Bad input: invalid UTF-8 and malformed JSON, and the campaign still works afterwards. */
    static const char bad_utf8[] = {'{', (char)0xff, '}', 0};
    int bad_ok = gr_campaign_query(campaign, bad_utf8, &result) == GR_INVALID_UTF8 &&
                 gr_campaign_execute(campaign, "{not json", &result) == GR_MALFORMED_INPUT && result == &sentinel;
    error = NULL;
    bad_ok = bad_ok && gr_campaign_last_error(campaign, &error) == GR_OK && contains(error, "MALFORMED_INPUT");
    gr_string_free(error);
    result = NULL;
    bad_ok = bad_ok && gr_campaign_query(campaign, HEAD, &result) == GR_OK && contains(result, "\"seq\":2");
    gr_string_free(result);
    check(bad_ok, "bad input gives GR_INVALID_UTF8 / GR_MALFORMED_INPUT and changes nothing");

    /* 9. Freeing NULL does nothing; everything else is freed once. */
    gr_string_free(NULL);
    gr_campaign_free(NULL);
    gr_campaign_free(campaign);
    check(1, "free(NULL) is a no-op; campaign freed");

    printf("smoke: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
