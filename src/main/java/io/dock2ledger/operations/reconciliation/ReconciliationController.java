package io.dock2ledger.operations.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

@RestController
@RequestMapping("/api/v1/reconciliation")
@Tag(name = "Reconciliation", description = "Warehouse events against posted finance documents and the ERP's rows, "
        + "line by line, per legal entity and business day")
public class ReconciliationController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final Reconciler reconciler;
    private final DailyReconciliation daily;

    public ReconciliationController(Reconciler reconciler, DailyReconciliation daily) {
        this.reconciler = reconciler;
        this.daily = daily;
    }

    @GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    @Operation(summary = "Reconcile one entity's business day (read-only)",
            description = "Every compared line with its result: OK or a named difference (MISSING_POSTING, "
                    + "QUANTITY_MISMATCH, AMOUNT_MISMATCH, POSTED_TWICE, NOT_CONFIRMED_BY_ERP). JSON by default; CSV with "
                    + "Accept: text/csv or format=csv. Raises nothing: the daily run and POST /runs raise exceptions.",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ReconciliationReport.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))}))
    public ResponseEntity<?> reconcile(
            @Parameter(description = "legal entity (md_entity); all entities when absent") @RequestParam(value = "entity", required = false) String entity,
            @Parameter(description = "business day, yyyy-MM-dd") @RequestParam("date") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @Parameter(description = "json or csv; overrides Accept") @RequestParam(value = "format", required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        ReconciliationReport report = reconciler.reconcile(blankToNull(entity), date);
        boolean csv = format != null ? "csv".equalsIgnoreCase(format)
                : accept != null && accept.contains("text/csv");
        if (csv) {
            String name = "reconciliation-" + (report.entity() == null ? "all" : report.entity()) + "-" + date + ".csv";
            return ResponseEntity.ok().contentType(CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                    .body(ReconciliationCsv.write(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @PostMapping("/runs")
    @Operation(summary = "Reconcile now and raise the differences to their owners (operator)",
            description = "What the daily run does for one entity and day, on demand. A difference already open is not "
                    + "raised twice.")
    public DailyReconciliation.EntityRun runNow(
            @RequestParam("entity") String entity,
            @RequestParam("date") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return daily.runNow(entity, date);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
