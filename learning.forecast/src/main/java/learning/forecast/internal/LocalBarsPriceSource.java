package learning.forecast.internal;

import java.time.Instant;
import java.util.List;

import learning.api.ledger.InputLedger;
import learning.api.ledger.PriceBar;
import learning.api.price.PriceSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The bars stored in the input ledger ({@code price_bars}): the first source of the chain. The
 * default resolver reads the same table with one set-based query per asset instead of asking this
 * service, and skips it in the chain; other consumers of the whiteboard use it like any source.
 */
@Component(service = PriceSource.class, immediate = true, property = "service.ranking:Integer=100")
public class LocalBarsPriceSource implements PriceSource {
    static final String NAME = "local";
    private final InputLedger ledger;

    /** @param ledger the input ledger that holds the bars */
    @Activate
    public LocalBarsPriceSource(@Reference InputLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public List<PriceBar> bars(String asset, Instant closeFromInclusive, Instant closeToInclusive) {
        return ledger.bars(asset, null, closeFromInclusive, closeToInclusive);
    }
}
