package io.dock2ledger;

import io.dock2ledger.config.MessageSizeLimit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The one JMS connection factory of the hub (Camel's jms component, its listener containers, the JMS transaction
 * manager and JmsTemplate all take this bean) is Spring Boot's Artemis factory behind Boot's session cache
 * ({@code spring.jms.cache.*}), with that cache made {@link FailoverAwareConnectionFactory failover-aware}. Boot
 * builds the cache; this swaps it for the subclass with the same settings, so that Boot keeps configuring the Artemis
 * side (embedded broker or {@code spring.artemis.*}) as documented.
 * <p>
 * The Artemis factory sends every message up to {@code dock2ledger.broker.max-message-size} as an ordinary message
 * (its minLargeMessageSize, 100 KiB by Artemis's default): an event of a few hundred lines was a large message, and the
 * embedded broker wrote it in a file of its own without noticing a full disk ({@link MessageSizeLimit}).
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConnectionConfiguration {

    @Bean
    MessageSizeLimit messageSizeLimit(BrokerProperties broker) {
        return new MessageSizeLimit(broker.maxMessageSize());
    }

    @Bean
    static BeanPostProcessor failoverAwareSessionCache(ObjectProvider<MessageSizeLimit> largest) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ActiveMQConnectionFactory artemis) { // spring.jms.cache.enabled=false
                    sendOrdinaryMessagesUpTo(largest.getObject(), artemis);
                    return bean;
                }
                if (bean.getClass() != CachingConnectionFactory.class) {
                    return bean;
                }
                CachingConnectionFactory boot = (CachingConnectionFactory) bean;
                if (boot.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory artemis) {
                    sendOrdinaryMessagesUpTo(largest.getObject(), artemis);
                }
                FailoverAwareConnectionFactory cache = new FailoverAwareConnectionFactory(boot.getTargetConnectionFactory());
                cache.setSessionCacheSize(boot.getSessionCacheSize());
                cache.setCacheProducers(boot.isCacheProducers());
                cache.setCacheConsumers(boot.isCacheConsumers());
                cache.afterPropertiesSet();
                return cache;
            }
        };
    }

    /** Artemis's client sends a message as a large one from its minLargeMessageSize on. */
    public static void sendOrdinaryMessagesUpTo(MessageSizeLimit largest, ActiveMQConnectionFactory artemis) {
        artemis.setMinLargeMessageSize(largest.bytes() + 1);
    }
}
