package io.dock2ledger.edi.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dock2ledger.edi.syntax.EdiTransaction;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Holds the valid transactions of the interchange being read until its trailer proves the envelope sound, so that
 * nothing reaches the consumer from an interchange or group that is rejected later (a wrong IEA01 or GE02 is only
 * seen at the end). Small interchanges stay in memory; past {@code memoryLimit} transactions they spill to a temporary
 * file as JSON lines, which keeps memory bounded for very large interchanges.
 */
public final class TransactionSpool implements AutoCloseable {

    private record Held(int group, EdiTransaction transaction) {
    }

    private final ObjectMapper mapper;
    private final int memoryLimit;
    private final List<Held> memory = new ArrayList<>();
    private final Set<Integer> droppedGroups = new HashSet<>();
    private Path file;
    private BufferedWriter writer;
    private BufferedReader draining;
    private int size;

    public TransactionSpool(ObjectMapper mapper, int memoryLimit) {
        this.mapper = mapper;
        this.memoryLimit = memoryLimit;
    }

    public void add(int group, EdiTransaction transaction) {
        size++;
        if (writer == null && memory.size() < memoryLimit) {
            memory.add(new Held(group, transaction));
            return;
        }
        try {
            if (writer == null) {
                file = Files.createTempFile("edi-spool-", ".jsonl");
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                for (Held held : memory) {
                    write(held);
                }
                memory.clear();
            }
            write(new Held(group, transaction));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spool EDI transaction to " + file, e);
        }
    }

    /** Forgets every transaction of a group that turned out to be rejected. */
    public void dropGroup(int group) {
        droppedGroups.add(group);
    }

    /** True when transactions were written to disk. */
    boolean spilled() {
        return file != null;
    }

    int size() {
        return size;
    }

    /** Hands every held transaction of a non-dropped group to the consumer, in file order, then empties the spool. */
    public int deliver(Consumer<EdiTransaction> consumer) {
        int delivered = 0;
        Iterator<EdiTransaction> held = drain();
        while (held.hasNext()) {
            consumer.accept(held.next());
            delivered++;
        }
        return delivered;
    }

    /**
     * Every held transaction of a non-dropped group, in file order, read lazily (a spilled spool one line at a time).
     * The spool is empty again (and its file deleted) once the iterator is exhausted; {@link #close} ends it early.
     */
    public Iterator<EdiTransaction> drain() {
        if (writer == null) {
            List<EdiTransaction> kept = memory.stream().filter(h -> !droppedGroups.contains(h.group()))
                    .map(Held::transaction).toList();
            close();
            return kept.iterator();
        }
        BufferedReader reader;
        try {
            writer.close();
            writer = null;
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            draining = reader;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot read EDI spool " + file, e);
        }
        return new Iterator<>() {
            private EdiTransaction next = advance();

            private EdiTransaction advance() {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        int tab = line.indexOf('\t');
                        if (!droppedGroups.contains(Integer.parseInt(line.substring(0, tab)))) {
                            return new EdiTransaction((ObjectNode) mapper.readTree(line.substring(tab + 1)));
                        }
                    }
                    close();
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read EDI spool " + file, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public EdiTransaction next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                EdiTransaction current = next;
                next = advance();
                return current;
            }
        };
    }

    /** Throws everything away (the interchange was rejected). */
    @Override
    public void close() {
        memory.clear();
        droppedGroups.clear();
        size = 0;
        try {
            if (draining != null) {
                draining.close();
                draining = null;
            }
            if (writer != null) {
                writer.close();
                writer = null;
            }
            if (file != null) {
                Files.deleteIfExists(file);
                file = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete EDI spool " + file, e);
        }
    }

    private void write(Held held) throws IOException {
        writer.write(Integer.toString(held.group()));
        writer.write('\t');
        writer.write(mapper.writeValueAsString(held.transaction().json()));
        writer.newLine();
    }
}
