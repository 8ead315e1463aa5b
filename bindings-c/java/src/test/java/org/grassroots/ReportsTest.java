package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.grassroots.model.CampaignRollup;

/**
 * Reports and roll-ups through the Java door (issue #18): the whole-plan scenario played into two
 * campaigns, the second moved to another sub-district code (430104101000); a report's header traces it
 * to the log; the two roll-ups merge in either order to the same city figures, the sum of the two; a
 * sub-district merged twice is refused.
 */
final class ReportsTest {
    private ReportsTest() {}

    static final String AT = "2022-11-30T18:00:00+08:00";

    static void register(Map<String, TestMain.Test> tests, String root) {
        tests.put("reports: a report's header traces it to the log", () -> header(root));
        tests.put("roll-ups: two sub-districts merge in any order; one twice is refused", () -> rollUp(root));
    }

    /** The scenario's campaign, its sub-district's codes moved from 430104017 to `prefix`. */
    static Campaign played(String root, String prefix) throws Exception {
        String text = Files.readString(Path.of(root, "tests", "scenarios", "08-campaign-2022.json"), StandardCharsets.UTF_8);
        JsonNode scenario = Json.mapper().readTree(text.replace("430104017", prefix));
        Campaign campaign = new Campaign();
        for (JsonNode step : scenario.get("steps")) {
            if (step.has("execute")) {
                try {
                    campaign.executeJson(step.get("execute").toString());
                } catch (GrassrootsException refused) {
                    // the scenario's refused steps are expected
                }
            }
        }
        return campaign;
    }

    static String ask(Campaign campaign, String prefix, String query) {
        String actor = "{\"id\":\"ldxz-office\",\"role\":\"administrator\",\"scope\":\"" + prefix + "000\"}";
        return campaign.queryJson("{\"schemaVersion\":1,\"actor\":" + actor + ",\"query\":" + query + "}");
    }

    static void header(String root) throws Exception {
        try (Campaign campaign = played(root, "430104017")) {
            JsonNode r = Json.mapper().readTree(ask(campaign, "430104017",
                    "{\"type\":\"report\",\"report\":\"acceptance\",\"at\":\"" + AT + "\",\"language\":\"en\"}")).get("result");
            checkEquals(campaign.head().seq(), r.get("header").get("head").get("seq").asLong(), "the report's seq");
            checkEquals(campaign.head().hash(), r.get("header").get("head").get("hash").asText(), "the report's hash");
            check(r.get("rendered").asText().startsWith("# Acceptance results\n"), r.get("rendered").asText());
        }
    }

    static CampaignRollup rollupOf(Campaign campaign, String prefix) throws Exception {
        JsonNode r = Json.mapper().readTree(ask(campaign, prefix, "{\"type\":\"rollup\",\"at\":\"" + AT + "\"}")).get("result");
        return Json.fromJson(r.get("summary").toString(), CampaignRollup.class);
    }

    static void rollUp(String root) throws Exception {
        try (Campaign a = played(root, "430104017"); Campaign b = played(root, "430104101")) {
            CampaignRollup ra = rollupOf(a, "430104017");
            CampaignRollup rb = rollupOf(b, "430104101");
            CampaignRollup ab = Campaign.rollUp(List.of(ra, rb));
            CampaignRollup ba = Campaign.rollUp(List.of(rb, ra));
            checkEquals(Json.toJson(ab), Json.toJson(ba), "either order");
            checkEquals(2, ab.subdistricts().size(), "two sub-districts");
            long households = ra.coverage().households();
            check(households > 0, "households in the scenario");
            checkEquals(2 * households, ab.coverage().households(), "the city's households: the sum");
            try {
                Campaign.rollUp(List.of(ra, rb, ra));
                check(false, "a sub-district merged twice is refused");
            } catch (GrassrootsException e) {
                checkEquals("INVALID_FIELD", e.code(), "its code");
                check(e.field().startsWith("summaries[2].subdistricts"), "names the element: " + e.field());
            }
        }
    }
}
