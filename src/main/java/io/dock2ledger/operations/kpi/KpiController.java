package io.dock2ledger.operations.kpi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/kpis")
@Tag(name = "KPIs", description = "Invoice latency, throughput, automation rate, exception aging, open backlog")
public class KpiController {

    private final Kpis kpis;

    public KpiController(Kpis kpis) {
        this.kpis = kpis;
    }

    @GetMapping
    @Operation(summary = "The KPIs now, for live charts",
            description = "Latency histograms (invoice after shipment, return credit time, landed-cost timeliness) as "
                    + "cumulative buckets from this instance's timers; documents posted per hour (last 24 h), the "
                    + "automation rate (KPI window), open exceptions by owner and age, and the open backlog from the "
                    + "shared database, as the last KPI refresh read them: at most 5 s old (databaseReadAt), the "
                    + "automation rows at most dock2ledger.kpi.automation-refresh (automationReadAt). Prometheus has "
                    + "the same as metrics (docs/operations.md, \"KPIs\").")
    public KpiSnapshot kpis(@Parameter(description = "legal entity; all when absent")
                            @RequestParam(value = "entity", required = false) String entity) {
        return kpis.snapshot(entity == null || entity.isBlank() ? null : entity);
    }
}
