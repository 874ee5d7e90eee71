package io.dock2ledger.masterdata;

/**
 * Where the master data of record lives when it is not the seed files: the ERP (erp.tryton.TrytonMasterDataSource).
 * A source reads everything it owns at once; {@link MasterDataSync} compares and applies.
 */
public interface MasterDataSource {

    /** A short name for the audit, e.g. {@code tryton}. */
    String name();

    /** The source's current master data, read through its API. */
    MasterDataSnapshot fetch();
}
