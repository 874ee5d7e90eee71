package io.dock2ledger.intake.sftp;

import io.dock2ledger.HubConfiguration;
import io.dock2ledger.partners.PartnersConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring wiring only (no Boot application): what the hub gets from dock2ledger.sftp.* at startup. */
class SftpConfigurationTest {

    @TempDir
    Path tmp;

    private ApplicationContextRunner hub() throws Exception {
        Path partners = Files.createDirectories(tmp.resolve("config/partners"));
        Files.writeString(partners.resolve("acme-3pl.yaml"), "id: acme-3pl\nname: ACME\nchannels: [file]\n");
        return new ApplicationContextRunner()
                .withUserConfiguration(HubConfiguration.class, PartnersConfiguration.class, SftpConfiguration.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "dock2ledger.data-dir=" + tmp.resolve("data"),
                        "dock2ledger.config-dir=" + tmp.resolve("config"),
                        "dock2ledger.sftp.port=0");
    }

    @Test
    void serverStartsOnLoopbackWithItsHostKeyInTheDataDirAndPartnerFoldersExist() throws Exception {
        hub().run(context -> {
            EmbeddedSftpServer server = context.getBean(EmbeddedSftpServer.class);

            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
            assertThat(context.getBean(SftpProperties.class).host()).isEqualTo("127.0.0.1");
            assertThat(tmp.resolve("data/sftp/host-key")).isRegularFile();
            assertThat(tmp.resolve("data/partners/acme-3pl/inbox")).isDirectory();
        });
    }

    @Test
    void disabledServerIsNotStartedButPartnerFoldersStillAre() throws Exception {
        hub().withPropertyValues("dock2ledger.sftp.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(EmbeddedSftpServer.class);
            assertThat(tmp.resolve("data/partners/acme-3pl/outbox")).isDirectory();
            assertThat(tmp.resolve("data/sftp/host-key")).doesNotExist();
        });
    }
}
