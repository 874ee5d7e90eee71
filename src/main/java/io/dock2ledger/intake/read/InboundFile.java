package io.dock2ledger.intake.read;

import io.dock2ledger.partners.PartnerDocument;

import java.nio.file.Path;

/**
 * A file taken from a partner's inbox, identified and checksummed.
 *
 * @param archivePath where the file goes once every document in it is queued or recorded as an exception
 * @param errorPath   where it goes instead when the file as a whole cannot be read (with a {@code .reason} beside it)
 */
public record InboundFile(String rawFileId, String partner, PartnerDocument document, Path path, String sha256,
                          long size, Path archivePath, Path errorPath) {

    public String archiveTarget() {
        return archivePath.toString();
    }

    /** True when the file is X12 or EDIFACT, read through the EDI intake and acknowledged. */
    public boolean edi() {
        return document.edi();
    }

    public String errorTarget() {
        return errorPath.toString();
    }
}
