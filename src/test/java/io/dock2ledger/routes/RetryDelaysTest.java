package io.dock2ledger.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.annotation.DirtiesContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backoff of every retrying handler in routes/error-handling.camel.yaml comes from the hub's configuration
 * ({@code dock2ledger.retries.*}), not from literals: what an operator sets is what the routes wait, and what the
 * full-hub tests shorten (HubIntegrationTest) is the same setting. The number of retries stays in the route file.
 */
@CamelSpringBootTest
@SpringBootTest(classes = RetryDelaysTest.Beans.class, properties = {
        "camel.main.routes-include-pattern=" + RouteTests.ROUTES + "error-handling.camel.yaml",
        "camel.main.routes-reload-enabled=false",
        "dock2ledger.retries.first-delay-ms=250"
})
@UseAdviceWith
@DirtiesContext
class RetryDelaysTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class Beans {
    }

    @Autowired
    CamelContext camel;

    @Test
    void everyBackoffTakesItsDelaysFromTheRetriesSettings() {
        List<String> delays = new ArrayList<>();
        RouteTests.redeliveryPolicies(camel).forEach((handler, policy) -> {
            if ("true".equals(policy.getUseExponentialBackOff())) {
                delays.add(handler + " " + camel.resolvePropertyPlaceholders(policy.getRedeliveryDelay()) + " "
                        + camel.resolvePropertyPlaceholders(policy.getMaximumRedeliveryDelay()));
            }
        });
        // first-delay-ms as set above, max-delay-ms as application.yaml has it
        assertThat(delays).containsExactlyInAnyOrder(
                "intake-error-handling/intake-technical-failure 250 30000",
                "posting-error-handling/posting-failure 250 30000",
                "queue-intake-error-handling/queue-intake-technical-failure 250 30000",
                "outbound-error-handling/outbound-technical-failure 250 30000");
    }

    @Test
    void theHubWaitsHalfASecondFirstAndNeverMoreThanThirtySeconds() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yaml"));
        Properties hub = yaml.getObject();
        assertThat(hub).containsEntry("dock2ledger.retries.first-delay-ms", 500)
                .containsEntry("dock2ledger.retries.max-delay-ms", 30000);
    }
}
