package io.dock2ledger.operations;

import io.dock2ledger.masterdata.MasterDataSync;
import io.dock2ledger.masterdata.MasterDataSyncFromErp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** On-demand master-data sync from the ERP, and its audit (profile tryton; admins only, WebSecurityConfiguration). */
@RestController
@RequestMapping("/api/v1/masterdata/sync")
@ConditionalOnProperty(prefix = "dock2ledger.erp.tryton", name = "url")
@Tag(name = "Master data", description = "Items, costs, customers, suppliers and tax rates from the ERP")
public class MasterDataSyncController {

    private final MasterDataSyncFromErp sync;

    public MasterDataSyncController(MasterDataSyncFromErp sync) {
        this.sync = sync;
    }

    @PostMapping
    @Operation(summary = "Sync master data from the ERP now",
            description = "Reads items, standard costs, customers, suppliers and tax rates from the ERP, writes only what "
                    + "differs from the hub's master-data tables and answers the audited run: how many rows were added, "
                    + "changed and removed, each with its values before and after. A failing ERP changes nothing "
                    + "(status FAILED, 502).")
    public ResponseEntity<MasterDataSync.Run> syncNow(Principal user) {
        MasterDataSync.Run run = sync.sync("api:" + user.getName());
        return ResponseEntity.status("OK".equals(run.status()) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(run);
    }

    @GetMapping
    @Operation(summary = "The latest master-data sync runs, newest first, with what each changed")
    public List<MasterDataSync.Run> latest(@RequestParam(value = "limit", defaultValue = "10") int limit) {
        return sync.latest(Math.max(1, Math.min(limit, 100)));
    }
}
