package io.dock2ledger.operations;

import io.dock2ledger.exceptions.ExceptionAction;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@RestController
@RequestMapping("/api/v1/exceptions")
@Tag(name = "Exceptions", description = "Everything that stopped, with its owner, and what operators do about it")
public class ExceptionsController {

    private static final Set<String> STATUSES = Set.of("OPEN", "RESOLVED", "DISCARDED");

    public record ExceptionDetail(ExceptionRecord exception, List<ExceptionAction> actions) {
    }

    public record DiscardRequest(@NotBlank @Size(max = 2000) String reason) {
    }

    public record AssignRequest(@NotBlank @Size(max = 128) String owner) {
    }

    private final ExceptionRecorder exceptions;
    private final ExceptionWork work;

    public ExceptionsController(ExceptionRecorder exceptions, ExceptionWork work) {
        this.exceptions = exceptions;
        this.work = work;
    }

    @GetMapping
    @Operation(summary = "Exceptions by status, owner, category, partner and age",
            description = "Each exception has a category, the owning team, the partner and source document, a reason "
                    + "and where its payload is kept (an archived or quarantined file, or the dead-letter queue).")
    public List<ExceptionRecord> byStatus(
            @Parameter(description = "open, resolved or discarded") @RequestParam(value = "status", defaultValue = "open") String status,
            @Parameter(description = "owning team or person") @RequestParam(value = "owner", required = false) String owner,
            @Parameter(description = "exception category, e.g. UNKNOWN_ITEM") @RequestParam(value = "category", required = false) String category,
            @Parameter(description = "partner id") @RequestParam(value = "partner", required = false) String partner,
            @Parameter(description = "age bucket: " + AgeBucket.NAMES) @RequestParam(value = "age", required = false) String age) {
        return exceptions.search(ExceptionWork.filter(normalizedStatus(status), owner, category(category), partner,
                AgeBucket.parse(age), work.now()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One exception with what was done to it (who and when)")
    @ApiResponse(responseCode = "404", description = "no such exception")
    public ExceptionDetail one(@PathVariable long id) {
        ExceptionRecord exception = work.find(id);
        return new ExceptionDetail(exception, exceptions.actions(id));
    }

    @PostMapping("/{id}/resubmit")
    @Operation(summary = "Resubmit an exception after fixing its cause",
            description = "Its events take the normal path again from where they stopped: a stored event goes to "
                    + "posting again; a document that failed in mapping or preparation (UNKNOWN_ITEM...) is read again "
                    + "from the raw input kept when it arrived (the archived file, the one EDI transaction set of it "
                    + "without acknowledging again, the archived JMS or webhook body), mapped and prepared against "
                    + "today's master data. The exception stays open until the document posts, then resolves itself. "
                    + "A document already posted stays posted once (a DUPLICATE). A POSSIBLE_CORRECTION is closed "
                    + "with a note instead, nothing posted (events: 0). Audited with who and when.")
    @ApiResponse(responseCode = "202", description = "queued for posting, or a POSSIBLE_CORRECTION closed (see note)")
    @ApiResponse(responseCode = "404", description = "no such exception")
    @ApiResponse(responseCode = "409", description = "not open, or nothing to read again (a quarantined file, a "
            + "refused interchange or message): the partner must resend")
    @ApiResponse(responseCode = "422", description = "failed again (the cause is not fixed); nothing was queued")
    public ResponseEntity<ExceptionResubmission.Resubmitted> resubmit(@PathVariable long id, Principal operator) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(work.resubmit(id, operator.getName()));
    }

    @PostMapping("/{id}/discard")
    @Operation(summary = "Discard an open exception, with the reason",
            description = "Nothing is posted; the exception is closed as DISCARDED with the reason, who and when.")
    @ApiResponse(responseCode = "404", description = "no such exception")
    @ApiResponse(responseCode = "409", description = "not open")
    public ExceptionRecord discard(@PathVariable long id, @Valid @RequestBody DiscardRequest request, Principal operator) {
        return work.discard(id, operator.getName(), request.reason());
    }

    @PostMapping("/{id}/assign")
    @Operation(summary = "Assign an exception to an owner (a team or a person)")
    @ApiResponse(responseCode = "404", description = "no such exception")
    public ExceptionRecord assign(@PathVariable long id, @Valid @RequestBody AssignRequest request, Principal operator) {
        return work.assign(id, operator.getName(), request.owner());
    }

    private static String normalizedStatus(String status) {
        String normalized = status.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(normalized)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be open, resolved or discarded, not "
                    + status);
        }
        return normalized;
    }

    private static ExceptionCategory category(String category) {
        if (category == null || category.isBlank()) {
            return null;
        }
        try {
            return ExceptionCategory.valueOf(category.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown category " + category);
        }
    }
}
