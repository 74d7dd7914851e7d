package learning.console.internal.read;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import learning.api.karma.KarmaService;
import learning.api.karma.ProducerKarma;
import learning.api.karma.ProducerScore;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/**
 * {@code GET /karma} (the karma leaderboard), {@code GET /karma/multipliers} (per-domain synthesis
 * multipliers) and {@code GET /producers?as_of=} (producer scores).
 */
public final class KarmaHandlers {
    private final Supplier<KarmaService> karma;

    /**
     * @param karma the karma service while it runs, else a supplier of null
     */
    public KarmaHandlers(Supplier<KarmaService> karma) {
        this.karma = karma;
    }

    /**
     * @param request with optional {@code limit}
     * @return 200 with producers by karma, highest first
     */
    public ApiResponse leaderboard(ApiRequest request) {
        KarmaService service = karma.get();
        if (service == null) {
            return ServiceUnavailable.answer("producer karma");
        }
        List<ProducerKarma> rows = service.leaderboard(ReadParameters.limit(request.query()));
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (ProducerKarma k : rows) {
                out.beginObject();
                out.name("producer_id").value(k.producerId());
                out.name("karma_score").value(k.karmaScore());
                out.name("win_count").value(k.winCount());
                out.name("loss_count").value(k.lossCount());
                out.name("neutral_count").value(k.neutralCount());
                out.name("total_trades").value(k.totalTrades());
                JsonOutput.instant(out, "last_updated", k.lastUpdated());
                out.endObject();
            }
            out.endArray();
        }));
    }

    /**
     * @param request the request
     * @return 200 with {@code {domain: 1 + mean karma}}
     */
    public ApiResponse multipliers(ApiRequest request) {
        KarmaService service = karma.get();
        if (service == null) {
            return ServiceUnavailable.answer("producer karma");
        }
        Map<String, Double> m = new TreeMap<>(service.domainMultipliers());
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginObject();
            for (Map.Entry<String, Double> e : m.entrySet()) {
                JsonOutput.number(out, e.getKey(), e.getValue());
            }
            out.endObject();
        }));
    }

    /**
     * @param request with optional {@code as_of} (default now) and {@code limit}
     * @return 200 with every producer's score
     */
    public ApiResponse producers(ApiRequest request) {
        KarmaService service = karma.get();
        if (service == null) {
            return ServiceUnavailable.answer("producer scoring");
        }
        List<ProducerScore> rows = service.scoreProducers(ReadParameters.asOf(request.query()));
        int limit = ReadParameters.limit(request.query());
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (ProducerScore s : rows.subList(0, Math.min(limit, rows.size()))) {
                out.beginObject();
                out.name("producer_id").value(s.producerId());
                out.name("staleness_seconds").value(s.staleness() == null ? null : s.staleness().toSeconds());
                out.name("error_rate").value(s.errorRate());
                JsonOutput.number(out, "win_rate", s.winRate());
                out.name("observations").value(s.observations());
                JsonOutput.number(out, "karma", s.karma());
                out.endObject();
            }
            out.endArray();
        }));
    }
}
