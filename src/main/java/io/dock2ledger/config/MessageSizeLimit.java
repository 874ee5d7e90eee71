package io.dock2ledger.config;

import org.springframework.util.unit.DataSize;

/**
 * The largest message the hub puts on its broker ({@code dock2ledger.broker.max-message-size}). Up to it a message is an
 * ordinary one, written in the broker's journal; Artemis would store a larger one as a "large message", in a file of
 * its own, and Artemis 2.40 writes those files without noticing a full disk (docs/reliability.md, "The hub sends no large
 * messages"). So the hub's connection factory sends messages up to this size as ordinary ones, the embedded broker's
 * journal takes records of this size, and intake refuses an event whose posting message would be larger
 * ({@code EVENT_TOO_LARGE}) rather than let it become a large message.
 *
 * @param maxMessageSize the largest message, headers and properties included
 */
public record MessageSizeLimit(DataSize maxMessageSize) {

    /** Room for a message's headers and properties (JMSXGroupID, Camel's, Artemis's): a few hundred bytes in fact. */
    static final int HEADROOM_BYTES = 64 * 1024;

    public MessageSizeLimit {
        if (maxMessageSize == null || maxMessageSize.toBytes() < 4L * HEADROOM_BYTES
                || maxMessageSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dock2ledger.broker.max-message-size must be between 256KB and 2GB, not "
                    + maxMessageSize);
        }
    }

    /** The message size in bytes, as Artemis's minLargeMessageSize and journal buffer take it. */
    public int bytes() {
        return (int) maxMessageSize.toBytes();
    }

    /** What a text message's body takes on the broker: Artemis writes its characters two bytes each. */
    public static long bytesOf(String text) {
        return 2L * text.length();
    }

    /** The longest text (an event's JSON) one message may carry, its headers given their room. */
    public int maxTextLength() {
        return (bytes() - HEADROOM_BYTES) / 2;
    }

    public boolean fits(String text) {
        return bytesOf(text) <= bytes() - HEADROOM_BYTES;
    }

    @Override
    public String toString() {
        return maxMessageSize.toMegabytes() >= 1 && maxMessageSize.toBytes() % (1024 * 1024) == 0
                ? maxMessageSize.toMegabytes() + "MB" : maxMessageSize.toKilobytes() + "KB";
    }
}
