package io.dock2ledger.operations.kpi;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionOwners;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.Arrays;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KpiProperties.class)
public class KpiConfiguration {

    @Bean
    KpiQueries kpiQueries(JdbcTemplate jdbc) {
        return new KpiQueries(jdbc);
    }

    @Bean
    KpiGauges kpiGauges(KpiQueries queries, MeterRegistry meters, Clock clock, KpiProperties properties,
                        ExceptionOwners owners) {
        return new KpiGauges(queries, meters, clock, properties, Arrays.stream(ExceptionCategory.values())
                .map(c -> owners.ownerOf(c, null)).distinct().toList());
    }

    @Bean
    Kpis kpis(KpiGauges gauges, MeterRegistry meters, Clock clock, KpiProperties properties) {
        return new Kpis(gauges, meters, clock, properties);
    }
}
