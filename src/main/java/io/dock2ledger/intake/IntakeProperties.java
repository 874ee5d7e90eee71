package io.dock2ledger.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code dock2ledger.intake.*}: partner inboxes. The route-only keys ({@code poll-delay}, {@code stuck-check-period},
 * {@code read-lock-min-age}, {@code read-lock-check-interval})
 * are read by the routes as placeholders; application.yaml documents all of them.
 *
 * @param stuckAfter        a file left unread in an inbox this long after its last change is quarantined
 * @param readLockMaxAge    a read lock of an instance that died is taken over once not renewed for this long
 * @param readLockKeepAlive how often the instance reading a file renews its lock
 * @param commitEvery       a file's queued events are committed every this many documents (IntakeChunks); 0: once
 *                          per file
 * @param commitEveryBytes  ... and at the latest once they make this many bytes of posting messages (large events)
 * @param watchInboxes      wake an inbox route when a file appears in its folder (file system watch service), not
 *                          only when an upload through the hub's SFTP server completes (InboxWakeUps)
 * @param maxPostingBacklog intake waits between two chunks while more events than this wait to post on the embedded
 *                          broker (PostingBacklog); 0: never
 * @param maxPostingBacklogBytes ... or while the events waiting to post take more than this on the embedded broker
 * @param postingBacklogMaxWait the longest intake waits so at once before it goes on anyway
 */
@ConfigurationProperties(prefix = "dock2ledger.intake")
public record IntakeProperties(
        @DefaultValue("10m") Duration stuckAfter,
        @DefaultValue("60s") Duration readLockMaxAge,
        @DefaultValue("10s") Duration readLockKeepAlive,
        @DefaultValue("100") int commitEvery,
        @DefaultValue("16MB") DataSize commitEveryBytes,
        @DefaultValue("true") boolean watchInboxes,
        @DefaultValue("10000") long maxPostingBacklog,
        @DefaultValue("32MB") DataSize maxPostingBacklogBytes,
        @DefaultValue("60s") Duration postingBacklogMaxWait) {
}
