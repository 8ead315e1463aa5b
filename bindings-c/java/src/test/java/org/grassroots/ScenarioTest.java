package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.grassroots.model.CommandEnvelope;
import org.grassroots.model.ExecuteResult;
import org.grassroots.model.Head;
import org.grassroots.model.QueryAnswer;
import org.grassroots.model.QueryEnvelope;
import org.grassroots.model.Record;
import org.grassroots.model.RowError;

/**
 * Every scenario of tests/scenarios/ (the files the Rust, C and wasm doors run) through the typed API:
 * each step's JSON is read into a CommandEnvelope or QueryEnvelope (and must write back the same JSON),
 * executed or asked, and the typed records and results, written back as JSON, must equal the step's
 * `expect`; the final head must equal `expectHead`. Then the records, read as typed Records and written
 * back, replay into a new Campaign to the same head, and so does a snapshot.
 */
final class ScenarioTest {
    private ScenarioTest() {}

    static void register(Map<String, TestMain.Test> tests, String root) {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(root, "tests", "scenarios"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the scenarios under " + root, e);
        }
        tests.put("scenarios: the files are there", () -> check(files.size() >= 9, "tests/scenarios has " + files.size() + " files"));
        for (Path file : files) {
            tests.put("scenario " + file.getFileName(), () -> run(file));
        }
    }

    static void run(Path file) throws Exception {
        JsonNode scenario = Json.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        int i = 0;
        int untyped = 0;
        try (Campaign campaign = new Campaign()) {
            for (JsonNode step : scenario.get("steps")) {
                String where = file.getFileName() + ", step " + i++;
                JsonNode expected = step.get("expect");
                JsonNode actual;
                if (step.has("execute")) {
                    String json = step.get("execute").toString();
                    CommandEnvelope envelope;
                    try {
                        envelope = Json.fromJson(json, CommandEnvelope.class);
                    } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
                        // A step that tests the refusal of a malformed command: no typed form exists.
                        check(expected.has("error"), where + ": a command the types cannot hold must be refused: " + e);
                        untyped++;
                        actual = rawRefusal(() -> campaign.executeJson(json), expected);
                        checkEquals(normalize(expected), normalize(actual), where);
                        continue;
                    }
                    checkEquals(normalize(step.get("execute")), normalize(reparse(Json.toJson(envelope))),
                            where + ": the typed command writes back the same JSON");
                    actual = refusal(() -> events(campaign.execute(envelope)), expected);
                } else {
                    QueryEnvelope envelope = Json.fromJson(step.get("query").toString(), QueryEnvelope.class);
                    checkEquals(normalize(step.get("query")), normalize(reparse(Json.toJson(envelope))),
                            where + ": the typed query writes back the same JSON");
                    actual = refusal(() -> {
                        QueryAnswer answer = campaign.query(envelope);
                        ObjectNode out = Json.mapper().createObjectNode();
                        out.set("result", reparse(Json.toJson(answer.result())));
                        return out;
                    }, expected);
                }
                checkEquals(normalize(expected), normalize(actual), where);
            }
            Head head = campaign.head();
            JsonNode expectHead = scenario.get("expectHead");
            checkEquals(new Head(expectHead.get("seq").asLong(), expectHead.get("hash").asText()), head, file + ": head");

            // The typed records write back what the library wrote, and replay to the same head.
            String raw = campaign.recordsSinceJson(0);
            List<Record> records = campaign.recordsSince(0);
            checkEquals((long) records.size(), head.seq(), "one record per seq");
            checkEquals(normalize(reparse(raw)), normalize(reparse(Json.toJson(records))), file + ": typed records write back the same JSON");
            try (Campaign replayed = new Campaign()) {
                replayed.replay(records);
                checkEquals(head, replayed.head(), file + ": replayed from typed records");
            }
            try (Campaign restored = new Campaign()) {
                restored.restore(campaign.snapshot());
                checkEquals(head, restored.head(), file + ": restored from a snapshot");
                checkEquals("[]", restored.recordsSinceJson(0), "a restored campaign holds no records before the snapshot");
            }
        }
        if (untyped > 0) {
            System.out.printf("     (%s: %d malformed commands sent as raw JSON)%n", file.getFileName(), untyped);
        }
    }

    interface Step {
        JsonNode run();
    }

    /** What a step gave, in the shape of `expect` ({"events"…}, {"result"…} or {"error"…}). */
    static JsonNode refusal(Step step, JsonNode expected) {
        try {
            return step.run();
        } catch (GrassrootsException e) {
            ObjectNode error = Json.mapper().createObjectNode();
            error.put("code", e.code());
            // Like the other doors' runners: the rule only where the file names one.
            if (e.rule() != null && expected.path("error").has("rule")) {
                error.put("rule", e.rule());
            }
            if (e.field() != null) {
                error.put("field", e.field());
            }
            if (!e.rows().isEmpty()) {
                ArrayNode rows = error.putArray("rows");
                for (RowError row : e.rows()) {
                    ObjectNode r = rows.addObject();
                    r.put("line", row.line());
                    if (row.column() != null) {
                        r.put("column", row.column());
                    }
                    r.put("code", row.code().wire());
                }
            }
            ObjectNode out = Json.mapper().createObjectNode();
            out.set("error", error);
            return out;
        }
    }

    static JsonNode rawRefusal(java.util.function.Supplier<String> raw, JsonNode expected) {
        return refusal(() -> {
            ExecuteResult result = Json.fromJson(raw.get(), ExecuteResult.class);
            return events(result);
        }, expected);
    }

    static JsonNode events(ExecuteResult result) {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode events = out.putArray("events");
        for (Record record : result.records()) {
            events.add(reparse(Json.toJson(record.event())));
        }
        if (result.retried()) {
            out.put("retried", true);
        }
        return out;
    }

    static JsonNode reparse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy without null members (the library may write an absent optional field as null), with numbers
     * compared by value (a step may write 5 where the type is a double, which the typed form writes 5.0).
     */
    static JsonNode normalize(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            return Json.mapper().getNodeFactory().numberNode(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
        }
        if (node.isObject()) {
            ObjectNode out = Json.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), normalize(e.getValue()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.mapper().createArrayNode();
            node.forEach(n -> out.add(normalize(n)));
            return out;
        }
        return node;
    }
}
