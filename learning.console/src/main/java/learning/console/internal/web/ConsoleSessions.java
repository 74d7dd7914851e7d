package learning.console.internal.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import learning.console.internal.auth.ActingPrincipal;
import learning.console.internal.auth.TokenAuthenticator;
import learning.console.internal.auth.TokenHash;

/**
 * The console's browser sessions, in memory: a session is opened with a bearer token (viewer or
 * operator) and then identified by a random id in an HttpOnly, SameSite=Strict cookie. Each session
 * has its own CSRF token, which the pages send as {@code X-CSRF-Token} on every state change.
 *
 * <p>
 * A session keeps the SHA-256 of the token it was opened with, never the token, and checks it
 * against the current token list at every use: removing a token from the configuration ends its
 * sessions at once. Sessions end after an idle time and after an absolute lifetime, and do not
 * survive a restart (the operator signs in again).
 *
 * <p>
 * Shared by the API servlet (which configures it and accepts its cookie) and the console servlet
 * (sign-in, sign-out, pages).
 */
@Component(service = ConsoleSessions.class, immediate = true)
public class ConsoleSessions {
    /** The name of the session cookie. */
    public static final String COOKIE = "learning_session";
    /** The request header that carries the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** How many sessions may be open at once; the oldest is dropped beyond. */
    static final int MAX_SESSIONS = 10_000;

    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private volatile Settings settings = new Settings(new TokenAuthenticator(List.of()), Duration.ofMinutes(30),
            Duration.ofHours(12));

    /**
     * One open session.
     *
     * @param id the cookie value
     * @param csrfToken what state-changing requests must carry in {@code X-CSRF-Token}
     * @param tokenHash SHA-256 of the token it was opened with
     * @param principal who signed in (as of the last check)
     * @param createdAt when it was opened
     * @param lastSeen when it was last used
     */
    public record Session(String id, String csrfToken, byte[] tokenHash, ActingPrincipal principal,
            Instant createdAt, Instant lastSeen) {
    }

    private record Settings(TokenAuthenticator authenticator, Duration idle, Duration lifetime) {
    }

    /** Used by DS. */
    @Activate
    public ConsoleSessions() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock decides expiry (tests move it)
     */
    public ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes the current token list and lifetimes (the API servlet calls this on every configuration).
     *
     * @param authenticator the accepted tokens
     * @param idle a session unused this long ends
     * @param lifetime a session ends this long after sign-in, used or not
     */
    public void configure(TokenAuthenticator authenticator, Duration idle, Duration lifetime) {
        this.settings = new Settings(authenticator, idle, lifetime);
    }

    /** @return how long an unused session lives */
    public Duration idleTimeout() {
        return settings.idle();
    }

    /**
     * Opens a session for a token.
     *
     * @param token a viewer or operator token, as the operator typed it
     * @return the new session, empty when the token is not accepted
     */
    public Optional<Session> signIn(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] hash = TokenHash.of(token.strip());
        Optional<ActingPrincipal> principal = settings.authenticator().authenticateHash(hash);
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        purgeExpired();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min((a, b) -> a.lastSeen().compareTo(b.lastSeen()))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Instant now = clock.instant();
        Session s = new Session(randomId(), randomId(), hash, principal.get(), now, now);
        sessions.put(s.id(), s);
        return Optional.of(s);
    }

    /**
     * Finds an open session and marks it used.
     *
     * @param id the cookie value, or null
     * @return the session with its principal as of now, empty when unknown, expired, or its token
     *         is no longer accepted (the session is then removed)
     */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Settings current = settings;
        Optional<ActingPrincipal> principal = current.authenticator().authenticateHash(s.tokenHash());
        if (expired(s, now, current) || principal.isEmpty()) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session used = new Session(s.id(), s.csrfToken(), s.tokenHash(), principal.get(), s.createdAt(), now);
        sessions.replace(id, s, used);
        return Optional.of(used);
    }

    /**
     * @param session a session
     * @return when it ends unless it is used before
     */
    public Instant expiresAt(Session session) {
        Settings current = settings;
        Instant idleEnd = session.lastSeen().plus(current.idle());
        Instant lifeEnd = session.createdAt().plus(current.lifetime());
        return idleEnd.isBefore(lifeEnd) ? idleEnd : lifeEnd;
    }

    /**
     * Ends a session.
     *
     * @param id the cookie value
     */
    public void signOut(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /**
     * @param session a session
     * @param presented the {@code X-CSRF-Token} header, or null
     * @return whether it is the session's CSRF token (compared in constant time)
     */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && TokenHash.same(TokenHash.of(presented), TokenHash.of(session.csrfToken()));
    }

    /** @return how many sessions are open */
    public int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now, Settings current) {
        return !now.isBefore(s.lastSeen().plus(current.idle())) || !now.isBefore(s.createdAt().plus(current.lifetime()));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        Settings current = settings;
        sessions.values().removeIf(s -> expired(s, now, current));
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return ID.encodeToString(bytes);
    }
}
