package learning.testbundle.internal;

import java.time.Instant;
import java.util.List;

import learning.api.LearningImplementation;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;

import org.osgi.service.component.annotations.Component;

/**
 * A price source that knows no prices. Its only purpose is to be visible: once this bundle is
 * dropped into {@code deploy/}, {@code GET /api/v1/components} lists a {@link PriceSource} with
 * implementation {@code testbundle}. Ranked below every real source so that it never answers first.
 */
@Component(service = PriceSource.class, immediate = true, property = "service.ranking:Integer=-1000")
@LearningImplementation("testbundle")
public class EmptyPriceSource implements PriceSource {

    @Override
    public String name() {
        return "testbundle";
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public List<PriceBar> bars(String asset, Instant closeFromInclusive, Instant closeToInclusive) {
        return List.of();
    }
}
