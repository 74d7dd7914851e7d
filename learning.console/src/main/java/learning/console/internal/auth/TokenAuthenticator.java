package learning.console.internal.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises bearer tokens. It knows only hashes: the generated operator token's hash from the
 * database and the configured viewer and operator tokens (hashed as they are configured).
 */
public final class TokenAuthenticator {
    private static final String BEARER = "Bearer ";

    private final List<KnownToken> tokens;

    /**
     * A token the engine accepts.
     *
     * @param hash SHA-256 of the token
     * @param principal who presents it
     */
    public record KnownToken(byte[] hash, ActingPrincipal principal) {
    }

    /**
     * @param tokens every accepted token
     */
    public TokenAuthenticator(List<KnownToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Builds the configured part of the token list.
     *
     * @param role the role of the entries
     * @param entries configured entries, plain or {@code sha256:<hex>}
     * @param rejected receives a description of each entry that is not usable
     * @return one known token per usable entry, labelled {@code role:n} by position (from 1)
     */
    public static List<KnownToken> configured(Role role, String[] entries, List<String> rejected) {
        List<KnownToken> result = new ArrayList<>();
        if (entries == null) {
            return result;
        }
        for (int i = 0; i < entries.length; i++) {
            String label = role.wireName() + ":" + (i + 1);
            String entry = entries[i];
            if (entry == null || entry.isBlank()) {
                continue;
            }
            Optional<byte[]> hash = TokenHash.ofConfigured(entry);
            if (hash.isPresent()) {
                result.add(new KnownToken(hash.get(), new ActingPrincipal(role, label)));
            } else {
                rejected.add(label + " is not a token nor sha256: followed by 64 hex digits");
            }
        }
        return result;
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @return who presents the token, empty when there is no bearer token or it is unknown
     */
    public Optional<ActingPrincipal> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        return authenticateHash(TokenHash.of(token));
    }

    /**
     * Recognises a token by its hash: a console session keeps the hash of the token it was opened
     * with, so that removing the token from the configuration ends its sessions too.
     *
     * @param presented SHA-256 of a token
     * @return who holds the token, empty when it is not (or no longer) accepted
     */
    public Optional<ActingPrincipal> authenticateHash(byte[] presented) {
        ActingPrincipal match = null;
        // Compare with every known token, also after a match, so timing tells nothing about the list.
        for (KnownToken known : tokens) {
            if (TokenHash.same(presented, known.hash()) && match == null) {
                match = known.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    /** @return how many tokens are accepted */
    public int size() {
        return tokens.size();
    }
}
