package io.dock2ledger.exceptions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dock2ledger.partners.PartnerRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Who owns each exception category ({@code config/exception-owners.yaml}); a partner file may name its own owner
 * for a category. Every category must have an owner: a missing one fails at start, naming the category.
 */
public class ExceptionOwners {

    private final Map<ExceptionCategory, String> owners;
    private final PartnerRegistry partners;

    public ExceptionOwners(Map<ExceptionCategory, String> owners, PartnerRegistry partners) {
        for (ExceptionCategory category : ExceptionCategory.values()) {
            if (!owners.containsKey(category) || owners.get(category).isBlank()) {
                throw new IllegalStateException("No owner for exception category " + category
                        + " in config/exception-owners.yaml");
            }
        }
        this.owners = new EnumMap<>(owners);
        this.partners = partners;
    }

    public static ExceptionOwners load(Path file, PartnerRegistry partners) {
        if (!Files.exists(file)) {
            throw new IllegalStateException("Exception owner file " + file + " is missing");
        }
        try {
            Map<ExceptionCategory, String> owners = new ObjectMapper(new YAMLFactory())
                    .readValue(file.toFile(), new TypeReference<Map<String, Map<ExceptionCategory, String>>>() { })
                    .get("owners");
            return new ExceptionOwners(owners == null ? Map.of() : owners, partners);
        } catch (IOException e) {
            throw new IllegalStateException("Exception owner file " + file + " is not valid: " + e.getMessage(), e);
        }
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
