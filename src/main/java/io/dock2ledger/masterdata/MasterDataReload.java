package io.dock2ledger.masterdata;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Reloads the master-data seed files of {@code config/masterdata/} while the hub runs (issue 12: a fixed
 * cross-reference or a new warehouse takes effect without a restart), called by the file-watch route
 * {@code master-data-reload}. The load replaces the tables in one transaction (a broken file changes nothing and is
 * refused with its reason), then the lookup cache is emptied so the next event sees the new rows.
 * Only where the seed files are the source of master data ({@code dock2ledger.masterdata.load-on-start} and no
 * {@code erp-sync}); where an ERP feeds the tables (profile tryton), a changed seed file must not overwrite them.
 */
public class MasterDataReload {

    private static final Logger log = LoggerFactory.getLogger(MasterDataReload.class);

    private final MasterDataLoader loader;
    private final JdbcMasterData masterData;
    private final Path seedDirectory;
    private final boolean seedIsTheSource;

    public MasterDataReload(MasterDataLoader loader, JdbcMasterData masterData, Path seedDirectory,
                            boolean seedIsTheSource) {
        this.loader = loader;
        this.masterData = masterData;
        this.seedDirectory = seedDirectory;
        this.seedIsTheSource = seedIsTheSource;
    }

    /** @return what happened, for the route's log */
    public String reload(String changedFile) {
        if (!seedIsTheSource) {
            return "Master-data seed file " + changedFile + " changed; not loaded: master data comes from elsewhere "
                    + "(dock2ledger.masterdata.load-on-start=false or erp-sync.enabled=true)";
        }
        loader.load(new MasterDataSeed(seedDirectory));
        masterData.invalidate();
        log.info("Master data reloaded from {} after {} changed", seedDirectory, changedFile);
        return "Master data reloaded after " + changedFile + " changed";
    }
}
