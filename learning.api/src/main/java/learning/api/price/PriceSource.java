package learning.api.price;

import java.time.Instant;
import java.util.List;

import learning.api.ledger.PriceBar;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of price bars. Sources form a chain by {@code service.ranking}, highest first: local
 * bars (100), then remote sources such as Binance klines (0). A remote source's bars are stored
 * locally by the caller, so a later resolution gives the same answer.
 */
@ConsumerType
public interface PriceSource {
    /** @return the source's name, for example {@code "local"} or {@code "binance"} */
    String name();

    /** @return true when the source reads from the network (its bars should be stored locally) */
    boolean isRemote();

    /**
     * Bars of an asset whose close time lies in a range. A source that cannot answer (unknown
     * asset, network error, rate limit) returns what it has, possibly nothing; it never invents prices.
     *
     * @param asset the asset, upper case
     * @param closeFromInclusive earliest close time
     * @param closeToInclusive latest close time
     * @return bars, oldest first
     */
    List<PriceBar> bars(String asset, Instant closeFromInclusive, Instant closeToInclusive);
}
