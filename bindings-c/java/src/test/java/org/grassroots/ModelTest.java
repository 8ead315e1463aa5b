package org.grassroots;

import static org.grassroots.TestMain.check;
import static org.grassroots.TestMain.checkEquals;
import static org.grassroots.TestMain.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.Map;
import org.grassroots.model.AccountabilityCase;
import org.grassroots.model.Actor;
import org.grassroots.model.Command;
import org.grassroots.model.CommandEnvelope;
import org.grassroots.model.CsvTable;
import org.grassroots.model.Event;
import org.grassroots.model.Head;
import org.grassroots.model.Query;
import org.grassroots.model.QueryAnswer;
import org.grassroots.model.QueryResult;
import org.grassroots.model.Role;

/** The generated types against Jackson alone (no library): names, tags, enums, absent fields, strictness. */
final class ModelTest {
    private ModelTest() {}

    static void register(Map<String, TestMain.Test> tests) {
        tests.put("model: a command envelope writes the wire form", ModelTest::envelopeWritesTheWireForm);
        tests.put("model: enums use the wire values", ModelTest::enumsUseWireValues);
        tests.put("model: a query with no field is just its tag", ModelTest::emptyQuery);
        tests.put("model: Java keywords are renamed, not their JSON", ModelTest::keywordsRenamed);
        tests.put("model: required fields are checked", ModelTest::requiredChecked);
        tests.put("model: unknown properties and tags are errors", ModelTest::strict);
        tests.put("model: a query result reads into its nested record", ModelTest::queryResultReads);
    }

    static final Actor OFFICE = new Actor("office", Role.ADMINISTRATOR, "430171004000");

    static JsonNode tree(String json) throws Exception {
        return Json.mapper().readTree(json);
    }

    static void envelopeWritesTheWireForm() throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(1, "c-1", OFFICE, "2022-04-13T09:00:00+08:00",
                new Command.RegisterHousehold("h-1", "东方红社区1栋101", "430171004001"));
        checkEquals(tree("""
                {"schemaVersion":1,"commandId":"c-1","at":"2022-04-13T09:00:00+08:00",
                 "actor":{"id":"office","role":"administrator","scope":"430171004000"},
                 "command":{"type":"registerHousehold","id":"h-1","address":"东方红社区1栋101","unit":"430171004001"}}"""),
                tree(Json.toJson(envelope)), "absent optional fields (building, location, expectedSeq) are left out");
        checkEquals(envelope, Json.fromJson(Json.toJson(envelope), CommandEnvelope.class), "read back");
    }

    static void enumsUseWireValues() throws Exception {
        checkEquals("\"gridWorker\"", Json.toJson(Role.GRID_WORKER), "Role.GRID_WORKER");
        checkEquals(Role.DISCIPLINE_COMMITTEE, Json.fromJson("\"disciplineCommittee\"", Role.class), "disciplineCommittee");
        checkEquals("households", CsvTable.HOUSEHOLDS.wire(), "wire()");
        expectThrows(UncheckedIOException.class, () -> Json.fromJson("\"GRID_WORKER\"", Role.class), "the Java name is not a wire value");
    }

    static void emptyQuery() throws Exception {
        checkEquals(tree("{\"type\":\"head\"}"), tree(Json.toJson(new Query.Head())), "Query.Head");
        check(Json.fromJson("{\"type\":\"head\"}", Query.class) instanceof Query.Head, "reads back as Query.Head");
    }

    static void keywordsRenamed() throws Exception {
        AccountabilityCase c = Json.fromJson("""
                {"id":"case-1","organizations":["po-1"],"persons":["p-1"],"facts":"…"}""", AccountabilityCase.class);
        String json = Json.toJson(new Command.OpenAccountabilityCase(c));
        check(tree(json).has("case"), "OpenAccountabilityCase.case_ is written as \"case\": " + json);
        Command back = Json.fromJson(json, Command.class);
        checkEquals(c, ((Command.OpenAccountabilityCase) back).case_(), "and read back");
    }

    static void requiredChecked() {
        NullPointerException e = expectThrows(NullPointerException.class,
                () -> new Command.RegisterHousehold(null, "addr", "430171004001"), "a null id");
        checkEquals("Command.RegisterHousehold.id is required", e.getMessage(), "the message names the field");
        expectThrows(UncheckedIOException.class,
                () -> Json.fromJson("{\"type\":\"registerHousehold\",\"id\":\"h-1\"}", Command.class), "missing address");
    }

    static void strict() {
        expectThrows(UncheckedIOException.class,
                () -> Json.fromJson("{\"type\":\"head\",\"extra\":1}", Query.class), "an unknown property");
        expectThrows(UncheckedIOException.class,
                () -> Json.fromJson("{\"type\":\"noSuchQuery\"}", Query.class), "an unknown tag");
        expectThrows(UncheckedIOException.class,
                () -> Json.fromJson("{\"type\":\"campaignOpened\"}", Event.class), "a missing required field");
    }

    static void queryResultReads() {
        QueryAnswer answer = Json.fromJson("""
                {"schemaVersion":1,"result":{"type":"head","head":{"seq":3,"hash":"ab"}}}""", QueryAnswer.class);
        checkEquals(new QueryResult.Head(new Head(3, "ab")), answer.result(), "QueryResult.Head");
    }
}
