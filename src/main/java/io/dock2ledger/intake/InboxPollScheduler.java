package io.dock2ledger.intake;

import org.apache.camel.Consumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;

import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The inbox route's poll scheduler: Camel's own (a poll every {@code delay}, the fallback that always runs) that can
 * also be woken to poll now, when the partner's SFTP upload completed or a file appeared in the inbox
 * ({@link InboxWakeUps}), instead of leaving the new file for the next tick.
 * <p>
 * A wake-up runs the consumer's poll on the scheduler's single thread, so it never runs beside a periodic poll; while
 * one is queued, further wake-ups add nothing (a burst of uploads is one more poll, which takes them all). A
 * template-local bean of routes/partner-inbox-to-canonical.camel.yaml (endpoint option {@code scheduler}): one per
 * partner route. The endpoint's {@code delay} and {@code initialDelay} keep applying.
 */
public class InboxPollScheduler extends DefaultScheduledPollConsumerScheduler {

    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private String partner;
    private InboxWakeUps wakeUps;
    private Path inbox;
    private volatile Runnable task;
    private volatile boolean polling;
    private AutoCloseable registration;

    @Override
    public void onInit(Consumer consumer) {
        super.onInit(consumer);
        // Camel hands delay and initialDelay to the scheduler it creates itself only; a custom one reads them here.
        if (consumer instanceof ScheduledPollConsumer scheduled) {
            setDelay(scheduled.getDelay());
            setInitialDelay(scheduled.getInitialDelay());
            setTimeUnit(scheduled.getTimeUnit());
            setUseFixedDelay(scheduled.isUseFixedDelay());
        }
        if (consumer.getEndpoint() instanceof FileEndpoint file) {
            inbox = file.getFile().toPath();
        }
    }

    @Override
    public void scheduleTask(Runnable task) {
        super.scheduleTask(task);
        this.task = task;
    }

    @Override
    public void startScheduler() {
        super.startScheduler();
        polling = true;
    }

    @Override
    public void unscheduleTask() {
        polling = false;
        super.unscheduleTask();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (wakeUps != null && partner != null) {
            registration = wakeUps.register(partner, inbox, this::wake);
        }
    }

    @Override
    protected void doStop() throws Exception {
        polling = false;
        if (registration != null) {
            registration.close();
            registration = null;
        }
        super.doStop();
    }

    /** Polls now, on the scheduler's thread after the poll under way if any; at most one wake-up is queued. */
    public void wake() {
        ScheduledExecutorService executor = getScheduledExecutorService();
        Runnable poll = task;
        if (!polling || executor == null || poll == null || !wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                wakeQueued.set(false);
                poll.run();
            });
        } catch (RejectedExecutionException stopping) {
            wakeQueued.set(false);
        }
    }

    public String getPartner() {
        return partner;
    }

    /** The partner whose inbox this route polls: the wake-ups it listens to. */
    public void setPartner(String partner) {
        this.partner = partner;
    }

    public InboxWakeUps getWakeUps() {
        return wakeUps;
    }

    /** Bean inboxWakeUps. */
    public void setWakeUps(InboxWakeUps wakeUps) {
        this.wakeUps = wakeUps;
    }
}
