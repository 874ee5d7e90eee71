package io.dock2ledger.edi;

import io.dock2ledger.edi.outbound.X12Party;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.store.JdbcControlNumbers;
import io.dock2ledger.edi.store.JdbcInterchangeRegistry;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import javax.sql.DataSource;

/** The EDI beans: schemas, control numbers, the reader the intake calls, and the hub's own X12 identity. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdiProperties.class)
public class EdiConfiguration {

    /** The hub's EDI implementation schemas, loaded once: the intake validates with them, the 940 writer checks. */
    @Bean
    TransactionSchemas ediSchemas() {
        return new TransactionSchemas();
    }

    /** Outbound control numbers per partner (V3__edi.sql), shared by acknowledgments and the 940. */
    @Bean
    ControlNumbers ediControlNumbers(DataSource dataSource) {
        return new JdbcControlNumbers(dataSource);
    }

    /** X12/EDIFACT reader with control numbers and duplicate detection in the hub's database (V3__edi.sql). */
    @Bean
    EdiIntake ediIntake(TransactionSchemas ediSchemas, ControlNumbers ediControlNumbers, DataSource dataSource,
                        Clock clock, EdiProperties properties) {
        return new EdiIntake(ediSchemas, ediControlNumbers,
                new JdbcInterchangeRegistry(dataSource, properties.duplicateWindow(), clock), clock);
    }

    /** The hub's own X12 identity: the sender of its 940s (and the receiver partners address their files to). */
    @Bean
    X12Party hubX12Identity(EdiProperties properties) {
        EdiProperties.Identity identity = properties.identity();
        return new X12Party(identity.isaQualifier(), identity.isaId(), identity.gsCode());
    }
}
