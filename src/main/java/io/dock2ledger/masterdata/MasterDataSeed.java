package io.dock2ledger.masterdata;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The master-data seed files of {@code config/masterdata/} (one CSV per table, header row first), read into records.
 * A missing column or an unreadable value fails with the file, the row number and the column.
 */
public final class MasterDataSeed {

    private final Path directory;
    private final CsvMapper csv = new CsvMapper();

    public MasterDataSeed(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public List<Item> items() {
        return read("items.csv", r -> new Item(r.text("sku"), r.optional("description"), r.text("base_uom"),
                r.decimal("standard_cost"), r.optionalDecimal("weight_kg"), r.text("tax_code")));
    }

    public List<UomConversion> uomConversions() {
        return read("uom_conversions.csv", r -> new UomConversion(r.text("sku"), r.text("uom"), r.decimal("base_units")));
    }

    public List<PartnerItemXref> partnerItems() {
        return read("partner_item_xref.csv", r -> new PartnerItemXref(r.text("partner"), r.text("partner_item"), r.text("sku")));
    }

    public List<Warehouse> warehouses() {
        return read("warehouses.csv", r -> new Warehouse(r.text("warehouse"), r.text("entity"), r.text("operator"),
                r.optional("partner_location_code"), r.optional("name"), r.zone("time_zone")));
    }

    public List<LegalEntity> entities() {
        return read("entities.csv", r -> new LegalEntity(r.text("entity"), r.optional("name"), r.text("currency")));
    }

    public List<Customer> customers() {
        return read("customers.csv", r -> new Customer(r.text("customer"), r.optional("name"), r.text("currency"),
                r.text("tax_region")));
    }

    public List<Supplier> suppliers() {
        return read("suppliers.csv", r -> new Supplier(r.text("supplier"), r.optional("name"), r.text("currency")));
    }

    public List<TaxRate> taxRates() {
        return read("tax_rates.csv", r -> new TaxRate(r.text("tax_region"), r.text("tax_code"), r.decimal("rate")));
    }

    public List<SalesOrderLine> salesOrderLines() {
        return read("sales_orders.csv", r -> new SalesOrderLine(r.text("order_id"), r.integer("line_no"),
                r.text("entity"), r.text("customer"), r.text("sku"), r.decimal("qty_ordered"), r.text("uom"),
                r.decimal("unit_price"), r.text("currency")));
    }

    public List<PurchaseOrderLine> purchaseOrderLines() {
        return read("purchase_orders.csv", r -> new PurchaseOrderLine(r.text("po_id"), r.integer("line_no"),
                r.text("entity"), r.text("supplier"), r.text("sku"), r.decimal("qty_ordered"), r.text("uom"),
                r.decimal("unit_cost"), r.text("currency")));
    }

    public List<ReturnAuthorization> returnAuthorizations() {
        return read("return_authorizations.csv", r -> new ReturnAuthorization(r.text("rma_id"), r.text("order_id"),
                r.integer("order_line_no"), r.text("sku"), r.decimal("qty_authorized"), r.text("uom")));
    }

    public List<GlAccount> accounts() {
        return read("gl_accounts.csv", r -> new GlAccount(r.text("account"), r.optional("name"), r.text("type")));
    }

    public List<FiscalPeriod> fiscalPeriods() {
        return read("fiscal_periods.csv", r -> new FiscalPeriod(r.text("entity"), r.period("period"), r.text("status")));
    }

    private <T> List<T> read(String fileName, Function<Row, T> mapper) {
        Path file = directory.resolve(fileName);
        if (!Files.exists(file)) {
            throw new IllegalStateException("Master-data seed file " + file + " is missing");
        }
        List<T> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader())
                     .readValues(reader)) {
            int rowNumber = 1;
            while (it.hasNext()) {
                rowNumber++;
                rows.add(mapper.apply(new Row(fileName, rowNumber, it.next())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read master-data seed file " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** A CSV row with typed, explained access. */
    private record Row(String file, int number, Map<String, String> values) {

        String text(String column) {
            String value = optional(column);
            if (value == null) {
                throw error(column, "is empty");
            }
            return value;
        }

        String optional(String column) {
            if (!values.containsKey(column)) {
                throw error(column, "is missing from the header");
            }
            String value = values.get(column);
            return value == null || value.isBlank() ? null : value.trim();
        }

        BigDecimal decimal(String column) {
            String value = text(column);
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw error(column, "is not a decimal: '" + value + "'");
            }
        }

        BigDecimal optionalDecimal(String column) {
            return optional(column) == null ? null : decimal(column);
        }

        int integer(String column) {
            String value = text(column);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error(column, "is not a whole number: '" + value + "'");
            }
        }

        ZoneId zone(String column) {
            String value = text(column);
            try {
                return ZoneId.of(value);
            } catch (RuntimeException e) {
                throw error(column, "is not a time zone id: '" + value + "'");
            }
        }

        YearMonth period(String column) {
            String value = text(column);
            try {
                return YearMonth.parse(value);
            } catch (RuntimeException e) {
                throw error(column, "is not a period (yyyy-MM): '" + value + "'");
            }
        }

        private IllegalStateException error(String column, String problem) {
            return new IllegalStateException(file + " row " + number + ": column '" + column + "' " + problem);
        }
    }
}
