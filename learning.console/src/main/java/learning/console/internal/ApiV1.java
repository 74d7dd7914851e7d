package learning.console.internal;

import learning.console.internal.api.ApiRouter;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.ingest.AcceptedSignalHandler;
import learning.console.internal.ingest.ConvictionHandler;
import learning.console.internal.ingest.ForecastHandler;
import learning.console.internal.ingest.PositionHandlers;
import learning.console.internal.ingest.PriceBarHandler;
import learning.console.internal.ingest.ProducerHealthHandler;
import learning.console.internal.operate.ComponentTargetHandlers;
import learning.console.internal.operate.DeployHandler;
import learning.console.internal.read.AttributionGapsHandler;
import learning.console.internal.read.ComponentsHandler;
import learning.console.internal.read.CycleRunsHandler;
import learning.console.internal.read.CorpusHandlers;
import learning.console.internal.read.CycleHandler;
import learning.console.internal.read.KarmaHandlers;
import learning.console.internal.read.MetricsHandler;
import learning.console.internal.read.MetaHandlers;
import learning.console.internal.read.WeightHandlers;
import learning.console.internal.read.EventHandlers;
import learning.console.internal.read.ForecastHandlers;

/** The routes of REST API v1 (paths below {@code /api/v1}). New endpoints are added here. */
public final class ApiV1 {
    private ApiV1() {
    }

    /**
     * @param services what the handlers work with
     * @param authenticator recognises tokens
     * @param maxBodyBytes the largest accepted body
     * @return the router
     */
    public static ApiRouter router(ApiServices services, TokenAuthenticator authenticator, long maxBodyBytes) {
        PositionHandlers positions = new PositionHandlers(services.ledger(), services.attributor(), services.karma(),
                services.corpus());
        KarmaHandlers karma = new KarmaHandlers(services.karma());
        CorpusHandlers corpus = new CorpusHandlers(services.corpus());
        WeightHandlers weights = new WeightHandlers(services.weights());
        EventHandlers events = new EventHandlers(services.events());
        ForecastHandlers forecasts = new ForecastHandlers(services.outcomes(), services.performance());
        ComponentsHandler components = new ComponentsHandler(services.bundleContext());
        ComponentTargetHandlers targets = new ComponentTargetHandlers(services.bundleContext(), services.events());
        MetaHandlers meta = new MetaHandlers(services.meta());
        return ApiRouter.builder()
                .authenticator(authenticator)
                .maxBodyBytes(maxBodyBytes)
                .post("/positions", positions::open)
                .post("/positions/{id}/close", positions::close)
                .post("/convictions", new ConvictionHandler(services.ledger())::record)
                .post("/signals/accepted", new AcceptedSignalHandler(services.ledger())::record)
                .post("/forecasts", new ForecastHandler(services.ledger())::record)
                .post("/prices", new PriceBarHandler(services.ledger())::record)
                .post("/producers/{id}/health", new ProducerHealthHandler(services.ledger())::report)
                .get("/events/verify", events::verify)
                .get("/events", events::list)
                .get("/components", components::list)
                // console (issue 7): role targets, bundle upload, cycle runs, attribution gaps
                .get("/components/targets", targets::targets)
                .route("PUT", "/components/{role}/target", targets::setTarget)
                .post("/deploy", new DeployHandler(services.bundleContext(), services.events())::upload)
                .get("/cycles", new CycleRunsHandler(services.bundleContext())::list)
                .get("/attribution/gaps", new AttributionGapsHandler(services.attributor(),
                        services.bundleContext())::gaps)
                .get("/karma", karma::leaderboard)
                .get("/karma/multipliers", karma::multipliers)
                .get("/producers", karma::producers)
                .get("/skills", corpus::skills)
                .get("/patterns", corpus::patterns)
                .get("/metrics", new MetricsHandler(services.ledger(), services.outcomes(), services.attributor(),
                        services.weights(), services.karma(), services.bundleContext())::scrape)
                .get("/outcomes", forecasts::outcomes)
                .get("/performance", forecasts::performance)
                .get("/correlation", forecasts::correlation)
                .post("/cycles/{name}/run", new CycleHandler(services.bundleContext())::run)
                .get("/weights", weights::live)
                .get("/weights/history", weights::history)
                .post("/weights/adjustments/{id}/approve", weights::approve)
                .post("/weights/adjustments/{id}/reject", weights::reject)
                .route("DELETE", "/weights/overlay", weights::deleteOverlay)
                .route("PUT", "/weights/preset", weights::selectPreset)
                .get("/meta", meta::status)
                .route("PUT", "/meta/mode", meta::switchMode)
                .post("/meta/produce", meta::produce)
                .build();
    }
}
