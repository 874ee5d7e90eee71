package io.dock2ledger.edi.read;

import io.dock2ledger.edi.syntax.EdiProblem;
import io.dock2ledger.edi.syntax.EdiTransaction;
import io.dock2ledger.edi.syntax.GroupEnvelope;
import io.dock2ledger.edi.syntax.InterchangeEnvelope;

import java.util.List;

/**
 * Receives what {@link EdiInterchangeReader} finds, in file order, as soon as each part is complete. Only the current
 * transaction is ever held in memory by the reader.
 */
public interface InterchangeListener {

    /** The header segment (ISA / UNB) was read. */
    void interchangeStarted(InterchangeEnvelope interchange);

    /** The group header (GS / UNG) was read. */
    void groupStarted(GroupEnvelope group);

    /**
     * A transaction set / message is complete.
     *
     * @param transaction its content as JSON
     * @param problems    everything wrong with it (empty when it is valid)
     * @param schemaId    the schema it was validated against, null when checked at envelope level only
     */
    void transactionRead(EdiTransaction transaction, List<EdiProblem> problems, String schemaId);

    /**
     * The group trailer (GE / UNE) was read.
     *
     * @param declaredCount GE01 as written
     * @param problems      problems of the group header and trailer
     */
    void groupEnded(GroupEnvelope group, String declaredCount, List<EdiProblem> problems);

    /** A TA1 segment (a partner's answer to an interchange the hub sent) was read in the current interchange. */
    default void interchangeAcknowledgmentRead(ReceivedTa1 ta1) {
    }

    /**
     * The interchange trailer (IEA / UNZ) was read.
     *
     * @param problems problems of the interchange header and trailer
     */
    void interchangeEnded(InterchangeEnvelope interchange, List<EdiProblem> problems);

    /**
     * The rest of the input cannot be read: not EDI, truncated, or broken beyond what the parser can skip.
     *
     * @param openInterchange the interchange being read when it happened, null if between interchanges
     * @param problems        the problems of that interchange so far plus the reason the input stopped
     */
    void inputUnreadable(InterchangeEnvelope openInterchange, List<EdiProblem> problems);
}
