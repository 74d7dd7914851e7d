package learning.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import learning.api.ValidationException;

/** Canonical JSON: objects with sorted keys, no insignificant white space, NaN refused. */
final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {
    }

    /**
     * @param text a JSON object as text
     * @return the same object in canonical form
     * @throws ValidationException (field {@code payload}) when it is not a JSON object
     */
    static String canonical(String text) {
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException ex) {
            throw new ValidationException("payload", "payload is not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new ValidationException("payload", "payload must be a JSON object");
        }
        return GSON.toJson(sorted(e));
    }

    /** @return the element with every object's keys sorted */
    static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            TreeMap<String, JsonElement> m = new TreeMap<>();
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                m.put(en.getKey(), sorted(en.getValue()));
            }
            JsonObject o = new JsonObject();
            m.forEach(o::add);
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            for (JsonElement x : e.getAsJsonArray()) {
                a.add(sorted(x));
            }
            return a;
        }
        return e;
    }

    /**
     * Appends a JSON string literal exactly as Gson's {@code JsonWriter} writes it without HTML
     * escaping: quote and backslash escaped, control characters as backslash escapes (short forms
     * for tab, backspace, new line, return and form feed, else u00XX), U+2028 and U+2029 escaped,
     * everything else as it is.
     */
    static void string(StringBuilder b, String value) {
        b.append('"');
        int last = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String replacement;
            if (c < 128) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                replacement = switch (c) {
                    case '"' -> "\\\"";
                    case '\\' -> "\\\\";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\f' -> "\\f";
                    default -> String.format("\\u%04x", (int) c);
                };
            } else if (c == '\u2028') {
                replacement = "\\u2028";
            } else if (c == '\u2029') {
                replacement = "\\u2029";
            } else {
                continue;
            }
            b.append(value, last, i).append(replacement);
            last = i + 1;
        }
        b.append(value, last, length).append('"');
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        for (String v : values == null ? new ArrayList<String>() : values) {
            a.add(v);
        }
        return a;
    }
}
