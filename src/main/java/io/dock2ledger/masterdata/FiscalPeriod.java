package io.dock2ledger.masterdata;

import java.time.YearMonth;

/** A monthly fiscal period of an entity, open or closed. */
public record FiscalPeriod(String entity, YearMonth period, String status) {

    public boolean isOpen() {
        return "open".equalsIgnoreCase(status);
    }
}
