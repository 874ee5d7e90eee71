package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tryton's wire encodings and the reading of its error messages, without a Tryton. */
class TrytonJsonTest {

    private final ObjectMapper json = TrytonJson.mapper();

    @Test
    void datesAndDecimalsAreWrittenAsTrytonReadsThem() throws Exception {
        String written = json.writeValueAsString(List.of(Map.of("date", LocalDate.of(2026, 11, 26)),
                Map.of("amount", new BigDecimal("443.02"))));
        assertThat(written).isEqualTo("[{\"date\":{\"__class__\":\"date\",\"year\":2026,\"month\":11,\"day\":26}},"
                + "{\"amount\":{\"__class__\":\"Decimal\",\"decimal\":\"443.02\"}}]");
    }

    @Test
    void decimalsAndDatesAreReadBackExactly() throws Exception {
        JsonNode row = json.readTree("{\"total\":{\"__class__\":\"Decimal\",\"decimal\":\"443.02\"},"
                + "\"date\":{\"__class__\":\"date\",\"year\":2026,\"month\":11,\"day\":26},\"none\":null}");
        assertThat(TrytonJson.decimal(row.get("total"))).isEqualTo(new BigDecimal("443.02"));
        assertThat(TrytonJson.date(row.get("date"))).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(TrytonJson.decimal(row.get("none"))).isNull();
    }

    @Test
    void trytonMessagesAreReadAsCategories() {
        assertThat(TrytonErrorCategory.ofMessage("You cannot create a journal-period in closed period \"2026-10\"."))
                .isEqualTo(TrytonErrorCategory.CLOSED_PERIOD);
        assertThat(TrytonErrorCategory.ofMessage("To continue, you must create a period for the date \"10/15/2026\"."))
                .isEqualTo(TrytonErrorCategory.CLOSED_PERIOD);
        assertThat(TrytonErrorCategory.ofMessage(
                "To post move \"3\", you must balance all its lines debits and credits."))
                .isEqualTo(TrytonErrorCategory.UNBALANCED_MOVE);
        assertThat(TrytonErrorCategory.ofMessage(
                "The value \"999999\" for field \"Party\" in \"Invoice\" does not exist."))
                .isEqualTo(TrytonErrorCategory.UNKNOWN_PARTY);
        assertThat(TrytonErrorCategory.ofMessage("A value is required for field \"Journal\" in \"Invoice\"."))
                .isEqualTo(TrytonErrorCategory.OTHER);
    }
}
