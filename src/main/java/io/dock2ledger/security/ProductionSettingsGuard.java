package io.dock2ledger.security;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Applies {@link ProductionSettingsCheck} when the {@code prod} profile is active.
 *
 * <p>A bean factory post-processor runs after the configuration is read but before any ordinary bean exists, so a
 * hub with missing or default secrets fails before it opens a database connection, a broker session or a port.
 */
public class ProductionSettingsGuard implements BeanFactoryPostProcessor, PriorityOrdered {

    public static final String PRODUCTION_PROFILE = "prod";

    private final Environment environment;

    public ProductionSettingsGuard(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.acceptsProfiles(Profiles.of(PRODUCTION_PROFILE))) {
            ProductionSettingsCheck.enforce(environment::getProperty);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
