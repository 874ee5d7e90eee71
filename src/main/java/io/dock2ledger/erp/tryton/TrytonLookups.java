package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tryton's own master data, found by the hub's codes and cached: a company by its party code (the entity, US01), an
 * account by code within a company, a party by code with its invoice address, a product by code, a tax by name within
 * a company ("NY STD"), journals, the payment term, currencies. Only found records are cached; what Tryton lacks is
 * asked again next time (someone may have created it), and is an {@link ExceptionCategory#ERP_UNKNOWN_PARTY} or
 * {@link ExceptionCategory#ERP_MISSING_MASTER_DATA} for its owner. {@link #invalidate()} after Tryton's master data
 * changed (the master-data sync calls it).
 */
public class TrytonLookups {

    public record Account(long id, String code, boolean partyRequired) {
    }

    public record Party(long id, long invoiceAddress) {
    }

    public record Product(long id, long unit) {
    }

    public record Tax(long id, String name, BigDecimal rate) {
    }

    private final Map<String, Object> cache = new ConcurrentHashMap<>();

    public void invalidate() {
        cache.clear();
    }

    public long company(TrytonClient tryton, String entity) {
        return cached("company:" + entity, () -> {
            for (JsonNode company : tryton.searchRead("company.company", List.of(), List.of("id", "party.code"))) {
                if (entity.equals(company.path("party.").path("code").asText(null))) {
                    return company.get("id").asLong();
                }
            }
            throw missing("Tryton has no company for entity " + entity + " (a company whose party code is " + entity + ")");
        });
    }

    public Account account(TrytonClient tryton, long company, String code) {
        return cached("account:" + company + ":" + code, () -> {
            JsonNode account = one(tryton, "account.account",
                    List.of(List.of("company", "=", company), List.of("code", "=", code)),
                    List.of("id", "code", "party_required"),
                    "Tryton has no account " + code + " in company " + company);
            return new Account(account.get("id").asLong(), code, account.path("party_required").asBoolean(false));
        });
    }

    public Party party(TrytonClient tryton, String code) {
        return cached("party:" + code, () -> {
            List<JsonNode> parties = tryton.searchRead("party.party", List.of(List.of("code", "=", code)), List.of("id"));
            if (parties.size() != 1) {
                throw new HubException(ExceptionCategory.ERP_UNKNOWN_PARTY,
                        "Tryton has " + (parties.isEmpty() ? "no party" : parties.size() + " parties") + " with code "
                                + code);
            }
            long id = parties.get(0).get("id").asLong();
            List<JsonNode> addresses = tryton.searchRead("party.address", List.of(List.of("party", "=", id)),
                    List.of("id"));
            if (addresses.isEmpty()) {
                throw new HubException(ExceptionCategory.ERP_UNKNOWN_PARTY,
                        "Tryton's party " + code + " has no address to invoice");
            }
            return new Party(id, addresses.get(0).get("id").asLong());
        });
    }

    public Product product(TrytonClient tryton, String code) {
        return cached("product:" + code, () -> {
            JsonNode product = one(tryton, "product.product", List.of(List.of("code", "=", code)),
                    List.of("id", "default_uom"), "Tryton has no product " + code);
            return new Product(product.get("id").asLong(), product.get("default_uom").asLong());
        });
    }

    public Tax tax(TrytonClient tryton, long company, String name) {
        return cached("tax:" + company + ":" + name, () -> {
            JsonNode tax = one(tryton, "account.tax", List.of(List.of("company", "=", company), List.of("name", "=", name)),
                    List.of("id", "rate"), "Tryton has no tax " + name + " in company " + company);
            return new Tax(tax.get("id").asLong(), name, TrytonJson.decimal(tax.get("rate")));
        });
    }

    public long journal(TrytonClient tryton, String code) {
        return cached("journal:" + code, () -> one(tryton, "account.journal", List.of(List.of("code", "=", code)),
                List.of("id"), "Tryton has no journal " + code).get("id").asLong());
    }

    public long paymentTerm(TrytonClient tryton, String name) {
        return cached("term:" + name, () -> one(tryton, "account.invoice.payment_term",
                List.of(List.of("name", "=", name)), List.of("id"), "Tryton has no payment term " + name)
                .get("id").asLong());
    }

    public long currency(TrytonClient tryton, String code) {
        return cached("currency:" + code, () -> one(tryton, "currency.currency", List.of(List.of("code", "=", code)),
                List.of("id"), "Tryton has no currency " + code).get("id").asLong());
    }

    private static JsonNode one(TrytonClient tryton, String model, List<?> domain, List<String> fields, String missing) {
        List<JsonNode> rows = tryton.searchRead(model, domain, fields);
        if (rows.size() != 1) {
            throw missing(rows.isEmpty() ? missing : missing.replace("has no", "has " + rows.size() + " records for"));
        }
        return rows.get(0);
    }

    private static HubException missing(String reason) {
        return new HubException(ExceptionCategory.ERP_MISSING_MASTER_DATA, reason);
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, Supplier<T> lookup) {
        Object found = cache.get(key);
        if (found == null) {
            found = lookup.get();
            cache.put(key, found);
        }
        return (T) found;
    }
}
