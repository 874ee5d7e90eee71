package io.dock2ledger;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.dock2ledger.GcOverheadExit.GcOverheadProperties;
import io.dock2ledger.security.ProductionSettingsGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks at start that this JVM exits at its first {@link OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}, or
 * {@code CrashOnOutOfMemoryError}), as {@code docker/dock2ledger} and {@code mvn spring-boot:run} start it.
 * <p>
 * Why: a JVM that runs on after an OutOfMemoryError runs on without whichever threads died of it (the broker's,
 * Tomcat's, a posting consumer's) and with libraries half-way through what they were doing. A hub on {@code -Xmx256m}
 * fed shipments of 14,000 lines met one inside H2's commit, ran on, reopened its database, and left the H2 file
 * unreadable ("Illegal page length"), for itself and after a restart: every event and document of the embedded
 * database lost. The same run with the JVM exiting left a file that opened, and a restarted hub posted every shipment
 * once (docs/reliability.md, "Out of memory: the hub exits"). Exiting turns an OutOfMemoryError into what the hub is
 * built to survive, a killed process: the broker redelivers, the posting ledger refuses doubles.
 * <p>
 * With the {@code prod} profile the hub refuses to start without it; otherwise it says so in a warning (a hub started
 * from an IDE, or by {@code java -jar} by hand). Runs as a bean factory post-processor, before any connection opens.
 * <p>
 * A JVM that exits on OutOfMemoryError also exits when it would spend its time collecting garbage instead of throwing
 * one ({@link GcOverheadExit}, started here): the same heap too small, without the error.
 */
public class OutOfMemoryExit implements BeanFactoryPostProcessor, PriorityOrdered {

    private static final Logger log = LoggerFactory.getLogger(OutOfMemoryExit.class);

    private static final String ADVICE = "start it through docker/dock2ledger or mvn spring-boot:run, or add "
            + "-XX:+ExitOnOutOfMemoryError to its JVM options (JAVA_OPTS)";

    private final Environment environment;
    private final Function<String, Optional<String>> vmOption;
    private final Consumer<GcOverheadProperties> gcOverheadExit;

    public OutOfMemoryExit(Environment environment) {
        this(environment, OutOfMemoryExit::hotSpotOption, GcOverheadExit::startOnce);
    }

    /**
     * @param vmOption       a HotSpot option's value by name, empty where this JVM has no such option
     * @param gcOverheadExit starts {@link GcOverheadExit} with these limits
     */
    OutOfMemoryExit(Environment environment, Function<String, Optional<String>> vmOption,
                    Consumer<GcOverheadProperties> gcOverheadExit) {
        this.environment = environment;
        this.vmOption = vmOption;
        this.gcOverheadExit = gcOverheadExit;
    }

    /** Whether an OutOfMemoryError ends this JVM (exits, or crashes with a dump). */
    boolean exitsOnOutOfMemory() {
        return isOn("ExitOnOutOfMemoryError") || isOn("CrashOnOutOfMemoryError");
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (exitsOnOutOfMemory()) {
            GcOverheadProperties limits = GcOverheadProperties.of(environment);
            if (limits.enabled()) {
                gcOverheadExit.accept(limits);
            }
            return;
        }
        if (environment.acceptsProfiles(Profiles.of(ProductionSettingsGuard.PRODUCTION_PROFILE))) {
            throw new IllegalStateException("Refusing to start with the prod profile: this JVM would run on after an "
                    + "OutOfMemoryError, half-broken, instead of exiting to be restarted (docs/reliability.md, "
                    + "\"Out of memory: the hub exits\"); " + ADVICE);
        }
        log.warn("This JVM runs on after an OutOfMemoryError instead of exiting: a hub that ran on left its embedded "
                + "H2 database unreadable (docs/reliability.md, \"Out of memory: the hub exits\"); {}", ADVICE);
    }

    private boolean isOn(String option) {
        return vmOption.apply(option).map(Boolean::parseBoolean).orElse(false);
    }

    static Optional<String> hotSpotOption(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name)
                    .getValue());
        } catch (IllegalArgumentException | NullPointerException notHotSpot) {
            return Optional.empty();
        }
    }

    /** Just after the prod profile's settings guard, which names every missing secret at once. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
