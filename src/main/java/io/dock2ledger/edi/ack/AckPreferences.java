package io.dock2ledger.edi.ack;

import io.dock2ledger.partners.EdiIdentity;

/**
 * Which acknowledgments a partner wants.
 *
 * @param functionalAck  997 (default) or 999
 * @param functionalAcks false to send no 997/999 at all (some partners do not want them)
 * @param alwaysTa1      send a TA1 for every X12 interchange, not only when ISA14 = 1 or the envelope is broken
 * @param alwaysContrl   send a CONTRL for every EDIFACT interchange, not only when UNB 0031 = 1 or it is broken
 * @param partner        the partner's registry identity (null when unknown): its ISA id tells a foreign sender's
 *                       interchange from its own, its guides tighten the standard
 */
public record AckPreferences(String functionalAck, boolean functionalAcks, boolean alwaysTa1, boolean alwaysContrl,
                             EdiIdentity partner) {

    public static final AckPreferences DEFAULT = new AckPreferences("997", true, false, false);

    public AckPreferences {
        functionalAck = "999".equals(functionalAck) ? "999" : "997";
    }

    public AckPreferences(String functionalAck, boolean functionalAcks, boolean alwaysTa1, boolean alwaysContrl) {
        this(functionalAck, functionalAcks, alwaysTa1, alwaysContrl, null);
    }

    /** The preferences declared in a partner's registry file ({@code edi.functionalAck}); defaults when absent. */
    public static AckPreferences forPartner(EdiIdentity identity) {
        if (identity == null) {
            return DEFAULT;
        }
        return new AckPreferences(identity.functionalAck(), true, false, false, identity);
    }

    public boolean wants999() {
        return "999".equals(functionalAck);
    }
}
