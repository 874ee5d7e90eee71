package io.dock2ledger.masterdata;

public record Customer(String id, String name, String currency, String taxRegion) {
}
