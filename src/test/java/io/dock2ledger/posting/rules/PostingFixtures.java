package io.dock2ledger.posting.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.canonical.EventLine;
import io.dock2ledger.canonical.EventSource;
import io.dock2ledger.canonical.References;
import io.dock2ledger.masterdata.InMemoryMasterData;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.masterdata.MasterDataSeed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The project's own master data and posting rules, the demo events, and builders for events of the exception tests. */
public final class PostingFixtures {

    public static final Path MASTER_DATA = Path.of("config/masterdata");
    public static final Path RULES = Path.of("config/posting-rules.yaml");
    public static final List<String> DEMO_EVENTS = List.of("RCV-3001", "SHP-9001", "SHP-9002", "ADJ-4001", "RMA-80001",
            "FRT-6001", "DTY-6002", "TRF-1101-shipped", "TRF-1101-received");

    private static final ObjectMapper JSON = CanonicalJson.newMapper();

    private PostingFixtures() {
    }

    public static MasterData masterData() {
        return new InMemoryMasterData(new MasterDataSeed(MASTER_DATA));
    }

    public static RuleBook rules(MasterData masterData) {
        return RuleBook.load(RULES, masterData);
    }

    public static CanonicalEvent demoEvent(String name) {
        return read("/posting/demo-events/" + name + ".json", CanonicalEvent.class);
    }

    public static List<CanonicalEvent> demoEvents() {
        return DEMO_EVENTS.stream().map(PostingFixtures::demoEvent).toList();
    }

    public static <T> T read(String resource, Class<T> type) {
        try (InputStream in = PostingFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + resource);
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ builders for hand-made events

    public static EventLine line(int lineNo, String sku, String baseQuantity) {
        return new EventLine(lineNo, null, sku, new BigDecimal(baseQuantity), "EA", new BigDecimal(baseQuantity), "EA",
                null, null, null, null);
    }

    public static EventLine adjustmentLine(int lineNo, String sku, String baseQuantity, String reasonCode) {
        return new EventLine(lineNo, null, sku, new BigDecimal(baseQuantity), "EA", new BigDecimal(baseQuantity), "EA",
                null, reasonCode, null, null);
    }

    public static EventLine returnLine(int lineNo, String sku, String baseQuantity, String disposition) {
        return new EventLine(lineNo, null, sku, new BigDecimal(baseQuantity), "EA", new BigDecimal(baseQuantity), "EA",
                null, null, disposition, null);
    }

    public static CanonicalEvent event(String type, String documentId, String warehouse, LocalDate date,
                                References references, List<EventLine> lines) {
        return new CanonicalEvent(UUID.nameUUIDFromBytes((type + documentId + lines).getBytes()).toString(), type,
                CanonicalEvent.SCHEMA_VERSION, new EventSource("test-partner", null, "file", "test", documentId, null),
                date.toString(), date, Instant.parse("2026-11-30T00:00:00Z"), warehouse, null, references, lines, null);
    }

    public static CanonicalEvent shipment(String documentId, String order, LocalDate date, EventLine... lines) {
        return event("shipment.confirmed", documentId, "ACME-NJ", date, refs().order(order).build(), List.of(lines));
    }

    public static CanonicalEvent adjustment(String documentId, EventLine... lines) {
        return event("inventory.adjusted", documentId, "ACME-NJ", LocalDate.of(2026, 11, 26), References.NONE,
                List.of(lines));
    }

    public static CanonicalEvent returned(String documentId, String rma, EventLine... lines) {
        return event("return.received", documentId, "WH-EAST", LocalDate.of(2026, 11, 27), refs().rma(rma).build(),
                List.of(lines));
    }

    public static CanonicalEvent transfer(String type, String transferId, String warehouse, LocalDate date, EventLine... lines) {
        References references = type.equals("transfer.shipped")
                ? refs().transfer(transferId).toWarehouse("WH-WEST").build()
                : refs().transfer(transferId).fromWarehouse("WH-EAST").build();
        return event(type, transferId, warehouse, date, references, List.of(lines));
    }

    public static RefsBuilder refs() {
        return new RefsBuilder();
    }

    /** Readable construction of the 11-field References record in tests. */
    public static final class RefsBuilder {
        private String order;
        private String purchaseOrder;
        private String rma;
        private String transfer;
        private String receipt;
        private String billOfLading;
        private String customer;
        private String supplier;
        private String fromWarehouse;
        private String toWarehouse;

        public RefsBuilder order(String value) { order = value; return this; }
        public RefsBuilder purchaseOrder(String value) { purchaseOrder = value; return this; }
        public RefsBuilder rma(String value) { rma = value; return this; }
        public RefsBuilder transfer(String value) { transfer = value; return this; }
        public RefsBuilder receipt(String value) { receipt = value; return this; }
        public RefsBuilder billOfLading(String value) { billOfLading = value; return this; }
        public RefsBuilder customer(String value) { customer = value; return this; }
        public RefsBuilder supplier(String value) { supplier = value; return this; }
        public RefsBuilder fromWarehouse(String value) { fromWarehouse = value; return this; }
        public RefsBuilder toWarehouse(String value) { toWarehouse = value; return this; }

        public References build() {
            return new References(order, purchaseOrder, rma, transfer, receipt, billOfLading, customer, supplier,
                    fromWarehouse, toWarehouse, null);
        }
    }
}
