package learning.console.internal.auth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import learning.api.store.LearningDatabase;
import learning.api.store.Migration;

/**
 * The {@code api_tokens} table: SHA-256 hashes of generated tokens, never the tokens themselves.
 */
public final class TokenTable {
    /** The schema module name under which the console's migrations are recorded. */
    public static final String MODULE = "learning.console";

    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "API token hashes", List.of(
            "CREATE TABLE api_tokens ("
                    + "label VARCHAR(64) PRIMARY KEY, "
                    + "role VARCHAR(16) NOT NULL, "
                    + "token_sha256 CHAR(64) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL)")));

    private final LearningDatabase database;

    /**
     * @param database the shared database
     */
    public TokenTable(LearningDatabase database) {
        this.database = database;
    }

    /** Creates the table when it does not exist yet. */
    public void migrate() {
        database.migrate(MODULE, MIGRATIONS);
    }

    /**
     * @return every stored token hash with its role and label
     */
    public List<TokenAuthenticator.KnownToken> all() {
        return database.inTransaction(c -> {
            List<TokenAuthenticator.KnownToken> tokens = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT label, role, token_sha256 FROM api_tokens");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Role role = Role.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT));
                    byte[] hash = HexFormat.of().parseHex(rs.getString(3).strip());
                    tokens.add(new TokenAuthenticator.KnownToken(hash, new ActingPrincipal(role, rs.getString(1))));
                }
            }
            return tokens;
        });
    }

    /**
     * Must run inside a transaction of the same database.
     *
     * @param label the token's label
     * @return whether a hash is stored under the label
     */
    boolean exists(java.sql.Connection c, String label) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_tokens WHERE label = ?")) {
            ps.setString(1, label);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Must run inside a transaction of the same database.
     */
    void insert(java.sql.Connection c, ActingPrincipal principal, byte[] hash, Instant createdAt)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_tokens (label, role, token_sha256, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, principal.label());
            ps.setString(2, principal.role().wireName());
            ps.setString(3, TokenHash.hex(hash));
            ps.setObject(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    LearningDatabase database() {
        return database;
    }
}
