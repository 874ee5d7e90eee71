package io.dock2ledger.intake.sftp;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.partners.PartnerRegistry;
import io.dock2ledger.security.FailedLoginThrottle;
import io.dock2ledger.security.HubSecurityProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
// HubSecurityProperties too: wrong SFTP passwords are limited as the HTTP door's are
// (dock2ledger.security.failed-logins).
@EnableConfigurationProperties({SftpProperties.class, HubSecurityProperties.class})
public class SftpConfiguration {

    /** Every registered partner's folder exists before any route or login looks for it. */
    @Bean
    PartnerFolders partnerFolders(HubProperties hub, PartnerRegistry registry) {
        PartnerFolders folders = new PartnerFolders(hub.partnersDir());
        folders.ensureAll(registry.all());
        return folders;
    }

    @Bean
    SftpLogins sftpLogins(PartnerRegistry registry) {
        return new SftpLogins(registry);
    }

    /**
     * Uploads partners completed through the embedded server (the client closed the file): the inbox routes take such
     * a file at once and are woken for it (io.dock2ledger.intake.InboxReadLock, InboxPollScheduler). Exists without
     * the server too, then empty.
     */
    @Bean
    CompletedUploads completedUploads() {
        return new CompletedUploads();
    }

    @Bean
    @ConditionalOnProperty(prefix = "dock2ledger.sftp", name = "enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedSftpServer embeddedSftpServer(SftpProperties properties, HubProperties hub, SftpLogins logins,
            PartnerFolders folders, CompletedUploads uploads, HubSecurityProperties security, MeterRegistry meters) {
        // Counted apart from the HTTP door's (security.FailedLoginsConfiguration), with the same limit and window.
        FailedLoginThrottle passwordGuesses = new FailedLoginThrottle("sftp", security.failedLogins().limit(),
                security.failedLogins().window(), meters);
        return new EmbeddedSftpServer(properties.withHostKeyFileOrDefault(hub.dataDir()), logins, folders, uploads,
                passwordGuesses);
    }
}
