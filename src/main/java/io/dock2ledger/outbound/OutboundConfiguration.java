package io.dock2ledger.outbound;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.edi.outbound.X12Party;
import io.dock2ledger.edi.outbound.X12ShippingOrderWriter;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.masterdata.MasterData;
import io.dock2ledger.partners.PartnerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * The beans of documents the hub sends partners: shippingOrders (the 940), shippingOrderMessages (the ERP's queue),
 * partnerAcknowledgments (997 / 999 / TA1 matching and the overdue check), outboundDocuments (the registry).
 */
@Configuration(proxyBeanMethods = false)
public class OutboundConfiguration {

    /** A partner's outbox folder: the acknowledgments and 940s the hub writes for it to fetch. */
    @Bean
    PartnerOutbox partnerOutbox(HubProperties hub) {
        return new PartnerOutbox(hub);
    }

    @Bean
    OutboundDocuments outboundDocuments(JdbcTemplate jdbc, MeterRegistry meters) {
        OutboundDocuments documents = new OutboundDocuments(jdbc);
        for (OutboundStatus status : new OutboundStatus[]{OutboundStatus.SENT, OutboundStatus.OVERDUE}) {
            Gauge.builder("dock2ledger.outbound.awaiting", documents, d -> d.count(status))
                    .description("Documents sent to partners that have no acknowledgment yet")
                    .tag("status", status.name()).register(meters);
        }
        return documents;
    }

    @Bean
    ShippingOrders shippingOrders(MasterData masterData, PartnerRegistry partners, ControlNumbers ediControlNumbers,
                                  TransactionSchemas ediSchemas, X12Party hubX12Identity, OutboundDocuments documents,
                                  PartnerOutbox outbox, PlatformTransactionManager transactions, Clock clock,
                                  MeterRegistry meters) {
        X12ShippingOrderWriter writer = new X12ShippingOrderWriter(ediControlNumbers, ediSchemas, clock);
        return new ShippingOrders(masterData, partners, writer, hubX12Identity, documents, outbox,
                new TransactionTemplate(transactions), clock, meters);
    }

    @Bean
    ShippingOrderMessages shippingOrderMessages(ShippingOrders shippingOrders, ExceptionRecorder exceptions) {
        return new ShippingOrderMessages(shippingOrders, exceptions);
    }

    @Bean
    PartnerAcknowledgments partnerAcknowledgments(OutboundDocuments documents, ExceptionRecorder exceptions,
                                                  Clock clock, MeterRegistry meters) {
        return new PartnerAcknowledgments(documents, exceptions, clock, meters);
    }
}
