package io.dock2ledger.operations;

import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionFilter;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;

/**
 * The operator's actions on exceptions, shared by the API ({@code /api/v1/exceptions}) and the workbench pages
 * ({@code /ops/}), so both do exactly the same thing and audit it the same way (exception_action: who, what, when).
 */
public class ExceptionWork {

    private final ExceptionRecorder exceptions;
    private final ExceptionResubmission resubmission;
    private final Clock clock;

    public ExceptionWork(ExceptionRecorder exceptions, ExceptionResubmission resubmission, Clock clock) {
        this.exceptions = exceptions;
        this.resubmission = resubmission;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public ExceptionRecord find(long id) {
        return exceptions.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no exception " + id));
    }

    public ExceptionResubmission.Resubmitted resubmit(long id, String actor) {
        ExceptionRecord exception = find(id);
        try {
            return resubmission.resubmit(exception, actor);
        } catch (ExceptionResubmission.NotResubmittable e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (ExceptionResubmission.ResubmitFailed e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        }
    }

    public ExceptionRecord discard(long id, String actor, String reason) {
        find(id);
        if (reason == null || reason.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a discard needs a reason");
        }
        if (!exceptions.discard(id, actor, reason.strip())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "exception " + id + " is not open");
        }
        return find(id);
    }

    public ExceptionRecord assign(long id, String actor, String owner) {
        if (owner == null || owner.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "an assignment needs an owner");
        }
        if (!exceptions.assign(id, actor, owner.strip())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no exception " + id);
        }
        return find(id);
    }

    static ExceptionFilter filter(String status, String owner, ExceptionCategory category, String partner,
                                  AgeBucket age, Instant now) {
        return new ExceptionFilter(status, blankToNull(owner), category, blankToNull(partner),
                age == null ? null : age.createdBefore(now), age == null ? null : age.createdAfter(now));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
