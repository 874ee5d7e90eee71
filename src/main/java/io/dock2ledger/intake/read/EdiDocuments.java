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


import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;

/**
 * Reads an X12 or EDIFACT file of a partner through {@link EdiIntake}: every accepted transaction set becomes an
 * {@link InboundDocument} (its JSON, see docs/edi.md) with the mapping the partner declares for that set type, handed
 * one at a time while the file is still being read ({@link #open}, or {@link #read} with a consumer). Memory stays
 * bounded by EdiIntake's spool: nothing here collects documents.
 * <p>
 * A set from a sender other than the partner's declared EDI identity is refused ({@code onRefused}), never mapped.
 */
public class EdiDocuments {

    private final EdiIntake intake;

    public EdiDocuments(EdiIntake intake) {
        this.intake = intake;
    }

    /**
     * The accepted sets of a file one at a time, read only as far as the next one needs (a streaming {@code split}
     * of routes/edi-file-to-canonical.camel.yaml); {@link Read#report()} once they are all handed out.
     *
     * Its interchanges count as received only once {@link Read#settle()} is called when the file is done
     * ({@link EdiIntake#openFile}): the file's sets are committed in chunks, so a file read again after a failure or a
     * crash must not be refused as a duplicate of itself.
     *
     * @param onRefused receives a set that passed EDI validation but may not be mapped, with the reason
     */
    public Read open(InboundFile file, Partner partner, BiConsumer<InboundDocument, HubException> onRefused) {
        InputStream in = input(file);
        // A file not from an inbox (the mapping command's) has no checksum and nothing to settle.
        EdiIntake.EdiRead read = file.sha256() == null ? intake.open(in, partner.id(), preferences(partner.edi()))
                : intake.openFile(in, partner.id(), preferences(partner.edi()), file.sha256());
        return new Read(file, partner, in, read, onRefused);
    }

    /**
     * The accepted sets of a file the hub already received, read again for an operator's resubmit
     * ({@link EdiIntake#reread}): no duplicate-interchange refusal, no acknowledgment to the partner. A set from a
     * foreign sender was refused (and recorded) when the file arrived; it is skipped here.
     */
    public Read reread(InboundFile file, Partner partner) {
        InputStream in = input(file);
        return new Read(file, partner, in, intake.reread(in, partner.id(), preferences(partner.edi())),
                (document, refusal) -> { });
    }

    private static InputStream input(InboundFile file) {
        try {
            return Files.newInputStream(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.path(), e);
        }
    }

    /** One EDI file being read: its accepted sets as partner documents, then its report. */
    public static final class Read implements Iterator<InboundDocument>, Closeable {
        private final InboundFile file;
        private final Partner partner;
        private final InputStream in;
        private final EdiIntake.EdiRead read;
        private final BiConsumer<InboundDocument, HubException> onRefused;
        private InboundDocument next;

        private Read(InboundFile file, Partner partner, InputStream in, EdiIntake.EdiRead read,
                     BiConsumer<InboundDocument, HubException> onRefused) {
            this.file = file;
            this.partner = partner;
            this.in = in;
            this.read = read;
            this.onRefused = onRefused;
        }

        /** The file read. */
        public InboundFile file() {
            return file;
        }

        /** The partner whose inbox it is. */
        public Partner partner() {
            return partner;
        }

        @Override
        public boolean hasNext() {
            while (next == null && read.hasNext()) {
                EdiTransaction transaction = read.next();
                InboundDocument document = document(transaction);
                String wrongSender = wrongSender(partner, transaction);
                if (wrongSender != null) {
                    onRefused.accept(document, new HubException(ExceptionCategory.EDI_REJECTED, wrongSender));
                } else {
                    next = document;
                }
            }
            return next != null;
        }

        @Override
        public InboundDocument next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InboundDocument current = next;
            next = null;
            return current;
        }

        /** The file is done and committed: its interchanges count as received from now on (EdiRead#settle). */
        public void settle() {
            read.settle();
        }

        /** The file failed after it was read to its end: its interchanges are FAILED, to be read again (EdiRead#fail). */
        public void fail() {
            read.fail();
        }

        /** EdiIntake's report: interchange verdicts, rejections and the acknowledgments to send back. */
        public EdiReadReport report() {
            return read.report();
        }

        @Override
        public void close() {
            try {
                read.close();
            } finally {
                try {
                    in.close();
                } catch (IOException e) {
                    // read already, or given up
                }
            }
        }

        private InboundDocument document(EdiTransaction transaction) {
            PartnerDocument type = file.document();
            return new InboundDocument(partner.id(), "edi", type.name() + "-" + transaction.type(),
                    type.mappingFor(transaction.type()).orElse(null), file.rawFileId(), transaction.json());
        }
    }

    /** The partner's acknowledgment wishes from its registry file; the defaults when it declares none. */
    public static AckPreferences preferences(EdiIdentity identity) {
        if (identity == null) {
            return AckPreferences.DEFAULT;
        }
        return new AckPreferences(identity.functionalAck(), identity.wantsFunctionalAcks(), identity.wantsTa1Always(),
                identity.wantsContrlAlways(), identity);
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
