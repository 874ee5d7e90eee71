package io.dock2ledger.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Hostile variants of real partner files: truncated, bytes flipped, delimiters and line breaks inserted, binary junk
 * spliced in, huge fields, a BOM, Latin-1 bytes; plus purely random bytes. What partners actually send goes wrong in
 * these ways, so mutating real samples reaches the parsers' deep paths much more often than random bytes alone.
 */
final class Mutations {

    /** Bytes that mean something to CSV, JSON, X12 or EDIFACT readers. */
    private static final byte[] DELIMITERS = ",;\"'\n\r\t*~^>:+?{}[]|\\\u0000".getBytes(StandardCharsets.ISO_8859_1);

    private Mutations() {
    }

    /** One to four mutations applied in turn to one of the seeds, or random bytes (one case in ten). */
    static Arbitrary<byte[]> of(List<byte[]> seeds) {
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(seeds), mutation().list().ofMinSize(1).ofMaxSize(4))
                .as((seed, steps) -> {
                    byte[] result = seed;
                    for (UnaryOperator<byte[]> step : steps) {
                        result = step.apply(result);
                    }
                    return result;
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, mutated),
                net.jqwik.api.Tuple.of(1, random));
    }

    static Arbitrary<UnaryOperator<byte[]>> mutation() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                at.map(Mutations::truncate),
                Combinators.combine(at, Arbitraries.bytes()).as(Mutations::flip),
                Combinators.combine(at, Arbitraries.of(asList(DELIMITERS)), Arbitraries.integers().between(1, 8))
                        .as(Mutations::insertDelimiters),
                Combinators.combine(at, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64))
                        .as(Mutations::splice),
                Combinators.combine(at, Arbitraries.of((byte) 'A', (byte) '9', (byte) '=', (byte) ' '),
                        Arbitraries.of(300, 5_000, 70_000)).as(Mutations::hugeField),
                at.map(Mutations::duplicateLine),
                Arbitraries.just(Mutations::withBom),
                at.map(Mutations::latin1Accent),
                Arbitraries.just(Mutations::crlf));
    }

    static UnaryOperator<byte[]> truncate(double at) {
        return in -> Arrays.copyOf(in, (int) (in.length * at));
    }

    static UnaryOperator<byte[]> flip(double at, byte mask) {
        return in -> {
            if (in.length == 0) {
                return in;
            }
            byte[] out = in.clone();
            int i = Math.min(in.length - 1, (int) (in.length * at));
            out[i] ^= (byte) (mask == 0 ? 1 : mask);
            return out;
        };
    }

    static UnaryOperator<byte[]> insertDelimiters(double at, Byte delimiter, int times) {
        byte[] run = new byte[times];
        Arrays.fill(run, delimiter);
        return in -> insert(in, at, run);
    }

    static UnaryOperator<byte[]> splice(double at, byte[] junk) {
        return in -> insert(in, at, junk);
    }

    static UnaryOperator<byte[]> hugeField(double at, byte fill, int length) {
        byte[] field = new byte[length];
        Arrays.fill(field, fill);
        return in -> insert(in, at, field);
    }

    static UnaryOperator<byte[]> duplicateLine(double at) {
        return in -> {
            String text = new String(in, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            int i = Math.min(lines.length - 1, (int) (lines.length * at));
            return insert(in, (double) text.indexOf(lines[i]) / Math.max(1, in.length),
                    (lines[i] + "\n").getBytes(StandardCharsets.ISO_8859_1));
        };
    }

    static byte[] withBom(byte[] in) {
        return insert(in, 0, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }

    static UnaryOperator<byte[]> latin1Accent(double at) {
        return in -> insert(in, at, new byte[]{(byte) 0xE9}); // é in Latin-1: not UTF-8
    }

    static byte[] crlf(byte[] in) {
        return new String(in, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] insert(byte[] in, double at, byte[] what) {
        int i = Math.max(0, Math.min(in.length, (int) (in.length * at)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + what.length);
        out.write(in, 0, i);
        out.write(what, 0, what.length);
        out.write(in, i, in.length - i);
        return out.toByteArray();
    }

    private static List<Byte> asList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return List.of(boxed);
    }
}
