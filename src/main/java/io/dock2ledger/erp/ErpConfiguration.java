package io.dock2ledger.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.config.HubProperties;
import io.dock2ledger.erp.rest.RestErpAdapter;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.posting.FinanceAdapter;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.posting.store.FinanceDocumentStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The finance side. Posting owns its port ({@link FinanceAdapter}); this package implements it, so the dependency
 * points one way: erp on posting, never back. Posting calls the {@link ErpOutbox} (primary); the adapters behind it
 * are chosen per entity and document kind by {@code dock2ledger.erp} (docs/erp.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErpProperties.class)
public class ErpConfiguration {

    /** The default target: the ERP interface tables in the hub's own database. */
    @Bean
    InterfaceTableAdapter interfaceTableAdapter(JdbcTemplate jdbc, Clock clock) {
        return new InterfaceTableAdapter(jdbc, clock);
    }

    @Bean
    FileExportAdapter fileExportAdapter(ErpProperties properties, HubProperties hub) {
        Path dir = properties.fileExport().dir();
        return new FileExportAdapter(dir != null ? dir.toAbsolutePath() : hub.dataDir().resolve("erp-export"));
    }

    /** One adapter per configured REST ERP; not beans of their own, so they never compete for the port. */
    @Bean
    RestErps restErps(ErpProperties properties, ObjectMapper json, Clock clock) {
        return new RestErps(properties.rest().entrySet().stream()
                .map(e -> new RestErpAdapter(e.getKey(), e.getValue(), json, clock)).toList());
    }

    @Bean
    FinanceAdapters financeAdapters(Map<String, FinanceAdapter> beans, RestErps rest, ErpProperties properties) {
        return new FinanceAdapters(beans, rest.adapters(), new ErpTargets(properties).named());
    }

    @Bean
    @Primary
    ErpOutbox erpOutbox(ErpProperties properties, ObjectProvider<FinanceAdapters> adapters, DeliveryOutbox outbox) {
        return new ErpOutbox(new ErpTargets(properties), new ApprovalRules(properties.approvals()), adapters, outbox);
    }

    /** The beans of routes/finance-documents-to-erp.camel.yaml. */
    @Bean
    ErpDeliveries erpDeliveries(DeliveryOutbox outbox, FinanceDocumentStore documents, FinanceAdapters adapters,
                                ExceptionRecorder exceptions, PlatformTransactionManager transactions, Clock clock,
                                MeterRegistry meters, ErpProperties properties) {
        return new ErpDeliveries(outbox, documents, adapters, exceptions, new TransactionTemplate(transactions), clock,
                meters, properties.delivery(), instanceName());
    }

    /** The delivery route's worker threads: deliveries in flight at once across all ERPs. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService erpDeliveryExecutor(ErpProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.delivery().threads(), r -> {
            Thread t = new Thread(r, "erp-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Health component {@code erpDelivery} and the backlog gauges. */
    @Bean
    ErpBacklog erpDeliveryHealthIndicator(DeliveryOutbox outbox, ErpDeliveries deliveries, RestErps rest,
                                          FinanceAdapters adapters, MeterRegistry meters, Clock clock) {
        return new ErpBacklog(outbox, deliveries, rest::circuitState, adapters.adapterNames(), meters, clock);
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "hub";
        }
        String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return name.length() <= 64 ? name : name.substring(name.length() - 64);
    }

    /** The REST ERPs configured under {@code dock2ledger.erp.rest}. */
    public record RestErps(List<RestErpAdapter> adapters) {
        String circuitState(String target) {
            return adapters.stream().filter(a -> a.name().equals(target)).findFirst()
                    .map(RestErpAdapter::circuitState).orElse(null);
        }
    }
}
