package io.dock2ledger.masterdata;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The master-data sync with the ERP as its source: what the timer route ({@code routes/masterdata-sync-from-erp.camel.yaml},
 * profile tryton) and {@code POST /api/v1/masterdata/sync} call. Without an ERP source configured it refuses.
 */
public class MasterDataSyncFromErp {

    private final MasterDataSync sync;
    private final ObjectProvider<MasterDataSource> source;

    public MasterDataSyncFromErp(MasterDataSync sync, ObjectProvider<MasterDataSource> source) {
        this.sync = sync;
        this.source = source;
    }

    public boolean configured() {
        return source.getIfAvailable() != null;
    }

    /** @param trigger who asked: {@code timer} or {@code api:<user>} */
    public MasterDataSync.Run sync(String trigger) {
        MasterDataSource erp = source.getIfAvailable();
        if (erp == null) {
            throw new IllegalStateException("No ERP master-data source is configured (profile tryton)");
        }
        return sync.sync(erp, trigger);
    }

    public java.util.List<MasterDataSync.Run> latest(int limit) {
        return sync.latest(limit);
    }
}
