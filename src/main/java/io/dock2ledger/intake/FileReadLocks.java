package io.dock2ledger.intake;

import io.dock2ledger.config.HubInstance;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The inbox routes' read locks, shared by every hub instance on one database (the {@code idempotent-changed} read
 * lock's repository, bean {@code fileReadLocks}): a file is read by the instance whose claim on its path lands first.
 * <p>
 * Why not Camel's {@code JdbcOrphanLockAwareIdempotentRepository}, used until issue 13: its claim is two queries and a
 * write (count the live locks; if none, count all locks; if none insert, else "take over" by updating the time
 * stamp). When another instance's insert commits between the first count and the second, the second count sees the
 * row, takes it for a dead instance's lock and "takes it over": both instances read the file. Two hubs polling one
 * folder list the same new file within milliseconds, so this happened in the first two-hub run
 * (docs/deployment.md). Here a claim is one statement: an insert, which the primary key lets only one instance
 * make, or, when the row exists, an update that takes it over only if it is still older than the maximum age when
 * the database executes it (PostgreSQL re-checks the condition on the row it locks), which only one instance can do.
 * <p>
 * The holder renews its locks every {@code keepAlive}; a lock not renewed for {@code maxAge} belongs to an instance
 * that died mid-file and is taken over, so the file is read again rather than skipped for ever. Renewing and
 * releasing touch only rows this instance holds, so an instance that stalled past the maximum age cannot release
 * the lock of the instance that took its file over.
 * <p>
 * A release that fails (the database is away: H2 closes itself on a full disk) leaves the row behind. It is released
 * again at every keep-alive until that works, and should this instance claim the file again first (its reading rolled
 * back, so it polls it again), it takes its own row back at once: otherwise the file waited out the maximum age after
 * the database was back (60 s; the fault-injection suite's disk-full scenario found it).
 */
public final class FileReadLocks implements IdempotentRepository, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileReadLocks.class);

    private final JdbcTemplate jdbc;
    private final String processor;
    private final HubInstance instance;
    private final Clock clock;
    private final Duration maxAge;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> unreleased = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewal;

    /**
     * @param processor the routes' name for their locks (Camel's processorName column)
     * @param maxAge    a lock not renewed for this long belongs to a dead instance and may be taken over
     * @param keepAlive how often this instance renews the locks it holds; well below {@code maxAge}
     */
    public FileReadLocks(JdbcTemplate jdbc, String processor, HubInstance instance, Clock clock, Duration maxAge,
                         Duration keepAlive) {
        if (keepAlive.compareTo(maxAge) >= 0) {
            throw new IllegalArgumentException("read-lock-keep-alive (" + keepAlive + ") must be shorter than "
                    + "read-lock-max-age (" + maxAge + "), or a live instance's lock would be taken over");
        }
        this.jdbc = jdbc;
        this.processor = processor;
        this.instance = instance;
        this.clock = clock;
        this.maxAge = maxAge;
        this.renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-read-lock-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = keepAlive.toMillis();
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** Claims the file: true for exactly one instance, until it removes the lock or stops renewing it. */
    @Override
    public boolean add(String key) {
        Instant now = clock.instant();
        try {
            jdbc.update("insert into camel_messageprocessed (processorname, messageid, createdat, holder) "
                    + "values (?, ?, ?, ?)", processor, key, Timestamp.from(now), instance.id());
            held.add(key);
            return true;
        } catch (DataIntegrityViolationException claimed) {
            // Another instance holds it, or held it and died: take it over only in the second case, in one statement.
        }
        if (unreleased.contains(key) && takeBack(key, now)) {
            return true;
        }
        int taken = jdbc.update("update camel_messageprocessed set createdat = ?, holder = ? "
                        + "where processorname = ? and messageid = ? and createdat < ?",
                Timestamp.from(now), instance.id(), processor, key, Timestamp.from(now.minus(maxAge)));
        if (taken == 1) {
            held.add(key);
            LOG.warn("Took over the read lock of {}: its holder stopped renewing it {} ago (an instance that died "
                    + "mid-file); the file is read again", key, maxAge);
            return true;
        }
        return false;
    }

    /** This instance's own lock, left behind by a release that failed: its row is renewed and it is held again. */
    private boolean takeBack(String key, Instant now) {
        synchronized (unreleased) {
            if (!unreleased.contains(key)) {
                return false;
            }
            int back = jdbc.update("update camel_messageprocessed set createdat = ? "
                    + "where processorname = ? and messageid = ? and holder = ?", Timestamp.from(now), processor, key,
                    instance.id());
            unreleased.remove(key);
            if (back == 1) {
                held.add(key);
                LOG.info("Took back its own read lock of {}, which it could not release earlier", key);
            }
            return back == 1;
        }
    }

    /** A live lock (renewed within the maximum age) on this file, held by any instance. */
    @Override
    public boolean contains(String key) {
        Integer live = jdbc.queryForObject("select count(*) from camel_messageprocessed "
                        + "where processorname = ? and messageid = ? and createdat >= ?", Integer.class,
                processor, key, Timestamp.from(clock.instant().minus(maxAge)));
        return live != null && live > 0;
    }

    /**
     * Releases this instance's lock (the file has been moved, or its reading rolled back). When the database cannot be
     * reached the lock is released later, by the keep-alive; false then.
     */
    @Override
    public boolean remove(String key) {
        held.remove(key);
        try {
            boolean released = release(key);
            unreleased.remove(key);
            return released;
        } catch (RuntimeException e) {
            unreleased.add(key);
            LOG.warn("Could not release the read lock of {} ({}); it is released again every keep-alive, and taken back "
                    + "at once if this instance polls the file again", key, e.getMessage());
            return false;
        }
    }

    private boolean release(String key) {
        return jdbc.update("delete from camel_messageprocessed where processorname = ? and messageid = ? and holder = ?",
                processor, key, instance.id()) == 1;
    }

    /** The lock stays until removed: nothing to confirm (the route removes on commit). */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Releases every lock this instance holds. */
    @Override
    public void clear() {
        held.clear();
        unreleased.clear();
        jdbc.update("delete from camel_messageprocessed where processorname = ? and holder = ?", processor, instance.id());
    }

    /** Camel starts and stops the repository with each inbox route; it lives as long as the application instead. */
    @Override
    public void start() {
        // renewal runs from construction to close()
    }

    @Override
    public void stop() {
        // shared by every inbox route: stopping one route must not stop the renewal of another's locks
    }

    /** Locks this instance holds now (for tests and logs). */
    Set<String> held() {
        return Set.copyOf(held);
    }

    /** Locks whose release failed and is still to be done (for tests and logs). */
    Set<String> unreleased() {
        return Set.copyOf(unreleased);
    }

    void renew() {
        releaseAgain();
        List<String> keys = List.copyOf(held);
        if (keys.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try {
            int[] renewed = jdbc.batchUpdate("update camel_messageprocessed set createdat = ? "
                            + "where processorname = ? and messageid = ? and holder = ?",
                    keys.stream().map(k -> new Object[] {now, processor, k, instance.id()}).toList());
            for (int i = 0; i < renewed.length; i++) {
                if (renewed[i] == 0 && held.remove(keys.get(i))) {
                    LOG.error("Lost the read lock of {} (released, or taken over after this instance did not renew it "
                            + "for {}): another instance may read the file too", keys.get(i), maxAge);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Could not renew {} read lock(s); they are taken over by another instance if this lasts {}",
                    keys.size(), maxAge, e);
        }
    }

    private void releaseAgain() {
        synchronized (unreleased) {
            for (String key : List.copyOf(unreleased)) {
                try {
                    release(key);
                } catch (RuntimeException e) {
                    LOG.debug("Still cannot release the read lock of {}: {}", key, e.getMessage());
                    return;
                }
                unreleased.remove(key);
                LOG.info("Released the read lock of {}, which could not be released earlier", key);
            }
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
    }
}
