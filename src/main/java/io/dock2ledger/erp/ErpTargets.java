package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which ERP (target) a legal entity's document of a kind goes to: {@code dock2ledger.erp.entities}, else the default. */
public class ErpTargets {

    private final String defaultTarget;
    private final Map<String, ErpProperties.EntityTarget> entities;

    public ErpTargets(ErpProperties properties) {
        this.defaultTarget = properties.defaultTarget();
        this.entities = properties.entities();
    }

    public String targetOf(String entity, DocumentKind kind) {
        ErpProperties.EntityTarget configured = entities.get(entity);
        if (configured == null) {
            return defaultTarget;
        }
        String byKind = configured.kinds().get(kind);
        if (byKind != null) {
            return byKind;
        }
        return configured.target() != null ? configured.target() : defaultTarget;
    }

    /** Every target the configuration names: each must be an adapter the hub has. */
    public Set<String> named() {
        Set<String> named = new TreeSet<>();
        named.add(defaultTarget);
        entities.values().forEach(e -> {
            if (e.target() != null) {
                named.add(e.target());
            }
            named.addAll(e.kinds().values());
        });
        return named;
    }
}
