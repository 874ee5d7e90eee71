package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.MasterDataSnapshot;
import io.dock2ledger.masterdata.MasterDataSource;
import io.dock2ledger.masterdata.Supplier;
import io.dock2ledger.masterdata.TaxRate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tryton as the source of the hub's items, standard costs, customers, suppliers and tax rates (docs/erp.md), read in a
 * handful of search_read calls:
 * <ul>
 *   <li>items: every product with a code (the SKU); its name; its cost price in the master-data company as the
 *   standard cost; its tax code from a product category named {@code tax code STD}. Units and weights are not kept in
 *   Tryton's demo set: a known SKU keeps the hub's, a new one takes the Tryton unit's symbol ({@code u} is EA);</li>
 *   <li>customers and suppliers: parties in the categories {@code customer} / {@code supplier}, by code; a customer's
 *   tax region from its category {@code tax region NY}; the currency of the master-data company;</li>
 *   <li>tax rates: the master-data company's taxes named {@code <region> <code>} with their rate.</li>
 * </ul>
 * A product or customer missing what the hub requires is left out and named in the log, not guessed.
 */
public class TrytonMasterDataSource implements MasterDataSource {

    private static final Logger log = LoggerFactory.getLogger(TrytonMasterDataSource.class);
    private static final String TAX_CODE = "tax code ";
    private static final String TAX_REGION = "tax region ";

    private final TrytonSession session;
    private final TrytonLookups lookups;
    private final MasterData current;
    private final String company;

    /** @param company the entity whose costs, taxes and currency the hub takes (US01) */
    public TrytonMasterDataSource(TrytonSession session, TrytonLookups lookups, MasterData current, String company) {
        this.session = session;
        this.lookups = lookups;
        this.current = current;
        this.company = company;
    }

    @Override
    public String name() {
        return "tryton";
    }

    @Override
    public MasterDataSnapshot fetch() {
        // What Tryton answers now, not what was cached when the last document posted
        lookups.invalidate();
        return session.call(tryton -> {
            long companyId = lookups.company(tryton, company);
            TrytonClient inCompany = tryton.inContext(Map.of("company", companyId));
            String currency = inCompany.searchRead("company.company", List.of(List.of("id", "=", companyId)),
                    List.of("currency.code")).get(0).path("currency.").path("code").asText();
            return new MasterDataSnapshot(items(inCompany), customers(inCompany, currency),
                    suppliers(inCompany, currency), taxRates(inCompany, companyId));
        });
    }

    private List<Item> items(TrytonClient tryton) {
        Map<Long, String> categories = new HashMap<>();
        tryton.searchRead("product.category", List.of(), List.of("id", "name"))
                .forEach(c -> categories.put(c.get("id").asLong(), c.path("name").asText()));
        List<Item> items = new ArrayList<>();
        for (JsonNode product : tryton.searchRead("product.product", List.of(java.util.Arrays.asList("code", "!=", null)),
                List.of("code", "name", "cost_price", "categories", "default_uom.symbol"))) {
            String sku = product.path("code").asText();
            Optional<Item> known = current.item(sku);
            String taxCode = null;
            for (JsonNode category : product.path("categories")) {
                String name = categories.getOrDefault(category.asLong(), "");
                if (name.startsWith(TAX_CODE)) {
                    taxCode = name.substring(TAX_CODE.length()).trim();
                }
            }
            BigDecimal cost = TrytonJson.decimal(product.get("cost_price"));
            if (taxCode == null || cost == null) {
                log.warn("Tryton product {} left out of the master-data sync: it has no {}", sku,
                        taxCode == null ? "\"tax code ...\" category" : "cost price");
                continue;
            }
            String uom = known.map(Item::baseUom).orElseGet(() -> unit(product.path("default_uom.").path("symbol").asText()));
            items.add(new Item(sku, product.path("name").asText(null), uom, cost,
                    known.map(Item::weightKg).orElse(null), taxCode));
        }
        return items;
    }

    private List<Customer> customers(TrytonClient tryton, String currency) {
        List<Customer> customers = new ArrayList<>();
        for (Party party : parties(tryton, "customer")) {
            String region = null;
            for (String category : party.categories()) {
                if (category.startsWith(TAX_REGION)) {
                    region = category.substring(TAX_REGION.length()).trim();
                }
            }
            if (region == null) {
                log.warn("Tryton customer {} left out of the master-data sync: it has no \"tax region ...\" category",
                        party.code());
                continue;
            }
            customers.add(new Customer(party.code(), party.name(), currency, region));
        }
        return customers;
    }

    private List<Supplier> suppliers(TrytonClient tryton, String currency) {
        return parties(tryton, "supplier").stream().map(p -> new Supplier(p.code(), p.name(), currency)).toList();
    }

    private List<TaxRate> taxRates(TrytonClient tryton, long companyId) {
        List<TaxRate> rates = new ArrayList<>();
        for (JsonNode tax : tryton.searchRead("account.tax", List.of(List.of("company", "=", companyId),
                List.of("type", "=", "percentage")), List.of("name", "rate"))) {
            String[] regionAndCode = tax.path("name").asText().trim().split("\\s+");
            if (regionAndCode.length != 2) {
                log.warn("Tryton tax \"{}\" left out of the master-data sync: its name is not \"<region> <code>\"",
                        tax.path("name").asText());
                continue;
            }
            rates.add(new TaxRate(regionAndCode[0], regionAndCode[1], TrytonJson.decimal(tax.get("rate"))));
        }
        return rates;
    }

    private record Party(String code, String name, List<String> categories) {
    }


    private List<Party> parties(TrytonClient tryton, String role) {
        Map<Long, String> categories = new HashMap<>();
        tryton.searchRead("party.category", List.of(), List.of("id", "name"))
                .forEach(c -> categories.put(c.get("id").asLong(), c.path("name").asText()));
        List<Party> parties = new ArrayList<>();
        for (JsonNode party : tryton.searchRead("party.party", List.of(List.of("categories.name", "=", role)),
                List.of("code", "name", "categories"))) {
            List<String> names = new ArrayList<>();
            party.path("categories").forEach(id -> names.add(categories.getOrDefault(id.asLong(), "")));
            parties.add(new Party(party.path("code").asText(), party.path("name").asText(null), names));
        }
        return parties;
    }

    /** Tryton's unit symbols as the hub's units: "u" (Unit) is EA; others as Tryton writes them, upper case. */
    private static String unit(String symbol) {
        return "u".equals(symbol) ? "EA" : symbol.toUpperCase(java.util.Locale.ROOT);
    }
}
