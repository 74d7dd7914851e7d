package learning.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import learning.api.ValidationException;

import org.junit.jupiter.api.Test;

/** The one-pass check must never call a text canonical that {@link Json#canonical} would change. */
class CanonicalJsonTest {

    /** isCanonical(s) implies canonical(s).equals(s); invalid JSON is never canonical. */
    private static void sound(String s) {
        if (Json.isCanonical(s)) {
            assertEquals(Json.canonical(s), s, "called canonical: " + s);
        }
    }

    @Test
    void recognisesCanonicalTexts() {
        for (String s : List.of("{}", "{\"a\":1}", "{\"a\":1,\"b\":[1,2.5,-0.0,1e10,true,false,null,\"x\"]}",
                "{\"a\":{\"b\":{}},\"c\":\"\\\"q\\\\ \\n\\t\\u0001\\u2028 é ☃\"}", "{\"A\":1,\"a\":2,\"aa\":3}",
                "{\"x\":-12.5E-3}")) {
            assertTrue(Json.isCanonical(s), s);
            sound(s);
        }
    }

    @Test
    void refusesWhatCanonicalWouldChange() {
        for (String s : List.of("", "[]", "{ }", "{\"b\":1,\"a\":2}", "{\"a\":1,\"a\":2}", "{\"a\":null}",
                "{\"a\":01}", "{\"a\":1.}", "{\"a\":NaN}", "{\"a\":\"\\/\"}", "{\"a\":\"\\u0041\"}",
                "{\"a\":\"\\u000A\"}", "{\"a\":\"\\u000a\"}", "{\"a\":'x'}", "{\"a\":1} ", "{\"a\":1}x",
                "{\"a\":[1 ,2]}", "{\"a\":\"\u0001\"}", "{\"a\":\"\u2028\"}", "{\"\\n\":1}", "{\"a\":tru}",
                "{\"a\":1", "{\"a\"", "{\"a\":\"x", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}")) {
            assertFalse(Json.isCanonical(s), s);
            try {
                sound(s);
            } catch (ValidationException invalid) {
                // not JSON at all: the full path refuses it, as before
            }
        }
    }

    @Test
    void randomDocumentsInCanonicalFormAreRecognisedAndMutationsAreSound() {
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            String canonical = Json.canonical(Json.GSON.toJson(object(random, 0)));
            assertTrue(Json.isCanonical(canonical), canonical);
            for (int m = 0; m < 5; m++) {
                String mutated = mutate(random, canonical);
                try {
                    sound(mutated);
                } catch (ValidationException invalid) {
                    assertFalse(Json.isCanonical(mutated), mutated);
                }
            }
        }
    }

    private static String mutate(Random random, String s) {
        int at = random.nextInt(s.length() + 1);
        String[] inserts = {" ", "\\", "\"", ",", ":", "0", "-", "e", "null", "}", "{", "]", "\\u0041", "\n"};
        return switch (random.nextInt(3)) {
            case 0 -> s.substring(0, at) + inserts[random.nextInt(inserts.length)] + s.substring(at);
            case 1 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s;
            default -> s.replace("\"a", "\"z").replace("\"b", "\"a");
        };
    }

    private static JsonObject object(Random r, int depth) {
        JsonObject o = new JsonObject();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            o.add(key(r), value(r, depth + 1));
        }
        return o;
    }

    private static String key(Random r) {
        String[] keys = {"a", "b", "A", "aa", "ab", "z", "é", "k_1", "K", "id", "ts"};
        return keys[r.nextInt(keys.length)];
    }

    private static JsonElement value(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 5 : 7)) {
            case 0:
                return new JsonPrimitive(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 1:
                return new JsonPrimitive(r.nextInt(2_000) - 1_000);
            case 2:
                return new JsonPrimitive(r.nextBoolean());
            case 3: {
                StringBuilder b = new StringBuilder();
                String chars = "ab \"\\\t\n\r\b\f\u0001\u001f\u2028\u2029é☃/<>&='";
                for (int i = r.nextInt(8); i > 0; i--) {
                    b.append(chars.charAt(r.nextInt(chars.length())));
                }
                return new JsonPrimitive(b.toString());
            }
            case 4:
                return JsonNull.INSTANCE;
            case 5:
                return object(r, depth);
            default: {
                JsonArray a = new JsonArray();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                return a;
            }
        }
    }
}
