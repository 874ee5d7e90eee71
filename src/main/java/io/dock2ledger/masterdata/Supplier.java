package io.dock2ledger.masterdata;

public record Supplier(String id, String name, String currency) {
}
