package io.dock2ledger.erp;

import io.dock2ledger.posting.documents.DocumentKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErpTargetsTest {

    private final ErpTargets targets = new ErpTargets(new ErpProperties("interface-tables", Map.of(
            "US02", new ErpProperties.EntityTarget("netsuite", Map.of(DocumentKind.JOURNAL, "file-export")),
            "US03", new ErpProperties.EntityTarget(null, Map.of(DocumentKind.INVOICE, "tryton"))),
            null, null, null, List.of()));

    @Test
    void anEntityNotListedGoesToTheDefault() {
        assertThat(targets.targetOf("US01", DocumentKind.INVOICE)).isEqualTo("interface-tables");
    }

    @Test
    void anEntityGoesToItsTargetAndAKindToItsOwnWhereConfigured() {
        assertThat(targets.targetOf("US02", DocumentKind.INVOICE)).isEqualTo("netsuite");
        assertThat(targets.targetOf("US02", DocumentKind.JOURNAL)).isEqualTo("file-export");
        assertThat(targets.targetOf("US03", DocumentKind.INVOICE)).isEqualTo("tryton");
        assertThat(targets.targetOf("US03", DocumentKind.JOURNAL)).isEqualTo("interface-tables");
    }

    @Test
    void everyNamedTargetIsListedForTheStartCheck() {
        assertThat(targets.named()).containsExactly("file-export", "interface-tables", "netsuite", "tryton");
    }
}
