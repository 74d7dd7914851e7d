package learning.corpus.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import learning.api.corpus.SkillState;

/**
 * The skill folders {@code <root>/{pending,active,archived}} and the two ways this bundle changes
 * them, both such that a crash at any point loses no file and leaves none half-written:
 * <ul>
 * <li>a score rewrite writes a temporary file in the same folder, forces it to disk and renames
 *     it over the original in one atomic step; a crash leaves the old file plus a temporary file
 *     that {@link #recover} removes;</li>
 * <li>a lifecycle move hard-links the file under its new folder, which fails atomically when the
 *     name is taken there (a plain rename would silently replace it), then removes the old name;
 *     a crash in between leaves one file under two names, which {@link #recover} completes.</li>
 * </ul>
 */
final class SkillFiles {
    /** Suffix of temporary files; nothing else in the folders ends with it. */
    static final String TEMP_SUFFIX = ".corpus-tmp";
    private static final String EXTENSION = ".md";
    /** Skill files are short markdown; anything larger is refused rather than read into memory. */
    private static final long MAX_BYTES = 8L * 1024 * 1024;

    /** Where a test simulates the process dying. */
    interface CrashPoint {
        /** @param point the step just completed */
        void reached(String point);
    }

    private final Path root;
    private final CrashPoint crash;

    SkillFiles(Path root, CrashPoint crash) {
        this.root = root.toAbsolutePath().normalize();
        this.crash = crash;
    }

    Path root() {
        return root;
    }

    Path folder(SkillState state) {
        return root.resolve(state.wireName());
    }

    void createFolders() throws IOException {
        for (SkillState s : SkillState.values()) {
            Files.createDirectories(folder(s));
        }
    }

    /** @return the file name of a skill, or null when the name cannot be one file in a folder */
    static String fileName(String skill) {
        String name = skill.endsWith(EXTENSION) ? skill.substring(0, skill.length() - EXTENSION.length()) : skill;
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.indexOf('\0') >= 0) {
            return null;
        }
        return name + EXTENSION;
    }

    /** @return the skill name of a file name */
    static String skillName(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - EXTENSION.length());
    }

    /** @return where a skill's file lies, by state; empty when nowhere */
    Map<SkillState, Path> locate(String skill) {
        Map<SkillState, Path> out = new EnumMap<>(SkillState.class);
        String file = fileName(skill);
        if (file == null) {
            return out;
        }
        for (SkillState s : SkillState.values()) {
            Path p = folder(s).resolve(file);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                out.put(s, p);
            }
        }
        return out;
    }

    /** @return the skill files of one state, by name */
    List<Path> list(SkillState state) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = folder(state);
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + EXTENSION)) {
            for (Path p : files) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static byte[] read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + MAX_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Replaces a file's content atomically: readers see the old or the new content, never a mix,
     * and a crash leaves the old file intact.
     */
    void rewrite(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Path temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException notPosix) {
                // The platform default then applies.
            }
            crash.reached("temp-written");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // An ordinary failure cleans up at once; after a crash recover() does it.
            Files.deleteIfExists(temp);
            throw e;
        }
        syncFolder(dir);
        crash.reached("file-replaced");
    }

    /**
     * Moves a skill file to another state's folder under the same name, never replacing a file.
     *
     * @return null when moved, else why not (a name clash)
     */
    String move(Path source, SkillState to) throws IOException {
        Path target = folder(to).resolve(source.getFileName());
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException clash) {
            return "name clash: " + relative(target) + " already exists; " + relative(source) + " stays where it is";
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (noLinks instanceof NoSuchFileException) {
                throw (NoSuchFileException) noLinks;
            }
            // A file system without hard links: rename, checking first (only this bundle moves skills).
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return "name clash: " + relative(target) + " already exists; " + relative(source) + " stays where it is";
            }
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system can neither link nor atomically rename " + relative(source), e);
            }
            syncFolder(target.getParent());
            syncFolder(source.getParent());
            return null;
        }
        syncFolder(target.getParent());
        crash.reached("linked");
        Files.delete(source);
        syncFolder(source.getParent());
        return null;
    }

    /**
     * Cleans up after a crash: removes temporary files of interrupted rewrites (the original is
     * intact) and completes moves interrupted between link and unlink (the same file under two
     * folders). Anything else that looks wrong is reported, never deleted.
     *
     * @return what was found and done, for the run's report
     */
    List<String> recover() throws IOException {
        List<String> notes = new ArrayList<>();
        for (SkillState s : SkillState.values()) {
            Path dir = folder(s);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
                for (Path temp : files) {
                    Files.deleteIfExists(temp);
                    notes.add("removed " + relative(temp) + ", left by an interrupted score rewrite (the skill file was"
                            + " not changed by it)");
                }
            }
        }
        completeInterruptedMoves(SkillState.PENDING, SkillState.ACTIVE, notes);
        completeInterruptedMoves(SkillState.ACTIVE, SkillState.ARCHIVED, notes);
        return notes;
    }

    private void completeInterruptedMoves(SkillState from, SkillState to, List<String> notes) throws IOException {
        for (Path source : list(from)) {
            Path target = folder(to).resolve(source.getFileName());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(source, target)) {
                Files.delete(source);
                syncFolder(source.getParent());
                notes.add("completed the interrupted move of " + relative(source) + " to " + relative(target));
            }
        }
    }

    String relative(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    /** Makes a rename durable; where folders cannot be opened for that, the rename is still atomic. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open folders; the rename itself is still atomic there.
        }
    }
}
