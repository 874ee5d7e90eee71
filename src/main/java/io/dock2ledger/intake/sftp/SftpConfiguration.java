package io.dock2ledger.intake.sftp;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.partners.PartnerRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SftpProperties.class)
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
            PartnerFolders folders, CompletedUploads uploads) {
        return new EmbeddedSftpServer(properties.withHostKeyFileOrDefault(hub.dataDir()), logins, folders, uploads);
    }
}
