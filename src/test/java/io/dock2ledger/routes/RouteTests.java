package io.dock2ledger.routes;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the route tests share. */
final class RouteTests {

    /** Every route file that a route test loads is one of the hub's own, from the project's routes/ folder. */
    static final String ROUTES = "file:routes/";

    private RouteTests() {
    }

    /**
     * Shortens the redelivery delays of every route configuration to a millisecond, before Camel starts, so that a
     * test sees every retry the configuration allows (maximumRedeliveries stays as written) in milliseconds instead of
     * the seconds of backoff the hub waits.
     */
    static void withoutRedeliveryDelays(CamelContext camel) {
        redeliveryPolicies(camel).values().forEach(policy -> {
            policy.setRedeliveryDelay("1");
            policy.setMaximumRedeliveryDelay("1");
        });
    }

    /**
     * The redelivery policy of every onException of every loaded route configuration, by
     * {@code <configuration id>/<onException id>}, in the order of the route file.
     */
    static Map<String, RedeliveryPolicyDefinition> redeliveryPolicies(CamelContext camel) {
        Map<String, RedeliveryPolicyDefinition> policies = new LinkedHashMap<>();
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteConfigurationDefinition configuration : model.getRouteConfigurationDefinitions()) {
            for (OnExceptionDefinition onException : configuration.getOnExceptions()) {
                RedeliveryPolicyDefinition policy = onException.getRedeliveryPolicyType();
                if (policy != null) {
                    policies.put(configuration.getId() + "/" + onException.getId(), policy);
                }
            }
        }
        return policies;
    }

    /** A Hikari pool of two on an H2 file database at {@code db}, with the hub's {@code WRITE_DELAY=0}, as in the embedded hub. */
    static HikariDataSource h2FilePool(Path db) {
        return io.dock2ledger.persistence.Databases.h2Pool("jdbc:h2:file:" + db + ";WRITE_DELAY=0", 2);
    }

    /** The innermost cause: whether Camel wraps a bean's exception depends on how the route calls the bean. */
    static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t != null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
