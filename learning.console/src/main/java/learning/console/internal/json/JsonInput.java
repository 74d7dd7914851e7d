package learning.console.internal.json;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import learning.api.ValidationException;

/**
 * A strict, streaming reader of request bodies. Every value is read with the type the field must
 * have; a value of another JSON type is refused with a {@link ValidationException} that names the
 * field as clients write it ({@code [3].confidence}, {@code bars[0].high}), taken from the reader's
 * position so the handlers need not track it.
 *
 * <p>
 * Numbers must be JSON numbers: a number sent as a string, {@code NaN} and infinities are refused.
 * A JSON {@code null} reads as "absent", which the handlers turn into "is missing" for required
 * fields.
 */
public final class JsonInput {
    private final JsonReader reader;

    private JsonInput(byte[] body) {
        this.reader = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        // Strict: Gson's lenient mode would accept NaN, single quotes, unquoted names and trailing junk.
        this.reader.setStrictness(Strictness.STRICT);
    }

    /**
     * Reading work that may fail with an I/O error of the underlying reader.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    public interface Parse<T> {
        /**
         * @param in the reader, positioned before the top-level value
         * @return what was read
         * @throws IOException on malformed JSON
         */
        T read(JsonInput in) throws IOException;
    }

    /**
     * Parses a whole body: the work must consume exactly one top-level value.
     *
     * @param <T> the result type
     * @param body the request body
     * @param parse the work
     * @return its result
     * @throws ValidationException (field {@code body} or the field where the syntax broke) for
     *         anything that is not well-formed JSON of the expected shape
     */
    public static <T> T parse(byte[] body, Parse<T> parse) {
        if (body == null || isBlank(body)) {
            throw new ValidationException("body", "the request body is empty; send a JSON document");
        }
        JsonInput in = new JsonInput(body);
        try {
            T result = parse.read(in);
            if (in.reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ValidationException("body", "unexpected content after the JSON document");
            }
            return result;
        } catch (ValidationException e) {
            throw e;
        } catch (EOFException e) {
            throw new ValidationException("body", "the JSON document ends too early");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // The reader's path still points at the broken value, so the client learns which field it was.
            throw new ValidationException(in.field(), "not valid JSON (NaN, Infinity, single quotes, comments and "
                    + "unquoted names are not JSON): " + GsonMessages.clean(e.getMessage()));
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the field the reader stands at, in the client's notation: {@code [3].confidence},
     *         {@code bars[0].high}, or {@code body} at the top level
     */
    public String field() {
        String path = reader.getPath();
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        if (path.endsWith(".")) {
            // Gson's path while it expects a member name ends with a dot.
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "body" : path;
    }

    /**
     * The field of the value just read. Computed only for errors: building the path costs more than
     * reading a value. Gson advances an array's index once an element is read, so step back one.
     */
    private String previousField() {
        String field = field();
        if (field.endsWith("]")) {
            int open = field.lastIndexOf('[');
            try {
                int index = Integer.parseInt(field.substring(open + 1, field.length() - 1));
                return field.substring(0, open) + "[" + Math.max(0, index - 1) + "]";
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                return field;
            }
        }
        return field;
    }

    /** @return true when the current array or object has another element */
    public boolean hasNext() throws IOException {
        return reader.hasNext();
    }

    /** @return the next member name of the current object */
    public String nextName() throws IOException {
        return reader.nextName();
    }

    /** Skips the next value, whatever it is (unknown fields are tolerated for compatibility). */
    public void skipValue() throws IOException {
        reader.skipValue();
    }

    /**
     * Enters an object.
     *
     * @throws ValidationException when the next value is not an object
     */
    public void beginObject() throws IOException {
        expect(JsonToken.BEGIN_OBJECT, "a JSON object");
        reader.beginObject();
    }

    /** Leaves the current object. */
    public void endObject() throws IOException {
        reader.endObject();
    }

    /**
     * Enters an array.
     *
     * @throws ValidationException when the next value is not an array
     */
    public void beginArray() throws IOException {
        expect(JsonToken.BEGIN_ARRAY, "a JSON array");
        reader.beginArray();
    }

    /** Leaves the current array. */
    public void endArray() throws IOException {
        reader.endArray();
    }

    /**
     * @return true (and consumes it) when the next value is JSON {@code null}
     */
    public boolean nextIsNull() throws IOException {
        if (reader.peek() == JsonToken.NULL) {
            reader.nextNull();
            return true;
        }
        return false;
    }

    /**
     * @return the next string, or null for JSON {@code null}
     * @throws ValidationException when the value is not a string
     */
    public String string() throws IOException {
        if (nextIsNull()) {
            return null;
        }
        expect(JsonToken.STRING, "a string");
        return reader.nextString();
    }

    /**
     * @return the next number, or null for JSON {@code null}
     * @throws ValidationException when the value is not a finite JSON number
     */
    public Double number() throws IOException {
        if (nextIsNull()) {
            return null;
        }
        expect(JsonToken.NUMBER, "a number");
        // nextString() gives the literal, so an overflow to infinity is ours to report, with the field.
        double value = Double.parseDouble(reader.nextString());
        if (!Double.isFinite(value)) {
            throw new ValidationException(previousField(), "must be a finite number");
        }
        return value;
    }

    /**
     * @return the next whole number, or null for JSON {@code null}
     * @throws ValidationException when the value is not a whole JSON number within the range of a long
     */
    public Long wholeNumber() throws IOException {
        Double value = number();
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Math.abs(value) > 9.0e15) {
            throw new ValidationException(previousField(), "must be a whole number");
        }
        return value.longValue();
    }

    /**
     * @return the next instant, or null for JSON {@code null}
     * @throws ValidationException when the value is not an ISO-8601 instant string
     */
    public Instant instant() throws IOException {
        String text = string();
        if (text == null) {
            return null;
        }
        Instant instant = WireTime.tryParse(text);
        if (instant == null) {
            throw WireTime.invalid(previousField(), text);
        }
        return instant;
    }

    /**
     * @return the next array of strings, or null for JSON {@code null}
     * @throws ValidationException when the value is not an array of strings
     */
    public List<String> strings() throws IOException {
        if (nextIsNull()) {
            return null;
        }
        beginArray();
        List<String> values = new ArrayList<>();
        while (reader.hasNext()) {
            String value = string();
            if (value == null) {
                throw new ValidationException(previousField(), "must be a string, not null");
            }
            values.add(value);
        }
        reader.endArray();
        return values;
    }

    private void expect(JsonToken wanted, String what) throws IOException {
        JsonToken actual = reader.peek();
        if (actual != wanted) {
            throw new ValidationException(field(), "must be " + what + ", not " + describe(actual));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_DOCUMENT -> "the end of the document";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
