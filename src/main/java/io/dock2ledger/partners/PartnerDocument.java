package io.dock2ledger.partners;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One document type a partner sends.
 *
 * @param name         partner-local name of the document type, e.g. {@code shipment-csv}, {@code x12}
 * @param filePattern  glob of file names that carry it in the partner's inbox, e.g. {@code shipments_*.csv}
 * @param format       csv, json, x12, edifact, or edi (X12 or EDIFACT: the EDI intake detects the standard from the
 *                     content in every case, so these three only differ in what they tell a reader)
 * @param documentKey  csv only: the column whose value changes from one business document to the next
 * @param transaction  edi only, one set per document type: the transaction set / message type (945, DESADV...)
 *                     mapped with {@code mapping}
 * @param mapping      path under {@code mappings/} of the JSONata mapping to the canonical model
 * @param transactions edi only, several sets in one file pattern: transaction set / message type to mapping,
 *                     e.g. {@code {"945": acme-3pl/x12-945.jsonata, "947": acme-3pl/x12-947.jsonata}}
 * @param messageType  json only: the value of the document's {@code type} field (or of the message's
 *                     {@code dock2ledgerDocumentType} header) that selects this document type on the JMS and
 *                     webhook channels, e.g. {@code return.received}
 */
public record PartnerDocument(
        String name,
        String filePattern,
        String format,
        String documentKey,
        String transaction,
        String mapping,
        Map<String, String> transactions,
        String messageType) {

    public PartnerDocument {
        transactions = transactions == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(transactions));
    }

    /** Short form for the non-EDI formats, as the walking skeleton declared them. */
    public PartnerDocument(String name, String filePattern, String format, String documentKey, String transaction,
                           String mapping) {
        this(name, filePattern, format, documentKey, transaction, mapping, null, null);
    }

    /** True for X12 and EDIFACT documents, which are read through the EDI intake and acknowledged. */
    public boolean edi() {
        return "x12".equals(format) || "edifact".equals(format) || "edi".equals(format);
    }

    /**
     * The mapping for one EDI transaction set / message type: from {@code transactions}, else from
     * {@code transaction} + {@code mapping}. Empty when the partner does not declare that set.
     */
    public Optional<String> mappingFor(String transactionType) {
        String mapped = transactions.get(transactionType);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        if (transaction != null && transaction.equals(transactionType)) {
            return Optional.ofNullable(mapping);
        }
        return Optional.empty();
    }
}
