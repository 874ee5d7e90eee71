package io.dock2ledger.partners;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The partners of {@code config/partners/*.yaml}. Files are re-read when they change (checked at most once a
 * second, on lookup), so onboarding a partner in the embedded profile needs no restart.
 */
public class PartnerRegistry {

    private static final long RECHECK_MILLIS = 1000;

    private final List<Path> directories;
    private final Clock clock;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), 0);

    public PartnerRegistry(Path directory, Clock clock) {
        this(List.of(directory), clock);
    }

    /**
     * @param directories folders of partner files, read in order; a partner id may be declared only once across them
     */
    public PartnerRegistry(List<Path> directories, Clock clock) {
        this.directories = List.copyOf(directories);
        this.clock = clock;
        reload();
    }

    public Optional<Partner> partner(String id) {
        return Optional.ofNullable(current().partners.get(id));
    }

    public Collection<Partner> all() {
        return current().partners.values();
    }

    /** Reads every partner file again; a broken file fails with its name and the parser's reason. */
    public synchronized void reload() {
        Map<Path, FileTime> stamps = stamps();
        Map<String, Partner> partners = new TreeMap<>();
        for (Path file : stamps.keySet()) {
            Partner partner = read(file);
            String expectedId = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!expectedId.equals(partner.id())) {
                throw new IllegalStateException("Partner file " + file + " declares id '" + partner.id()
                        + "' but must declare id '" + expectedId + "' (the file name)");
            }
            if (partners.containsKey(partner.id())) {
                throw new IllegalStateException("Partner " + partner.id() + " is declared twice (again in " + file + ")");
            }
            partners.put(partner.id(), partner);
        }
        snapshot = new Snapshot(Map.copyOf(partners), stamps, clock.millis());
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (clock.millis() - s.checkedAt >= RECHECK_MILLIS) {
            synchronized (this) {
                s = snapshot;
                if (clock.millis() - s.checkedAt >= RECHECK_MILLIS) {
                    if (!stamps().equals(s.stamps)) {
                        reload();
                    } else {
                        snapshot = new Snapshot(s.partners, s.stamps, clock.millis());
                    }
                }
                s = snapshot;
            }
        }
        return s;
    }

    private Partner read(Path file) {
        try {
            return yaml.readValue(file.toFile(), Partner.class);
        } catch (IOException e) {
            throw new IllegalStateException("Partner file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    private Map<Path, FileTime> stamps() {
        Map<Path, FileTime> stamps = new TreeMap<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        stamps.put(file, Files.getLastModifiedTime(file));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list partner registry " + directory, e);
            }
        }
        return stamps;
    }

    private record Snapshot(Map<String, Partner> partners, Map<Path, FileTime> stamps, long checkedAt) {
    }
}
