package learning.console.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 of tokens: the only form in which tokens are kept or compared. */
public final class TokenHash {
    /** The prefix of a configured token that is given as its hash rather than in plain text. */
    public static final String PREFIX = "sha256:";

    private TokenHash() {
    }

    /**
     * @param token a token in plain text
     * @return the SHA-256 of its UTF-8 bytes
     */
    public static byte[] of(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param hash a hash
     * @return it as lower-case hex
     */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /**
     * @param configured a configured token: plain text, or {@code sha256:} followed by 64 hex digits
     * @return the hash to compare against, empty when the entry is blank or a malformed hash
     */
    public static Optional<byte[]> ofConfigured(String configured) {
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        String entry = configured.strip();
        if (entry.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String hex = entry.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                return Optional.empty();
            }
            return Optional.of(HexFormat.of().parseHex(hex));
        }
        return Optional.of(of(entry));
    }

    /**
     * @param a a hash
     * @param b another hash
     * @return whether they are equal, in time that does not depend on where they differ
     */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
