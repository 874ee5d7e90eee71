package io.dock2ledger.edi.outbound;

/**
 * One side of an X12 interchange: ISA05/06 (sender) or ISA07/08 (receiver), and GS02/GS03.
 *
 * @param qualifier       ISA id qualifier, e.g. ZZ
 * @param id              ISA id, up to 15 characters
 * @param applicationCode GS application sender's / receiver's code
 */
public record X12Party(String qualifier, String id, String applicationCode) {

    public X12Party {
        if (qualifier == null || qualifier.isBlank() || id == null || id.isBlank()) {
            throw new IllegalArgumentException("An X12 party needs an ISA qualifier and id");
        }
        qualifier = qualifier.strip();
        id = id.strip();
        applicationCode = applicationCode == null || applicationCode.isBlank() ? id : applicationCode.strip();
    }
}
