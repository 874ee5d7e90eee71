package io.dock2ledger.masterdata;

import java.time.ZoneId;

/**
 * A warehouse of a legal entity, run by the company itself ({@code operator = own}) or by a 3PL partner,
 * who names it by {@code partnerLocationCode}. {@code timeZone} turns event timestamps into local posting dates.
 */
public record Warehouse(String code, String entity, String operator, String partnerLocationCode, String name,
                        ZoneId timeZone) {
}
