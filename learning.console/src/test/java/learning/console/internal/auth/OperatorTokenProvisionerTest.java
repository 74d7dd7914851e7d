package learning.console.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import learning.store.internal.Store;

class OperatorTokenProvisionerTest {
    private final Store store = Store.open("jdbc:hsqldb:mem:tokens-" + UUID.randomUUID());
    private final TokenTable table = new TokenTable(store.database());

    @TempDir
    Path home;

    @AfterEach
    void close() {
        store.close();
    }

    private OperatorTokenProvisioner provisioner() {
        table.migrate();
        return new OperatorTokenProvisioner(table, new SecureRandom(), Clock.systemUTC());
    }

    @Test
    void firstStartWritesTheTokenOwnerOnlyAndStoresOnlyItsHash() throws Exception {
        Optional<Path> written = provisioner().ensureOperatorToken(home);

        Path file = home.resolve("data").resolve("operator.token");
        assertEquals(Optional.of(file), written);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url without padding: " + token);
        assertEquals(List.of(), stringCellsContaining(token));
        assertEquals(1, stringCellsContaining(TokenHash.hex(TokenHash.of(token))).size());
        assertEquals(List.of("data/operator.token"), leftovers());
    }

    @Test
    void storedHashAuthenticatesTheWrittenTokenAsOperator() throws Exception {
        provisioner().ensureOperatorToken(home);
        String token = Files.readString(home.resolve("data/operator.token"));

        TokenAuthenticator auth = new TokenAuthenticator(table.all());

        assertEquals(new ActingPrincipal(Role.OPERATOR, "operator"), auth.authenticate("Bearer " + token).orElseThrow());
        assertTrue(auth.authenticate("Bearer " + token + "x").isEmpty());
    }

    @Test
    void laterStartsNeverRegenerateTheToken() throws Exception {
        provisioner().ensureOperatorToken(home);
        Path file = home.resolve("data/operator.token");
        String token = Files.readString(file);
        Files.delete(file);

        Optional<Path> again = provisioner().ensureOperatorToken(home);

        assertTrue(again.isEmpty());
        assertFalse(Files.exists(file), "a deleted token file is not re-created with a new token");
        TokenAuthenticator auth = new TokenAuthenticator(table.all());
        assertTrue(auth.authenticate("Bearer " + token).isPresent());
        assertEquals(1, table.all().size());
    }

    @Test
    void unwritableHomeLeavesNoHashBehind() throws Exception {
        Path blocked = home.resolve("blocked");
        Files.writeString(blocked, "a file where the home folder should be");

        try {
            provisioner().ensureOperatorToken(blocked);
        } catch (RuntimeException expected) {
            // the activation fails, so the operator sees the problem
        }

        assertEquals(List.of(), table.all());
    }

    /** Every string cell of every table that contains the text. */
    private List<String> stringCellsContaining(String text) {
        return store.database().read(c -> {
            List<String> found = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet r = meta.getColumns(null, "PUBLIC", "%", "%")) {
                while (r.next()) {
                    String type = r.getString("TYPE_NAME");
                    if (type.contains("CHAR") || type.contains("CLOB")) {
                        columns.add(new String[] {r.getString("TABLE_NAME"), r.getString("COLUMN_NAME")});
                    }
                }
            }
            assertTrue(columns.stream().anyMatch(col -> col[0].equals("API_TOKENS")), "api_tokens is scanned");
            try (Statement s = c.createStatement()) {
                for (String[] col : columns) {
                    try (ResultSet r = s.executeQuery("SELECT \"" + col[1] + "\" FROM \"" + col[0] + "\"")) {
                        while (r.next()) {
                            String value = r.getString(1);
                            if (value != null && value.contains(text)) {
                                found.add(col[0] + "." + col[1]);
                            }
                        }
                    }
                }
            }
            return found;
        });
    }

    private List<String> leftovers() throws Exception {
        try (var files = Files.walk(home)) {
            return files.filter(Files::isRegularFile).map(p -> home.relativize(p).toString()).sorted().toList();
        }
    }
}
