package io.dock2ledger.partners;

import java.util.Map;
import java.util.Optional;

/**
 * A partner's EDI identities and what acknowledgments it expects.
 *
 * @param isaQualifier   ISA05/ISA07 qualifier, e.g. ZZ
 * @param isaId          ISA06/ISA08 id; when set, an X12 interchange in the partner's inbox from another sender is
 *                       refused
 * @param gsCode         GS02/GS03 application code
 * @param edifactId      UNB sender/recipient id; when set, an EDIFACT interchange from another sender is refused
 * @param functionalAck  997 (default) or 999
 * @param functionalAcks false when the partner wants no 997/999 at all (default true)
 * @param ta1            true to answer every X12 interchange with a TA1, not only when ISA14 = 1 or it is broken
 * @param contrl         true to answer every EDIFACT interchange with a CONTRL, not only when UNB 0031 = 1 or it is
 *                       broken
 * @param guides         the partner's implementation guide per X12 set ({@code "945"}), stricter than the standard
 * @param foreignSenderAcks what to do with the acknowledgment of an interchange whose ISA sender is not this partner
 *                       (isaId): {@code none} (default) writes none, {@code partner} addresses it to this partner as
 *                       its own acknowledgments are; never to the foreign sender, who does not read this outbox
 */
public record EdiIdentity(
        String isaQualifier,
        String isaId,
        String gsCode,
        String edifactId,
        String functionalAck,
        Boolean functionalAcks,
        Boolean ta1,
        Boolean contrl,
        Map<String, ImplementationGuide> guides,
        String foreignSenderAcks) {

    public EdiIdentity {
        guides = guides == null ? Map.of() : Map.copyOf(guides);
        foreignSenderAcks = foreignSenderAcks == null || foreignSenderAcks.isBlank() ? "none"
                : foreignSenderAcks.strip().toLowerCase();
        if (!foreignSenderAcks.equals("none") && !foreignSenderAcks.equals("partner")) {
            throw new IllegalArgumentException("edi.foreignSenderAcks must be none or partner, not '"
                    + foreignSenderAcks + "'");
        }
    }

    public EdiIdentity(String isaQualifier, String isaId, String gsCode, String edifactId, String functionalAck,
                       Boolean functionalAcks, Boolean ta1, Boolean contrl) {
        this(isaQualifier, isaId, gsCode, edifactId, functionalAck, functionalAcks, ta1, contrl, null, null);
    }

    public EdiIdentity(String isaQualifier, String isaId, String gsCode, String edifactId, String functionalAck) {
        this(isaQualifier, isaId, gsCode, edifactId, functionalAck, null, null, null);
    }

    /** The partner's guide for an X12 set type, if it declares one. */
    public Optional<ImplementationGuide> guide(String setType) {
        return Optional.ofNullable(setType == null ? null : guides.get(setType));
    }

    /** True when an acknowledgment for a foreign sender's interchange goes to this partner instead of nowhere. */
    public boolean acksForeignSendersToPartner() {
        return foreignSenderAcks.equals("partner");
    }

    public boolean wantsFunctionalAcks() {
        return functionalAcks == null || functionalAcks;
    }

    public boolean wantsTa1Always() {
        return ta1 != null && ta1;
    }

    public boolean wantsContrlAlways() {
        return contrl != null && contrl;
    }
}
