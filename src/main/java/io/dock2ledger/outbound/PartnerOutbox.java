package io.dock2ledger.outbound;

import io.dock2ledger.config.HubProperties;
import io.dock2ledger.edi.ack.AckDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what the hub sends back to a partner (EDI acknowledgments) into its {@code outbox/}, the folder it fetches
 * from over SFTP. Each file is written under a hidden temporary name and renamed in one step, so a partner polling
 * the outbox never downloads half an acknowledgment.
 * <p>
 * Java, not a route's {@code to: file:}: both writers (EDI intake's acknowledgments, ShippingOrders' 940) write inside
 * the transaction that records the document, and the API sends 940s without a route; a file written after that commit
 * and lost would never be written again. The free-name rule below has no file-component option either.
 */
public class PartnerOutbox {

    private final HubProperties hub;

    public PartnerOutbox(HubProperties hub) {
        this.hub = hub;
    }

    /** Writes the documents; returns where each one landed. */
    public List<Path> write(String partner, List<AckDocument> documents) {
        List<Path> written = new ArrayList<>();
        for (AckDocument document : documents) {
            written.add(write(partner, document.fileName(), document.content()));
        }
        return written;
    }

    public Path write(String partner, String fileName, String content) {
        try {
            Path outbox = Files.createDirectories(hub.partnerFolder(partner).resolve("outbox"));
            Path target = free(outbox, fileName);
            Path temp = outbox.resolve("." + target.getFileName() + ".part");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + fileName + " to the outbox of " + partner, e);
        }
    }

    /** Never overwrites a file the partner has not fetched yet. */
    private static Path free(Path outbox, String fileName) {
        Path target = outbox.resolve(fileName);
        int dot = fileName.lastIndexOf('.');
        for (int n = 2; Files.exists(target); n++) {
            target = outbox.resolve(dot <= 0 ? fileName + "-" + n : fileName.substring(0, dot) + "-" + n + fileName.substring(dot));
        }
        return target;
    }
}
