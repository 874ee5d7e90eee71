package io.dock2ledger.intake.read;

import io.dock2ledger.edi.EdiIntake;
import io.dock2ledger.edi.EdiReadReport;
import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.HubException;
import io.dock2ledger.mapping.InboundDocument;
import io.dock2ledger.partners.EdiIdentity;
import io.dock2ledger.partners.Partner;
import io.dock2ledger.partners.PartnerDocument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads an X12 or EDIFACT file of a partner through {@link EdiIntake}: every accepted transaction set becomes an
 * {@link InboundDocument} (its JSON, see docs/edi.md) with the mapping the partner declares for that set type, handed
 * to {@code onDocument} while the file is still being read. Memory stays bounded by EdiIntake's spool: nothing here
 * collects documents.
 * <p>
 * A set from a sender other than the partner's declared EDI identity is refused ({@code onRefused}), never mapped.
 */
public class EdiDocuments {

    private final EdiIntake intake;

    public EdiDocuments(EdiIntake intake) {
        this.intake = intake;
    }

    /**
     * @param onDocument receives each accepted set, in file order; if it throws, the read stops with
     *                   {@link io.dock2ledger.edi.read.TransactionConsumerException}
     * @param onRefused  receives a set that passed EDI validation but may not be mapped, with the reason
     * @return EdiIntake's report: interchange verdicts, rejections and the acknowledgments to send back
     */
    public EdiReadReport read(InboundFile file, Partner partner, Consumer<InboundDocument> onDocument,
                              BiConsumer<InboundDocument, HubException> onRefused) {
        PartnerDocument type = file.document();
        try (InputStream in = Files.newInputStream(file.path())) {
            return intake.read(in, partner.id(), preferences(partner.edi()), transaction -> {
                InboundDocument document = new InboundDocument(partner.id(), "edi",
                        type.name() + "-" + transaction.type(), type.mappingFor(transaction.type()).orElse(null),
                        file.rawFileId(), transaction.json());
                String wrongSender = wrongSender(partner, transaction);
                if (wrongSender != null) {
                    onRefused.accept(document, new HubException(ExceptionCategory.EDI_REJECTED, wrongSender));
                } else {
                    onDocument.accept(document);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.path(), e);
        }
    }

    /** The partner's acknowledgment wishes from its registry file; the defaults when it declares none. */
    public static AckPreferences preferences(EdiIdentity identity) {
        if (identity == null) {
            return AckPreferences.DEFAULT;
        }
        return new AckPreferences(identity.functionalAck(), identity.wantsFunctionalAcks(), identity.wantsTa1Always(),
                identity.wantsContrlAlways());
    }

    private static String wrongSender(Partner partner, EdiTransaction transaction) {
        EdiIdentity identity = partner.edi();
        if (identity == null) {
            return null;
        }
        String sender = transaction.json().path("interchange").path("sender").asText("").trim();
        String qualifier = transaction.json().path("interchange").path("senderQualifier").asText("").trim();
        String expected = transaction.standard() == EdiStandard.X12 ? identity.isaId() : identity.edifactId();
        if (expected == null || expected.isBlank() || expected.trim().equals(sender)) {
            return null;
        }
        return transaction.standard() + " " + transaction.type() + " " + transaction.control() + " in interchange "
                + transaction.interchangeControl() + " was sent by " + (qualifier.isEmpty() ? "" : qualifier + "/")
                + sender + ", but partner " + partner.id() + " sends as " + expected
                + ": it is not mapped (a file in one partner's inbox must be that partner's)";
    }
}
