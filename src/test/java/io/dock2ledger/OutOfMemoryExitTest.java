package io.dock2ledger;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

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
                "ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false")));

        assertThat(check.exitsOnOutOfMemory()).isFalse();
        assertThatThrownBy(() -> check.postProcessBeanFactory(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start with the prod profile")
                .hasMessageContaining("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void elsewhereItOnlyWarns() {
        OutOfMemoryExit check = new OutOfMemoryExit(profile("default"), options(Map.of(
                "ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "false")));

        assertThatCode(() -> check.postProcessBeanFactory(null)).doesNotThrowAnyException();
    }

    @Test
    void exitingOrCrashingOnOutOfMemoryLetsProductionStart() {
        for (Map<String, String> options : List.of(
                Map.of("ExitOnOutOfMemoryError", "true", "CrashOnOutOfMemoryError", "false"),
                Map.of("ExitOnOutOfMemoryError", "false", "CrashOnOutOfMemoryError", "true"))) {
            OutOfMemoryExit check = new OutOfMemoryExit(profile("prod"), options(options));
            assertThat(check.exitsOnOutOfMemory()).as("%s", options).isTrue();
            assertThatCode(() -> check.postProcessBeanFactory(null)).doesNotThrowAnyException();
        }
    }

    @Test
    void aJvmWithoutTheseOptionsCountsAsRunningOn() {
        OutOfMemoryExit check = new OutOfMemoryExit(profile("prod"), name -> Optional.empty());

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
