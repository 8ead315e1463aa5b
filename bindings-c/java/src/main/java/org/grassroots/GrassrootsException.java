package org.grassroots;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.grassroots.model.ErrorCode;
import org.grassroots.model.RowError;

/**
 * A call the library refused: a command or query refused by the core, a log or snapshot that does not
 * load, a store that cannot be opened, read or written, or a failure of the C door itself. Nothing
 * changed. Match on {@link #code()} (and {@link #rule()} for {@code RULE_VIOLATED} and
 * {@code INVALID_TRANSITION}), never on the message.
 */
public final class GrassrootsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The gr_status. */
    private final int status;
    /** The stable code. */
    private final String code;
    /** The offending field, or null. */
    private final String field;
    /** The rule that refused, or null. */
    private final String rule;
    /** The offending record's seq, or null. */
    private final Long seq;
    private final transient List<RowError> rows;
    /** The error JSON, or null. */
    private final String errorJson;

    GrassrootsException(int status, String statusName, String errorJson) {
        this(status, statusName, errorJson, parse(errorJson));
    }

    private GrassrootsException(int status, String statusName, String errorJson, JsonNode error) {
        super(describe(statusName, error));
        this.status = status;
        this.code = error != null && error.path("code").isTextual() ? error.get("code").asText() : statusName;
        this.field = text(error, "field");
        this.rule = text(error, "rule");
        this.seq = error != null && error.path("seq").canConvertToLong() ? error.get("seq").asLong() : null;
        List<RowError> parsed = new ArrayList<>();
        if (error != null && error.path("rows").isArray()) {
            for (JsonNode row : error.get("rows")) {
                parsed.add(Json.mapper().convertValue(row, RowError.class));
            }
        }
        this.rows = Collections.unmodifiableList(parsed);
        this.errorJson = errorJson;
    }

    /**
     * The stable code, e.g. {@code "OUT_OF_SCOPE"}; the C door's own failures are {@code "NULL_ARGUMENT"},
     * {@code "INVALID_UTF8"} and {@code "PANIC"}.
     *
     * @return the code
     */
    public String code() {
        return code;
    }

    /**
     * The code as the schema's enum.
     *
     * @return the code, or null for the C door's own codes (and codes newer than these classes)
     */
    public ErrorCode errorCode() {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.wire().equals(code)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The {@code gr_status} the C function returned: 1–99 for the core's codes (the same number as
     * {@code GR_OUT_OF_SCOPE} = 10; 24–26 come from a {@link Store}), 100 and on for the C door's.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The offending field as a JSON path into the input, e.g. {@code command.visit.household}.
     *
     * @return the field, or null
     */
    public String field() {
        return field;
    }

    /**
     * The stable identifier of the rule that refused the command ({@code RULE_VIOLATED},
     * {@code INVALID_TRANSITION}), listed in docs/RULES.md.
     *
     * @return the rule, or null
     */
    public String rule() {
        return rule;
    }

    /**
     * The seq of the offending record (a tampered log, a conflict).
     *
     * @return the seq, or null
     */
    public Long seq() {
        return seq;
    }

    /**
     * Every bad row of a CSV file ({@code INVALID_CSV}).
     *
     * @return the rows, empty when there are none
     */
    public List<RowError> rows() {
        return rows;
    }

    /**
     * The error JSON as the library wrote it.
     *
     * @return the JSON, or null when there was none
     */
    public String errorJson() {
        return errorJson;
    }

    private static JsonNode parse(String errorJson) {
        if (errorJson == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(errorJson);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode error, String name) {
        return error != null && error.path(name).isTextual() ? error.get(name).asText() : null;
    }

    private static String describe(String statusName, JsonNode error) {
        if (error == null) {
            return statusName;
        }
        StringBuilder m = new StringBuilder(error.path("code").asText(statusName));
        if (error.path("message").isTextual()) {
            m.append(": ").append(error.get("message").asText());
        }
        if (error.path("field").isTextual()) {
            m.append(" (field ").append(error.get("field").asText()).append(")");
        }
        if (error.path("rule").isTextual()) {
            m.append(" [rule ").append(error.get("rule").asText()).append("]");
        }
        return m.toString();
    }
}
