package io.dock2ledger.intake;

import io.dock2ledger.intake.sftp.CompletedUploads;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.FileIdempotentChangedRepositoryReadLockStrategy;
import org.apache.camel.spi.CamelLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;

/**
 * The inbox routes' read lock: Camel's {@code idempotent-changed} (claim the file in the shared repository, then wait
 * until it stopped changing for {@code minAge}), which knows what the hub's own SFTP server saw:
 * <ul>
 *   <li>a file the partner's client closed after writing, unchanged since ({@link CompletedUploads#isWhole}), is whole:
 *   it is claimed and taken at once, without the min-age wait;</li>
 *   <li>a file a client still has open for writing is certainly not whole: it is skipped at once, not waited for (the
 *   close wakes the route, {@link InboxPollScheduler}), so the poll thread goes on with the files that are ready; so is
 *   a file whose session ended mid-upload (a dropped connection), until it is min-age old;</li>
 *   <li>anything else (a file copied in locally, written by another server, an upload another instance received, one
 *   reopened and written again, one the poll saw before the server recorded its open) gets Camel's changed check with
 *   min-age, as before, but only once it is min-age old: a younger one is skipped, not waited for on the poll thread.
 *   Camel's wait held up every file behind it for up to a second and a half (the open-loop benchmark's p99: a file the
 *   poll listed between its creation and the server's open event waited out min-age, and every upload behind it
 *   with it).</li>
 * </ul>
 * The claim is always the repository's ({@code fileReadLocks}: one instance reads a file, once; keep-alive and
 * takeover unchanged), and release on commit or rollback is Camel's. A template-local bean of
 * routes/partner-inbox-to-canonical.camel.yaml: one per partner route.
 */
public class InboxReadLock extends FileIdempotentChangedRepositoryReadLockStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReadLock.class);

    private CompletedUploads completedUploads = new CompletedUploads();
    private LoggingLevel loggingLevel = LoggingLevel.DEBUG;
    private long minAge;

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
            Exchange exchange) throws Exception {
        File path = file.getFile();
        if (completedUploads.isBeingWritten(path.toPath())) {
            LOG.debug("Still open for writing by an SFTP client, skipped: {}", file);
            return false;
        }
        if (completedUploads.isInterrupted(path.toPath()) && youngerThanMinAge(path)) {
            // Its session ended mid-upload: not waited for here (the partner may resume it, and its close wakes the
            // route); once min-age passed without a change, it is read as any other file.
            LOG.debug("Upload interrupted less than min-age ago, skipped: {}", file);
            return false;
        }
        if (!completedUploads.isWhole(path.toPath())) {
            if (youngerThanMinAge(path)) {
                // Camel's changed check would sleep on the poll thread until it is min-age old, holding back every
                // file behind it (an upload that completes meanwhile, another partner's nothing, but this partner's
                // whole inbox): left for a later poll instead, which poll-delay or the upload's close brings.
                LOG.debug("Changed less than min-age ago, left for a later poll: {}", file);
                return false;
            }
            return super.acquireExclusiveReadLock(operations, file, exchange);
        }
        String key = asKey(exchange, file);
        boolean claimed;
        try {
            claimed = getIdempotentRepository().add(exchange, key);
        } catch (Exception e) {
            LOG.trace("Cannot claim {}: {}; skipped", file, e.getMessage(), e);
            claimed = false;
        }
        if (!claimed) {
            CamelLogger.log(LOG, loggingLevel, "Cannot acquire read lock. Will skip the file: " + file);
            return false;
        }
        // Checked again now that it is ours: written to between the first check and the claim, it gets the full wait.
        if (!completedUploads.isWhole(path.toPath())) {
            getIdempotentRepository().remove(exchange, key);
            return super.acquireExclusiveReadLock(operations, file, exchange);
        }
        completedUploads.forget(path.toPath());
        LOG.debug("Upload completed through SFTP and unchanged since, taken without the min-age wait: {}", file);
        return true;
    }

    /** Camel's changed check with min-age takes a file once its modification time is min-age old; not before. */
    private boolean youngerThanMinAge(File path) {
        return minAge > 0 && path.lastModified() > System.currentTimeMillis() - minAge;
    }

    @Override
    public void setMinAge(long minAge) {
        super.setMinAge(minAge);
        this.minAge = minAge;
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        super.setReadLockLoggingLevel(readLockLoggingLevel);
        this.loggingLevel = readLockLoggingLevel;
    }

    public CompletedUploads getCompletedUploads() {
        return completedUploads;
    }

    /** The hub's record of uploads completed through its SFTP server (bean completedUploads). */
    public void setCompletedUploads(CompletedUploads completedUploads) {
        this.completedUploads = completedUploads;
    }
}
