package io.dock2ledger;

import io.dock2ledger.GcOverheadExit.GcOverheadProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hub's JVM must exit at its first OutOfMemoryError; with the prod profile it refuses to start otherwise. */
class OutOfMemoryExitTest {

    @Test
    void withoutExitingOnOutOfMemoryProductionRefusesToStart() {
        OutOfMemoryExit check = new OutOfMemoryExit(profile("prod"), options(Map.of(
                "ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false")), limits -> { });

        assertThat(check.exitsOnOutOfMemory()).isFalse();
        assertThatThrownBy(() -> check.postProcessBeanFactory(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start with the prod profile")
                .hasMessageContaining("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void elsewhereItOnlyWarns() {
        OutOfMemoryExit check = new OutOfMemoryExit(profile("default"), options(Map.of(
                "ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false")), limits -> { });

        assertThatCode(() -> check.postProcessBeanFactory(null)).doesNotThrowAnyException();
    }

    @Test
    void exitingOrCrashingOnOutOfMemoryLetsProductionStart() {
        for (Map<String, String> options : List.of(
                Map.of("ExitOnOutOfMemoryError", "true", "CrashOnOutOfMemoryError", "false"),
                Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "true"))) {
            OutOfMemoryExit check = new OutOfMemoryExit(profile("prod"), options(options), limits -> { });
            assertThat(check.exitsOnOutOfMemory()).as("%s", options).isTrue();
            assertThatCode(() -> check.postProcessBeanFactory(null)).doesNotThrowAnyException();
        }
    }

    @Test
    void theGcOverheadExitStartsOnlyWhereTheJvmExitsOnOutOfMemory() {
        List<GcOverheadProperties> started = new ArrayList<>();
        Map<String, String> exits = Map.of("ExitOnOutOfMemoryError", "true", "CrashOnOutOfMemoryError", "false");
        Map<String, String> runsOn = Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false");

        new OutOfMemoryExit(profile("default"), options(runsOn), started::add).postProcessBeanFactory(null);
        assertThat(started).as("a JVM that runs on after an OutOfMemoryError runs on through its overhead").isEmpty();

        new OutOfMemoryExit(profile("prod"), options(exits), started::add).postProcessBeanFactory(null);
        assertThat(started).singleElement().satisfies(limits -> {
            assertThat(limits.timeLimit()).isEqualTo(65);
            assertThat(limits.heapFull()).isEqualTo(85);
            assertThat(limits.window()).isEqualTo(Duration.ofSeconds(60));
        });

        MockEnvironment off = profile("prod").withProperty("dock2ledger.memory.gc-overhead.enabled", "false");
        new OutOfMemoryExit(off, options(exits), started::add).postProcessBeanFactory(null);
        assertThat(started).as("turned off").hasSize(1);
    }

    @Test
    void aJvmWithoutTheseOptionsCountsAsRunningOn() {
        OutOfMemoryExit check = new OutOfMemoryExit(profile("prod"), name -> Optional.empty(), limits -> { });

        assertThat(check.exitsOnOutOfMemory()).isFalse();
        assertThatThrownBy(() -> check.postProcessBeanFactory(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thisJvmAnswersForBothOptions() {
        assertThat(OutOfMemoryExit.hotSpotOption("ExitOnOutOfMemoryError")).hasValueSatisfying(v ->
                assertThat(v).isIn("true", "false"));
        assertThat(OutOfMemoryExit.hotSpotOption("CrashOnOutOfMemoryError")).hasValueSatisfying(v ->
                assertThat(v).isIn("true", "false"));
        assertThat(OutOfMemoryExit.hotSpotOption("NoSuchOptionAnywhere")).isEmpty();
    }

    private static MockEnvironment profile(String profile) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(profile);
        return environment;
    }

    private static Function<String, Optional<String>> options(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }
}
