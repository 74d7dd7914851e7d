package learning.console.internal.read;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

import learning.api.event.ChainVerification;
import learning.api.event.Event;
import learning.api.event.EventLog;
import learning.api.event.EventQuery;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.api.QueryParameters;
import learning.console.internal.json.JsonOutput;
import learning.console.internal.validation.Check;

/** {@code GET /events} (the log, newest first) and {@code GET /events/verify} (the hash chain). */
public final class EventHandlers {
    private static final Gson GSON = new Gson();

    private final EventLog log;

    /**
     * @param log the event log
     */
    public EventHandlers(EventLog log) {
        this.log = log;
    }

    /**
     * @param request with optional {@code type}, {@code since} (ISO-8601) and {@code limit} (1 to 10,000)
     * @return 200 with the events, newest first
     */
    public ApiResponse list(ApiRequest request) {
        QueryParameters q = request.query();
        String type = Check.optionalText("type", q.get("type").orElse(null), 128);
        Instant since = ReadParameters.since(q);
        int limit = ReadParameters.limit(q);
        List<Event> events = log.query(new EventQuery(type, since, limit));
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (Event e : events) {
                write(out, e);
            }
            out.endArray();
        }));
    }

    /**
     * @param request the request
     * @return 200 with {@code {"valid","events_checked","first_bad_sequence","first_bad_event_id","problem"}}
     */
    public ApiResponse verify(ApiRequest request) {
        ChainVerification v = log.verifyChain();
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            out.name("valid").value(v.valid());
            out.name("events_checked").value(v.eventsChecked());
            out.name("first_bad_sequence").value(v.firstBadSequence());
            out.name("first_bad_event_id").value(v.firstBadEventId());
            out.name("problem").value(v.problem());
            out.endObject();
        }));
    }

    private static void write(JsonWriter out, Event e) throws IOException {
        out.beginObject();
        out.name("id").value(e.id());
        out.name("sequence").value(e.sequence());
        out.name("type").value(e.type());
        JsonOutput.instant(out, "ts", e.ts());
        out.name("source").value(e.source());
        out.name("dedupe_key").value(e.dedupeKey());
        out.name("payload");
        writePayload(out, e.payload());
        out.name("prev_hash").value(e.prevHash());
        out.name("hash").value(e.hash());
        out.endObject();
    }

    /**
     * The payload is stored as JSON text; it is answered as a JSON value. A row altered in the
     * database may hold anything, so text that is not JSON is answered as a string instead of
     * breaking the whole answer.
     */
    private static void writePayload(JsonWriter out, String payload) throws IOException {
        if (payload == null) {
            out.nullValue();
            return;
        }
        JsonElement element;
        try {
            element = JsonParser.parseString(payload);
        } catch (JsonParseException e) {
            out.value(payload);
            return;
        }
        GSON.toJson(element, out);
    }
}
