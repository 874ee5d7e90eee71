package io.dock2ledger.masterdata;

public record GlAccount(String account, String name, String type) {
}
