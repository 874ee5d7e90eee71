package io.dock2ledger.posting;

import com.fasterxml.jackson.databind.JsonNode;
import io.dock2ledger.canonical.CanonicalJson;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.dock2ledger.posting.documents.InvoiceLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks posted documents against {@code config/demo/expected.json}, figure by figure, account by account. */
public final class DemoExpectations {

    private DemoExpectations() {
    }

    static JsonNode expected() {
        // The demo data set's own expectations, the one copy the README and the hub's demo files go with.
        try (InputStream in = Files.newInputStream(Path.of("config/demo/expected.json"))) {
            return CanonicalJson.newMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Journal lines summed per account, debit positive, credit negative. */
    public static Map<String, BigDecimal> byAccount(FinanceDocument document) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        document.journalLines().forEach(l -> sums.merge(l.account(), l.signedAmount(), BigDecimal::add));
        return sums;
    }

    /** Asserts that the documents are exactly those expected.json lists, no more, no fewer. */
    static void assertMatchesExpected(List<FinanceDocument> documents) {
        Map<String, List<FinanceDocument>> bySource = documents.stream().collect(Collectors.groupingBy(
                d -> d.sourceDocument() + "|" + d.sourceEventType(), LinkedHashMap::new, Collectors.toList()));
        List<String> expectedKeys = new ArrayList<>();
        for (JsonNode expected : expected().get("documents")) {
            String key = expected.get("source").asText() + "|" + expected.get("event").asText();
            expectedKeys.add(key);
            List<FinanceDocument> posted = bySource.getOrDefault(key, List.of());
            assertDocuments(key, expected, posted);
        }
        assertThat(bySource.keySet()).as("documents posted for").containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    private static void assertDocuments(String key, JsonNode expected, List<FinanceDocument> posted) {
        List<String> expectedKinds = new ArrayList<>();
        expected.get("journals").forEach(j -> expectedKinds.add(j.get("kind").asText()));
        assertThat(posted).as(key + " journal kinds").extracting(FinanceDocument::journalKind)
                .containsExactlyInAnyOrderElementsOf(expectedKinds);
        for (FinanceDocument document : posted) {
            assertThat(document.entity()).as(key + " entity").isEqualTo(expected.get("entity").asText());
            assertThat(document.postingDate()).as(key + " posting date").hasToString(expected.get("postingDate").asText());
            assertThat(document.period()).as(key + " period").isEqualTo(expected.get("postingDate").asText().substring(0, 7));
            assertThat(document.periodAdjusted()).as(key + " period adjusted").isFalse();
            assertThat(document.isBalanced()).as(key + " balanced").isTrue();
        }
        for (JsonNode journal : expected.get("journals")) {
            FinanceDocument document = posted.stream()
                    .filter(d -> d.journalKind().equals(journal.get("kind").asText())).findFirst().orElseThrow();
            assertAmounts(key + " " + journal.get("kind").asText(), byAccount(document), journal.get("lines"));
        }
        if (expected.has("invoice")) {
            FinanceDocument invoice = single(posted, DocumentKind.INVOICE);
            assertCommercial(key, invoice, expected.get("invoice"));
            assertInvoiceLines(key, invoice, expected.get("invoice").get("lines"));
        }
        if (expected.has("creditMemo")) {
            assertCommercial(key, single(posted, DocumentKind.CREDIT_MEMO), expected.get("creditMemo"));
        }
        if (expected.has("allocation")) {
            JsonNode allocation = expected.get("allocation");
            FinanceDocument landed = single(posted, DocumentKind.JOURNAL);
            assertThat(landed.orderRef()).as(key + " receipt").isEqualTo(allocation.get("receipt").asText());
            String account = landed.journalLines().stream().filter(l -> l.sku() != null).findFirst().orElseThrow().account();
            Map<String, BigDecimal> perSku = new HashMap<>();
            landed.journalLines().stream().filter(l -> l.account().equals(account) && l.sku() != null)
                    .forEach(l -> perSku.merge(l.sku(), l.signedAmount(), BigDecimal::add));
            assertAmounts(key + " allocation", perSku, allocation.get("lines"));
            assertThat(landed.journalLines()).filteredOn(l -> l.sku() != null)
                    .allSatisfy(l -> assertThat(l.memo()).contains("by " + allocation.get("basis").asText()));
        }
    }

    private static FinanceDocument single(List<FinanceDocument> posted, DocumentKind kind) {
        List<FinanceDocument> ofKind = posted.stream().filter(d -> d.kind() == kind).toList();
        assertThat(ofKind).as(kind + " documents").hasSize(1);
        return ofKind.get(0);
    }

    private static void assertCommercial(String key, FinanceDocument document, JsonNode expected) {
        assertThat(document.counterparty()).as(key + " customer").isEqualTo(expected.get("customer").asText());
        assertThat(document.orderRef()).as(key + " order").isEqualTo(expected.get("order").asText());
        assertThat(document.net()).as(key + " net").isEqualByComparingTo(expected.get("net").asText());
        assertThat(document.tax()).as(key + " tax").isEqualByComparingTo(expected.get("tax").asText());
        assertThat(document.total()).as(key + " total").isEqualByComparingTo(expected.get("total").asText());
    }

    private static void assertInvoiceLines(String key, FinanceDocument invoice, JsonNode expectedLines) {
        assertThat(invoice.invoiceLines()).as(key + " invoice lines").hasSize(expectedLines.size());
        List<InvoiceLine> lines = invoice.invoiceLines().stream().sorted(Comparator.comparingInt(InvoiceLine::lineNo)).toList();
        for (int i = 0; i < expectedLines.size(); i++) {
            JsonNode e = expectedLines.get(i);
            InvoiceLine line = lines.get(i);
            String label = key + " invoice line " + (i + 1);
            assertThat(line.sku()).as(label + " sku").isEqualTo(e.get("sku").asText());
            assertThat(line.quantity()).as(label + " qty").isEqualByComparingTo(e.get("qty").asText());
            assertThat(line.uom()).as(label + " uom").isEqualTo(e.get("uom").asText());
            assertThat(line.unitPrice()).as(label + " unit price").isEqualByComparingTo(e.get("unitPrice").asText());
            assertThat(line.net()).as(label + " net").isEqualByComparingTo(e.get("net").asText());
            assertThat(line.tax()).as(label + " tax").isEqualByComparingTo(e.get("tax").asText());
        }
    }

    private static void assertAmounts(String label, Map<String, BigDecimal> actual, JsonNode expected) {
        Map<String, BigDecimal> wanted = new LinkedHashMap<>();
        expected.fields().forEachRemaining(f -> wanted.put(f.getKey(), new BigDecimal(f.getValue().asText())));
        assertThat(actual.keySet()).as(label + " accounts").containsExactlyInAnyOrderElementsOf(wanted.keySet());
        wanted.forEach((account, amount) ->
                assertThat(actual.get(account)).as(label + " " + account).isEqualByComparingTo(amount));
    }
}
