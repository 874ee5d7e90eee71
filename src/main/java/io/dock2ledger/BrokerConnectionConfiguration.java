package io.dock2ledger;

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
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConnectionConfiguration {

    @Bean
    static BeanPostProcessor failoverAwareSessionCache() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean.getClass() != CachingConnectionFactory.class) {
                    return bean;
                }
                CachingConnectionFactory boot = (CachingConnectionFactory) bean;
                FailoverAwareConnectionFactory cache = new FailoverAwareConnectionFactory(boot.getTargetConnectionFactory());
                cache.setSessionCacheSize(boot.getSessionCacheSize());
                cache.setCacheProducers(boot.isCacheProducers());
                cache.setCacheConsumers(boot.isCacheConsumers());
                cache.afterPropertiesSet();
                return cache;
            }
        };
    }
}
