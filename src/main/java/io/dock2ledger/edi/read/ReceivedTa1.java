package io.dock2ledger.edi.read;

/**
 * A TA1 interchange acknowledgment read from a partner's interchange: its answer to an interchange the hub sent.
 *
 * @param interchangeControl TA101, the control number (ISA13) of the hub's interchange it answers
 * @param date               TA102 as written (YYMMDD)
 * @param time               TA103 as written (HHMM)
 * @param status             TA104: A accepted, E accepted with errors, R rejected
 * @param noteCode           TA105, e.g. 000 no error, 006 invalid sender id
 */
public record ReceivedTa1(String interchangeControl, String date, String time, String status, String noteCode) {
}
