package io.dock2ledger.posting;

import io.dock2ledger.canonical.CanonicalEvent;
import io.dock2ledger.posting.documents.DocumentKind;
import io.dock2ledger.posting.documents.FinanceDocument;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The business-time KPIs finance asks for, recorded when an event posts, as Micrometer timers with histogram buckets
 * tagged by entity, warehouse, partner and event type (docs/operations.md, "KPIs"):
 * <ul>
 *   <li>{@code dock2ledger.invoice.latency}: the warehouse's ship time to the invoice posted;</li>
 *   <li>{@code dock2ledger.return.credit.time}: the return's business time to its credit memo posted;</li>
 *   <li>{@code dock2ledger.landed.cost.delay}: the charge's invoice date (else its business time) to its capitalisation
 *   posted.</li>
 * </ul>
 * The buckets are service-level boundaries an operator reads (a minute to two weeks), not Micrometer's ~70 default
 * buckets: a Prometheus series per boundary and tag set, so they stay few.
 */
final class PostingKpis {

    static final Duration[] BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24), Duration.ofDays(2),
            Duration.ofDays(7), Duration.ofDays(14)};

    private final MeterRegistry meters;

    PostingKpis(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Tags of an event's metrics; the entity is the posted documents' (an event posts in one entity). */
    static Tags tags(CanonicalEvent event, String entity) {
        return Tags.of("entity", orNone(entity), "warehouse", orNone(event.warehouse()),
                "partner", orNone(event.source() == null ? null : event.source().partner()), "type", orNone(event.type()));
    }

    void posted(CanonicalEvent event, List<FinanceDocument> produced, Instant postedAt) {
        if (produced.isEmpty()) {
            return;
        }
        Tags tags = tags(event, produced.get(0).entity());
        switch (event.eventType()) {
            case SHIPMENT_CONFIRMED -> {
                if (has(produced, DocumentKind.INVOICE)) {
                    businessInstant(event).ifPresent(shipped -> timer("dock2ledger.invoice.latency",
                            "From the warehouse's ship time to the invoice posted", tags)
                            .record(Duration.between(shipped, postedAt)));
                }
            }
            case RETURN_RECEIVED -> {
                if (has(produced, DocumentKind.CREDIT_MEMO)) {
                    businessInstant(event).ifPresent(returned -> timer("dock2ledger.return.credit.time",
                            "From the return's business time to its credit memo posted", tags)
                            .record(Duration.between(returned, postedAt)));
                }
            }
            case LANDED_COST_CHARGED -> {
                Optional<Instant> charged = event.charge() != null && event.charge().invoiceDate() != null
                        ? Optional.of(event.charge().invoiceDate().atStartOfDay(ZoneOffset.UTC).toInstant())
                        : businessInstant(event);
                charged.ifPresent(at -> timer("dock2ledger.landed.cost.delay",
                        "From the charge's invoice date to its landed cost capitalised", tags)
                        .record(Duration.between(at, postedAt)));
            }
            default -> {
            }
        }
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .minimumExpectedValue(BUCKETS[0])
                .maximumExpectedValue(BUCKETS[BUCKETS.length - 1])
                .register(meters);
    }

    private static boolean has(List<FinanceDocument> produced, DocumentKind kind) {
        return produced.stream().anyMatch(d -> d.kind() == kind);
    }

    /** The business time as sent; a date alone counts from its start (UTC), never a guess of the hour. */
    static Optional<Instant> businessInstant(CanonicalEvent event) {
        String time = event.businessTime();
        if (time == null) {
            return Optional.ofNullable(event.businessDate()).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        try {
            return Optional.of(OffsetDateTime.parse(time).toInstant());
        } catch (DateTimeParseException notADateTime) {
            try {
                return Optional.of(LocalDate.parse(time).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
