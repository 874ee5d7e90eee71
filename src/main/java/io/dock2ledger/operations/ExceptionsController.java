package io.dock2ledger.operations;

import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Locale;
import java.util.Set;

@RestController
@RequestMapping("/api/v1/exceptions")
@Tag(name = "Exceptions", description = "Everything that stopped, with its owner")
public class ExceptionsController {

    private static final Set<String> STATUSES = Set.of("OPEN", "RESOLVED");

    private final ExceptionRecorder exceptions;

    public ExceptionsController(ExceptionRecorder exceptions) {
        this.exceptions = exceptions;
    }

    @GetMapping
    @Operation(summary = "Exceptions by status",
            description = "Each exception has a category, the owning team, the partner and source document, a reason "
                    + "and where its payload is kept (an archived or quarantined file, or the dead-letter queue).")
    public List<ExceptionRecord> byStatus(
            @Parameter(description = "open or resolved") @RequestParam(value = "status", defaultValue = "open") String status) {
        String normalized = status.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(normalized)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be open or resolved, not " + status);
        }
        return exceptions.byStatus(normalized);
    }
}
