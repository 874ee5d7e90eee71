package io.dock2ledger;

import io.dock2ledger.config.MessageSizeLimit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded broker's journal type and buffer: what Spring Boot fixes at NIO, the hub chooses (auto: ASYNCIO where
 * libaio and direct I/O work), and the buffer settings reach the broker for the type in use.
 */
class BrokerJournalConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void autoTakesAsyncIoWhereLibaioAndDirectIoWork() {
        assumeTrue(AIOSequentialFileFactory.isSupported(), "libaio (Debian libaio1) is not installed here");
        ConfigurationImpl broker = bootsNioBroker(dir.resolve("artemis"));

        assertThat(BrokerJournalConfiguration.configure(broker,
                journal(BrokerProperties.JournalType.AUTO, null, null), SMALLEST))
                .isEqualTo(JournalType.ASYNCIO);
        assertThat(broker.getJournalType()).isEqualTo(JournalType.ASYNCIO);
        assertThat(broker.getJournalLocation()).isDirectory();
    }

    @Test
    void autoTakesNioWhereLibaioIsNotLoaded() {
        // Without libaio1, or without the hub's native wrapper on java.library.path (docker/dock2ledger puts it there),
        // auto must give NIO, never a journal the broker cannot open.
        assumeFalse(AIOSequentialFileFactory.isSupported(), "libaio and the native wrapper are loaded here");
        ConfigurationImpl broker = bootsNioBroker(dir.resolve("artemis"));

        assertThat(BrokerJournalConfiguration.configure(broker,
                journal(BrokerProperties.JournalType.AUTO, null, null), SMALLEST))
                .isEqualTo(JournalType.NIO);
        assertThat(broker.getJournalType()).isEqualTo(JournalType.NIO);
    }

    @Test
    void nioWhenConfiguredEvenWhereAsyncIoWorks() {
        ConfigurationImpl broker = bootsNioBroker(dir.resolve("artemis"));
        broker.setJournalType(JournalType.ASYNCIO);

        assertThat(BrokerJournalConfiguration.configure(broker,
                journal(BrokerProperties.JournalType.NIO, null, null), SMALLEST))
                .isEqualTo(JournalType.NIO);
        assertThat(broker.getJournalType()).isEqualTo(JournalType.NIO);
    }

    @Test
    void bufferSettingsReachTheBrokerAndArtemisDefaultsStayWhenUnset() {
        ConfigurationImpl defaults = bootsNioBroker(dir.resolve("a"));
        int aioDefault = defaults.getJournalBufferTimeout_AIO();
        int nioDefault = defaults.getJournalBufferTimeout_NIO();
        BrokerJournalConfiguration.configure(defaults, journal(BrokerProperties.JournalType.NIO, null, null), SMALLEST);
        assertThat(defaults.getJournalBufferTimeout_AIO()).isEqualTo(aioDefault).isEqualTo(500_000);
        assertThat(defaults.getJournalBufferTimeout_NIO()).isEqualTo(nioDefault).isEqualTo(3_333_333);

        ConfigurationImpl tuned = bootsNioBroker(dir.resolve("b"));
        BrokerJournalConfiguration.configure(tuned, journal(BrokerProperties.JournalType.NIO,
                Duration.ofNanos(1_000_000), DataSize.ofKilobytes(256)), SMALLEST);
        assertThat(tuned.getJournalBufferTimeout_NIO()).isEqualTo(1_000_000);
        assertThat(tuned.getJournalBufferTimeout_AIO()).isEqualTo(1_000_000);
        assertThat(tuned.getJournalBufferSize_NIO()).isEqualTo(256 * 1024);
        assertThat(tuned.getJournalBufferSize_AIO()).isEqualTo(256 * 1024);
    }

    @Test
    void theJournalTakesTheLargestMessageTheHubSendsAsOneRecord() {
        ConfigurationImpl broker = bootsNioBroker(dir.resolve("c"));
        BrokerJournalConfiguration.configure(broker, journal(BrokerProperties.JournalType.NIO, null, null),
                new MessageSizeLimit(DataSize.ofMegabytes(4)));
        assertThat(broker.getJournalBufferSize_NIO()).isEqualTo(4 * 1024 * 1024);
        assertThat(broker.getJournalBufferSize_AIO()).isEqualTo(4 * 1024 * 1024);

        ConfigurationImpl larger = bootsNioBroker(dir.resolve("d"));
        BrokerJournalConfiguration.configure(larger, journal(BrokerProperties.JournalType.NIO, null,
                DataSize.ofMegabytes(6)), new MessageSizeLimit(DataSize.ofMegabytes(4)));
        assertThat(larger.getJournalBufferSize_NIO()).as("a larger buffer setting stays").isEqualTo(6 * 1024 * 1024);

        ConfigurationImpl tooLarge = bootsNioBroker(dir.resolve("e"));
        assertThatThrownBy(() -> BrokerJournalConfiguration.configure(tooLarge,
                journal(BrokerProperties.JournalType.NIO, null, null), new MessageSizeLimit(DataSize.ofMegabytes(11))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dock2ledger.broker.max-message-size (11MB) is larger than the embedded broker's "
                        + "journal file (10485760 bytes)");
    }

    /** Below Artemis's 490 KiB journal buffer: leaves the buffer settings as they are. */
    private static final MessageSizeLimit SMALLEST = new MessageSizeLimit(DataSize.ofKilobytes(256));

    /** What Spring Boot's embedded factory builds for a persistent broker: its data directory, the NIO journal. */
    private static ConfigurationImpl bootsNioBroker(Path dataDirectory) {
        ConfigurationImpl broker = new ConfigurationImpl();
        broker.setJournalDirectory(dataDirectory.resolve("journal").toString());
        broker.setJournalType(JournalType.NIO);
        return broker;
    }

    private static BrokerProperties.Journal journal(BrokerProperties.JournalType type, Duration timeout, DataSize size) {
        return new BrokerProperties.Journal(type, timeout, size);
    }
}
