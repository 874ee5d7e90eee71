package io.dock2ledger.partners;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The partners of {@code config/partners/*.yaml}, read at start and again by {@link #reload}: the route
 * {@code partner-routes-sync} calls it whenever a partner file is created, changed or deleted, so onboarding a partner
 * needs no restart. Lookups never touch the disk. A reload that fails (a broken file, an id declared twice) changes
 * nothing: the registry read before stays in use.
 */
public class PartnerRegistry {

    private final List<Path> directories;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private volatile Map<String, Partner> partners;

    public PartnerRegistry(Path directory) {
        this(List.of(directory));
    }

    /**
     * @param directories folders of partner files, read in order; a partner id may be declared only once across them
     * @throws IllegalStateException when a partner file is not valid: the hub does not start on a broken registry
     */
    public PartnerRegistry(List<Path> directories) {
        this.directories = List.copyOf(directories);
        reload();
    }

    public Optional<Partner> partner(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    public Collection<Partner> all() {
        return partners.values();
    }

    /**
     * Reads every partner file again and replaces the registry at once.
     *
     * @return the ids of the partners now registered
     * @throws IllegalStateException naming the broken file and the parser's reason; the registry is then unchanged
     */
    public synchronized List<String> reload() {
        Map<String, Partner> read = new TreeMap<>();
        for (Path file : partnerFiles()) {
            Partner partner = read(file);
            String expectedId = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!expectedId.equals(partner.id())) {
                throw new IllegalStateException("Partner file " + file + " declares id '" + partner.id()
                        + "' but must declare id '" + expectedId + "' (the file name)");
            }
            if (read.containsKey(partner.id())) {
                throw new IllegalStateException("Partner " + partner.id() + " is declared twice (again in " + file + ")");
            }
            read.put(partner.id(), partner);
        }
        partners = Map.copyOf(read);
        return new ArrayList<>(read.keySet());
    }

    private Partner read(Path file) {
        try {
            return yaml.readValue(file.toFile(), Partner.class);
        } catch (IOException e) {
            throw new IllegalStateException("Partner file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    private List<Path> partnerFiles() {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> listed = Files.list(directory)) {
                listed.filter(file -> {
                    String name = file.getFileName().toString();
                    return name.endsWith(".yaml") || name.endsWith(".yml");
                }).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list partner registry " + directory, e);
            }
        }
        return files;
    }
}
