package io.dock2ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The hub's broker: the embedded Artemis broker's journal ({@link BrokerJournalConfiguration}) and recovery, which an
 * external broker (configured on its own side, its broker.xml) ignores, and the largest message the hub sends.
 *
 * @param journal        how the broker writes and syncs its journal, in which every queued message and its
 *                       transactions live
 * @param recovery       how a broker that stopped itself on a critical IO error is started again
 *                       ({@link RecoveringEmbeddedBroker})
 * @param maxMessageSize the largest message the hub puts on its broker, sent and journaled as an ordinary message,
 *                       never as an Artemis large message; a larger event is refused at intake (MessageSizeLimit,
 *                       {@link BrokerConnectionConfiguration})
 */
@ConfigurationProperties(prefix = "dock2ledger.broker")
public record BrokerProperties(@DefaultValue Journal journal, @DefaultValue Recovery recovery,
                               @DefaultValue("4MB") DataSize maxMessageSize) {

    /** {@code auto}: ASYNCIO where Linux's libaio is installed and the journal's file system takes direct I/O, else NIO. */
    public enum JournalType { AUTO, ASYNCIO, NIO }

    /**
     * @param type          the journal's I/O: {@code auto}, {@code asyncio} or {@code nio}
     * @param bufferTimeout how long the journal gathers writes before one flush and sync; unset: Artemis's default of
     *                      the type in use (ASYNCIO 500 µs, NIO 3.33 ms). Every transacted JMS commit waits for it.
     * @param bufferSize    the most the journal gathers before a flush; unset: Artemis's 490 KiB. Either way at least
     *                      max-message-size, the largest record the journal must take
     */
    public record Journal(@DefaultValue("auto") JournalType type, Duration bufferTimeout, DataSize bufferSize) {
    }

    /**
     * @param retryInterval how long between two tries to start a new broker, while the old one is still stopping, its
     *                      journal's disk is above the broker's max-disk-usage, or a start failed
     */
    public record Recovery(@DefaultValue("5s") Duration retryInterval) {
    }
}
