package learning.weights.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import learning.api.weights.Domain;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The learned weights overlay {@code data/learned_weights.yaml}, in the reference's format
 * ({@code weights:} mapping the six domains to numbers). Written atomically (temp file, fsync,
 * rename); read back on every {@link #read()} unless the file is unchanged since the last read.
 */
final class Overlay {
    /** What the file holds: nothing, valid weights, or a reason it cannot be used. */
    record Reading(boolean present, Map<Domain, Double> weights, String problem) {
        boolean valid() {
            return present && weights != null;
        }
    }

    private final Path file;
    private final Bounds bounds;
    private FileTime cachedTime;
    private long cachedSize = -1;
    private Reading cached;

    Overlay(Path file, Bounds bounds) {
        this.file = file;
        this.bounds = bounds;
    }

    Path file() {
        return file;
    }

    /** @return the file's current content, parsed and checked */
    synchronized Reading read() {
        FileTime time;
        long size;
        try {
            time = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            cached = null;
            return new Reading(false, null, null);
        } catch (IOException e) {
            return new Reading(true, null, "cannot read " + file + ": " + e.getMessage());
        }
        if (cached != null && time.equals(cachedTime) && size == cachedSize) {
            return cached;
        }
        Reading r;
        try {
            r = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            r = new Reading(true, null, "cannot read " + file + ": " + e.getMessage());
        }
        cached = r;
        cachedTime = time;
        cachedSize = size;
        return r;
    }

    Reading parse(String text) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            return new Reading(true, null, "not valid YAML: " + e.getMessage());
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("weights") instanceof Map<?, ?> weights)) {
            return new Reading(true, null, "expected a mapping 'weights:' of the six domains to numbers");
        }
        Map<Domain, Double> out = new EnumMap<>(Domain.class);
        for (Map.Entry<?, ?> e : weights.entrySet()) {
            Optional<Domain> d = Domain.fromWireName(String.valueOf(e.getKey()));
            if (d.isEmpty()) {
                return new Reading(true, null, "unknown domain '" + e.getKey() + "'");
            }
            if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return new Reading(true, null, "weight of " + e.getKey() + " is not a finite number: " + e.getValue());
            }
            double v = n.doubleValue();
            if (v < bounds.min() - 1e-12 || v > bounds.max() + 1e-12) {
                return new Reading(true, null, "weight of " + e.getKey() + " is " + v + ", outside ["
                        + bounds.min() + ", " + bounds.max() + "]");
            }
            out.put(d.get(), v);
        }
        if (out.size() != Domain.values().length) {
            return new Reading(true, null, "all six domains are needed, found " + out.keySet());
        }
        double sum = out.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > 1e-9) {
            return new Reading(true, null, "weights sum to " + sum + ", not 1");
        }
        return new Reading(true, out, null);
    }

    /** Replaces the file atomically: a reader sees the old or the new content, never half of one. */
    synchronized void write(Map<Domain, Double> weights) throws IOException {
        Map<String, Object> w = new TreeMap<>();
        weights.forEach((d, v) -> w.put(d.wireName(), v));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("weights", w);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String text = new Yaml(options).dump(doc);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        cached = null;
    }

    /** @return true when a file was deleted */
    synchronized boolean delete() throws IOException {
        cached = null;
        return Files.deleteIfExists(file);
    }
}
