package io.dock2ledger;

import io.dock2ledger.config.MessageSizeLimit;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The embedded broker's journal. Spring Boot sets every persistent embedded broker to the NIO journal; Artemis's own
 * default, and the faster one where it can run, is ASYNCIO (Linux's libaio, Debian package {@code libaio1}, with
 * direct I/O on the journal's file system): a transacted commit waits for the journal's sync, and ASYNCIO gathers and
 * syncs writes in 0.5 ms batches where NIO waits 3.33 ms (docs/performance.md, "the broker's journal"). So
 * {@code dock2ledger.broker.journal.type=auto} (the default) takes ASYNCIO wherever it works and NIO elsewhere, and
 * says which at start; the journal's durability (every transacted commit synced) is the same with both.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerJournalConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerJournalConfiguration.class);

    @Bean
    ArtemisConfigurationCustomizer brokerJournal(BrokerProperties settings, MessageSizeLimit largestMessage) {
        return configuration -> configure(configuration, settings.journal(), largestMessage);
    }

    /**
     * @param largest the largest message the hub sends: the journal's buffer is made at least that large, for Artemis
     *                stores a message larger than the buffer (or the journal's file) as a large message, which the hub
     *                avoids (MessageSizeLimit)
     */
    public static JournalType configure(Configuration broker, BrokerProperties.Journal journal, MessageSizeLimit largest) {
        JournalType type = switch (journal.type()) {
            case NIO -> JournalType.NIO;
            case ASYNCIO -> JournalType.ASYNCIO;
            case AUTO -> asyncIoWorksIn(broker.getJournalLocation()) ? JournalType.ASYNCIO : JournalType.NIO;
        };
        broker.setJournalType(type);
        if (journal.bufferTimeout() != null) {
            int nanos = Math.toIntExact(journal.bufferTimeout().toNanos());
            broker.setJournalBufferTimeout_AIO(nanos);
            broker.setJournalBufferTimeout_NIO(nanos);
        }
        if (journal.bufferSize() != null) {
            int bytes = Math.toIntExact(journal.bufferSize().toBytes());
            broker.setJournalBufferSize_AIO(bytes);
            broker.setJournalBufferSize_NIO(bytes);
        }
        if (largest.bytes() > broker.getJournalFileSize()) {
            throw new IllegalStateException("dock2ledger.broker.max-message-size (" + largest + ") is larger than the "
                    + "embedded broker's journal file (" + broker.getJournalFileSize() + " bytes): such messages would "
                    + "be large messages, which the hub avoids (docs/reliability.md)");
        }
        broker.setJournalBufferSize_AIO(Math.max(broker.getJournalBufferSize_AIO(), largest.bytes()));
        broker.setJournalBufferSize_NIO(Math.max(broker.getJournalBufferSize_NIO(), largest.bytes()));
        int timeout = type == JournalType.ASYNCIO ? broker.getJournalBufferTimeout_AIO() : broker.getJournalBufferTimeout_NIO();
        int buffer = type == JournalType.ASYNCIO ? broker.getJournalBufferSize_AIO() : broker.getJournalBufferSize_NIO();
        LOG.info("Broker journal: {} ({}), buffer timeout {} µs, buffer {} KiB", type, journal.type() == BrokerProperties.JournalType.AUTO
                ? (type == JournalType.ASYNCIO ? "libaio found" : "no libaio or no direct I/O here") : "configured",
                timeout / 1000, buffer / 1024);
        return type;
    }

    /** libaio loaded, and a file in the journal's directory opens with direct I/O (not on tmpfs, for one). */
    static boolean asyncIoWorksIn(File journalDirectory) {
        if (!AIOSequentialFileFactory.isSupported()) {
            return false;
        }
        try {
            Files.createDirectories(journalDirectory.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's journal directory " + journalDirectory, e);
        }
        return AIOSequentialFileFactory.isSupported(journalDirectory);
    }
}
