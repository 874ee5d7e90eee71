package io.dock2ledger.erp;

import io.dock2ledger.posting.FinanceAdapter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finance adapters the hub has, by target name: each adapter's {@link FinanceAdapter#name()} and its bean name
 * (the Tryton adapter is the bean {@code tryton}), plus one per configured REST ERP. A target the configuration
 * names but no adapter answers to stops the hub at start, naming it.
 */
public class FinanceAdapters {

    private final Map<String, FinanceAdapter> byName = new LinkedHashMap<>();

    public FinanceAdapters(Map<String, FinanceAdapter> beans, Iterable<? extends FinanceAdapter> others,
                           Set<String> configuredTargets) {
        beans.forEach((beanName, adapter) -> {
            if (!(adapter instanceof ErpOutbox)) {
                byName.put(adapter.name(), adapter);
                byName.putIfAbsent(beanName, adapter);
            }
        });
        others.forEach(adapter -> byName.put(adapter.name(), adapter));
        Set<String> missing = new TreeSet<>(configuredTargets);
        missing.removeAll(byName.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("dock2ledger.erp names ERP target(s) " + missing
                    + " that no finance adapter answers to; known: " + new TreeSet<>(byName.keySet()));
        }
    }

    public FinanceAdapter get(String target) {
        FinanceAdapter adapter = byName.get(target);
        if (adapter == null) {
            throw new IllegalStateException("No finance adapter for target " + target);
        }
        return adapter;
    }

    /** Every name a target may use (adapter names and bean names). */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** One name per adapter, its own: what metrics and health are tagged with. */
    public Set<String> adapterNames() {
        Set<String> names = new TreeSet<>();
        byName.values().forEach(adapter -> names.add(adapter.name()));
        return names;
    }
}
