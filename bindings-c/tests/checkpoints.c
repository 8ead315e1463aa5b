/*
 * checkpoints.c — a host that signs its log, stores it, and verifies it when it loads it again, for
 * both algorithm families: SM2 over an SM3 chain (GB/T 32918, GB/T 32905) and Ed25519 over a SHA-256
 * chain. The records go through a file, as a host stores them; the checks: the stored log replays
 * with the host's trusted key; an edited record, a key that is not trusted, a dropped tail and an
 * unsigned snapshot are each refused with their status; a signed snapshot restores and continues.
 *
 * Built by scripts/test-c.sh like api.c (static, shared, ASan+UBSan, valgrind).
 * Prints one line per check and "checkpoints: N passed, M failed"; exits non-zero on a failure.
 */
#include "grassroots.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *family, const char *what) {
    if (ok) {
        passed++;
        printf("ok   [%s] %s\n", family, what);
    } else {
        failed++;
        printf("FAIL [%s] %s\n", family, what);
    }
}

#define OFFICE "{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430171004000\"}"
#define ENVELOPE(id, at) "{\"schemaVersion\":1,\"commandId\":\"" id "\",\"actor\":" OFFICE ",\"at\":\"" at "\","

static const char *const CONFIG_HEAD =
    ENVELOPE("c-1", "2022-04-13T09:00:00+08:00")
    "\"command\":{\"type\":\"openCampaign\",\"config\":{"
    "\"title\":\"开展基层党组织整建提质专项行动\",\"theme\":\"强组织、善治理、增活力\","
    "\"city\":{\"code\":\"430100000000\",\"name\":\"长沙市\"},"
    "\"district\":{\"code\":\"430171000000\",\"name\":\"长沙高新区\"},"
    "\"subdistrict\":{\"code\":\"430171004000\",\"name\":\"东方红街道\"},"
    "\"start\":\"2022-04-01\",\"end\":\"2022-11-30\","
    "\"phases\":[{\"phase\":\"survey\",\"start\":\"2022-04-13\",\"due\":\"2022-04-30\"}]";

static const char *const REGISTER_COMMUNITY =
    ENVELOPE("c-2", "2022-04-14T09:00:00+08:00")
    "\"command\":{\"type\":\"registerOrgUnit\",\"code\":\"430171004001\",\"level\":\"community\","
    "\"name\":\"东方红社区\"}}";

static const char *const REGISTER_HOUSEHOLD =
    ENVELOPE("c-3", "2022-04-15T09:00:00+08:00")
    "\"command\":{\"type\":\"registerHousehold\",\"id\":\"h-1\",\"address\":\"东方红社区1栋101\","
    "\"unit\":\"430171004001\"}}";

static const char *const CHECKPOINT =
    "{\"schemaVersion\":1,\"commandId\":\"cp-1\",\"actor\":" OFFICE ",\"at\":\"2022-04-15T18:00:00+08:00\"}";

/* The host's secret keys: in a real host they come from its key store (or an HSM's export), never
 * from the source. */
static const unsigned char SECRET[32] = {
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95,
    0x88, 0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8};
static const unsigned char OTHER_SECRET[32] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                                               7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};

static char *error_code(const gr_campaign *campaign) {
    char *error = NULL;
    if (gr_campaign_last_error(campaign, &error) != GR_OK) return NULL;
    return error;
}

/* Writes `text` to a file and reads it back, as a host's storage would. */
static char *through_file(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) return NULL;
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *back = malloc((size_t)len + 1);
    if (back == NULL || fread(back, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        free(back);
        return NULL;
    }
    back[len] = '\0';
    fclose(f);
    return back;
}

static char *trust_of(const char *algorithm, const unsigned char *secret, const char *key_id) {
    char *public_key = NULL;
    if (gr_public_key(algorithm, secret, 32, &public_key, NULL) != GR_OK) return NULL;
    size_t size = strlen(public_key) + strlen(key_id) + 128;
    char *trust = malloc(size);
    if (trust != NULL) {
        snprintf(trust, size,
                 "{\"keys\":[{\"keyId\":\"%s\",\"algorithm\":\"%s\",\"publicKey\":\"%s\"}],\"requireSignedHead\":true}",
                 key_id, algorithm, public_key);
    }
    gr_string_free(public_key);
    return trust;
}

/* A fresh handle loaded by `load`; its status. */
static gr_status replay(const char *records, const char *trust) {
    gr_campaign *c = NULL;
    gr_campaign_new(&c);
    gr_status status = gr_campaign_replay_trusted(c, records, trust);
    gr_campaign_free(c);
    return status;
}

static void family(const char *log_hash, const char *algorithm) {
    char name[32];
    snprintf(name, sizeof name, "%s/%s", algorithm, log_hash);
    char open[2048];
    snprintf(open, sizeof open, "%s,\"logHash\":\"%s\"}}}", CONFIG_HEAD, log_hash);

    gr_campaign *campaign = NULL;
    gr_campaign_new(&campaign);
    const char *commands[] = {open, REGISTER_COMMUNITY, REGISTER_HOUSEHOLD};
    int accepted = 1;
    for (size_t i = 0; i < 3; i++) {
        char *result = NULL;
        accepted &= gr_campaign_execute(campaign, commands[i], &result) == GR_OK;
        gr_string_free(result);
    }
    check(accepted, name, "the campaign opens with its chain's hash and takes two commands");

    char *result = NULL;
    gr_status signed_status =
        gr_campaign_sign_checkpoint(campaign, CHECKPOINT, algorithm, "office-2022", SECRET, sizeof SECRET, &result);
    check(signed_status == GR_OK && strstr(result, "\"checkpointSigned\"") != NULL, name,
          "gr_campaign_sign_checkpoint records the signature as the log's fourth record");
    gr_string_free(result);

    char *records = NULL;
    gr_campaign_records_since(campaign, 0, &records);
    char *stored = through_file("build-checkpoints.json", records);
    char *trust = trust_of(algorithm, SECRET, "office-2022");
    check(stored != NULL && trust != NULL && replay(stored, trust) == GR_OK, name,
          "the stored log replays with the host's trusted key and a signed head required");

    /* An edited record: 东 → 西 in the community's name (same length). */
    char *edited = malloc(strlen(stored) + 1);
    strcpy(edited, stored);
    char *at = strstr(edited, "东方红社区");
    if (at != NULL) memcpy(at, "西", strlen("西"));
    check(at != NULL && replay(edited, trust) == GR_TAMPERED_LOG, name, "an edited record: GR_TAMPERED_LOG");

    char *other = trust_of(algorithm, OTHER_SECRET, "office-2022");
    check(replay(stored, other) == GR_UNTRUSTED_LOG, name, "a key the host does not trust: GR_UNTRUSTED_LOG");

    /* The tail dropped: the last record (the checkpoint) cut off. */
    char *dropped = malloc(strlen(stored) + 1);
    strcpy(dropped, stored);
    char *last = NULL;
    for (char *p = strstr(dropped, ",{\"actor\""); p != NULL; p = strstr(p + 1, ",{\"actor\"")) last = p;
    if (last != NULL) strcpy(last, "]");
    check(last != NULL && replay(dropped, trust) == GR_UNTRUSTED_LOG, name,
          "a log that no longer ends at its checkpoint: GR_UNTRUSTED_LOG");

    /* Snapshots: a signed one restores with trust and continues; an unsigned one is refused. */
    char *snapshot = NULL;
    check(gr_campaign_snapshot_signed(campaign, algorithm, "office-2022", SECRET, sizeof SECRET, &snapshot) == GR_OK,
          name, "gr_campaign_snapshot_signed");
    gr_campaign *restored = NULL;
    gr_campaign_new(&restored);
    check(gr_campaign_restore_trusted(restored, snapshot, trust) == GR_OK, name, "a signed snapshot restores");
    char *unsigned_snapshot = NULL;
    gr_campaign_snapshot(campaign, &unsigned_snapshot);
    gr_campaign *refused = NULL;
    gr_campaign_new(&refused);
    check(gr_campaign_restore_trusted(refused, unsigned_snapshot, trust) == GR_UNTRUSTED_LOG, name,
          "an unsigned snapshot when a signed head is required: GR_UNTRUSTED_LOG");
    char *error = error_code(refused);
    check(error != NULL && strstr(error, "\"UNTRUSTED_LOG\"") != NULL, name, "the error JSON names UNTRUSTED_LOG");
    gr_string_free(error);

    check(gr_campaign_sign_checkpoint(campaign, CHECKPOINT, algorithm, "office-2022", SECRET, 31, &result) ==
              GR_INVALID_FIELD,
          name, "a 31-byte key: GR_INVALID_FIELD");

    gr_string_free(unsigned_snapshot);
    gr_string_free(snapshot);
    gr_campaign_free(refused);
    gr_campaign_free(restored);
    free(dropped);
    free(edited);
    free(other);
    free(trust);
    free(stored);
    gr_string_free(records);
    gr_campaign_free(campaign);
}

int main(void) {
    family("sm3", "sm2");
    family("sha256", "ed25519");
    char *public_key = NULL;
    check(gr_public_key("rsa", SECRET, 32, &public_key, NULL) == GR_INVALID_FIELD && public_key == NULL, "-",
          "gr_public_key refuses an unknown algorithm");
    remove("build-checkpoints.json");
    printf("checkpoints: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
