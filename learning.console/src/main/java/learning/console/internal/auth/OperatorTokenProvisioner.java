package learning.console.internal.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the operator token on first start. There is no default password: the engine draws a
 * random token, stores only its hash and hands the token to the operator once, in
 * {@code <home>/data/operator.token} (readable by the owner only). A stored hash is never
 * replaced, so the token survives restarts and cannot be reset by deleting the file.
 */
public final class OperatorTokenProvisioner {
    /** The label of the generated operator token. */
    public static final String LABEL = "operator";
    /** The token file's name inside {@code <home>/data}. */
    public static final String FILE_NAME = "operator.token";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final TokenTable table;
    private final SecureRandom random;
    private final Clock clock;

    /**
     * @param table the token table (migrated)
     * @param random the source of the token's bytes
     * @param clock when the token is created
     */
    public OperatorTokenProvisioner(TokenTable table, SecureRandom random, Clock clock) {
        this.table = table;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Generates the operator token unless its hash is stored already.
     *
     * @param home the engine's home folder; the token goes to {@code home/data/operator.token}
     * @return the file the new token was written to, empty when a token existed already
     */
    public Optional<Path> ensureOperatorToken(Path home) {
        Path file = home.resolve("data").resolve(FILE_NAME);
        boolean created = table.database().inTransaction(c -> {
            if (table.exists(c, LABEL)) {
                return false;
            }
            String token = newToken();
            table.insert(c, new ActingPrincipal(Role.OPERATOR, LABEL), TokenHash.of(token), clock.instant());
            // Written inside the transaction: if the file cannot be written the hash is rolled back,
            // so the operator is never left with a stored hash and no token.
            writeOwnerOnly(file, token);
            return true;
        });
        return created ? Optional.of(file) : Optional.empty();
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes the token to a temporary file that is created owner-only, then moves it into place,
     * so the token is never readable by others, not even for a moment.
     */
    static void writeOwnerOnly(Path file, String token) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path tmp;
            if (posix) {
                tmp = Files.createTempFile(dir, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
            }
            try {
                Files.write(tmp, token.getBytes(StandardCharsets.US_ASCII));
                if (posix) {
                    Files.setPosixFilePermissions(tmp, OWNER_ONLY);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator token to " + file, e);
        }
    }
}
