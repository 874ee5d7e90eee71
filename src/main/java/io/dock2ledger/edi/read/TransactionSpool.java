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
import java.util.List;
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
        try {
            if (writer == null) {
                for (Held held : memory) {
                    if (!droppedGroups.contains(held.group())) {
                        consumer.accept(held.transaction());
                        delivered++;
                    }
                }
                return delivered;
            }
            writer.close();
            writer = null;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    int tab = line.indexOf('\t');
                    int group = Integer.parseInt(line.substring(0, tab));
                    if (!droppedGroups.contains(group)) {
                        consumer.accept(new EdiTransaction((ObjectNode) mapper.readTree(line.substring(tab + 1))));
                        delivered++;
                    }
                }
            }
            return delivered;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read EDI spool " + file, e);
        } finally {
            close();
        }
    }

    /** Throws everything away (the interchange was rejected). */
    @Override
    public void close() {
        memory.clear();
        droppedGroups.clear();
        size = 0;
        try {
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
