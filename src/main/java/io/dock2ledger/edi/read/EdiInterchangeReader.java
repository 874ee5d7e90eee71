package io.dock2ledger.edi.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.edi.syntax.EdiDelimiters;
import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiStandard;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;
import io.dock2ledger.edi.syntax.TransactionEnvelope;
import io.dock2ledger.edi.syntax.TransactionSchemas;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams an X12 or EDIFACT file through StAEDI and tells an {@link InterchangeListener} about each interchange, group
 * and transaction as it completes. Memory use is bounded by the largest single transaction: nothing else is kept.
 * Envelope control numbers and counts are checked by StAEDI's control schemas; transaction content is checked against
 * the {@link TransactionSchemas} the hub ships. Every StAEDI finding becomes an {@link EdiProblem} with a sentence and
 * acknowledgment codes. Bad input never throws: the listener hears {@code inputUnreadable} instead.
 */
public final class EdiInterchangeReader {

    private static final Map<Integer, String> TA1_NOTE_BY_ISA_ELEMENT = Map.ofEntries(
            Map.entry(1, "010"), Map.entry(2, "011"), Map.entry(3, "012"), Map.entry(4, "013"),
            Map.entry(5, "005"), Map.entry(6, "006"), Map.entry(7, "007"), Map.entry(8, "008"),
            Map.entry(9, "014"), Map.entry(10, "015"), Map.entry(11, "016"), Map.entry(12, "017"),
            Map.entry(13, "018"), Map.entry(14, "019"), Map.entry(15, "020"), Map.entry(16, "027"));

    private final TransactionSchemas schemas;
    private final EDIInputFactory factory;

    public EdiInterchangeReader(TransactionSchemas schemas) {
        this.schemas = schemas;
        this.factory = EDIInputFactory.newFactory();
        factory.setProperty(EDIInputFactory.EDI_VALIDATE_CONTROL_STRUCTURE, true);
        // Line breaks that are not the segment terminator (wrapped lines, CR/LF after "~") are noise, not data.
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
    }

    /**
     * Reads everything in {@code input} (several interchanges are fine) and reports to {@code listener}.
     *
     * @param partner the partner the file came from; copied into each transaction's JSON
     */
    public void read(InputStream input, String partner, InterchangeListener listener) {
        try (Cursor cursor = open(input, partner, listener)) {
            while (cursor.step()) {
                // every event goes to the listener
            }
        }
    }

    /**
     * Opens {@code input} for reading one event at a time ({@link Cursor#step}), so that a caller can stop between two
     * events, hand on what the listener collected and go on: the pull side of {@link #read}, with the same reports.
     */
    public Cursor open(InputStream input, String partner, InterchangeListener listener) {
        LenientEdiInputStream lenient;
        try {
            lenient = new LenientEdiInputStream(input);
        } catch (IOException e) {
            listener.inputUnreadable(null, List.of(EdiProblem.fileLevel("The file could not be read: " + e.getMessage())));
            return new Cursor(null, null);
        }
        if (lenient.standard().isEmpty()) {
            listener.inputUnreadable(null, List.of(EdiProblem.fileLevel(
                    "Not an EDI file: it starts with '" + printable(lenient.startsWith())
                            + "' instead of an X12 ISA or an EDIFACT UNA/UNB header")));
            return new Cursor(null, null);
        }
        Pass pass = new Pass(partner, listener);
        try {
            return new Cursor(pass, factory.createEDIStreamReader(lenient));
        } catch (Exception e) {
            pass.broken(e);
            return new Cursor(null, null);
        }
    }

    /** One pass over one input, advanced an event at a time. */
    public static final class Cursor implements AutoCloseable {
        private final Pass pass;
        private final EDIStreamReader reader;
        private boolean done;

        private Cursor(Pass pass, EDIStreamReader reader) {
            this.pass = pass;
            this.reader = reader;
            this.done = reader == null;
        }

        /**
         * Reads the next event and reports it to the listener.
         *
         * @return false once the input is read to its end (or broke off; the listener has been told)
         */
        public boolean step() {
            if (done) {
                return false;
            }
            try {
                if (reader.hasNext()) {
                    pass.on(reader.next(), reader);
                    return true;
                }
                pass.endOfInput();
            } catch (TransactionConsumerException e) {
                close();
                throw e;
            } catch (Exception e) {
                // StAEDI signals unrecoverable syntax (truncation, garbage between interchanges) with exceptions.
                pass.broken(e);
            }
            close();
            return false;
        }

        @Override
        public void close() {
            if (reader != null && !done) {
                try {
                    reader.close();
                } catch (Exception e) {
                    // nothing more is read from it
                }
            }
            done = true;
        }
    }

    private static String printable(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return oneLine.length() > 30 ? oneLine.substring(0, 30) + "..." : oneLine;
    }

    static String isoDate(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        try {
            if (value.matches("\\d{8}")) {
                return LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE).toString();
            }
            if (value.matches("\\d{6}")) {
                return LocalDate.parse("20" + value, DateTimeFormatter.BASIC_ISO_DATE).toString();
            }
        } catch (DateTimeParseException e) {
            return value;
        }
        return value;
    }

    static String isoTime(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.matches("\\d{4}")) {
            return value.substring(0, 2) + ":" + value.substring(2);
        }
        if (value.matches("\\d{6}.*")) {
            return value.substring(0, 2) + ":" + value.substring(2, 4) + ":" + value.substring(4, 6);
        }
        return value;
    }

    /** The state of one pass over one file. */
    private final class Pass {
        private final String partner;
        private final InterchangeListener listener;
        private final JsonNodeFactory json = JsonNodeFactory.instance;

        private EdiStandard standard;
        private EdiDelimiters delimiters;
        private int interchangeSequence;
        private int groupSequence;
        private InterchangeEnvelope interchange;
        private boolean interchangeOpen;
        private List<EdiProblem> interchangeProblems = new ArrayList<>();
        private GroupEnvelope group;
        private List<EdiProblem> groupProblems = new ArrayList<>();
        private int setsInGroup;
        private int groupsInInterchange;
        private int messagesInInterchange;

        private boolean inTransaction;
        private TransactionEnvelope transaction;
        private List<EdiProblem> transactionProblems = new ArrayList<>();
        private ArrayNode segments;
        private String schemaId;
        private String schemaRelease;
        private boolean schemaApplied;
        private boolean releaseRefusedInGroup;
        private int segmentPosition;
        private final List<Integer> segmentsWithElementErrors = new ArrayList<>();

        private String segmentTag;
        private ObjectNode segment;
        private final Map<String, String> envelopeValues = new HashMap<>();
        private Location lastLocation;

        Pass(String partner, InterchangeListener listener) {
            this.partner = partner;
            this.listener = listener;
        }

        void on(EDIStreamEvent event, EDIStreamReader reader) {
            lastLocation = reader.getLocation().copy();
            switch (event) {
                case START_INTERCHANGE -> startInterchange(reader);
                case START_TRANSACTION -> startTransaction(reader);
                case START_SEGMENT -> startSegment(reader.getText());
                case ELEMENT_DATA -> element(reader.getLocation(), reader.getText());
                case END_SEGMENT -> endSegment(reader);
                case END_TRANSACTION -> endTransaction();
                case END_GROUP -> endGroup();
                case END_INTERCHANGE -> endInterchange();
                case SEGMENT_ERROR -> segmentError(reader);
                case ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> elementError(reader);
                default -> {
                    // START_GROUP (handled when GS ends), loops and composites need nothing.
                }
            }
        }

        void endOfInput() {
            if (interchangeOpen) {
                broken(new IllegalStateException("the input ends before the interchange trailer"));
            }
        }

        void broken(Exception cause) {
            String where = lastLocation == null ? "" : " (line " + lastLocation.getLineNumber() + ", segment "
                    + (lastLocation.getSegmentTag() == null ? "?" : lastLocation.getSegmentTag()) + ")";
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            List<EdiProblem> problems = new ArrayList<>(interchangeOpen ? interchangeProblems : List.of());
            if (interchangeOpen) {
                String control = interchange == null ? "?" : interchange.control();
                problems.add(EdiProblem.interchange("Interchange " + control + " is incomplete or unreadable" + where
                        + ": " + message, "023", "13", true));
            } else {
                problems.add(EdiProblem.fileLevel("The file cannot be read further" + where + ": " + message));
            }
            listener.inputUnreadable(interchangeOpen ? interchange : null, problems);
            interchangeOpen = false;
        }

        private void startInterchange(EDIStreamReader reader) {
            standard = EdiStandard.valueOf(reader.getStandard());
            delimiters = EdiDelimiters.from(reader.getDelimiters(), standard);
            interchangeSequence++;
            interchange = null;
            interchangeOpen = true;
            interchangeProblems = new ArrayList<>();
            groupsInInterchange = 0;
            messagesInInterchange = 0;
            group = null;
        }

        private void startTransaction(EDIStreamReader reader) {
            inTransaction = true;
            segmentPosition = 0;
            transactionProblems = new ArrayList<>();
            segmentsWithElementErrors.clear();
            segments = json.arrayNode();
            schemaId = null;
            schemaRelease = null;
            schemaApplied = false;
            String type;
            try {
                type = reader.getTransactionType();
            } catch (RuntimeException e) {
                type = null; // StAEDI cannot always peek at ST01 yet; the header's end will choose the schema
            }
            schemaApplied = type != null && standard == EdiStandard.X12;
            if (schemaApplied) {
                TransactionSchemas.Choice choice = schemas.choose(standard, type, groupVersion());
                applySchema(reader, choice.schema().orElse(null));
                if (choice.releaseNotSupported()) {
                    refuseRelease(type, choice);
                }
            }
            // Otherwise (StAEDI cannot peek at ST01 yet, and EDIFACT, whose directory is in the UNH itself) the
            // header's end chooses the schema, transactionHeader, and always sets one, also null: only the header's
            // own segment is read before that, and StAEDI checks it with the control schema. Leaving the previous
            // set's schema in place until then, instead of clearing it here, lets StAEDI keep its validator when the
            // next set has the same schema (it rebuilds one on every change: 5 % of the EDI read's CPU).
            if (group != null) {
                setsInGroup++;
            }
            messagesInInterchange++;
        }

        private void startSegment(String tag) {
            segmentTag = tag;
            envelopeValues.clear();
            if (inTransaction) {
                segmentPosition++;
            }
            segment = null;
            if (inTransaction && !isEnvelopeSegment(tag)) {
                segment = json.objectNode();
                segment.put("id", tag);
            }
        }

        private void element(Location location, String text) {
            int element = location.getElementPosition();
            int component = location.getComponentPosition();
            String key = component > 0 ? element + "." + component : String.valueOf(element);
            if (segment == null) {
                envelopeValues.putIfAbsent(key, text);
                return;
            }
            if (text == null || text.isEmpty()) {
                return;
            }
            String name = elementName(segmentTag, element, component);
            JsonNode existing = segment.get(name);
            if (existing == null || location.getElementOccurrence() <= 1) {
                if (existing == null) {
                    segment.put(name, text);
                }
            } else if (existing.isArray()) {
                ((ArrayNode) existing).add(text);
            } else {
                ArrayNode values = segment.putArray(name);
                values.add(existing.asText());
                values.add(text);
            }
        }

        /** Once the header names the type, the matching schema (if any) validates the rest of the set. */
        private void transactionHeader(EDIStreamReader reader, TransactionEnvelope envelope) {
            transaction = envelope;
            if (schemaApplied) {
                return;
            }
            TransactionSchemas.Choice choice = schemas.choose(standard, envelope.type(),
                    standard == EdiStandard.X12 ? groupVersion() : envelope.version());
            if (choice.releaseNotSupported()) {
                applySchema(reader, null);
                refuseRelease(envelope.type(), choice);
                return;
            }
            Optional<TransactionSchemas.LoadedSchema> schema = choice.schema();
            try {
                applySchema(reader, schema.orElse(null));
            } catch (RuntimeException e) {
                // Never pass a set unvalidated when the hub has a schema for it.
                transactionProblems.add(EdiProblem.transaction("Transaction set " + envelope.type() + " "
                        + envelope.control() + " could not be validated against " + schema.get().id() + ": "
                        + e.getMessage(), "5", "18"));
            }
        }

        /**
         * Sets the schema StAEDI validates the set's content with, null for none: always set, also to null, so a schema
         * never leaks from the previous transaction set. StAEDI keeps its validator (reset for the new set) when the
         * schema is the one already set.
         */
        private void applySchema(EDIStreamReader reader, TransactionSchemas.LoadedSchema schema) {
            reader.setTransactionSchema(schema == null ? null : schema.schema());
            schemaId = schema == null ? null : schema.id();
            schemaRelease = schema == null ? null : schema.release();
        }

        /** GS08 of the group the set is in (X12); null for EDIFACT, whose directory is read from the UNH instead. */
        private String groupVersion() {
            return standard == EdiStandard.X12 && group != null ? group.version() : null;
        }

        /**
         * A set of a type the hub validates, sent in a release it has no table for: refused (AK5 R, AK502 1 "transaction
         * set not supported"; the group's AK9 carries 2 "functional group version not supported") and read at envelope
         * level only, never validated against another release's table.
         */
        private void refuseRelease(String type, TransactionSchemas.Choice choice) {
            if (standard != EdiStandard.X12) {
                refuseDirectory(type, choice);
                return;
            }
            String release = choice.release().isEmpty() ? "(GS08 is empty)" : choice.release();
            transactionProblems.add(EdiProblem.transaction("Transaction set " + type + " is X12 release " + release
                    + " (GS08 '" + (group == null ? "" : group.version()) + "'), for which the hub has no " + type
                    + " schema; it has " + String.join(", ", choice.otherReleases())
                    + ": refused rather than validated against another release's table", "1", "2"));
            if (!releaseRefusedInGroup) {
                releaseRefusedInGroup = true;
                groupProblems.add(EdiProblem.group("Functional group " + (group == null ? "?" : group.control())
                        + " is X12 release " + release + ", which the hub does not support for " + type, "2", false));
            }
        }

        /**
         * A message of a type the hub validates, sent in a UN/EDIFACT directory it has no table for: refused (CONTRL
         * UCM action 4, 0085 code 14 "value not supported in this position": the directory in UNH S009 is valid, the
         * hub does not support it) and read at envelope level only, never validated against another directory's table.
         */
        private void refuseDirectory(String type, TransactionSchemas.Choice choice) {
            String identifier = transaction == null ? "" : transaction.version();
            String directory = choice.release().isEmpty() ? "(no directory in UNH S009)"
                    : "directory " + choice.release();
            transactionProblems.add(EdiProblem.transaction("Message " + type + " is UN/EDIFACT " + directory
                    + " (UNH '" + type + ":" + identifier + "'), for which the hub has no " + type + " schema; it has "
                    + String.join(", ", choice.otherReleases())
                    + ": refused rather than validated against another directory's table", "1", "14"));
        }

        private void endSegment(EDIStreamReader reader) {
            switch (envelopeOrContent(segmentTag)) {
                case "ISA" -> {
                    interchangeHeaderX12();
                    requireControlSchema(reader);
                }
                case "UNB" -> {
                    interchangeHeaderEdifact();
                    requireControlSchema(reader);
                }
                case "GS", "UNG" -> groupHeader();
                case "ST" -> transactionHeader(reader,
                        new TransactionEnvelope(value("1"), value("2"), nonNull(value("3"))));
                case "UNH" -> transactionHeader(reader, new TransactionEnvelope(first("2.1", "2"), value("1"),
                        String.join(":", nonNull(value("2.2")), nonNull(value("2.3")), nonNull(value("2.4")))
                                + (value("2.5") == null ? "" : ":" + value("2.5"))));
                case "SE", "UNT" -> checkSetTrailer();
                case "GE", "UNE" -> groupTrailerValues.putAll(envelopeValues);
                case "TA1" -> {
                    if (!inTransaction) {
                        listener.interchangeAcknowledgmentRead(new ReceivedTa1(trimmed("1"), value("2"), value("3"),
                                trimmed("4"), trimmed("5")));
                    } else if (segment != null) {
                        segments.add(segment);
                    }
                }
                default -> {
                    if (segment != null) {
                        segments.add(segment);
                    }
                }
            }
            segment = null;
        }

        private final Map<String, String> groupTrailerValues = new HashMap<>();

        /**
         * Without a control schema StAEDI sees no groups or sets, only loose segments: an unknown ISA12 / UNB syntax
         * version would otherwise look like an empty, valid interchange.
         */
        private void requireControlSchema(EDIStreamReader reader) {
            if (reader.getControlSchema() == null) {
                boolean x12 = standard == EdiStandard.X12;
                interchangeProblems.add(EdiProblem.interchange((x12 ? "ISA12 interchange version '" : "UNB syntax '")
                        + (interchange == null ? "?" : interchange.version())
                        + "' is not a version the hub knows, so its groups and transaction sets cannot be read",
                        "017", "2", true));
            }
        }

        private void interchangeHeaderX12() {
            interchange = new InterchangeEnvelope(EdiStandard.X12,
                    trimmed("5"), trimmed("6"), trimmed("7"), trimmed("8"), trimmed("13"),
                    isoDate(value("9")), isoTime(value("10")), trimmed("12"),
                    "1".equals(trimmed("14")), "T".equals(trimmed("15")), value("11"), delimiters,
                    interchangeSequence);
            listener.interchangeStarted(interchange);
        }

        private void interchangeHeaderEdifact() {
            String syntax = nonNull(first("1.1", "1")) + ":" + nonNull(value("1.2"));
            interchange = new InterchangeEnvelope(EdiStandard.EDIFACT,
                    nonNull(value("2.2")), first("2.1", "2"), nonNull(value("3.2")), first("3.1", "3"),
                    value("5"), isoDate(value("4.1")), isoTime(value("4.2")), syntax,
                    "1".equals(value("9")), "1".equals(value("11")), null, delimiters, interchangeSequence);
            listener.interchangeStarted(interchange);
        }

        private void groupHeader() {
            groupSequence = ++groupsInInterchange;
            setsInGroup = 0;
            groupProblems = new ArrayList<>();
            releaseRefusedInGroup = false;
            groupTrailerValues.clear();
            if ("GS".equals(segmentTag)) {
                group = new GroupEnvelope(trimmed("1"), trimmed("2"), trimmed("3"), isoDate(value("4")),
                        isoTime(value("5")), trimmed("6"), trimmed("8"), groupSequence);
            } else {
                group = new GroupEnvelope(first("1.1", "1"), first("2.1", "2"), first("3.1", "3"),
                        isoDate(value("4.1")), isoTime(value("4.2")), value("5"),
                        nonNull(value("7.1")) + ":" + nonNull(value("7.2")), groupSequence);
            }
            listener.groupStarted(group);
        }

        private void checkSetTrailer() {
            // StAEDI reports count and reference mismatches itself; nothing else to derive here.
        }

        private void endTransaction() {
            ObjectNode root = json.objectNode();
            root.put("standard", standard.name());
            if (partner != null) {
                root.put("partner", partner);
            }
            root.set("interchange", interchangeJson());
            if (group != null) {
                root.set("group", groupJson());
            }
            ObjectNode header = root.putObject("transaction");
            TransactionEnvelope envelope = transaction == null ? new TransactionEnvelope("", "", "") : transaction;
            header.put("type", nonNull(envelope.type()));
            header.put("control", nonNull(envelope.control()));
            header.put("version", nonNull(envelope.version()));
            ObjectNode validation = root.putObject("validation");
            validation.put("level", schemaId == null ? "envelope" : "content");
            if (schemaId == null) {
                validation.putNull("schema");
            } else {
                validation.put("schema", schemaId);
                if (schemaRelease != null && !schemaRelease.isEmpty()) {
                    validation.put("release", schemaRelease);
                }
            }
            root.set("segments", segments);
            for (Integer position : segmentsWithElementErrors) {
                addSegmentHasElementErrors(position);
            }
            listener.transactionRead(new EdiTransaction(root), List.copyOf(transactionProblems), schemaId);
            inTransaction = false;
            transaction = null;
            segments = null;
        }

        private void addSegmentHasElementErrors(int position) {
            boolean alreadySegmentLevel = transactionProblems.stream()
                    .anyMatch(p -> p.segmentPosition() == position && p.x12SegmentCode() != null);
            if (alreadySegmentLevel) {
                return;
            }
            EdiProblem first = transactionProblems.stream().filter(p -> p.segmentPosition() == position).findFirst()
                    .orElseThrow();
            transactionProblems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION,
                    "Segment " + first.segmentId() + " at position " + position + " has data element errors",
                    first.segmentId(), position, 0, 0, null, null, "8", null, null, "5", null, null, "12", true));
        }

        private ObjectNode interchangeJson() {
            ObjectNode node = json.objectNode();
            if (interchange == null) {
                return node;
            }
            node.put("sender", interchange.sender());
            node.put("senderQualifier", interchange.senderQualifier());
            node.put("receiver", interchange.receiver());
            node.put("receiverQualifier", interchange.receiverQualifier());
            node.put("control", interchange.control());
            node.put("date", interchange.date());
            node.put("time", interchange.time());
            node.put("version", interchange.version());
            node.put("test", interchange.test());
            return node;
        }

        private ObjectNode groupJson() {
            ObjectNode node = json.objectNode();
            node.put("functionalId", group.functionalId());
            node.put("sender", group.sender());
            node.put("receiver", group.receiver());
            node.put("control", group.control());
            node.put("version", group.version());
            node.put("date", group.date());
            node.put("time", group.time());
            return node;
        }

        private void endGroup() {
            if (group != null) {
                listener.groupEnded(group, groupTrailerValues.get("1"), List.copyOf(groupProblems));
            }
            group = null;
        }

        private void endInterchange() {
            if (interchange != null) {
                listener.interchangeEnded(interchange, List.copyOf(interchangeProblems));
            }
            interchangeOpen = false;
            interchange = null;
        }

        private void segmentError(EDIStreamReader reader) {
            EDIStreamValidationError error = reader.getErrorType();
            ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
            String segmentId = reader.getReferenceCode() != null ? reader.getReferenceCode() : segmentTag;
            if (!inTransaction) {
                interchangeProblems.add(EdiProblem.interchange("Segment " + segmentId + ": " + codes.description()
                        + " (outside any transaction set)", "024", codes.edifact(), false));
                return;
            }
            int position = Math.max(segmentPosition, 1);
            transactionProblems.add(new EdiProblem(EdiProblem.Scope.TRANSACTION,
                    "Segment " + segmentId + " at position " + position + ": " + codes.description(),
                    segmentId, position, 0, 0, null, null, codes.x12Segment(), null, codes.x12Implementation(),
                    "5", null, null, codes.edifact(), true));
        }

        private void elementError(EDIStreamReader reader) {
            EDIStreamValidationError error = reader.getErrorType();
            Location location = reader.getLocation();
            String value = reader.hasText() ? reader.getText() : null;
            int element = location.getElementPosition();
            int component = Math.max(location.getComponentPosition(), 0);
            String tag = location.getSegmentTag() != null ? location.getSegmentTag() : segmentTag;
            switch (envelopeOrContent(tag)) {
                case "ISA", "IEA", "UNB", "UNZ", "UNA" -> interchangeProblems.add(interchangeElementProblem(
                        tag, element, component, error, value));
                case "GS", "GE", "UNG", "UNE" -> groupProblems.add(groupElementProblem(tag, element, error, value));
                case "ST", "SE", "UNH", "UNT" -> transactionProblems.add(setEnvelopeProblem(tag, element, error, value));
                default -> {
                    if (inTransaction) {
                        transactionProblems.add(contentElementProblem(tag, element, component, location, error,
                                value, reader.getReferenceCode()));
                    } else {
                        ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
                        interchangeProblems.add(EdiProblem.interchange(designator(tag, element, component) + ": "
                                + codes.description() + quoted(value) + " (outside any transaction set)", "024",
                                codes.edifact(), false));
                    }
                }
            }
        }

        private EdiProblem interchangeElementProblem(String tag, int element, int component,
                                                     EDIStreamValidationError error, String value) {
            ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
            String header = standard == EdiStandard.X12 ? "ISA" : "UNB";
            if (error == EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT) {
                int actual = standard == EdiStandard.X12 ? groupsInInterchange
                        : (groupsInInterchange > 0 ? groupsInInterchange : messagesInInterchange);
                String what = standard == EdiStandard.X12 ? "functional groups" : "messages/groups";
                return EdiProblem.interchange(designator(tag, element, 0) + " says " + value + " " + what
                        + " but the interchange has " + actual, "021", "29", true);
            }
            if (error == EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH) {
                String expected = interchange == null ? null : interchange.control();
                if (sameNumber(value, expected)) {
                    return EdiProblem.interchange(designator(tag, element, 0) + " control number '" + value
                            + "' equals " + header + " control number '" + expected
                            + "' only as a number (not written the same way)", "018", "12", false);
                }
                return EdiProblem.interchange(designator(tag, element, 0) + " control number '" + value
                        + "' does not match " + header + " control number '" + expected + "'", "001", "28", true);
            }
            String note = "ISA".equals(tag) ? TA1_NOTE_BY_ISA_ELEMENT.getOrDefault(element, "024")
                    : "IEA".equals(tag) ? (element == 1 ? "021" : "018") : "024";
            return EdiProblem.interchange(designator(tag, element, component) + ": " + codes.description()
                    + quoted(value), note, codes.edifact(), false);
        }

        private EdiProblem groupElementProblem(String tag, int element, EDIStreamValidationError error,
                                               String value) {
            ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
            if (error == EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT) {
                return EdiProblem.group(designator(tag, element, 0) + " says " + value
                        + " transaction sets but the group has " + setsInGroup, "5", true);
            }
            if (error == EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH) {
                String expected = group == null ? null : group.control();
                if (sameNumber(value, expected)) {
                    return EdiProblem.group(designator(tag, element, 0) + " group control number '" + value
                            + "' equals the header's '" + expected + "' only as a number", null, false);
                }
                return EdiProblem.group(designator(tag, element, 0) + " group control number '" + value
                        + "' does not match the header's '" + expected + "'", "4", true);
            }
            // Header field format problems (e.g. a 6-digit GS04 date in an old version) are noted, not rejected.
            String code = ("GS".equals(tag) && element == 6) ? "6" : null;
            return EdiProblem.group(designator(tag, element, 0) + ": " + codes.description() + quoted(value), code,
                    false);
        }

        private EdiProblem setEnvelopeProblem(String tag, int element, EDIStreamValidationError error, String value) {
            ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
            String header = "ST".equals(tag) || "SE".equals(tag) ? "ST02" : "UNH 0062";
            if (error == EDIStreamValidationError.CONTROL_COUNT_DOES_NOT_MATCH_ACTUAL_COUNT) {
                return EdiProblem.transaction(designator(tag, element, 0) + " says " + value
                        + " segments but the transaction has " + segmentPosition, "4", "29");
            }
            if (error == EDIStreamValidationError.CONTROL_REFERENCE_MISMATCH) {
                return EdiProblem.transaction(designator(tag, element, 0) + " control number '" + value
                        + "' does not match " + header + " '" + (transaction == null ? "?" : transaction.control())
                        + "'", "3", "28");
            }
            String ak5 = ("ST".equals(tag) && element == 1) ? "6" : ("ST".equals(tag) && element == 2) ? "7" : "5";
            return EdiProblem.transaction(designator(tag, element, 0) + ": " + codes.description() + quoted(value), ak5,
                    codes.edifact());
        }

        private EdiProblem contentElementProblem(String tag, int element, int component, Location location,
                                                 EDIStreamValidationError error, String value, String reference) {
            ValidationErrorCodes.Codes codes = ValidationErrorCodes.of(error);
            int position = Math.max(segmentPosition, 1);
            if (!segmentsWithElementErrors.contains(position)) {
                segmentsWithElementErrors.add(position);
            }
            String ref = reference == null || reference.isBlank() ? null : reference;
            String reason = "Segment " + tag + " at position " + position + ", element "
                    + designator(tag, element, component) + (ref == null ? "" : " (data element " + ref + ")") + ": "
                    + codes.description() + quoted(value);
            return new EdiProblem(EdiProblem.Scope.TRANSACTION, reason, tag, position, element, component, ref,
                    value == null || value.isEmpty() ? null : value, null, codes.x12Element(),
                    codes.x12Implementation(), "5", null, null, codes.edifact(), true);
        }

        private String value(String key) {
            return envelopeValues.get(key);
        }

        private String first(String key, String fallback) {
            String v = envelopeValues.get(key);
            return v != null ? v : envelopeValues.get(fallback);
        }

        private String trimmed(String key) {
            String v = envelopeValues.get(key);
            return v == null ? "" : v.strip();
        }

        /**
         * The tag when it is an envelope segment of the standard being read, else {@code ""} (plain content). An
         * {@code ST} inside an EDIFACT message (a stray segment terminator in {@code NAD+ST+...} makes one) is not an
         * X12 transaction header: taken for one, it replaced the message's UNH envelope with an empty type and
         * control number, and the rejection named no message (found by ParserFuzzTest).
         */
        private String envelopeOrContent(String tag) {
            if (tag == null || standard == null) {
                return tag == null ? "" : tag;
            }
            return switch (tag) {
                case "ISA", "IEA", "GS", "GE", "ST", "SE", "TA1" -> standard == EdiStandard.X12 ? tag : "";
                case "UNA", "UNB", "UNZ", "UNG", "UNE", "UNH", "UNT" -> standard == EdiStandard.EDIFACT ? tag : "";
                default -> tag;
            };
        }
    }

    /** Control numbers written with and without leading zeros (3438 vs 000003438) are the same number. */
    private static boolean sameNumber(String a, String b) {
        if (a == null || b == null || !a.strip().matches("\\d{1,20}") || !b.strip().matches("\\d{1,20}")) {
            return false;
        }
        return new java.math.BigInteger(a.strip()).equals(new java.math.BigInteger(b.strip()));
    }

    private static boolean isEnvelopeSegment(String tag) {
        return switch (tag) {
            case "ST", "SE", "UNH", "UNT" -> true;
            default -> false;
        };
    }

    /**
     * The JSON name of an element, {@code W1203} or {@code C04002_1} (segment, 2-digit position, {@code _component}):
     * what {@code String.format("%s%02d%s", ...)} gave, built without a Formatter, which was a tenth of the EDI read's
     * CPU (one call per element of every set; docs/performance.md, "Issue 10, fifth pass").
     */
    static String elementName(String tag, int element, int component) {
        StringBuilder name = new StringBuilder(tag.length() + 6).append(tag);
        if (element >= 0 && element < 10) {
            name.append('0');
        }
        name.append(element);
        if (component > 0) {
            name.append('_').append(component);
        }
        return name.toString();
    }

    private static String designator(String tag, int element, int component) {
        return String.format("%s%02d%s", tag, element, component > 0 ? "-" + component : "");
    }

    private static String quoted(String value) {
        return value == null || value.isEmpty() ? "" : " (value '" + value + "')";
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
