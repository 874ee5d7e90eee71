package io.dock2ledger.operations.reconciliation;

import io.dock2ledger.exceptions.ExceptionOwners;
import io.dock2ledger.security.HubRole;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The workbench's reconciliation page ({@code /ops/reconciliation?entity=&date=}): the report of
 * {@code GET /api/v1/reconciliation} as a table, differences first, each with the owner it is raised to; a CSV link;
 * and for operators the on-demand run ({@link DailyReconciliation#runNow}, as {@code POST /api/v1/reconciliation/runs}).
 */
@Controller
public class ReconciliationPageController {

    /** A compared line and the owner its difference goes to (null for OK lines). */
    public record Line(ReconciliationRow row, String owner) {
    }

    private final Reconciler reconciler;
    private final DailyReconciliation daily;
    private final ExceptionOwners owners;
    private final Clock clock;
    private final ReconciliationProperties properties;

    public ReconciliationPageController(Reconciler reconciler, DailyReconciliation daily, ExceptionOwners owners,
                                        Clock clock, ReconciliationProperties properties) {
        this.reconciler = reconciler;
        this.daily = daily;
        this.owners = owners;
        this.clock = clock;
        this.properties = properties;
    }

    @GetMapping("/ops/reconciliation")
    public String page(@RequestParam(required = false) String entity,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                       Model model, Authentication user) {
        String chosen = entity == null || entity.isBlank() ? null : entity.strip();
        // Like the daily run: yesterday in the configured zone when no day is given.
        LocalDate day = date != null ? date : LocalDate.now(clock.withZone(properties.zone())).minusDays(1);
        ReconciliationReport report = reconciler.reconcile(chosen, day);
        List<Line> lines = report.rows().stream()
                .sorted(Comparator.comparing((ReconciliationRow r) -> !r.isDifference()))
                .map(r -> new Line(r, r.isDifference() ? owners.ownerOf(r.kind().category(), r.partner()) : null))
                .toList();
        model.addAttribute("report", report);
        model.addAttribute("lines", lines);
        model.addAttribute("entity", chosen == null ? "" : chosen);
        model.addAttribute("date", day);
        model.addAttribute("csv", UriComponentsBuilder.fromPath("/api/v1/reconciliation")
                .queryParamIfPresent("entity", java.util.Optional.ofNullable(chosen))
                .queryParam("date", day).queryParam("format", "csv").build().encode().toUriString());
        model.addAttribute("canRun", chosen != null && user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(HubRole.OPERATOR.authority())));
        model.addAttribute("user", user.getName());
        return "ops/reconciliation";
    }

    /** Reconcile now and raise the differences to their owners; a difference already open is not raised twice. */
    @PostMapping("/ops/reconciliation/runs")
    public String runNow(@RequestParam String entity,
                         @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                         RedirectAttributes flash) {
        DailyReconciliation.EntityRun run = daily.runNow(entity.strip(), date);
        flash.addFlashAttribute("done", run.differences() + " differences, " + run.raised()
                + " exceptions raised (differences already open are not raised again).");
        flash.addAttribute("entity", run.entity());
        flash.addAttribute("date", run.date().toString()); // ISO, not the locale's format
        return "redirect:/ops/reconciliation";
    }
}
