package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.store.InMemoryControlNumbers;
import io.dock2ledger.edi.store.InMemoryInterchangeRegistry;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.TransactionSchemas;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared set-up for the EDI tests: a fixed clock, in-memory control numbers and registry, resource loading. */
final class EdiTestSupport {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:30:00Z"), ZoneOffset.UTC);

    private EdiTestSupport() {
    }

    /** The outcome of one read: the report plus the transactions the consumer received. */
    record Result(EdiReadReport report, List<EdiTransaction> delivered) {
    }

    static EdiIntake intake() {
        return new EdiIntake(new TransactionSchemas(), new InMemoryControlNumbers(),
                new InMemoryInterchangeRegistry(Duration.ofDays(30)), CLOCK);
    }

    static Result read(EdiIntake intake, String resource, AckPreferences preferences) {
        try (InputStream in = resource(resource)) {
            List<EdiTransaction> delivered = new ArrayList<>();
            EdiReadReport report = intake.read(in, "acme-3pl", preferences, delivered::add);
            return new Result(report, delivered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result read(String resource) {
        return read(intake(), resource, AckPreferences.DEFAULT);
    }

    static Result readText(EdiIntake intake, String content, AckPreferences preferences) {
        List<EdiTransaction> delivered = new ArrayList<>();
        EdiReadReport report = intake.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                "acme-3pl", preferences, delivered::add);
        return new Result(report, delivered);
    }

    static Result readText(String content) {
        return readText(intake(), content, AckPreferences.DEFAULT);
    }

    static String text(String resource) {
        try (InputStream in = resource(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream resource(String resource) {
        InputStream in = EdiTestSupport.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        return in;
    }

    /** Segments of an EDI text, split on the segment terminator, line breaks dropped. */
    static List<String> segments(String edi, char terminator) {
        List<String> segments = new ArrayList<>();
        String text = terminator == '\n' || terminator == '\r' ? edi.replace("\r\n", "\n").replace('\r', '\n')
                : edi.replace("\r", "").replace("\n", "");
        char split = terminator == '\r' ? '\n' : terminator;
        for (String s : text.split(java.util.regex.Pattern.quote(String.valueOf(split)))) {
            if (!s.isBlank()) {
                segments.add(s.strip());
            }
        }
        return segments;
    }
}
