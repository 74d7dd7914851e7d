package learning.console.internal.ingest;

import java.io.IOException;

import com.google.gson.stream.JsonWriter;

import learning.api.corpus.CorpusRun;
import learning.api.karma.KarmaUpdate;
import learning.api.karma.ProducerOutcome;

/** What the learning steps did with a closed position, as the close endpoint answers it. */
final class LearningJson {
    private LearningJson() {
    }

    /** Writes the {@code attribution.outcome.v1} payload plus whether this call applied it. */
    static void karma(JsonWriter out, KarmaUpdate k) throws IOException {
        out.beginObject();
        out.name("trade_id").value(k.tradeId());
        out.name("realized_pnl_usd").value(k.realizedPnlUsd());
        out.name("confidence_bucket").value(k.confidenceBucket());
        out.name("applied").value(k.applied());
        out.name("producers").beginArray();
        for (ProducerOutcome p : k.producers()) {
            out.beginObject();
            out.name("producer_id").value(p.producerId());
            out.name("domain").value(p.domain());
            out.name("contribution_weight").value(p.contributionWeight());
            out.name("outcome").value(p.outcome());
            out.name("karma_delta").value(p.karmaDelta());
            out.endObject();
        }
        out.endArray();
        out.endObject();
    }

    /** Writes what corpus feedback changed. */
    static void corpus(JsonWriter out, CorpusRun c) throws IOException {
        out.beginObject();
        out.name("scores_changed").value(c.scoresChanged());
        strings(out, "promoted", c.promoted());
        strings(out, "archived", c.archived());
        out.name("patterns_scored").value(c.patternsScored());
        strings(out, "problems", c.problems());
        out.endObject();
    }

    private static void strings(JsonWriter out, String name, java.util.List<String> values) throws IOException {
        out.name(name).beginArray();
        for (String v : values) {
            out.value(v);
        }
        out.endArray();
    }
}
