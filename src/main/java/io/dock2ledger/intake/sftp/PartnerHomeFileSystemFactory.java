package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.Partner;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.session.SessionContext;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chroots each SFTP session to its partner's folder: the session sees that folder as {@code /}, and {@code ..},
 * absolute paths and symbolic links are resolved inside it by sshd's rooted file system. The folder is created
 * on login if it is missing.
 */
public class PartnerHomeFileSystemFactory implements FileSystemFactory {

    private final SftpLogins logins;
    private final PartnerFolders folders;

    public PartnerHomeFileSystemFactory(SftpLogins logins, PartnerFolders folders) {
        this.logins = logins;
        this.folders = folders;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        Partner partner = logins.partnerFor(session.getUsername())
                .orElseThrow(() -> new AccessDeniedException(session.getUsername(), null,
                        "no partner has this SFTP login any more"));
        return folders.ensure(partner.id());
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        return new RootedFileSystemProvider().newFileSystem(getUserHomeDir(session), Map.of());
    }
}
