package io.dock2ledger.support;

import io.dock2ledger.security.RecentlyVerifiedPasswords;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

import java.util.Map;

/**
 * Test hubs hash the account passwords with bcrypt at cost 4 instead of the production encoder's 10. A bcrypt check
 * costs what the stored hash says, and every authenticated request of a test checks one: at cost 10 that is some
 * 60-100 ms of a core on the 2-core build machine, so a test polling the API with Awaitility every 100 ms spent most of
 * a core on password checks and {@code AuthMatrixIT}'s hundreds of requests took half a minute. What the tests prove
 * does not depend on the cost: the hashes are still {@code {bcrypt}} hashes checked by the same Spring Security chain,
 * and a wrong password is still refused. The production encoder (cost 10) is checked by
 * {@code HubUsersConfigurationTest}.
 * <p>
 * Replaces the bcrypt under the hub's {@code passwordEncoder} bean as it is created ({@link RecentlyVerifiedPasswords}
 * stays above it), so the configuration under test stays the production one otherwise. Imported by the full-hub test
 * bases ({@code @Import}) and passed as a source where a test starts the hub with {@code SpringApplicationBuilder};
 * every hub that shares a configuration imports it the same way, so Spring's context cache still shares it.
 */
@Configuration(proxyBeanMethods = false)
public class TestPasswordHashes {

    /** The lowest cost bcrypt accepts. */
    public static final int TEST_COST = 4;

    @Bean
    static BeanPostProcessor cheapPasswordHashes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if ("passwordEncoder".equals(beanName) && bean instanceof RecentlyVerifiedPasswords verified) {
                    LoggerFactory.getLogger(TestPasswordHashes.class)
                            .info("Test hub: account passwords hashed with bcrypt at cost {}", TEST_COST);
                    // Under the hub's own check, so the tests still go through what remembers a verified password.
                    return verified.over(new DelegatingPasswordEncoder("bcrypt",
                            Map.of("bcrypt", new BCryptPasswordEncoder(TEST_COST))));
                }
                return bean;
            }
        };
    }
}
