package io.dock2ledger.intake.sftp;

import io.dock2ledger.partners.PartnerFileNames;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a partner may do inside its chrooted home (its partner folder):
 * <ul>
 *   <li>{@code /} and every folder: list and read (download) anything;</li>
 *   <li>{@code inbox/}: upload, overwrite, rename within {@code inbox/} (the {@code name.part} then rename
 *       pattern), delete its own not-yet-picked files;</li>
 *   <li>{@code outbox/}: delete fetched acknowledgments, or file them into a subfolder it creates
 *       (Camel's {@code move=.done}); no uploads;</li>
 *   <li>times and modes can be set in {@code inbox/} and {@code outbox/} only;</li>
 *   <li>{@code archive/} and {@code error/}: read only: they are the hub's record of what it processed;</li>
 *   <li>nowhere: create links, create or remove anything at {@code /}, move files between folders.</li>
 * </ul>
 * Every path is also checked by {@link HomeBoundary} so that a symbolic link cannot lead out of the home.
 * A refused operation answers the client with SSH_FX_PERMISSION_DENIED.
 */
public class PartnerFolderRules implements SftpFileSystemAccessor {

    private static final Logger log = LoggerFactory.getLogger(PartnerFolderRules.class);

    private static final Set<OpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
            Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        HomeBoundary.requireInside(file);
        if (options.stream().anyMatch(WRITING::contains)) {
            require(subsystem, isInside(file, PartnerFolders.INBOX), file, "uploads go to /inbox only");
            requireSafeName(subsystem, file);
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        HomeBoundary.requireInside(path);
        require(subsystem, isInside(path, PartnerFolders.INBOX) || isInside(path, PartnerFolders.OUTBOX), path,
                "only files in /inbox and /outbox can be deleted");
        SftpFileSystemAccessor.super.removeFile(subsystem, path, isDirectory);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        HomeBoundary.requireInside(oldPath);
        HomeBoundary.requireInside(newPath);
        boolean withinInbox = isInside(oldPath, PartnerFolders.INBOX) && isInside(newPath, PartnerFolders.INBOX);
        boolean withinOutbox = isInside(oldPath, PartnerFolders.OUTBOX) && isInside(newPath, PartnerFolders.OUTBOX);
        require(subsystem, withinInbox || withinOutbox, oldPath,
                "files can be renamed within /inbox or within /outbox only, not to " + newPath);
        if (withinInbox) {
            requireSafeName(subsystem, newPath);
        }
        SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts)
            throws IOException {
        HomeBoundary.requireInside(src);
        HomeBoundary.requireInside(dst);
        require(subsystem, isInside(dst, PartnerFolders.INBOX), dst, "copies go to /inbox only");
        requireSafeName(subsystem, dst);
        SftpFileSystemAccessor.super.copyFile(subsystem, src, dst, opts);
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        HomeBoundary.requireInside(path);
        require(subsystem, isInside(path, PartnerFolders.OUTBOX), path,
                "folders can be created inside /outbox only (to file fetched acknowledgments)");
        SftpFileSystemAccessor.super.createDirectory(subsystem, path);
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
            throws IOException {
        require(subsystem, false, link, "links are not allowed");
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute,
            Object value, LinkOption... options) throws IOException {
        requireAttributesChangeable(subsystem, file);
        SftpFileSystemAccessor.super.setFileAttribute(subsystem, file, view, attribute, value, options);
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        requireAttributesChangeable(subsystem, file);
        SftpFileSystemAccessor.super.setFileOwner(subsystem, file, value, options);
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        requireAttributesChangeable(subsystem, file);
        SftpFileSystemAccessor.super.setGroupOwner(subsystem, file, value, options);
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
            LinkOption... options) throws IOException {
        requireAttributesChangeable(subsystem, file);
        SftpFileSystemAccessor.super.setFilePermissions(subsystem, file, perms, options);
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl,
            LinkOption... options) throws IOException {
        requireAttributesChangeable(subsystem, file);
        SftpFileSystemAccessor.super.setFileAccessControl(subsystem, file, acl, options);
    }

    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
            String handle, LinkOption... linkOptions) throws IOException {
        HomeBoundary.requireInside(dir);
        return SftpFileSystemAccessor.super.openDirectory(subsystem, dirHandle, dir, handle, linkOptions);
    }

    /** A link whose target leaves the home is listed as the link itself; anything below it does not exist. */
    @Override
    public Map<String, ?> readFileAttributes(SftpSubsystemProxy subsystem, Path file, String view,
            LinkOption... options) throws IOException {
        if (!HomeBoundary.isInside(file)) {
            if (!HomeBoundary.parentIsInside(file)) {
                throw new NoSuchFileException(file.toString());
            }
            return SftpFileSystemAccessor.super.readFileAttributes(subsystem, file, view, LinkOption.NOFOLLOW_LINKS);
        }
        return SftpFileSystemAccessor.super.readFileAttributes(subsystem, file, view, options);
    }

    @Override
    public String resolveLinkTarget(SftpSubsystemProxy subsystem, Path link) throws IOException {
        HomeBoundary.requireInside(link);
        return SftpFileSystemAccessor.super.resolveLinkTarget(subsystem, link);
    }

    /**
     * Clients set times and modes on what they upload or on folders they create (mkdir sends a mode); archive and
     * error are the hub's record and stay as the hub left them.
     */
    private void requireAttributesChangeable(SftpSubsystemProxy subsystem, Path file) throws IOException {
        HomeBoundary.requireInside(file);
        require(subsystem, isInside(file, PartnerFolders.INBOX) || isInside(file, PartnerFolders.OUTBOX), file,
                "attributes can be changed in /inbox and /outbox only");
    }

    /**
     * A file in /inbox must have a name the hub can read and show (see {@link PartnerFileNames}): refused here, at
     * upload or rename, the partner learns it at once instead of finding the file in error/ later. Hidden temporary
     * names ({@code .name.part}) are allowed; the inbox route ignores them.
     */
    private static void requireSafeName(SftpSubsystemProxy subsystem, Path file) throws AccessDeniedException {
        Path name = file.getFileName();
        Optional<String> problem = PartnerFileNames.uploadProblem(name == null ? "" : name.toString());
        if (problem.isPresent()) {
            String rule = "file name refused: " + problem.get();
            log.info("SFTP user '{}' refused on {}: {}", subsystem.getServerSession().getUsername(),
                    PartnerFileNames.printable(file.toString()), rule);
            throw new AccessDeniedException(PartnerFileNames.printable(file.toString()), null, rule);
        }
    }

    /** True for a path strictly below {@code /<folder>} of the partner's home (not the folder itself). */
    static boolean isInside(Path path, String folder) {
        Path normalized = path.toAbsolutePath().normalize();
        return normalized.getNameCount() >= 2 && normalized.getName(0).toString().equals(folder);
    }

    private static void require(SftpSubsystemProxy subsystem, boolean allowed, Path path, String rule)
            throws AccessDeniedException {
        if (!allowed) {
            log.info("SFTP user '{}' refused on {}: {}", subsystem.getServerSession().getUsername(),
                    PartnerFileNames.printable(path.toString()), rule);
            throw new AccessDeniedException(path.toString(), null, rule);
        }
    }
}
