package io.dock2ledger.masterdata;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MasterDataPropertiesTest {

    private static MasterDataProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("dock2ledger.masterdata", MasterDataProperties.class);
    }

    @Test
    void seedFilesAreTheSourceByDefault() {
        assertThat(bind(Map.of()).seedIsTheSource()).isTrue();
    }

    @Test
    void anErpSyncMakesTheSeedAStartOnlyLoadSoAReloadNeverOverwritesSyncedRows() {
        MasterDataProperties tryton = bind(Map.of("dock2ledger.masterdata.erp-sync.enabled", "true",
                "dock2ledger.masterdata.erp-sync.period", "900000"));
        assertThat(tryton.loadOnStart()).isTrue();
        assertThat(tryton.seedIsTheSource()).isFalse();
    }

    @Test
    void noSeedLoadMeansNoReload() {
        assertThat(bind(Map.of("dock2ledger.masterdata.load-on-start", "false")).seedIsTheSource()).isFalse();
    }
}
