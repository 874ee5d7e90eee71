package io.dock2ledger.posting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dock2ledger.posting.*: the batch bounds' defaults, and a bound that would stall posting refused at start. */
class PostingSettingsTest {

    @Test
    void theBatchBoundsDefaultToWhatApplicationYamlDocuments() {
        PostingProperties defaults = bind(Map.of());

        assertThat(defaults.batchSize()).isEqualTo(100);
        assertThat(defaults.batchBytes()).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(defaults.batchRows()).isEqualTo(10_000);
    }

    @ParameterizedTest
    @CsvSource({"batch-size, 0", "batch-bytes, 0B", "batch-rows, 0", "batch-rows, -5"})
    void aBatchBoundThatWouldTakeNoMessageIsRefused(String key, String value) {
        assertThatThrownBy(() -> bind(Map.of("dock2ledger.posting." + key, value)))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("dock2ledger.posting." + key + " must be at least 1");
    }

    private static PostingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("dock2ledger.posting", Bindable.of(PostingProperties.class));
    }
}
