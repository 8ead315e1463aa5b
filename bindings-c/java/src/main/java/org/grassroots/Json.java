package org.grassroots;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.grassroots.model.Record;

/**
 * The Jackson configuration of the wire form, for hosts that read or write its JSON themselves (e.g.
 * records stored as JSON, commands queued as JSON).
 *
 * <p>Strict on purpose: an unknown property fails to parse rather than being dropped, because a typed
 * {@link org.grassroots.model.Record} that lost a field would no longer replay to the same hash. The
 * types and the library come from the same release (the library's version is checked when it is loaded).
 */
public final class Json {
    private static final ObjectMapper MAPPER = newMapper();
    private static final JavaType RECORD_LIST = MAPPER.getTypeFactory().constructCollectionType(List.class, Record.class);

    private Json() {}

    /**
     * A new mapper configured for the wire form: absent optional fields stay absent (never
     * {@code null}), unknown properties are errors, empty records (queries with no field) serialize.
     *
     * @return a mapper the caller owns and may configure further
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /**
     * Writes a value of the wire form (an envelope, a command, records) as JSON.
     *
     * @param value the value
     * @return its JSON
     */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) { // Debian's Jackson 2.14 declares IOException here, upstream's only JsonProcessingException
            throw new UncheckedIOException("grassroots: cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Reads JSON of the wire form into its type.
     *
     * @param json the JSON
     * @param type the type, e.g. {@code CommandEnvelope.class}
     * @param <T> the type
     * @return the value
     * @throws UncheckedIOException when the JSON does not have the type's shape
     */
    public static <T> T fromJson(String json, Class<T> type) {
        return fromJson(json, MAPPER.constructType(type));
    }

    /**
     * Reads stored records (a JSON array, as {@link Campaign#recordsSinceJson(long)} gives them).
     *
     * @param json the JSON array
     * @return the records
     * @throws UncheckedIOException when the JSON is not an array of records
     */
    public static List<Record> readRecords(String json) {
        return fromJson(json, RECORD_LIST);
    }

    static <T> T fromJson(String json, JavaType type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("grassroots: JSON that is not a " + type.toCanonical() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
