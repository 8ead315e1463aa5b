#include <grassroots.h>
#include <stdio.h>

int main(void) {
    const char *open_campaign =
        "{\"schemaVersion\":1,\"commandId\":\"c-1\",\"at\":\"2022-04-13T09:00:00+08:00\","
        "\"actor\":{\"id\":\"office\",\"role\":\"administrator\",\"scope\":\"430171004000\"},"
        "\"command\":{\"type\":\"openCampaign\",\"config\":{"
        "\"title\":\"开展基层党组织整建提质专项行动\",\"theme\":\"强组织、善治理、增活力\","
        "\"city\":{\"code\":\"430100000000\",\"name\":\"长沙市\"},"
        "\"district\":{\"code\":\"430171000000\",\"name\":\"长沙高新区\"},"
        "\"subdistrict\":{\"code\":\"430171004000\",\"name\":\"东方红街道\"},"
        "\"start\":\"2022-04-01\",\"end\":\"2022-11-30\","
        "\"phases\":[{\"phase\":\"survey\",\"start\":\"2022-04-13\",\"due\":\"2022-04-30\"}]}}}";

    gr_campaign *campaign = NULL;
    if (gr_campaign_new(&campaign) != GR_OK) return 1;

    char *answer = NULL; /* written only on GR_OK; freed with gr_string_free, never free() */
    gr_status status = gr_campaign_execute(campaign, open_campaign, &answer);
    if (status == GR_OK) {
        printf("recorded: %s\n", answer);
        gr_string_free(answer);
    } else {
        char *error = NULL; /* {"code":"…","message":"…","field":…} */
        gr_campaign_last_error(campaign, &error);
        fprintf(stderr, "refused (%s): %s\n", gr_status_name(status), error);
        gr_string_free(error);
    }
    gr_campaign_free(campaign);
    return status == GR_OK ? 0 : 1;
}
