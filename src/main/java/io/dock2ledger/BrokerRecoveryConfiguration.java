package io.dock2ledger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.server.config.JMSConfiguration;
import org.apache.activemq.artemis.jms.server.config.JMSQueueConfiguration;
import org.apache.activemq.artemis.jms.server.config.TopicConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;


/**
 * The embedded broker starts again by itself after a critical IO error ({@link RecoveringEmbeddedBroker}).
 * <p>
 * This bean takes the place of Spring Boot's embedded broker (Boot's {@code embeddedActiveMq} backs off when one is
 * defined), on the same conditions ({@code spring.artemis.embedded.enabled}, on unless set false, as the production
 * profile does for its external broker) and built the same way as Boot builds its own: Boot's broker configuration
 * ({@code spring.artemis.embedded.*}), Boot's queues and topics, then every {@link ArtemisConfigurationCustomizer}
 * (such as {@link BrokerJournalConfiguration}). Not a swap of Boot's bean after it is made (as
 * {@link BrokerConnectionConfiguration} does for the session cache): Spring calls a bean's destroy method on the object
 * it made, so the swapped broker was never stopped when the hub shut down, and a hub started again in the same JVM
 * waited for ever for the journal's lock (QueuedEventSurvivesRestartIT found it).
 * <p>
 * An external broker is not built here; its own supervision restarts it, and the hub reconnects to it.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerRecoveryConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(prefix = "spring.artemis.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedActiveMQ recoveringEmbeddedBroker(Configuration configuration, JMSConfiguration jms,
                                              ObjectProvider<ArtemisConfigurationCustomizer> customizers,
                                              BrokerProperties settings) {
        // What Spring Boot 3.5's ArtemisEmbeddedServerConfiguration does before it makes its broker.
        for (JMSQueueConfiguration queue : jms.getQueueConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(queue.getName())
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(queue.getName()).setAddress(queue.getName())
                            .setFilterString(queue.getSelector()).setDurable(queue.isDurable())
                            .setRoutingType(RoutingType.ANYCAST)));
        }
        for (TopicConfiguration topic : jms.getTopicConfigurations()) {
            configuration.addAddressConfiguration(new CoreAddressConfiguration().setName(topic.getName())
                    .addRoutingType(RoutingType.MULTICAST));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(configuration));
        return new RecoveringEmbeddedBroker(configuration, settings.recovery().retryInterval());
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
