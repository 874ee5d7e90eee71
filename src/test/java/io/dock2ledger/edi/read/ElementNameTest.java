package io.dock2ledger.edi.read;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON names of elements (docs/edi.md) stay what the mappings read, now built without String.format. */
class ElementNameTest {

    @Test
    void elementNamesAreTheSegmentTheTwoDigitPositionAndTheComponent() {
        assertThat(EdiInterchangeReader.elementName("W12", 3, 0)).isEqualTo("W1203");
        assertThat(EdiInterchangeReader.elementName("N1", 4, 0)).isEqualTo("N104");
        assertThat(EdiInterchangeReader.elementName("C040", 2, 1)).isEqualTo("C04002_1");
        assertThat(EdiInterchangeReader.elementName("LIN", 31, 0)).isEqualTo("LIN31");
        assertThat(EdiInterchangeReader.elementName("BGM", 1, 12)).isEqualTo("BGM01_12");
        for (int element = 0; element < 120; element++) {
            for (int component = 0; component < 12; component++) {
                assertThat(EdiInterchangeReader.elementName("REF", element, component)).isEqualTo(String.format(
                        "%s%02d%s", "REF", element, component > 0 ? "_" + component : ""));
            }
        }
    }
}
