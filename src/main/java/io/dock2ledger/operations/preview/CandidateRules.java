package io.dock2ledger.operations.preview;

import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.posting.rules.InvalidPostingRulesException;
import io.dock2ledger.posting.rules.RuleBook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A candidate posting-rules file, from a request body or a path under config/, read and validated exactly as the hub
 * reads its own (RuleBook.load: every account must exist in the chart of accounts).
 */
public class CandidateRules {

    /** A candidate that cannot be used: its problems, each with its key, or a path outside config/. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Path configDir;
    private final MasterData masterData;

    public CandidateRules(Path configDir, MasterData masterData) {
        this.configDir = configDir.toAbsolutePath().normalize();
        this.masterData = masterData;
    }

    public RuleBook fromYaml(String yaml) {
        Path file = null;
        try {
            file = Files.createTempFile("candidate-posting-rules-", ".yaml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return load(file, "the request body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** @param relative a path under config/, e.g. {@code posting-rules.candidate.yaml} */
    public RuleBook fromConfig(String relative) {
        Path file = configDir.resolve(relative).toAbsolutePath().normalize();
        if (!file.startsWith(configDir)) {
            throw new Refused("The candidate must be a file under config/, not " + relative);
        }
        if (!Files.isRegularFile(file)) {
            throw new Refused("There is no file config/" + relative);
        }
        return load(file, "config/" + relative);
    }

    private RuleBook load(Path file, String name) {
        try {
            return RuleBook.load(file, masterData);
        } catch (InvalidPostingRulesException invalid) {
            throw new Refused("The candidate rules (" + name + ") are not valid: " + invalid.getMessage());
        }
    }
}
