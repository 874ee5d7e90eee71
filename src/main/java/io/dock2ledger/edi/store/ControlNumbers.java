package io.dock2ledger.edi.store;

/**
 * Hands out the control numbers of outbound documents (acknowledgments and the 940), one sequence per partner and
 * kind, so every interchange the hub sends a partner has its own ISA13 and every group its own GS06.
 * Kinds used: {@code ISA} (ISA13), {@code GS} (GS06), {@code UNB} (UNB 0020). Values run from 1 to 999,999,999 and
 * then start again at 1, which fits every X12 and EDIFACT control number field.
 */
public interface ControlNumbers {

    long MAX = 999_999_999L;

    /** The next number for this partner and kind; never the same twice in a row, even across hub instances. */
    long next(String partner, String kind);
}
