package learning.console.internal.read;

import java.util.List;
import java.util.function.Supplier;

import learning.api.corpus.CorpusService;
import learning.api.corpus.PatternStats;
import learning.api.corpus.Skill;
import learning.console.internal.api.ApiRequest;
import learning.console.internal.api.ApiResponse;
import learning.console.internal.json.JsonOutput;

/** {@code GET /skills} (skill files by state with scores) and {@code GET /patterns} (pattern win rates). */
public final class CorpusHandlers {
    private final Supplier<CorpusService> corpus;

    /**
     * @param corpus the corpus service while it runs, else a supplier of null
     */
    public CorpusHandlers(Supplier<CorpusService> corpus) {
        this.corpus = corpus;
    }

    /**
     * @param request with optional {@code limit}
     * @return 200 with the skills
     */
    public ApiResponse skills(ApiRequest request) {
        CorpusService service = corpus.get();
        if (service == null) {
            return ServiceUnavailable.answer("corpus feedback");
        }
        List<Skill> rows = service.skills();
        int limit = ReadParameters.limit(request.query());
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (Skill s : rows.subList(0, Math.min(limit, rows.size()))) {
                out.beginObject();
                out.name("name").value(s.name());
                out.name("state").value(s.state().wireName());
                out.name("score").value(s.score());
                out.name("problem").value(s.problem());
                out.endObject();
            }
            out.endArray();
        }));
    }

    /**
     * @param request with optional {@code limit}
     * @return 200 with the patterns and their win rates
     */
    public ApiResponse patterns(ApiRequest request) {
        CorpusService service = corpus.get();
        if (service == null) {
            return ServiceUnavailable.answer("corpus feedback");
        }
        List<PatternStats> rows = service.patterns();
        int limit = ReadParameters.limit(request.query());
        return ApiResponse.json(200, JsonOutput.write(out -> {
            out.beginArray();
            for (PatternStats p : rows.subList(0, Math.min(limit, rows.size()))) {
                out.beginObject();
                out.name("pattern").value(p.pattern());
                out.name("matches").value(p.matches());
                out.name("wins").value(p.wins());
                JsonOutput.number(out, "win_rate", p.winRate());
                out.endObject();
            }
            out.endArray();
        }));
    }
}
