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

    /**
     * Whether a text is already exactly what {@link #canonical} would make of it, checked in one
     * pass without building a tree: a JSON object without white space, keys strictly increasing in
     * {@link String#compareTo} order at every level, strings escaped as Gson escapes them, numbers
     * in strict JSON syntax (Gson keeps their text), no null object members (Gson drops them).
     * Anything it is unsure of answers false, and the caller takes the full path, so a false is
     * never wrong; a true means {@code canonical(text).equals(text)}.
     *
     * @param text the text
     * @return true only if the text is canonical
     */
    static boolean isCanonical(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '{') {
            return false;
        }
        CanonicalScan s = new CanonicalScan(text);
        return s.object(0) && s.at == text.length();
    }

    /** The single-pass check behind {@link #isCanonical}. */
    private static final class CanonicalScan {
        private static final int MAX_DEPTH = 200;
        final String t;
        final int n;
        int at;

        CanonicalScan(String t) {
            this.t = t;
            this.n = t.length();
        }

        boolean object(int depth) {
            if (depth > MAX_DEPTH || at >= n || t.charAt(at) != '{') {
                return false;
            }
            at++;
            if (at < n && t.charAt(at) == '}') {
                at++;
                return true;
            }
            int prevStart = -1;
            int prevEnd = -1;
            while (true) {
                int keyStart = at + 1;
                if (!string(true)) {
                    return false;
                }
                int keyEnd = at - 1;
                if (prevStart >= 0 && compare(prevStart, prevEnd, keyStart, keyEnd) >= 0) {
                    return false;
                }
                prevStart = keyStart;
                prevEnd = keyEnd;
                if (at >= n || t.charAt(at) != ':') {
                    return false;
                }
                at++;
                if (at < n && t.charAt(at) == 'n') {
                    return false; // a null member: Gson leaves it out
                }
                if (!value(depth)) {
                    return false;
                }
                if (at >= n) {
                    return false;
                }
                char c = t.charAt(at++);
                if (c == '}') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        }

        /** Compares two raw key texts (without escapes) as {@link String#compareTo} compares them. */
        int compare(int aStart, int aEnd, int bStart, int bEnd) {
            int la = aEnd - aStart;
            int lb = bEnd - bStart;
            int m = Math.min(la, lb);
            for (int i = 0; i < m; i++) {
                char x = t.charAt(aStart + i);
                char y = t.charAt(bStart + i);
                if (x != y) {
                    return x - y;
                }
            }
            return la - lb;
        }

        boolean array(int depth) {
            if (depth > MAX_DEPTH) {
                return false;
            }
            at++;
            if (at < n && t.charAt(at) == ']') {
                at++;
                return true;
            }
            while (true) {
                if (!value(depth)) {
                    return false;
                }
                if (at >= n) {
                    return false;
                }
                char c = t.charAt(at++);
                if (c == ']') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
            }
        }

        boolean value(int depth) {
            if (at >= n) {
                return false;
            }
            char c = t.charAt(at);
            switch (c) {
                case '{':
                    return object(depth + 1);
                case '[':
                    return array(depth + 1);
                case '"':
                    return string(false);
                case 't':
                    return literal("true");
                case 'f':
                    return literal("false");
                case 'n':
                    return literal("null");
                default:
                    return number();
            }
        }

        boolean literal(String word) {
            if (t.startsWith(word, at)) {
                at += word.length();
                return true;
            }
            return false;
        }

        /** Strict JSON number syntax: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
        boolean number() {
            int start = at;
            if (at < n && t.charAt(at) == '-') {
                at++;
            }
            if (at >= n) {
                return false;
            }
            char c = t.charAt(at);
            if (c == '0') {
                at++;
            } else if (c >= '1' && c <= '9') {
                while (at < n && isDigit(t.charAt(at))) {
                    at++;
                }
            } else {
                return false;
            }
            if (at < n && t.charAt(at) == '.') {
                at++;
                if (!digits()) {
                    return false;
                }
            }
            if (at < n && (t.charAt(at) == 'e' || t.charAt(at) == 'E')) {
                at++;
                if (at < n && (t.charAt(at) == '+' || t.charAt(at) == '-')) {
                    at++;
                }
                if (!digits()) {
                    return false;
                }
            }
            return at > start;
        }

        boolean digits() {
            int start = at;
            while (at < n && isDigit(t.charAt(at))) {
                at++;
            }
            return at > start;
        }

        static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /**
         * A string as Gson writes it: raw characters except quote, backslash, control characters
         * and U+2028/U+2029, which must carry Gson's own escapes. Keys take no escapes at all, so
         * they compare as raw text.
         */
        boolean string(boolean key) {
            if (at >= n || t.charAt(at) != '"') {
                return false;
            }
            at++;
            while (at < n) {
                char c = t.charAt(at++);
                if (c == '"') {
                    return true;
                }
                if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                    return false;
                }
                if (c == '\\') {
                    if (key || at >= n) {
                        return false;
                    }
                    char e = t.charAt(at++);
                    switch (e) {
                        case '"', '\\', 't', 'b', 'n', 'r', 'f':
                            break;
                        case 'u':
                            if (!gsonUnicodeEscape()) {
                                return false;
                            }
                            break;
                        default:
                            return false;
                    }
                }
            }
            return false;
        }

        /** After a backslash-u: only what Gson writes that way (other control characters, U+2028, U+2029). */
        boolean gsonUnicodeEscape() {
            if (at + 4 > n) {
                return false;
            }
            String hex = t.substring(at, at + 4);
            at += 4;
            if (hex.equals("2028") || hex.equals("2029")) {
                return true;
            }
            if (!hex.startsWith("00")) {
                return false;
            }
            int v;
            try {
                v = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            // lower-case hex digits, and not a character Gson writes with a short escape
            return v < 0x20 && hex.equals(String.format("%04x", v)) && v != '\t' && v != '\b' && v != '\n'
                    && v != '\r' && v != '\f';
        }
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
