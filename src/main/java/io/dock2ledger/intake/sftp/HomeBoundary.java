package io.dock2ledger.intake.sftp;

import org.apache.sshd.common.file.root.RootedFileSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Keeps symbolic links from leading out of a partner's home. sshd's rooted file system maps {@code ..} and
 * absolute paths into the home but follows a link that points elsewhere on the host (such as one left in the
 * partner folder by hand), so every path is checked on the host side before it is used: if following it would
 * leave the home, the path is reported as not existing.
 */
final class HomeBoundary {

    private HomeBoundary() {
    }

    /** Fails with "no such file" unless {@code path}, with every link in it followed, stays inside the home. */
    static void requireInside(Path path) throws IOException {
        if (!isInside(path)) {
            throw new NoSuchFileException(path.toString());
        }
    }

    /** True if the folder holding {@code path} stays inside the home (the last name itself may be a link). */
    static boolean parentIsInside(Path path) throws IOException {
        Path parent = path.toAbsolutePath().normalize().getParent();
        return parent == null || isInside(parent);
    }

    static boolean isInside(Path path) throws IOException {
        if (!(path.getFileSystem() instanceof RootedFileSystem rooted)) {
            return true; // not a partner session's file system: nothing to confine
        }
        Path home = rooted.getRoot().toRealPath();
        Path local = home;
        for (Path name : path.toAbsolutePath().normalize()) {
            local = local.resolve(name.toString());
        }
        // A file about to be created does not exist yet: its nearest existing folder decides.
        Path existing = local;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            return existing.toRealPath().startsWith(home);
        } catch (NoSuchFileException danglingLink) {
            return false;
        }
    }
}
