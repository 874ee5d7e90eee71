package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.masterdata.Customer;
import io.dock2ledger.masterdata.Item;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.MasterDataSnapshot;
import io.dock2ledger.masterdata.MasterDataSource;
import io.dock2ledger.masterdata.PurchaseOrderLine;
import io.dock2ledger.masterdata.SalesOrderLine;
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
 *   <li>tax rates: the master-data company's taxes named {@code <region> <code>} with their rate;</li>
 *   <li>sales and purchase orders of every company: each order Tryton has confirmed ({@code confirmed},
 *   {@code processing} or {@code done}; not a draft, a quotation or a cancelled one), keyed by its {@code reference}
 *   (the order id the warehouses know; an order without one by its Tryton number), its company's party code as the
 *   entity, its lines with their {@code sequence} as line number (or their position where it is empty), product
 *   code, quantity, unit, unit price and currency. Tryton's "done" means invoiced and shipped as far as Tryton
 *   knows, which for a sale the hub invoices ("manual" methods) is at once: what is still open is the hub's to count
 *   (ordered minus the shipments it posted), so done orders stay.</li>
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
                    suppliers(inCompany, currency), taxRates(inCompany, companyId), salesOrderLines(tryton),
                    purchaseOrderLines(tryton));
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

    /** The states of an order Tryton has confirmed: what a warehouse may ship or receive against. */
    private static final List<String> CONFIRMED = List.of("confirmed", "processing", "done");

    /** One order line as Tryton holds it, before it is the hub's. */
    private record OrderLine(String orderId, String entity, String party, String currency, Integer sequence,
                             String sku, BigDecimal quantity, String uom, BigDecimal price) {
    }

    private List<SalesOrderLine> salesOrderLines(TrytonClient tryton) {
        return orders(tryton, "sale").stream().map(l -> new SalesOrderLine(l.line().orderId(), l.lineNo(),
                l.line().entity(), l.line().party(), l.line().sku(), l.line().quantity(), l.line().uom(),
                l.line().price(), l.line().currency())).toList();
    }

    private List<PurchaseOrderLine> purchaseOrderLines(TrytonClient tryton) {
        return orders(tryton, "purchase").stream().map(l -> new PurchaseOrderLine(l.line().orderId(), l.lineNo(),
                l.line().entity(), l.line().party(), l.line().sku(), l.line().quantity(), l.line().uom(),
                l.line().price(), l.line().currency())).toList();
    }

    private record NumberedLine(OrderLine line, int lineNo) {
    }

    /** The lines of every confirmed {@code sale} or {@code purchase}, numbered; an order that cannot be read whole is left out. */
    private List<NumberedLine> orders(TrytonClient tryton, String kind) {
        Map<Long, JsonNode> orders = new HashMap<>();
        for (JsonNode order : tryton.searchRead(kind + "." + kind, List.of(List.of("state", "in", CONFIRMED)),
                List.of("id", "reference", "number", "company.party.code", "party.code", "currency.code"))) {
            orders.put(order.get("id").asLong(), order);
        }
        Map<Long, List<OrderLine>> linesByOrder = new java.util.LinkedHashMap<>();
        Map<Long, String> unreadable = new HashMap<>();
        // Tryton's own order of lines: sequence, then id
        for (JsonNode line : tryton.searchRead(kind + ".line", List.of(List.of(kind + ".state", "in", CONFIRMED),
                List.of("type", "=", "line")), List.of(kind, "sequence", "product.code", "quantity", "unit.symbol",
                "unit_price"))) {
            long orderId = line.path(kind).asLong();
            JsonNode order = orders.get(orderId);
            if (order == null) {
                continue;
            }
            String reference = text(order.path("reference"));
            String id = reference != null ? reference : text(order.path("number"));
            String sku = text(line.path("product.").path("code"));
            BigDecimal quantity = TrytonJson.decimal(line.get("quantity"));
            BigDecimal price = TrytonJson.decimal(line.get("unit_price"));
            if (id == null || sku == null || quantity == null || price == null) {
                unreadable.put(orderId, (id == null ? "Tryton " + kind + " " + orderId : id)
                        + (sku == null ? ": a line without a product code" : ": a line without quantity or price"));
            }
            linesByOrder.computeIfAbsent(orderId, k -> new ArrayList<>()).add(new OrderLine(id,
                    order.path("company.").path("party.").path("code").asText(),
                    order.path("party.").path("code").asText(), order.path("currency.").path("code").asText(),
                    line.path("sequence").isNumber() ? line.path("sequence").asInt() : null, sku,
                    quantity == null ? null : quantity.stripTrailingZeros(),
                    unit(line.path("unit.").path("symbol").asText()), price));
        }
        Map<String, Long> byHubId = new HashMap<>();
        linesByOrder.forEach((orderId, lines) -> {
            Long other = byHubId.putIfAbsent(lines.get(0).orderId(), orderId);
            if (other != null) {
                // two Tryton orders under one reference: which one the warehouse means is not the hub's guess
                unreadable.put(orderId, lines.get(0).orderId() + ": two Tryton orders with this reference");
                unreadable.put(other, lines.get(0).orderId() + ": two Tryton orders with this reference");
            }
        });
        List<NumberedLine> numbered = new ArrayList<>();
        linesByOrder.forEach((orderId, lines) -> {
            List<NumberedLine> these = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                OrderLine line = lines.get(i);
                these.add(new NumberedLine(line, line.sequence() != null ? line.sequence() : i + 1));
            }
            if (these.stream().map(NumberedLine::lineNo).distinct().count() != these.size()) {
                unreadable.putIfAbsent(orderId, lines.get(0).orderId() + ": two lines with one line number");
            }
            if (unreadable.containsKey(orderId)) {
                log.warn("Tryton {} left out of the master-data sync: {}", kind, unreadable.get(orderId));
            } else {
                numbered.addAll(these);
            }
        });
        return numbered;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank() ? null
                : node.asText().trim();
    }

    /** Tryton's unit symbols as the hub's units: "u" (Unit) is EA; others as Tryton writes them, upper case. */
    private static String unit(String symbol) {
        return "u".equals(symbol) ? "EA" : symbol.toUpperCase(java.util.Locale.ROOT);
    }
}
