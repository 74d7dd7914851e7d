package learning.api.karma;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Producer karma and producer scoring. */
@ProviderType
public interface KarmaService {
    /**
     * Applies one EMA update to each producer with an accepted signal for the closed trade,
     * once per (trade, producer): a second call changes nothing.
     *
     * @param tradeId a closed position's id
     * @return the updates
     */
    KarmaUpdate applyTrade(String tradeId);

    /**
     * @param asOf trades closed at or before it are considered
     * @return what the sweep applied
     */
    KarmaSweep sweep(Instant asOf);

    /**
     * @param limit at most this many rows
     * @return producers by karma, highest first
     */
    List<ProducerKarma> leaderboard(int limit);

    /** @return per domain, 1 + the mean karma of its producers (in [0, 2]) */
    Map<String, Double> domainMultipliers();

    /**
     * @param asOf the scoring instant
     * @return a score for every producer that has health reports or accepted signals
     */
    List<ProducerScore> scoreProducers(Instant asOf);
}
