package io.dock2ledger.masterdata;

public record LegalEntity(String id, String name, String currency) {
}
