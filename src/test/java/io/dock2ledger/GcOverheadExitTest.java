package io.dock2ledger;

import io.dock2ledger.GcOverheadExit.GcOverheadProperties;
import io.dock2ledger.GcOverheadExit.JvmCollections;
import io.dock2ledger.GcOverheadExit.Sample;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JVM that collects garbage most of a minute with its heap full after every collection ends (exit code 3); one
 * that is merely busy collecting, or merely full, runs on. Samples are made up, one a second, so no test waits a
 * minute.
 */
class GcOverheadExitTest {

    private static final long SECOND = 1_000_000_000L;
    private static final GcOverheadProperties LIMITS =
            new GcOverheadProperties(true, Duration.ofSeconds(60), Duration.ofSeconds(1), 65, 85);

    @Test
    void aJvmThatThrashesAMinuteEnds() {
        GcOverheadExit judge = new GcOverheadExit(LIMITS);
        // 700 ms of every second collecting, the heap 96 % full after each: a heap one size too small.
        List<String> verdicts = feed(judge, 120, second -> 700, second -> 0.96);

        assertThat(verdicts.subList(0, 60)).as("nothing is judged before a whole window").containsOnlyNulls();
        assertThat(verdicts.get(60)).isNotNull()
                .contains("garbage collection took 70 % of the last 60 s (limit 65 %)")
                .contains("no collection in it left the old generation less than 96 % full (limit 85 %)")
                .contains("too small");
    }

    @Test
    void aJvmCollectingHalfItsTimeThatFreesTheHeapNowAndThenRunsOn() {
        GcOverheadExit judge = new GcOverheadExit(LIMITS);
        // As the 256 MB hubs that posted 100 events of 10,000 lines, or 40 of 14,000 on one CPU: about half their time
        // collecting (70 % here, over the time limit, so only the heap decides), the old generation 95 % full after
        // most collections, but down to about 60 % whenever a batch committed (every 20 s here).
        List<String> verdicts = feed(judge, 600, second -> 700, second -> second % 20 == 0 ? 0.60 : 0.95);

        assertThat(verdicts).containsOnlyNulls();
    }

    @Test
    void aFullHeapThatIsRarelyCollectedRunsOn() {
        GcOverheadExit judge = new GcOverheadExit(LIMITS);

        assertThat(feed(judge, 300, second -> 200, second -> 0.99)).containsOnlyNulls();
    }

    @Test
    void aSecondWithoutACollectionIsNotAFullHeap() {
        GcOverheadExit judge = new GcOverheadExit(LIMITS);
        // A single long pause: the seconds around it saw no collection at all.
        List<String> verdicts = feed(judge, 300, second -> second % 10 == 0 ? 9_000 : 0,
                second -> second % 10 == 0 ? 0.99 : GcOverheadExit.NO_COLLECTION);

        assertThat(verdicts).containsOnlyNulls();
    }

    @Test
    void aWatchdogThatIsLateStillJudgesTheWholeWindow() {
        GcOverheadExit judge = new GcOverheadExit(LIMITS);
        // A thread starved by the collections: it looks every 7 s instead of every second.
        List<String> verdicts = new ArrayList<>();
        for (int look = 0; look <= 20; look++) {
            verdicts.add(judge.observe(new Sample(look * 7 * SECOND, look * 7 * 900L, 0.97)));
        }

        assertThat(verdicts.subList(0, 9)).containsOnlyNulls();
        assertThat(verdicts.get(9)).contains("took 90 % of the last 63 s");
    }

    @Test
    void theWatchdogSaysWhyAndHaltsWithTheExitCodeOfAnOutOfMemoryError() {
        GcOverheadExit judge = new GcOverheadExit(
                new GcOverheadProperties(true, Duration.ofSeconds(60), Duration.ofMillis(1), 65, 85));
        AtomicInteger looks = new AtomicInteger();
        AtomicInteger halted = new AtomicInteger(-1);

        judge.watch(() -> {
            long second = looks.getAndIncrement();
            return new Sample(second * SECOND, second * 800, 0.98);
        }, halted::set);

        assertThat(halted.get()).isEqualTo(GcOverheadExit.EXIT_CODE).isEqualTo(3);
        assertThat(looks.get()).isEqualTo(61);
    }

    @Test
    void thisJvmsCollectionsAreSeen() {
        JvmCollections jvm = JvmCollections.listen();
        jvm.sample(); // forget any collection before this test's

        System.gc();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jvm.sample().leastOldGenAfterGc())
                .as("a collection was seen, with its old generation's share").isBetween(0.0, 1.0));
    }

    @Test
    void settingsHaveTheDocumentedDefaults() {
        GcOverheadProperties defaults = GcOverheadProperties.of(new MockEnvironment());

        assertThat(defaults).isEqualTo(new GcOverheadProperties(true, Duration.ofSeconds(60), Duration.ofSeconds(1),
                65, 85));
        assertThat(GcOverheadProperties.of(new MockEnvironment()
                .withProperty("dock2ledger.memory.gc-overhead.enabled", "false")
                .withProperty("dock2ledger.memory.gc-overhead.time-limit", "80")))
                .extracting(GcOverheadProperties::enabled, GcOverheadProperties::timeLimit)
                .containsExactly(false, 80);
    }

    interface PerSecond<T> {
        T at(long second);
    }

    /** Feeds one sample a second for the given seconds; returns each verdict. */
    private static List<String> feed(GcOverheadExit judge, int seconds, PerSecond<Integer> gcMillisInSecond,
                                     PerSecond<Double> leastOldGenAfterGc) {
        List<String> verdicts = new ArrayList<>();
        long gc = 0;
        for (long second = 0; second <= seconds; second++) {
            verdicts.add(judge.observe(new Sample(second * SECOND, gc, second == 0 ? GcOverheadExit.NO_COLLECTION
                    : leastOldGenAfterGc.at(second))));
            gc += gcMillisInSecond.at(second + 1);
        }
        return verdicts;
    }
}
