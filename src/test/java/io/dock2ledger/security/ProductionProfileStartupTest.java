package io.dock2ledger.security;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.dock2ledger.Dock2LedgerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(OutputCaptureExtension.class)
class ProductionProfileStartupTest {

    @TempDir
    Path dataDir;

    @Test
    void prodProfileWithoutPasswordsRefusesToStartNamingTheVariables(CapturedOutput output) {
        assumeTrue(Stream.of(HubAccount.values()).allMatch(account -> System.getenv(account.passwordVariable()) == null),
                "this test needs the DOCK2LEDGER_*_PASSWORD variables unset");

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(Dock2LedgerApplication.class)
                .profiles("prod")
                .run("--server.port=0", "--dock2ledger.data-dir=" + dataDir, "--spring.main.banner-mode=off"));

        assertThat(failure).isInstanceOf(InsecureProductionSettingsException.class)
                .hasMessageContainingAll("DOCK2LEDGER_VIEWER_PASSWORD", "DOCK2LEDGER_OPERATOR_PASSWORD",
                        "DOCK2LEDGER_ADMIN_PASSWORD", "DOCK2LEDGER_DB_PASSWORD", "DOCK2LEDGER_BROKER_PASSWORD");
        // The guard runs before any ordinary bean exists: no connection pool, broker or web server was started.
        assertThat(output).doesNotContain("HikariPool").doesNotContain("Tomcat initialized").doesNotContain("Artemis");
        assertThat(dataDir).isEmptyDirectory();
    }

    /** The surefire JVM is started without -XX:+ExitOnOutOfMemoryError, as a hand-made java -jar would be. */
    @Test
    void prodProfileOnAJvmThatRunsOnAfterOutOfMemoryRefusesToStart(CapturedOutput output) {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeFalse(Boolean.parseBoolean(vm.getVMOption("ExitOnOutOfMemoryError").getValue())
                || Boolean.parseBoolean(vm.getVMOption("CrashOnOutOfMemoryError").getValue()),
                "this JVM already exits on OutOfMemoryError");

        assertThatThrownBy(() -> startWithProductionSettingsAndAdminPassword("admin-Secret-2025"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start with the prod profile: this JVM would run on after an "
                        + "OutOfMemoryError")
                .hasMessageContaining("-XX:+ExitOnOutOfMemoryError");
        assertThat(output).doesNotContain("HikariPool").doesNotContain("Tomcat initialized").doesNotContain("Artemis");
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void prodProfileWithDevelopmentPasswordRefusesToStart() {
        assertThatThrownBy(() -> startWithProductionSettingsAndAdminPassword("dev-admin"))
                .isInstanceOf(InsecureProductionSettingsException.class)
                .hasMessageContaining("DOCK2LEDGER_ADMIN_PASSWORD equals a development default password")
                .satisfies(e -> assertThat(((InsecureProductionSettingsException) e).violations()).hasSize(1));
    }

    /** The prod profile with every setting it requires given, strong except as {@code adminPassword} makes it. */
    private void startWithProductionSettingsAndAdminPassword(String adminPassword) {
        new SpringApplicationBuilder(Dock2LedgerApplication.class)
                .profiles("prod")
                .run("--server.port=0", "--dock2ledger.data-dir=" + dataDir, "--spring.main.banner-mode=off",
                        "--dock2ledger.security.viewer-password=viewer-Secret-2025",
                        "--dock2ledger.security.operator-password=operator-Secret-2025",
                        "--dock2ledger.security.admin-password=" + adminPassword,
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                        "--spring.datasource.username=hub", "--spring.datasource.password=db-secret",
                        "--spring.artemis.broker-url=tcp://127.0.0.1:1", "--spring.artemis.user=hub",
                        "--spring.artemis.password=broker-secret");
    }
}
