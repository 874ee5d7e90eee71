package io.dock2ledger.intake;

import io.dock2ledger.intake.sftp.CompletedUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes a partner's inbox route ({@link InboxPollScheduler}) when a file is ready for it, so it is read now rather than
 * at the next poll (the periodic poll stays, as the fallback for anything missed here):
 * <ul>
 *   <li>an upload completed through the hub's SFTP server ({@link CompletedUploads});</li>
 *   <li>with {@code watch} on, a file appearing in the inbox (created, or renamed into it: the {@code name.part} then
 *   rename pattern of partners and of other transfer tools), seen by the file system's watch service (inotify on
 *   Linux). Such a file still gets the read lock's min-age wait; the wake-up only saves the poll delay.</li>
 * </ul>
 * A wake-up is only ever a poll: a spurious or a missed one changes when a file is read, never whether or how.
 */
public final class InboxWakeUps implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InboxWakeUps.class);

    private final Map<String, Set<Runnable>> routes = new ConcurrentHashMap<>();
    private final Map<WatchKey, String> watched = new HashMap<>();
    private final CompletedUploads uploads;
    private final CompletedUploads.Listener onUpload = (partner, file) -> wake(partner);
    private final WatchService watcher;

    public InboxWakeUps(CompletedUploads uploads, boolean watch) {
        this.uploads = uploads;
        uploads.addListener(onUpload);
        WatchService service = null;
        if (watch) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                log.warn("No file system watch service: inboxes are polled at their poll delay only", e);
            }
        }
        this.watcher = service;
        if (service != null) {
            Thread watching = new Thread(this::watch, "inbox-watch");
            watching.setDaemon(true);
            watching.start();
        }
    }

    /** The route of {@code partner} polling {@code inbox} is woken by {@code wake} until the registration is closed. */
    public AutoCloseable register(String partner, Path inbox, Runnable wake) {
        routes.computeIfAbsent(partner, p -> ConcurrentHashMap.newKeySet()).add(wake);
        WatchKey key = watch(partner, inbox);
        return () -> {
            Set<Runnable> wakes = routes.get(partner);
            if (wakes != null) {
                wakes.remove(wake);
            }
            if (key != null && (wakes == null || wakes.isEmpty())) {
                synchronized (watched) {
                    watched.remove(key);
                }
                key.cancel();
            }
        };
    }

    /** Polls the inbox of {@code partner} now. */
    public void wake(String partner) {
        Set<Runnable> wakes = partner == null ? null : routes.get(partner);
        if (wakes != null) {
            wakes.forEach(Runnable::run);
        }
    }

    private WatchKey watch(String partner, Path inbox) {
        if (watcher == null || inbox == null) {
            return null;
        }
        try {
            WatchKey key = inbox.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            synchronized (watched) {
                watched.put(key, partner);
            }
            return key;
        } catch (IOException | ClosedWatchServiceException e) {
            log.warn("Cannot watch {} ({}): the inbox of {} is polled at its poll delay only", inbox, e.getMessage(),
                    partner);
            return null;
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                String partner;
                synchronized (watched) {
                    partner = watched.get(key);
                }
                boolean ready = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    ready |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || event.context() instanceof Path name && mayBeRead(name.toString());
                }
                key.reset();
                if (ready) {
                    wake(partner);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Names the inbox route reads (its antExclude: {@code *.part}, {@code *.tmp}, {@code *.filepart}, dot-files): a
     * temporary name is created and written first, and the rename to the final name is the event that counts. A wrong
     * guess here only costs or saves one poll.
     */
    static boolean mayBeRead(String name) {
        return !name.startsWith(".") && !name.endsWith(".part") && !name.endsWith(".tmp")
                && !name.endsWith(".filepart");
    }

    @Override
    public void close() throws IOException {
        uploads.removeListener(onUpload);
        if (watcher != null) {
            watcher.close();
        }
    }
}
