package learning.replay.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import learning.api.weights.Domain;

/**
 * A simulated producer. At every call it sees the sign of the coming return over the call's
 * horizon with probability {@code 0.5 + skill / 2}: skill 0 is a coin (noise), skill 1 is never
 * wrong. Its loudness (how far its domain score lies from 0.5, and its stated confidence) is drawn
 * independently of its skill, so a noise producer speaks as firmly as a skilled one.
 *
 * @param id the producer id, {@code sim-<domain>-<n>}
 * @param domain its domain
 * @param skillBefore its skill in the first half of the replay
 * @param skillAfter its skill in the second half (equal to {@code skillBefore} unless it degrades)
 */
public record SimProducer(String id, Domain domain, double skillBefore, double skillAfter) {
    /**
     * Five informative producers at 0.7 and 0.35, one that falls from 0.7 to 0 halfway, eight
     * pure-noise producers, in all six domains. Skills are far apart on purpose: karma is an EMA
     * with alpha 0.05, so a snapshot remembers about 20 trades and has a standard deviation of about
     * 0.15; levels closer than that cannot be ranked from one snapshot.
     */
    public static final String DEFAULT_MIX = "curator:0.7,0.35,0; onchain:0.7,0.35,0; tradfi:0,0,0; social:0,0,0;"
            + " technical:0.7,0.35,0.7>0; events:0.35,0,0";

    /** The same producers, every one pure noise. */
    public static final String NOISE_MIX = "curator:0,0,0; onchain:0,0,0; tradfi:0,0,0; social:0,0,0;"
            + " technical:0,0,0; events:0,0,0";

    public SimProducer {
        check(skillBefore, id);
        check(skillAfter, id);
    }

    private static void check(double s, String id) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("the skill of " + id + " must lie in [0, 1], not " + s);
        }
    }

    /**
     * @param progress how far the replay is, 0 at its start and 1 at its end
     * @return the skill in force
     */
    public double skillAt(double progress) {
        return progress < 0.5 ? skillBefore : skillAfter;
    }

    /** @return whether its skill changes halfway */
    public boolean degrades() {
        return skillAfter != skillBefore;
    }

    /**
     * Parses a producer mix: {@code domain:skill,skill,...} per domain, separated by {@code ;}; a
     * skill {@code a>b} is {@code a} in the first half and {@code b} in the second.
     *
     * @param mix the text
     * @return the producers, in the order given
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static List<SimProducer> parse(String mix) {
        List<SimProducer> out = new ArrayList<>();
        if (mix == null || mix.isBlank()) {
            throw new IllegalArgumentException("producers: empty mix; write domain:skill,skill;... for example "
                    + DEFAULT_MIX);
        }
        for (String part : mix.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("producers: '" + part.trim() + "' is not domain:skill,skill,...");
            }
            String d = part.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            Domain domain = Domain.fromWireName(d).orElseThrow(() -> new IllegalArgumentException(
                    "producers: unknown domain '" + d + "': use curator, onchain, tradfi, social, technical, events"));
            int n = 1;
            for (String s : part.substring(colon + 1).split(",")) {
                String skill = s.trim();
                if (skill.isEmpty()) {
                    continue;
                }
                String id = "sim-" + domain.wireName() + "-" + n++;
                try {
                    int arrow = skill.indexOf('>');
                    double before = Double.parseDouble(arrow < 0 ? skill : skill.substring(0, arrow).trim());
                    double after = arrow < 0 ? before : Double.parseDouble(skill.substring(arrow + 1).trim());
                    out.add(new SimProducer(id, domain, before, after));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("producers: skill '" + skill + "' of " + id
                            + " is not a number (or a>b for one that changes halfway)");
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("producers: the mix names no producer");
        }
        return List.copyOf(out);
    }
}
