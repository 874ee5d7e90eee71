package io.dock2ledger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * The embedded broker starts again by itself after a critical IO error ({@link RecoveringEmbeddedBroker}). Spring Boot
 * builds the embedded broker (its configuration, the customizers such as {@link BrokerJournalConfiguration}); this
 * swaps Boot's {@link EmbeddedActiveMQ} for the recovering subclass on the same configuration before Boot starts it,
 * as {@link BrokerConnectionConfiguration} does for the session cache. An external broker is left alone: it is not
 * built here, and its own supervision restarts it.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerRecoveryConfiguration {

    /** {@code dock2ledger.broker.recovery.retry-interval} (5 s): how long between two tries to start it again. */
    static final String RETRY_INTERVAL = "dock2ledger.broker.recovery.retry-interval";

    @Bean
    static BeanPostProcessor recoveringEmbeddedBroker(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean.getClass() != EmbeddedActiveMQ.class) {
                    return bean;
                }
                Duration retry = Binder.get(environment).bind(RETRY_INTERVAL, Duration.class).orElse(Duration.ofSeconds(5));
                return new RecoveringEmbeddedBroker(((EmbeddedActiveMQ) bean).getConfiguration(), retry);
            }
        };
    }

    /** {@code dock2ledger.broker.restarts} and {@code dock2ledger.broker.active}, with the embedded broker only. */
    @Bean
    MeterBinder brokerRecoveryMetrics(ObjectProvider<EmbeddedActiveMQ> embedded) {
        return registry -> {
            if (embedded.getIfAvailable() instanceof RecoveringEmbeddedBroker broker) {
                FunctionCounter.builder("dock2ledger.broker.restarts", broker, RecoveringEmbeddedBroker::restarts)
                        .description("Embedded broker started again after a critical IO error (a full disk)")
                        .register(registry);
                Gauge.builder("dock2ledger.broker.active", broker, b -> b.active() ? 1 : 0)
                        .description("1 while the embedded broker runs and takes messages")
                        .register(registry);
            }
        };
    }
}
