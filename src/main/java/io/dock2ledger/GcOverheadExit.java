package io.dock2ledger;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Ends this JVM, with the exit code of {@code -XX:+ExitOnOutOfMemoryError} (3), when over the last minute it has spent
 * most of its time collecting garbage and its old generation stays full after the collections: a heap too small for
 * what arrived, whose {@link OutOfMemoryError} may never come.
 * <p>
 * Why: G1, the JVM's default collector, and Serial, which the JVM picks on one CPU, have no GC overhead limit before
 * JDK 26 ({@code UseGCOverheadLimit} is Parallel GC's), and a heap one size too small need not ever fail an
 * allocation: each full collection frees just enough for the next few. A hub on {@code -Xmx256m} (Serial, one CPU)
 * given 14,000-line shipments spent 85 % of 8 minutes in full collections without failing, logging or exiting
 * (fault-injection scenario (h), docs/reliability.md, "Out of memory: the hub exits"); nothing was lost, but the hub
 * hardly got on, and no supervisor restarts a process that does not exit. Exiting turns it into what the hub survives,
 * a killed process, which a supervisor restarts and an operator sees (docs/operations.md).
 * <p>
 * Both conditions must hold, as in HotSpot's own overhead limit: a heap that is merely full (old data not yet
 * collected) or collections that are merely frequent (a busy young generation) end nothing. Halts rather than exits,
 * as {@code ExitOnOutOfMemoryError} does: a JVM in that state would not finish an orderly shutdown.
 * <p>
 * Started by {@link OutOfMemoryExit} only in a JVM that exits on its first OutOfMemoryError, so the same policy covers
 * both ways of running out of heap; settings {@code dock2ledger.memory.gc-overhead.*}.
 */
public final class GcOverheadExit {

    /** What HotSpot exits with on {@code -XX:+ExitOnOutOfMemoryError}, and a supervisor knows. */
    public static final int EXIT_CODE = 3;

    private static final Logger log = LoggerFactory.getLogger(GcOverheadExit.class);

    /**
     * One look at the JVM: when, its collectors' accumulated time, and the least share of its old generation used after
     * any collection since the previous look ({@link #NO_COLLECTION} if none ran since).
     */
    record Sample(long nanos, long gcMillis, double leastOldGenAfterGc) {
    }

    static final double NO_COLLECTION = -1;

    private final GcOverheadProperties limits;
    private final long windowNanos;
    private final long[] nanos;
    private final long[] gcMillis;
    private final double[] leastAfter;
    private int next;
    private int count;

    GcOverheadExit(GcOverheadProperties limits) {
        this.limits = limits;
        this.windowNanos = limits.window().toNanos();
        // Enough samples to reach back a whole window, with room for samples that come early.
        int slots = (int) Math.max(4, 2 * (limits.window().toMillis() / Math.max(1, limits.interval().toMillis())) + 2);
        this.nanos = new long[slots];
        this.gcMillis = new long[slots];
        this.leastAfter = new double[slots];
    }

    /**
     * Takes one sample; returns why the JVM must end, or null while it may run on. Judges only once its samples span
     * a whole window, so a start's first collections are never a minute's worth. The heap counts as full only if every
     * collection in the window left its old generation full: a hub that is slow but gets on (a heap that is tight for
     * large events, collecting half the time) frees much of it whenever a batch commits; one that thrashes never does.
     */
    String observe(Sample sample) {
        nanos[next] = sample.nanos();
        gcMillis[next] = sample.gcMillis();
        leastAfter[next] = sample.leastOldGenAfterGc();
        int newest = next;
        next = (next + 1) % nanos.length;
        count = Math.min(count + 1, nanos.length);

        double least = sample.leastOldGenAfterGc();
        int oldest = -1;
        for (int back = 1; back < count; back++) {
            int i = Math.floorMod(newest - back, nanos.length);
            if (sample.nanos() - nanos[i] >= windowNanos) {
                oldest = i;
                break;
            }
            least = Math.min(least, leastAfter[i]);
        }
        if (oldest < 0) {
            return null;
        }
        double elapsedMillis = (sample.nanos() - nanos[oldest]) / 1_000_000.0;
        double gcShare = 100.0 * (sample.gcMillis() - gcMillis[oldest]) / elapsedMillis;
        double heapFull = 100.0 * least;
        // One line a look, for whoever tunes the limits (logging.level.io.dock2ledger.GcOverheadExit=debug).
        if (log.isDebugEnabled()) {
            log.debug("Over the last {} ms: garbage collection {} %, {}", Math.round(elapsedMillis),
                    Math.round(gcShare), least < 0 ? "a second without any collection"
                            : "the old generation at least " + Math.round(heapFull) + " % full after it");
        }
        if (gcShare < limits.timeLimit() || heapFull < limits.heapFull()) {
            return null;
        }
        return String.format("garbage collection took %.0f %% of the last %d s (limit %d %%) and no collection in it "
                        + "left the old generation less than %.0f %% full (limit %d %%): the heap (-Xmx, %d MB) is too "
                        + "small for what arrived", gcShare, Math.round(elapsedMillis / 1000), limits.timeLimit(),
                heapFull, limits.heapFull(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /**
     * Starts the daemon thread that samples this JVM and halts it past the limits; once a JVM, whatever the
     * application contexts started in it.
     */
    static void startOnce(GcOverheadProperties limits) {
        if (STARTED.compareAndSet(false, true)) {
            start(limits);
        }
    }

    private static void start(GcOverheadProperties limits) {
        GcOverheadExit judge = new GcOverheadExit(limits);
        JvmCollections jvm = JvmCollections.listen();
        Thread watchdog = new Thread(() -> judge.watch(jvm::sample, code -> Runtime.getRuntime().halt(code)),
                "gc-overhead-exit");
        watchdog.setDaemon(true);
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
        log.info("The JVM exits with {} if garbage collection takes {} % of {} s and leaves the old generation {} % "
                        + "full (dock2ledger.memory.gc-overhead)", EXIT_CODE, limits.timeLimit(),
                limits.window().toSeconds(), limits.heapFull());
    }

    void watch(Supplier<Sample> sampler, IntConsumer halt) {
        long pause = limits.interval().toMillis();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String reason = observe(sampler.get());
                if (reason != null) {
                    String message = "Terminating due to garbage collection overhead: " + reason;
                    log.error(message);
                    // The log may be an appender that cannot run in a JVM this short of heap: say it where it is seen.
                    System.err.println(message);
                    System.err.flush();
                    halt.accept(EXIT_CODE);
                    return;
                }
                Thread.sleep(pause);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * This JVM's collections: their accumulated time from the collectors' beans (pause time for G1 and the other
     * stop-the-world collectors; ZGC's and Shenandoah's count their concurrent cycles too, so they would meet the time
     * limit sooner), and the old generation each one left, from the collectors' notifications, so a collection between
     * two samples is never missed.
     */
    static final class JvmCollections implements NotificationListener {

        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        private final Set<String> oldPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && isOld(pool.getName()))
                .map(MemoryPoolMXBean::getName).collect(Collectors.toUnmodifiableSet());
        private final AtomicLong leastPerMillionSinceSample = new AtomicLong(Long.MAX_VALUE);

        static JvmCollections listen() {
            JvmCollections jvm = new JvmCollections();
            for (GarbageCollectorMXBean collector : jvm.collectors) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(jvm, null, null);
                }
            }
            return jvm;
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo();
            long used = 0;
            long max = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
                if (oldPools.contains(pool.getKey())) {
                    MemoryUsage after = pool.getValue();
                    used += after.getUsed();
                    max += after.getMax() > 0 ? after.getMax() : Runtime.getRuntime().maxMemory();
                }
            }
            if (max > 0) {
                long perMillion = used * 1_000_000 / max;
                leastPerMillionSinceSample.accumulateAndGet(perMillion, Math::min);
            }
        }

        /**
         * The pools that hold what survived: "G1 Old Gen", Serial's "Tenured Gen", Parallel's "PS Old Gen", the single
         * pool of ZGC and Shenandoah. A full old generation, not a full heap, is what a collector cannot get out of:
         * Serial's old generation is two thirds of the heap.
         */
        static boolean isOld(String pool) {
            return !(pool.contains("Eden") || pool.contains("Survivor") || pool.contains("Young"));
        }

        Sample sample() {
            long gc = 0;
            for (GarbageCollectorMXBean collector : collectors) {
                gc += Math.max(0, collector.getCollectionTime());
            }
            long least = leastPerMillionSinceSample.getAndSet(Long.MAX_VALUE);
            return new Sample(System.nanoTime(), gc, least == Long.MAX_VALUE ? NO_COLLECTION : least / 1_000_000.0);
        }
    }

    /**
     * @param enabled   off only where something else watches the JVM (it starts only where the JVM exits on
     *                  OutOfMemoryError anyway)
     * @param window    the time judged
     * @param interval  how often the JVM is sampled
     * @param timeLimit percentage of the window spent collecting, at or above which (with a full heap) the JVM ends
     * @param heapFull  percentage of the heap still used after collection, at or above which (with the time) it ends
     */
    public record GcOverheadProperties(@DefaultValue("true") boolean enabled, @DefaultValue("60s") Duration window,
                                       @DefaultValue("1s") Duration interval, @DefaultValue("65") int timeLimit,
                                       @DefaultValue("85") int heapFull) {

        static GcOverheadProperties of(Environment environment) {
            return Binder.get(environment).bindOrCreate("dock2ledger.memory.gc-overhead", GcOverheadProperties.class);
        }
    }
}
