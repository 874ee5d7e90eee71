package io.dock2ledger.outbound;

import io.dock2ledger.edi.outbound.OutboundInterchange;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.persistence.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbound registry (V7) on both databases the hub supports: one standing 940 per order, however many were
 * rejected before it; overdue marked once; a TA1 rejection rejects the document.
 */
class OutboundDocumentsRegistryTest {

    private static final Instant SENT = Instant.parse("2026-11-28T09:00:00Z");


    private static OutboundInterchange edi(int control) {
        return new OutboundInterchange(EdiStandard.X12, "940", "acme-3pl_940_SO-1_" + control + ".x12", "ISA*...~",
                String.format("%09d", control), String.valueOf(control), "0001");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void oneStandingDocumentPerOrderHoweverManyWereRejected(String name, Supplier<DataSource> database) {
        OutboundDocuments documents = new OutboundDocuments(new JdbcTemplate(database.get()));
        OutboundDocument first = documents.recordSent("acme-3pl", "SO-1", "h".repeat(64), edi(1), SENT,
                SENT.plus(Duration.ofHours(4)));
        assertThat(first.status()).isEqualTo(OutboundStatus.SENT);
        assertThatThrownBy(() -> documents.recordSent("acme-3pl", "SO-1", "h".repeat(64), edi(2), SENT, SENT))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(documents.recordSent("other-3pl", "SO-1", "h".repeat(64), edi(1), SENT, SENT).partner())
                .as("another partner's 940 for the same order is another document").isEqualTo("other-3pl");

        documents.acknowledge(first.id(), OutboundStatus.REJECTED, "997", "000000900", SENT, "rejected");
        assertThat(documents.standing("acme-3pl", "940", "SO-1")).isEmpty();
        OutboundDocument second = documents.recordSent("acme-3pl", "SO-1", "h".repeat(64), edi(3), SENT, SENT);
        documents.acknowledgeInterchange(second.id(), OutboundStatus.REJECTED, "000000901", SENT, "TA1 R");
        OutboundDocument third = documents.recordSent("acme-3pl", "SO-1", "h".repeat(64), edi(4), SENT, SENT);

        assertThat(documents.byId(second.id()).orElseThrow())
                .extracting(OutboundDocument::status, OutboundDocument::interchangeStatus, OutboundDocument::ackType)
                .containsExactly(OutboundStatus.REJECTED, "REJECTED", "TA1");
        assertThat(documents.standing("acme-3pl", "940", "SO-1")).map(OutboundDocument::id).contains(third.id());
        assertThat(documents.byGroup("acme-3pl", "4")).extracting(OutboundDocument::id).containsExactly(third.id());
        assertThat(documents.byInterchange("acme-3pl", "000000003")).extracting(OutboundDocument::id)
                .containsExactly(second.id());
        assertThat(documents.find("acme-3pl", OutboundStatus.REJECTED, "SO-1", 10)).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.dock2ledger.persistence.Databases#fresh")
    void aDocumentIsMarkedOverdueOnceAndAnAcceptedTa1LeavesItAwaitingIts997(String name,
                                                                          Supplier<DataSource> database) {
        OutboundDocuments documents = new OutboundDocuments(new JdbcTemplate(database.get()));
        OutboundDocument sent = documents.recordSent("acme-3pl", "SO-2", "h".repeat(64), edi(7), SENT,
                SENT.plus(Duration.ofHours(4)));

        assertThat(documents.dueBefore(SENT.plus(Duration.ofHours(3)))).isEmpty();
        assertThat(documents.dueBefore(SENT.plus(Duration.ofHours(5)))).extracting(OutboundDocument::id)
                .containsExactly(sent.id());
        assertThat(documents.markOverdue(sent.id())).isTrue();
        assertThat(documents.markOverdue(sent.id())).as("a second instance finds it done").isFalse();
        assertThat(documents.count(OutboundStatus.OVERDUE)).isEqualTo(1);

        documents.acknowledgeInterchange(sent.id(), OutboundStatus.ACCEPTED, "000000950", SENT, "TA1 A");
        assertThat(documents.byId(sent.id()).orElseThrow())
                .extracting(OutboundDocument::status, OutboundDocument::interchangeStatus)
                .containsExactly(OutboundStatus.OVERDUE, "ACCEPTED");
        assertThat(documents.content(sent.id())).contains("ISA*...~");
    }
}
