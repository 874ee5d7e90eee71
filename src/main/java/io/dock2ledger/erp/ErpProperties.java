package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.erp.rest.RestErpSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dock2ledger.erp.*}: which ERP each legal entity's documents go to, how the delivery outbox is worked, the
 * REST ERPs, the file export and the approval rules (docs/erp.md). Switching an entity's target is this
 * configuration only.
 *
 * @param defaultTarget the target of every entity not listed: {@code interface-tables} (the hub's own tables)
 * @param entities      per legal entity: its target, and per document kind a different one if needed
 * @param delivery      the delivery route's pace and retries
 * @param rest          REST ERPs by name; the name is the target
 * @param fileExport    the CSV export for ERPs that import batches (target {@code file-export})
 * @param approvals     rules that hold a document as AWAITING_APPROVAL until an approver decides
 */
@ConfigurationProperties(prefix = "dock2ledger.erp")
public record ErpProperties(
        @DefaultValue("interface-tables") String defaultTarget,
        Map<String, EntityTarget> entities,
        @DefaultValue Delivery delivery,
        Map<String, RestErpSettings> rest,
        @DefaultValue FileExport fileExport,
        List<ApprovalRule> approvals) {

    public ErpProperties {
        entities = entities == null ? Map.of() : Map.copyOf(entities);
        rest = rest == null ? Map.of() : Map.copyOf(rest);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /**
     * @param target the entity's ERP for every document kind not listed in {@code kinds}
     * @param kinds  a different target per document kind (e.g. journals to a file export)
     */
    public record EntityTarget(String target, Map<DocumentKind, String> kinds) {
        public EntityTarget {
            kinds = kinds == null ? Map.of() : Map.copyOf(kinds);
        }
    }

    /**
     * @param batchSize        due documents claimed per poll (the route's poll period is {@code poll-period})
     * @param threads          deliveries in flight at once across all ERPs (each REST ERP has its own lower limit)
     * @param claimFor         how long a claim holds: longer than the slowest call with its retries; an instance that
     *                         dies mid-call loses its claims after this and another instance takes them over
     * @param retryDelay       first wait after an ERP could not take a document; doubled per attempt ...
     * @param maxRetryDelay    ... up to this, unless the ERP said how long (Retry-After)
     * @param maxFaultAttempts attempts of a document that fails for another reason than the ERP's availability (a
     *                         malformed answer, a bug) before it is FAILED with a DELIVERY_FAILED exception; an
     *                         unavailable ERP never fails a document
     */
    public record Delivery(
            @DefaultValue("50") int batchSize,
            @DefaultValue("8") int threads,
            @DefaultValue("2m") Duration claimFor,
            @DefaultValue("2s") Duration retryDelay,
            @DefaultValue("30s") Duration maxRetryDelay,
            @DefaultValue("5") int maxFaultAttempts) {
    }

    /** @param dir where the CSV files are written; default {@code <data-dir>/erp-export} */
    public record FileExport(Path dir) {
    }

    /**
     * Holds a document as AWAITING_APPROVAL when it matches: all the conditions given must hold.
     *
     * @param name           shown as the hold reason, e.g. "credit memo above 1,000"
     * @param kinds          document kinds it applies to (any if empty)
     * @param journalKinds   journal kinds it applies to (any if empty), e.g. INVENTORY_ADJUSTMENT, RETURN_SCRAP
     * @param creditAccount  if set, the amount is what the document credits to this account (inventory written off)
     * @param above          the amount (the document's total, its debits for a journal, or the credit above) must
     *                       exceed this
     * @param periodAdjusted if true, only documents whose date was rolled out of a closed period
     */
    public record ApprovalRule(String name, Set<DocumentKind> kinds, Set<String> journalKinds, String creditAccount,
                               BigDecimal above, boolean periodAdjusted) {
        public ApprovalRule {
            kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
            journalKinds = journalKinds == null ? Set.of() : Set.copyOf(journalKinds);
        }
    }
}
