package io.dock2ledger.erp;

import io.dock2ledger.posting.store.DeliveryOutbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What waits for each ERP, for people and dashboards: the gauges {@code dock2ledger.erp.backlog} (documents, tagged
 * target and status PENDING / AWAITING_APPROVAL) and {@code dock2ledger.erp.backlog.oldest} (seconds the oldest
 * pending document has waited), and the health component {@code erpDelivery} with the same per target, plus whether
 * the target is paused and its circuit state. An ERP outage is not the hub's: the component stays UP and says what
 * waits, so that a load balancer does not take the hub out while it keeps documents safe.
 */
public class ErpBacklog implements HealthIndicator {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final DeliveryOutbox outbox;
    private final ErpDeliveries deliveries;
    private final Function<String, String> circuitStates;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Instant at, List<DeliveryOutbox.Backlog> rows) {
    }

    public ErpBacklog(DeliveryOutbox outbox, ErpDeliveries deliveries, Function<String, String> circuitStates,
                      Iterable<String> targets, MeterRegistry meters, Clock clock) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.circuitStates = circuitStates;
        this.clock = clock;
        for (String target : targets) {
            for (DeliveryOutbox.Status status : List.of(DeliveryOutbox.Status.PENDING,
                    DeliveryOutbox.Status.AWAITING_APPROVAL)) {
                Gauge.builder("dock2ledger.erp.backlog", this, b -> b.documents(target, status))
                        .description("Finance documents not yet with their ERP")
                        .tag("target", target).tag("status", status.name()).register(meters);
            }
            Gauge.builder("dock2ledger.erp.backlog.oldest", this, b -> b.oldestPendingSeconds(target))
                    .description("Seconds the oldest pending document of the ERP has waited").baseUnit("seconds")
                    .tag("target", target).register(meters);
        }
    }

    public int documents(String target, DeliveryOutbox.Status status) {
        return rows().stream().filter(r -> r.target().equals(target) && r.status() == status)
                .mapToInt(DeliveryOutbox.Backlog::documents).sum();
    }

    public double oldestPendingSeconds(String target) {
        return rows().stream().filter(r -> r.target().equals(target) && r.status() == DeliveryOutbox.Status.PENDING)
                .map(r -> Duration.between(r.oldest(), clock.instant()).toMillis() / 1000.0).findFirst().orElse(0.0);
    }

    @Override
    public Health health() {
        Map<String, Object> targets = new LinkedHashMap<>();
        for (DeliveryOutbox.Backlog row : rows()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) targets.computeIfAbsent(row.target(),
                    t -> new LinkedHashMap<String, Object>());
            if (row.status() == DeliveryOutbox.Status.PENDING) {
                detail.put("pending", row.documents());
                detail.put("oldestPending", row.oldest().toString());
            } else {
                detail.put("awaitingApproval", row.documents());
            }
        }
        deliveries.pausedTargets().forEach((target, until) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) targets.computeIfAbsent(target,
                    t -> new LinkedHashMap<String, Object>());
            detail.put("pausedUntil", until.toString());
        });
        targets.forEach((target, detail) -> {
            String circuit = circuitStates.apply(target);
            if (circuit != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) detail;
                map.put("circuit", circuit);
            }
        });
        return Health.up().withDetail("targets", targets).build();
    }

    private List<DeliveryOutbox.Backlog> rows() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || Duration.between(current.at(), now).compareTo(FRESH_FOR) > 0) {
            current = new Snapshot(now, outbox.backlog());
            snapshot = current;
        }
        return current.rows();
    }
}
