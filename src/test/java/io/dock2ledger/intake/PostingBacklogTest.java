package io.dock2ledger.intake;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PostingBacklogTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void intakeWaitsWhileMoreEventsThanTheLimitWaitToPostAndGoesOnOnceThePostingCaughtUp() {
        AtomicInteger reads = new AtomicInteger();
        // 12,000 waiting, then the posting takes 500 between two reads: at the limit, 10,000, on the fifth read.
        PostingBacklog backlog = new PostingBacklog(() -> 12_000 - 500L * reads.getAndIncrement(), 10_000,
                Duration.ofMinutes(1), meters);

        backlog.awaitRoom();

        assertThat(reads.get()).isEqualTo(5);
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).isEqualTo(1);
    }

    @Test
    void intakeWaitsWhileTheWaitingEventsTakeMoreBytesThanTheLimitThoughTheyAreFew() {
        AtomicInteger reads = new AtomicInteger();
        // 20 events of 3 MB wait (60 MB), the limit is 32 MB; the posting takes one between two reads of the bytes.
        PostingBacklog backlog = new PostingBacklog(() -> 20, 10_000,
                () -> (20L - reads.getAndIncrement()) * 3_000_000, 32_000_000, Duration.ofMinutes(1), meters);

        backlog.awaitRoom();

        assertThat(reads.get()).as("10 events of 30 MB are within the limit, on the 11th read").isEqualTo(11);
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).isEqualTo(1);

        new PostingBacklog(() -> 20, 10_000, () -> -1, 32_000_000, Duration.ofMinutes(1), meters).awaitRoom();
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).as("bytes unknown: no wait").isEqualTo(1);
    }

    @Test
    void aBacklogWithinTheLimitOrUnknownOrUnboundedNeverWaits() {
        long started = System.nanoTime();

        new PostingBacklog(() -> 10_000, 10_000, Duration.ofMinutes(1), meters).awaitRoom();
        new PostingBacklog(() -> -1, 10_000, Duration.ofMinutes(1), meters).awaitRoom();
        new PostingBacklog(() -> 1_000_000, 0, Duration.ofMinutes(1), meters).awaitRoom();
        new PostingBacklog(() -> { throw new IllegalStateException("broker stopping"); }, 10, Duration.ofMinutes(1),
                meters).awaitRoom();
        PostingBacklog.NONE.awaitRoom();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).isZero();
    }

    /** A hub stopping has stopped its posting consumers: no room comes, so a waiting intake gives up at once. */
    @Test
    void aHubThatIsStoppingWaitsNoLongerForTheBacklog() {
        AtomicInteger asked = new AtomicInteger();
        long started = System.nanoTime();

        new PostingBacklog(() -> 50_000, 10_000, Duration.ofMinutes(1), meters)
                .awaitRoom(() -> asked.incrementAndGet() >= 3); // stopping from its third look on

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(asked.get()).as("asked at every look, gave up at the first true").isEqualTo(3);
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).isEqualTo(1);
    }

    @Test
    void aPostingThatDoesNotCatchUpHoldsIntakeNoLongerThanTheMaximumWait() {
        long started = System.nanoTime();

        new PostingBacklog(() -> 50_000, 10_000, Duration.ofMillis(300), meters).awaitRoom();

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
        assertThat(meters.timer("dock2ledger.intake.backlog.wait").count()).isEqualTo(1);
    }
}
