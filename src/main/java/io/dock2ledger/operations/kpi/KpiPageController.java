package io.dock2ledger.operations.kpi;

import io.dock2ledger.posting.store.DeliveryOutbox;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The workbench's KPI page ({@code /ops/kpis}): the numbers of {@code GET /api/v1/kpis} rendered on the server, so the
 * page says something without JavaScript, and charts (ECharts from a WebJar) that {@code /ops/kpis.js} redraws from
 * the API every few seconds. The ERP delivery backlog comes from the delivery outbox.
 */
@Controller
public class KpiPageController {

    private final Kpis kpis;
    private final DeliveryOutbox outbox;

    public KpiPageController(Kpis kpis, DeliveryOutbox outbox) {
        this.kpis = kpis;
        this.outbox = outbox;
    }

    @GetMapping("/ops/kpis")
    public String page(@RequestParam(required = false) String entity, Model model, Authentication user) {
        String chosen = entity == null || entity.isBlank() ? null : entity.strip();
        model.addAttribute("kpis", kpis.snapshot(chosen));
        model.addAttribute("erpBacklog", outbox.backlog());
        model.addAttribute("entity", chosen == null ? "" : chosen);
        model.addAttribute("user", user.getName());
        return "ops/kpis";
    }
}
