package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Feeds {@link CompletedUploads} from the SFTP server's own events on files in a partner's {@code /inbox}: a write
 * handle opened and closed by the client (its statement that the file is complete), or left open when the session
 * ended (not complete), a rename, a delete, attributes set by path. The events come after the operation (open,
 * closed, moved...), before the client gets its answer, so a client whose close returned has its file recorded.
 */
final class UploadEvents implements SftpEventListener {

    private static final Set<StandardOpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    private final CompletedUploads uploads;
    private final SftpLogins logins;

    UploadEvents(CompletedUploads uploads, SftpLogins logins) {
        this.uploads = uploads;
        this.logins = logins;
    }

    @Override
    public void open(ServerSession session, String remoteHandle, Handle localHandle) {
        if (isInboxWrite(localHandle)) {
            uploads.openedForWriting(realFile(localHandle.getFile()));
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
        if (isInboxWrite(localHandle)) {
            // A close that failed may have lost buffered data: the file is released but not recorded as whole.
            uploads.closedAfterWriting(partner(session), realFile(localHandle.getFile()), thrown == null);
        }
    }

    /**
     * The session ended with the file still open (a dropped connection, a killed client): sshd closes the handle, but
     * nothing says the upload was finished, so the file is released without a record and waits for min-age.
     */
    @Override
    public void exiting(ServerSession session, Handle localHandle) {
        if (isInboxWrite(localHandle)) {
            uploads.closedAfterWriting(partner(session), realFile(localHandle.getFile()), false);
        }
    }

    @Override
    public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts,
            Throwable thrown) {
        if (thrown == null && PartnerFolderRules.isInside(dstPath, PartnerFolders.INBOX)) {
            uploads.renamed(partner(session), realFile(srcPath), realFile(dstPath));
        }
    }

    @Override
    public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
        if (!isDirectory && PartnerFolderRules.isInside(path, PartnerFolders.INBOX)) {
            uploads.removed(realFile(path));
        }
    }

    @Override
    public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
        if (thrown == null && PartnerFolderRules.isInside(path, PartnerFolders.INBOX)) {
            uploads.attributesChanged(realFile(path));
        }
    }

    private static boolean isInboxWrite(Handle handle) {
        return handle instanceof FileHandle file && file.getOpenOptions().stream().anyMatch(WRITING::contains)
                && PartnerFolderRules.isInside(file.getFile(), PartnerFolders.INBOX);
    }

    private String partner(ServerSession session) {
        return logins.partnerFor(session.getUsername()).map(Partner::id).orElse(null);
    }

    /** The chrooted path as the partner sees it ({@code /inbox/x.csv}) to the file on disk. */
    private static Path realFile(Path rooted) {
        return rooted.toFile().toPath();
    }
}
