package io.dock2ledger.edi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.edi.ack.AckDocument;
import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.ack.ContrlWriter;
import io.dock2ledger.edi.ack.X12AckWriter;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.EdiInterchangeReader;
import io.dock2ledger.edi.read.GroupOutcome;
import io.dock2ledger.edi.read.InterchangeListener;
import io.dock2ledger.edi.read.InterchangeOutcome;
import io.dock2ledger.edi.read.ReceivedTa1;
import io.dock2ledger.edi.read.TransactionConsumerException;
import io.dock2ledger.edi.read.TransactionOutcome;
import io.dock2ledger.edi.read.TransactionSpool;
import io.dock2ledger.edi.store.ControlNumbers;
import io.dock2ledger.edi.store.InterchangeRegistry;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.edi.syntax.InterchangeKey;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.dock2ledger.partners.EdiIdentity;
import io.dock2ledger.partners.ImplementationGuide;
import io.xlate.edi.schema.Schema;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one entry point a route needs to take in an EDI file. Plain Java: no Camel, no Spring.
 *
 * <h2>Use from a route</h2>
 * {@link #open} gives the valid transactions of a file one at a time, for a streaming {@code split} (see
 * routes/edi-file-to-canonical.camel.yaml); once they are all handed out, {@link EdiRead#report()} says what was
 * rejected and which acknowledgments to send. {@link #read} does the same for a consumer.
 *
 * <h2>What it guarantees</h2>
 * <ul>
 *   <li>The file is streamed: memory is bounded by one transaction plus a small in-memory spool; large interchanges
 *       spill to a temporary file (see {@link TransactionSpool}).</li>
 *   <li>Only transactions that passed validation reach {@code onTransaction}, and only after their interchange
 *       trailer (IEA / UNZ) and group trailer (GE) proved the envelope sound. Delivery happens interchange by
 *       interchange, in file order.</li>
 *   <li>Bad input never throws: a non-EDI, truncated or broken file gives a report whose {@code fileProblems} or
 *       interchange problems say why. Only two things throw: {@link TransactionConsumerException} when
 *       {@code onTransaction} throws, and {@link IllegalStateException} when the database behind the
 *       {@link ControlNumbers} or {@link InterchangeRegistry} fails.</li>
 *   <li>An interchange whose sender and control number were already claimed within the registry's window is not
 *       processed again: it is reported as a duplicate and answered with a rejecting TA1 (note code 025) or CONTRL
 *       (0085 = 26).</li>
 *   <li>Acknowledgments are returned, never sent: X12 997 or 999 per functional group (as the partner prefers),
 *       a TA1 when ISA14 = 1 or the interchange envelope is broken, an EDIFACT CONTRL when UNB 0031 = 1 or the
 *       interchange is broken. {@link InterchangeOutcome#ackNote()} says which were written or why none was.</li>
 * </ul>
 */
public final class EdiIntake {

    private static final int SPOOL_MEMORY_LIMIT = 256;

    private final EdiInterchangeReader reader;
    private final TransactionSchemas schemas;
    private final ControlNumbers controlNumbers;
    private final InterchangeRegistry registry;
    private final Clock clock;
    private final int spoolMemoryLimit;
    private final ObjectMapper mapper = new ObjectMapper();

    public EdiIntake(TransactionSchemas schemas, ControlNumbers controlNumbers, InterchangeRegistry registry,
                     Clock clock) {
        this(schemas, controlNumbers, registry, clock, SPOOL_MEMORY_LIMIT);
    }

    /** @param spoolMemoryLimit valid transactions held in memory per interchange before spilling to disk */
    public EdiIntake(TransactionSchemas schemas, ControlNumbers controlNumbers, InterchangeRegistry registry,
                     Clock clock, int spoolMemoryLimit) {
        this.reader = new EdiInterchangeReader(schemas);
        this.schemas = schemas;
        this.controlNumbers = controlNumbers;
        this.registry = registry;
        this.clock = clock;
        this.spoolMemoryLimit = spoolMemoryLimit;
    }

    /**
     * Reads, validates and acknowledges one file.
     *
     * @param in            the file content; read to its end, not closed
     * @param partnerId     the partner the file came from (registry id); names control number sequences and files
     * @param preferences   which acknowledgments the partner wants
     * @param onTransaction receives each valid transaction as JSON, in file order
     * @return what was accepted, what was rejected and why, and the acknowledgments to send
     */
    public EdiReadReport read(InputStream in, String partnerId, AckPreferences preferences,
                              Consumer<EdiTransaction> onTransaction) {
        try (EdiRead read = open(in, partnerId, preferences)) {
            while (read.hasNext()) {
                EdiTransaction transaction = read.next();
                try {
                    onTransaction.accept(transaction);
                } catch (RuntimeException e) {
                    throw new TransactionConsumerException(e);
                }
            }
            return read.report();
        }
    }

    /**
     * The pull side of {@link #read}: the valid transactions one at a time, in file order, each handed out only once
     * its interchange trailer (and group trailer) proved the envelope sound; the file is read only as far as needed
     * for the next one. Close it when done: closed before its end (a failure downstream), it records the interchanges
     * read so far as failed, so that reading the file again is not refused as a duplicate.
     *
     * @param in the file content; read to its end, not closed
     */
    public EdiRead open(InputStream in, String partnerId, AckPreferences preferences) {
        return new EdiRead(in, partnerId, preferences, false, null);
    }

    /**
     * {@link #open} for a file of a partner inbox whose sets are committed in chunks while it is read (its first sets
     * may post before its last is read), with two differences that keep a file read again after a failure or a crash
     * from being refused as a duplicate of itself, which would lose its remaining sets:
     * <ul>
     *   <li>each interchange is claimed with the file's checksum, and a claim still RECEIVING under that same checksum
     *       (the hub's own earlier read of this file, which died half-way) is taken over
     *       ({@link InterchangeRegistry#claim(InterchangeKey, String, java.time.Instant, String)});</li>
     *   <li>the interchanges' final statuses are recorded only by {@link EdiRead#settle()}, once the file's own
     *       transactions committed; {@link EdiRead#fail()} records them FAILED instead. Until then they stay
     *       RECEIVING: the interchange counts as received only when its file is done.</li>
     * </ul>
     *
     * @param in           the file content; read to its end, not closed
     * @param fileChecksum the SHA-256 (hex) of the whole file, as the inbox recorded it before the read; not null
     */
    public EdiRead openFile(InputStream in, String partnerId, AckPreferences preferences, String fileChecksum) {
        return new EdiRead(in, partnerId, preferences, false,
                Objects.requireNonNull(fileChecksum, "fileChecksum"));
    }

    /**
     * Reads a file the hub already received, again, for an operator's resubmit of one of its transaction sets (issue
     * 12): validated like {@link #open}, but the interchange registry is neither asked nor told (the envelope's
     * duplicate-interchange check is the one check bypassed: the file is its own earlier copy) and nothing is
     * acknowledged to the partner again (no TA1, 997/999 or CONTRL is written, no control number is used).
     */
    public EdiRead reread(InputStream in, String partnerId, AckPreferences preferences) {
        return new EdiRead(in, partnerId, preferences, true, null);
    }

    /** One file being read: an iterator over its valid transactions and, once exhausted, its {@link #report}. */
    public final class EdiRead implements Iterator<EdiTransaction>, Closeable {
        private final MessageDigest digest = sha256();
        private final DigestInputStream digesting;
        private final String partner;
        private final Collector collector;
        private final EdiInterchangeReader.Cursor cursor;
        private EdiReadReport report;
        private boolean closed;

        private EdiRead(InputStream in, String partnerId, AckPreferences preferences, boolean rereading,
                        String fileChecksum) {
            this.digesting = new DigestInputStream(in, digest);
            this.partner = partnerId == null || partnerId.isBlank() ? "unknown" : partnerId;
            this.collector = new Collector(partner, preferences == null ? AckPreferences.DEFAULT : preferences,
                    rereading, fileChecksum);
            this.cursor = reader.open(new KeepOpen(digesting), partner, collector);
        }

        @Override
        public boolean hasNext() {
            if (report != null) {
                return false;
            }
            if (closed) {
                throw new IllegalStateException("The EDI read of " + partner + " was closed before its end");
            }
            while (true) {
                if (collector.ready.hasNext()) {
                    return true;
                }
                if (!cursor.step()) {
                    complete();
                    return false;
                }
            }
        }

        @Override
        public EdiTransaction next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            collector.delivered++;
            return collector.ready.next();
        }

        /**
         * What was accepted, what was rejected and why, and the acknowledgments to send.
         *
         * @throws IllegalStateException when the file was not read to its end
         */
        public EdiReadReport report() {
            if (report == null) {
                throw new IllegalStateException("The EDI read of " + partner + " has not reached the end of its file");
            }
            return report;
        }

        private void complete() {
            drain(digesting);
            String checksum = HexFormat.of().formatHex(digest.digest());
            if (collector.fileChecksum == null) {
                // Read by open or reread: done now. A read by openFile waits for settle() (its file's commits).
                collector.completeAll(null, checksum);
            }
            collector.close();
            report = new EdiReadReport(partner, collector.fileProblems, collector.outcomes, collector.acks,
                    collector.delivered, checksum);
        }

        /**
         * For a read from {@link #openFile}, once the file is done and its own transactions committed: records the
         * interchanges' statuses (ACCEPTED, REJECTED, ...) and the file checksum. From then on the same interchange is
         * a duplicate. Does nothing when the read was closed before its end (its interchanges are FAILED already).
         */
        public void settle() {
            if (report != null) {
                collector.completeAll(null, report.fileChecksum());
            }
        }

        /**
         * For a read from {@link #openFile} whose file failed after its last set was read (a commit, the outbox): records
         * its interchanges FAILED, so that the file, read again, is not refused as a duplicate of itself.
         */
        public void fail() {
            collector.completeAll(InterchangeRegistry.FAILED, null);
        }

        @Override
        public void close() {
            if (report == null && !closed) {
                cursor.close();
                collector.completeAll(InterchangeRegistry.FAILED, null);
                collector.close();
            }
            closed = true;
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The checksum then covers what could be read; the report already says the file broke off.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** StAEDI closes its input; the checksum still needs the rest of the stream. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // left open on purpose
        }
    }

    /** Turns reader events into outcomes, spools valid transactions and writes acknowledgments. */
    private final class Collector implements InterchangeListener, AutoCloseable {
        private final String partner;
        private final AckPreferences preferences;
        /** A re-read for a resubmit: no duplicate check, no registry, no acknowledgment. */
        private final boolean rereading;
        private final TransactionSpool spool;
        /** The transactions of the last interchange that ended sound, until they are handed out. */
        private Iterator<EdiTransaction> ready = Collections.emptyIterator();
        private final X12AckWriter x12Acks;
        private final ContrlWriter contrlWriter;

        private final List<EdiProblem> fileProblems = new ArrayList<>();
        private final List<InterchangeOutcome> outcomes = new ArrayList<>();
        private final List<AckDocument> acks = new ArrayList<>();
        private final Map<InterchangeKey, String> claimed = new LinkedHashMap<>();
        private int delivered;

        private InterchangeEnvelope interchange;
        private boolean duplicate;
        private List<GroupOutcome> groups = new ArrayList<>();
        private List<TransactionOutcome> messages = new ArrayList<>();
        private List<ReceivedTa1> receivedTa1s = new ArrayList<>();
        private GroupEnvelope group;
        private List<TransactionOutcome> groupTransactions = new ArrayList<>();

        /** The file's checksum, recorded with each claim ({@link #openFile}); null otherwise (statuses recorded at once). */
        private final String fileChecksum;

        Collector(String partner, AckPreferences preferences, boolean rereading, String fileChecksum) {
            this.partner = partner;
            this.preferences = preferences;
            this.rereading = rereading;
            this.fileChecksum = fileChecksum;
            this.spool = new TransactionSpool(mapper, spoolMemoryLimit);
            this.x12Acks = new X12AckWriter(controlNumbers, clock);
            this.contrlWriter = new ContrlWriter(controlNumbers, clock);
        }

        @Override
        public void interchangeStarted(InterchangeEnvelope envelope) {
            interchange = envelope;
            groups = new ArrayList<>();
            messages = new ArrayList<>();
            receivedTa1s = new ArrayList<>();
            group = null;
            if (rereading) {
                duplicate = false;
                return;
            }
            InterchangeKey key = InterchangeKey.of(envelope);
            duplicate = claimed.containsKey(key) || !registry.claim(key, partner, clock.instant(), fileChecksum);
            if (!duplicate) {
                claimed.put(key, InterchangeRegistry.RECEIVING);
            }
        }

        @Override
        public void groupStarted(GroupEnvelope envelope) {
            group = envelope;
            groupTransactions = new ArrayList<>();
        }

        @Override
        public void transactionRead(EdiTransaction transaction, List<EdiProblem> problems, String schemaId) {
            boolean valid = problems.stream().noneMatch(EdiProblem::fatal);
            String note = schemaId == null
                    ? "no " + transaction.standard() + " schema for " + transaction.type() + ": envelope checked only"
                    : "content validated against " + schemaId;
            Optional<ImplementationGuide> guide = valid && schemaId != null && transaction.standard() == EdiStandard.X12
                    && preferences.partner() != null ? preferences.partner().guide(transaction.type()) : Optional.empty();
            if (guide.isPresent()) {
                // The standard first, then the partner's guide on top (docs/edi.md, "Partner implementation guides").
                String release = transaction.json().path("validation").path("release").asText("");
                Schema schema = schemas.choose(EdiStandard.X12, transaction.type(), release).schema()
                        .map(TransactionSchemas.LoadedSchema::schema).orElse(null);
                List<EdiProblem> all = new ArrayList<>(problems);
                all.addAll(ImplementationGuideCheck.check(guide.get(), transaction.json(), schema));
                problems = all;
                valid = problems.stream().noneMatch(EdiProblem::fatal);
                note = note + " and " + partner + "'s implementation guide for " + transaction.type();
            }
            String version = transaction.json().path("transaction").path("version").asText("");
            Disposition disposition = !valid ? Disposition.REJECTED
                    : problems.isEmpty() ? Disposition.ACCEPTED : Disposition.ACCEPTED_WITH_ERRORS;
            TransactionOutcome outcome = new TransactionOutcome(transaction.type(), transaction.control(), version,
                    disposition, schemaId, problems, note);
            (group != null ? groupTransactions : messages).add(outcome);
            if (valid && !duplicate) {
                spool.add(group == null ? 0 : group.sequence(), transaction);
            }
        }

        @Override
        public void interchangeAcknowledgmentRead(ReceivedTa1 ta1) {
            receivedTa1s.add(ta1);
        }

        @Override
        public void groupEnded(GroupEnvelope envelope, String declaredCount, List<EdiProblem> problems) {
            groups.add(groupOutcome(envelope, declaredCount, problems));
            group = null;
        }

        private GroupOutcome groupOutcome(GroupEnvelope envelope, String declaredCount, List<EdiProblem> problems) {
            EdiProblem fatal = problems.stream().filter(EdiProblem::fatal).findFirst().orElse(null);
            List<TransactionOutcome> sets = groupTransactions;
            Disposition disposition;
            if (fatal != null) {
                spool.dropGroup(envelope.sequence());
                sets = rejectAll(sets, "rejected with its functional group " + envelope.control() + ": "
                        + fatal.reason());
                disposition = Disposition.REJECTED;
            } else {
                long accepted = sets.stream().filter(TransactionOutcome::accepted).count();
                if (accepted == sets.size()) {
                    boolean setErrors = sets.stream().anyMatch(t -> t.disposition() == Disposition.ACCEPTED_WITH_ERRORS);
                    disposition = problems.isEmpty() && !setErrors ? Disposition.ACCEPTED
                            : Disposition.ACCEPTED_WITH_ERRORS;
                } else {
                    disposition = accepted == 0 ? Disposition.REJECTED : Disposition.PARTIALLY_ACCEPTED;
                }
            }
            return new GroupOutcome(envelope, declaredCount, disposition, sets, problems);
        }

        @Override
        public void interchangeEnded(InterchangeEnvelope envelope, List<EdiProblem> problems) {
            finish(envelope, problems);
        }

        @Override
        public void inputUnreadable(InterchangeEnvelope envelope, List<EdiProblem> problems) {
            if (envelope == null) {
                fileProblems.addAll(problems);
                spool.close();
                return;
            }
            if (group != null) {
                groups.add(groupOutcome(group, null, List.of(EdiProblem.group("Functional group " + group.control()
                        + " has no trailer: the input broke off inside it", "3", true))));
                group = null;
            }
            finish(envelope, problems);
        }

        private void finish(InterchangeEnvelope envelope, List<EdiProblem> trailerProblems) {
            List<EdiProblem> problems = new ArrayList<>(trailerProblems);
            if (duplicate) {
                problems.add(EdiProblem.interchange("Duplicate interchange: " + describe(envelope)
                        + " was already received, so it is not processed again", "025", "26", true));
            }
            EdiProblem fatal = problems.stream().filter(EdiProblem::fatal).findFirst().orElse(null);
            Disposition disposition = fatal != null ? Disposition.REJECTED
                    : problems.isEmpty() ? Disposition.ACCEPTED : Disposition.ACCEPTED_WITH_ERRORS;
            List<GroupOutcome> finalGroups = groups;
            List<TransactionOutcome> finalMessages = messages;
            if (fatal != null) {
                spool.close();
                String reason = "rejected with its interchange " + envelope.control() + ": " + fatal.reason();
                finalGroups = groups.stream().map(g -> new GroupOutcome(g.envelope(), g.declaredCount(),
                        Disposition.REJECTED, rejectAll(g.transactions(), reason), g.problems())).toList();
                finalMessages = rejectAll(messages, reason);
            } else {
                deliver();
            }
            InterchangeOutcome outcome = new InterchangeOutcome(envelope, disposition, duplicate, finalGroups,
                    finalMessages, problems, null, fatal != null ? List.of() : receivedTa1s);
            if (!duplicate && !rereading) {
                claimed.put(InterchangeKey.of(envelope), disposition.name());
            }
            outcomes.add(rereading ? outcome.withAckNote("not acknowledged: re-read for a resubmit, the partner was "
                    + "answered when the file first arrived") : acknowledge(outcome));
            interchange = null;
        }

        private void deliver() {
            ready = spool.drain();
        }

        private InterchangeOutcome acknowledge(InterchangeOutcome outcome) {
            InterchangeEnvelope envelope = outcome.envelope();
            boolean rejected = outcome.disposition() == Disposition.REJECTED;
            if (envelope.standard() == EdiStandard.EDIFACT) {
                boolean onlyContrl = !outcome.allTransactions().isEmpty()
                        && outcome.allTransactions().stream().allMatch(t -> "CONTRL".equals(t.type()));
                // A rejected message is answered too: without the CONTRL the sender never learns it was refused.
                boolean messageRejected = outcome.allTransactions().stream().anyMatch(t -> !t.accepted());
                if (!(preferences.alwaysContrl() || envelope.ackRequested() || rejected || messageRejected)) {
                    return outcome.withAckNote("no CONTRL: UNB 0031 does not request one and neither the interchange "
                            + "nor a message in it is rejected");
                }
                if (onlyContrl && !rejected) {
                    return outcome.withAckNote("no CONTRL: the interchange holds only CONTRL messages, which are "
                            + "never acknowledged");
                }
                AckDocument contrl = contrlWriter.write(partner, outcome);
                acks.add(contrl);
                return outcome.withAckNote("CONTRL " + contrl.controlNumber() + " written ("
                        + outcome.disposition().edifactAction() + ")");
            }
            X12AckWriter.Addressee addressee = null;
            EdiIdentity own = preferences.partner();
            if (own != null && own.isaId() != null && !own.isaId().isBlank()
                    && !own.isaId().strip().equals(envelope.sender() == null ? "" : envelope.sender().strip())) {
                // Not the partner's interchange: its sender does not read this partner's outbox, and an
                // acknowledgment addressed to it there is at best noise for the partner (issue 14 item 4).
                String foreign = "the ISA sender " + envelope.senderQualifier() + "/" + envelope.sender()
                        + " is not partner " + partner + " (" + nonNull(own.isaQualifier()) + "/" + own.isaId() + ")";
                if (!own.acksForeignSendersToPartner()) {
                    return outcome.withAckNote("no acknowledgment: " + foreign + ", and " + partner
                            + " takes none for other senders' interchanges (edi.foreignSenderAcks: none)");
                }
                addressee = new X12AckWriter.Addressee(own.isaQualifier(), own.isaId(), own.gsCode());
            }
            boolean ta1 = preferences.alwaysTa1() || envelope.ackRequested() || rejected;
            List<GroupOutcome> toAcknowledge = rejected || !preferences.functionalAcks() ? List.of()
                    : outcome.groups().stream().filter(g -> !g.isFunctionalAcknowledgment()).toList();
            if (!ta1 && toAcknowledge.isEmpty()) {
                String why = !preferences.functionalAcks() ? "the partner takes no 997/999"
                        : outcome.groups().isEmpty() ? "the interchange holds no functional group"
                        : "it holds only functional acknowledgments (FA groups), which are never acknowledged";
                return outcome.withAckNote("no acknowledgment: ISA14 does not request a TA1 and " + why);
            }
            AckDocument document = x12Acks.write(partner, outcome, ta1, toAcknowledge, preferences.wants999(),
                    addressee);
            acks.add(document);
            return outcome.withAckNote(document.kind() + " written in interchange " + document.controlNumber()
                    + (addressee == null ? "" : ", addressed to partner " + partner + " (" + addressee.isaId()
                    + ", edi.foreignSenderAcks: partner), not to the foreign ISA sender " + envelope.sender()));
        }

        void completeAll(String overrideStatus, String checksum) {
            for (Map.Entry<InterchangeKey, String> entry : claimed.entrySet()) {
                String status = overrideStatus != null ? overrideStatus
                        : InterchangeRegistry.RECEIVING.equals(entry.getValue()) ? InterchangeRegistry.FAILED
                        : entry.getValue();
                registry.complete(entry.getKey(), status, checksum);
            }
            claimed.clear();
        }

        @Override
        public void close() {
            spool.close();
        }
    }

    private static List<TransactionOutcome> rejectAll(List<TransactionOutcome> outcomes, String reason) {
        return outcomes.stream().map(t -> {
            if (!t.accepted()) {
                return t;
            }
            List<EdiProblem> problems = new ArrayList<>(t.problems());
            problems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION, reason, null, 0, 0, 0, null, null, null, null,
                    null, null, null, null, null, true));
            return new TransactionOutcome(t.type(), t.control(), t.version(), Disposition.REJECTED, t.schemaId(),
                    problems, t.note());
        }).toList();
    }

    private static String describe(InterchangeEnvelope envelope) {
        return "interchange " + envelope.control() + " from " + envelope.senderQualifier() + "/" + envelope.sender();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
