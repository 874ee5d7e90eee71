package io.dock2ledger.intake.sftp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the hub's own SFTP server knows about the files partners upload: a file is whole once the client closed the
 * last handle it wrote through (SFTP close), and stays whole while its size and modification time are the ones seen at
 * that close. The inbox read lock takes such a file at once instead of waiting for it to stop changing
 * ({@code read-lock-min-age}), and the partner's inbox route is woken to poll it now ({@link Listener}).
 * <p>
 * A file opened for writing again loses its record until that handle is closed; a file left open when its session
 * ended (a dropped connection) is recorded as interrupted, known to be unfinished; a file renamed after its upload keeps
 * it under the new name (the {@code name.part}, then rename pattern); a deleted file loses it. Everything else, a file
 * copied in locally or written by another server, has no record and is read as before, once it stopped changing.
 * Records live in memory: another hub instance, or this one after a restart, falls back to the min-age wait.
 */
public final class CompletedUploads {

    private static final Logger log = LoggerFactory.getLogger(CompletedUploads.class);

    /** Bound on remembered uploads: records of files never read (a {@code .part} never renamed) must not pile up. */
    static final int MAX_RECORDS = 10_000;

    /** Called when a partner's upload completed: the file at {@code file} is whole now. */
    @FunctionalInterface
    public interface Listener {
        void completed(String partner, Path file);
    }

    /** Size and modification time when the last write handle was closed. */
    record Upload(long size, FileTime modified) {
    }

    private final Map<Path, Upload> completed = bounded();
    /** Files whose session ended while they were open for writing: known to be incomplete until written again. */
    private final Set<Path> interrupted = Collections.newSetFromMap(bounded());
    /** Write handles open now, per file. */
    private final Map<Path, Integer> writing = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * True if the last write handle on {@code file} was closed and the file still has the size and modification time
     * it had then: nothing wrote to it since, through SFTP or otherwise.
     */
    public boolean isWhole(Path file) {
        Path key = key(file);
        Upload upload;
        synchronized (this) {
            if (writing.containsKey(key)) {
                return false;
            }
            upload = completed.get(key);
        }
        return upload != null && upload.equals(attributes(key));
    }

    /**
     * True for a file whose SFTP session ended while it was open for writing (a dropped connection) and that nobody
     * wrote to since: its upload is known to be unfinished, until the partner resumes it or it passes min-age.
     */
    public synchronized boolean isInterrupted(Path file) {
        return interrupted.contains(key(file));
    }

    /** True while a partner's SFTP client has the file open for writing: it is certainly not whole. */
    public synchronized boolean isBeingWritten(Path file) {
        return writing.containsKey(key(file));
    }

    /** Drops the record (the file was taken). */
    public synchronized void forget(Path file) {
        Path key = key(file);
        completed.remove(key);
        interrupted.remove(key);
    }

    synchronized int records() {
        return completed.size();
    }

    void openedForWriting(Path file) {
        Path key = key(file);
        synchronized (this) {
            completed.remove(key);
            interrupted.remove(key);
            writing.merge(key, 1, Integer::sum);
        }
    }

    /** @param whole false when the close failed: buffered data may be lost, the file is released but not recorded */
    void closedAfterWriting(String partner, Path file, boolean whole) {
        Path key = key(file);
        synchronized (this) {
            Integer open = writing.get(key);
            if (open != null && open > 1) {
                writing.put(key, open - 1);
                return;
            }
            writing.remove(key);
            if (!whole) {
                interrupted.add(key);
                return;
            }
        }
        Upload upload = attributes(key);
        if (upload == null) {
            return;
        }
        synchronized (this) {
            if (writing.containsKey(key)) {
                return; // opened again meanwhile
            }
            completed.put(key, upload);
        }
        notifyCompleted(partner, key);
    }

    /** A rename keeps the content: an upload completed under the old name is whole under the new one. */
    void renamed(String partner, Path from, Path to) {
        Path source = key(from);
        Path target = key(to);
        Upload upload;
        synchronized (this) {
            upload = writing.containsKey(source) ? null : completed.remove(source);
            completed.remove(target);
            if (interrupted.remove(source)) {
                interrupted.add(target);
            } else {
                interrupted.remove(target);
            }
        }
        if (upload == null || !upload.equals(attributes(target))) {
            return;
        }
        synchronized (this) {
            if (writing.containsKey(target)) {
                return;
            }
            completed.put(target, upload);
        }
        notifyCompleted(partner, target);
    }

    /**
     * Times or mode set by path after the upload (clients that preserve the local time do): the content did not
     * change, so the record follows the new attributes. A size set this way truncates the file, by the partner's
     * choice and with no write handle open: still whole.
     */
    void attributesChanged(Path file) {
        Path key = key(file);
        synchronized (this) {
            if (writing.containsKey(key) || !completed.containsKey(key)) {
                return;
            }
        }
        Upload upload = attributes(key);
        synchronized (this) {
            if (upload != null && completed.containsKey(key) && !writing.containsKey(key)) {
                completed.put(key, upload);
            }
        }
    }

    void removed(Path file) {
        forget(file);
    }

    private void notifyCompleted(String partner, Path file) {
        if (partner == null) {
            return; // a login whose partner left the registry meanwhile: recorded, nobody to wake
        }
        for (Listener listener : listeners) {
            try {
                listener.completed(partner, file);
            } catch (RuntimeException e) {
                log.warn("Listener {} failed on the completed upload {}", listener, file, e);
            }
        }
    }

    private static <V> Map<Path, V> bounded() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, V> eldest) {
                return size() > MAX_RECORDS;
            }
        };
    }

    private static Upload attributes(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? new Upload(attributes.size(), attributes.lastModifiedTime()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
