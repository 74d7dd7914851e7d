package learning.meta.internal;

/**
 * How a pattern fared over its episodes: episodes, won episodes, and the actual direction of the
 * won ones. Mutable: the index adds and subtracts episodes.
 */
final class PatternCounts {
    int members;
    long episodes;
    long wins;
    long winLong;
    long winShort;
    long winFlat;

    PatternCounts(int members) {
        this.members = members;
    }

    PatternCounts(int members, long episodes, long wins, long winLong, long winShort, long winFlat) {
        this.members = members;
        this.episodes = episodes;
        this.wins = wins;
        this.winLong = winLong;
        this.winShort = winShort;
        this.winFlat = winFlat;
    }

    /** Adds ({@code sign = 1}) or removes ({@code sign = -1}) one episode. */
    void add(int sign, boolean won, int actualSign) {
        episodes += sign;
        if (won) {
            wins += sign;
            if (actualSign > 0) {
                winLong += sign;
            } else if (actualSign < 0) {
                winShort += sign;
            } else {
                winFlat += sign;
            }
        }
    }

    boolean isZero() {
        return episodes == 0 && wins == 0 && winLong == 0 && winShort == 0 && winFlat == 0;
    }

    double winRate() {
        return episodes == 0 ? 0 : (double) wins / episodes;
    }
}
