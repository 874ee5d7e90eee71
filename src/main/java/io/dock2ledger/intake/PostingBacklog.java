package io.dock2ledger.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How far intake may run ahead of posting. A large file is read faster than its events post, and every event queued and
 * not yet posted waits in the broker; the embedded broker keeps them in the hub's heap up to half of it (Artemis's
 * {@code global-max-size}), and a 1 GB file at {@code -Xmx256m} spent half its heap on 45,000 waiting events, 38 full
 * collections in 23 minutes and 29 % more CPU a line (docs/performance.md, "twentieth pass"). Letting Artemis page
 * them to disk instead slowed intake to less than half. So intake waits between two chunks while more than
 * {@code limit} events wait to post, and goes on when posting has caught up: the queue holds a bounded lead, the
 * consumers always have work.
 * <p>
 * It waits at most {@code maxWait} at a time, then goes on and says so: a posting that stopped (its route stopped by
 * an operator, its database gone) must not hold every inbox for ever; the broker then holds the rest as before.
 * Events scheduled for later (an event waiting for its shipment) do not count: they are not work the consumers could do.
 */
public class PostingBacklog {

    private static final Logger log = LoggerFactory.getLogger(PostingBacklog.class);
    private static final long POLL_MILLIS = 20;

    /** No bound: intake never waits. */
    public static final PostingBacklog NONE = new PostingBacklog(() -> -1, 0, Duration.ZERO, null);

    private final LongSupplier waitingEvents;
    private final long limit;
    private final LongSupplier waitingBytes;
    private final long byteLimit;
    private final Duration maxWait;
    private final Timer waits;

    /**
     * @param waitingEvents events queued for posting and not scheduled for later; negative when unknown (no waiting)
     * @param limit         the most events intake lets wait; 0 or less: no bound
     * @param maxWait       the longest intake waits at once before it goes on anyway
     * @param meters        where the waits are timed; null: nowhere
     */
    public PostingBacklog(LongSupplier waitingEvents, long limit, Duration maxWait, MeterRegistry meters) {
        this(waitingEvents, limit, () -> -1, Long.MAX_VALUE, maxWait, meters);
    }

    /**
     * @param waitingBytes what the waiting events take in the broker's memory; negative when unknown
     * @param byteLimit    the most bytes intake lets wait: 10,000 events of a few hundred lines would not fit in
     *                     {@code -Xmx256m}, so events of thousands of lines are held back by their size
     */
    public PostingBacklog(LongSupplier waitingEvents, long limit, LongSupplier waitingBytes, long byteLimit,
                          Duration maxWait, MeterRegistry meters) {
        this.waitingEvents = waitingEvents;
        this.limit = limit;
        this.waitingBytes = waitingBytes;
        this.byteLimit = byteLimit;
        this.maxWait = maxWait;
        this.waits = meters == null ? null : Timer.builder("dock2ledger.intake.backlog.wait")
                .description("Time intake waited between two chunks for the posting to catch up")
                .register(meters);
    }

    /** Returns once at most {@code limit} events and {@code byteLimit} bytes wait to post, or after {@code maxWait}. */
    public void awaitRoom() {
        awaitRoom(() -> false);
    }

    /**
     * The same, and returns at once when {@code giveUp} turns true: a hub that is stopping has stopped its posting
     * consumers, so no room would come; the waiting intake must end its file instead (IntakeChunks).
     */
    public void awaitRoom(BooleanSupplier giveUp) {
        if (limit <= 0 || !full()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + maxWait.toNanos();
        try {
            while (full() && !giveUp.getAsBoolean()) {
                if (System.nanoTime() >= deadline) {
                    log.warn("Intake goes on after waiting {} for the posting: {} events of {} bytes still wait to post"
                            + " (limits {} and {}, dock2ledger.intake.max-posting-backlog and max-posting-backlog-bytes)",
                            maxWait, waiting(), read(waitingBytes), limit, byteLimit);
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (waits != null) {
                waits.record(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    private boolean full() {
        return waiting() > limit || read(waitingBytes) > byteLimit;
    }

    private long waiting() {
        return read(waitingEvents);
    }

    private static long read(LongSupplier measure) {
        try {
            return measure.getAsLong();
        } catch (RuntimeException e) {
            // The broker stopping or restarting: intake's own send fails and is handled; never wait on it here.
            return -1;
        }
    }
}
