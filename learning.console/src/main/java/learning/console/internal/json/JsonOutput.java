package learning.console.internal.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.google.gson.stream.JsonWriter;

/** Writes response bodies with Gson's streaming writer; nulls are written so shapes stay stable. */
public final class JsonOutput {
    private JsonOutput() {
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param out the writer
         * @throws IOException never for the in-memory writer used here
         */
        void write(JsonWriter out) throws IOException;
    }

    /**
     * @param body what to write
     * @return the JSON text
     */
    public static String write(Body body) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter out = new JsonWriter(text)) {
            out.setSerializeNulls(true);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * @param message what went wrong
     * @param field the offending field, or null
     * @return {@code {"error": message, "field": field}}
     */
    public static String error(String message, String field) {
        return write(out -> {
            out.beginObject();
            out.name("error").value(message);
            if (field != null) {
                out.name("field").value(field);
            }
            out.endObject();
        });
    }

    /**
     * Writes a member whose value is an instant in ISO-8601 UTC, or null.
     *
     * @param out the writer
     * @param name the member name
     * @param value the instant or null
     */
    public static void instant(JsonWriter out, String name, Instant value) throws IOException {
        out.name(name).value(WireTime.format(value));
    }

    /**
     * Writes a member whose value is a number or null.
     *
     * @param out the writer
     * @param name the member name
     * @param value the number or null
     */
    public static void number(JsonWriter out, String name, Double value) throws IOException {
        out.name(name);
        if (value == null) {
            out.nullValue();
        } else {
            out.value(value.doubleValue());
        }
    }
}
