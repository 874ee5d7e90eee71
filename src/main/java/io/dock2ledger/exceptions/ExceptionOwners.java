package io.dock2ledger.exceptions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dock2ledger.partners.PartnerRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns each exception category ({@code config/exception-owners.yaml}); a partner file may name its own owner
 * for a category. Every category must have an owner: a missing one fails at start, naming the category.
 */
public class ExceptionOwners {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([mhd])");

    private final Map<ExceptionCategory, String> owners;
    private final PartnerRegistry partners;
    private final List<Duration> agingThresholds;

    public ExceptionOwners(Map<ExceptionCategory, String> owners, PartnerRegistry partners) {
        this(owners, partners, List.of());
    }

    /**
     * @param agingThresholds how long an exception may stay open before its owner is notified, once per threshold,
     *                        ascending ({@code aging:} in the file, e.g. 4h, 24h, 72h)
     */
    public ExceptionOwners(Map<ExceptionCategory, String> owners, PartnerRegistry partners, List<Duration> agingThresholds) {
        for (ExceptionCategory category : ExceptionCategory.values()) {
            if (!owners.containsKey(category) || owners.get(category).isBlank()) {
                throw new IllegalStateException("No owner for exception category " + category
                        + " in config/exception-owners.yaml");
            }
        }
        this.owners = new EnumMap<>(owners);
        this.partners = partners;
        this.agingThresholds = agingThresholds.stream().sorted().toList();
    }

    public static ExceptionOwners load(Path file, PartnerRegistry partners) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("Exception owner file " + file + " is missing");
        }
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            JsonNode root = yaml.readTree(file.toFile());
            Map<ExceptionCategory, String> owners = root == null || root.get("owners") == null ? null
                    : yaml.convertValue(root.get("owners"), new TypeReference<Map<ExceptionCategory, String>>() { });
            List<Duration> aging = new ArrayList<>();
            if (root != null && root.get("aging") != null) {
                for (JsonNode threshold : root.get("aging")) {
                    aging.add(duration(threshold.asText()));
                }
            }
            return new ExceptionOwners(owners == null ? Map.of() : owners, partners, aging);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Exception owner file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    public List<Duration> agingThresholds() {
        return agingThresholds;
    }

    /** 30m, 4h, 3d: minutes, hours or days. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("aging threshold '" + text + "' is not a duration like 30m, 4h or 3d");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public String ownerOf(ExceptionCategory category, String partnerId) {
        if (partnerId != null) {
            String partnerOwner = partners.partner(partnerId)
                    .map(p -> p.exceptionOwners().get(category.name()))
                    .orElse(null);
            if (partnerOwner != null) {
                return partnerOwner;
            }
        }
        return owners.get(category);
    }
}
