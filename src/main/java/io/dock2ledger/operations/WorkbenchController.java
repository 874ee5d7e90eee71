package io.dock2ledger.operations;

import io.dock2ledger.audit.AuditTrail;
import io.dock2ledger.exceptions.ExceptionCategory;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.dock2ledger.security.HubRole;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The exceptions workbench at {@code /ops/} (issue 12): server-rendered pages (Thymeleaf, htmx from a WebJar for the
 * filters and the live file progress; no Node build), behind the hub's login. Viewers see; operators act. Every
 * action goes through {@link ExceptionWork}, like the API, and is audited with who and when.
 */
@Controller
@RequestMapping("/ops")
public class WorkbenchController {

    private final ExceptionRecorder exceptions;
    private final ExceptionWork work;
    private final ExceptionPayloads payloads;
    private final AuditTrail audit;
    private final FileProgress files;

    public WorkbenchController(ExceptionRecorder exceptions, ExceptionWork work, ExceptionPayloads payloads,
                               AuditTrail audit, FileProgress files) {
        this.exceptions = exceptions;
        this.work = work;
        this.payloads = payloads;
        this.audit = audit;
        this.files = files;
    }

    @GetMapping({"", "/"})
    public String home() {
        return "redirect:/ops/exceptions";
    }

    @GetMapping("/exceptions")
    public String list(@RequestParam(defaultValue = "OPEN") String status,
                       @RequestParam(required = false) String owner,
                       @RequestParam(required = false) String category,
                       @RequestParam(required = false) String partner,
                       @RequestParam(required = false) String age,
                       Model model, Authentication user) {
        String normalizedStatus = status.toUpperCase(Locale.ROOT);
        ExceptionCategory chosenCategory = categoryOf(category);
        AgeBucket bucket = AgeBucket.parse(age);
        List<Row> rows = exceptions.search(ExceptionWork.filter(normalizedStatus, owner, chosenCategory, partner, bucket,
                        work.now())).stream()
                .map(x -> new Row(x, AgeBucket.of(x.createdAt(), work.now()).label(),
                        ExceptionAging.human(Duration.between(x.createdAt(), work.now()))))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("status", normalizedStatus);
        model.addAttribute("owner", owner == null ? "" : owner);
        model.addAttribute("category", chosenCategory == null ? "" : chosenCategory.name());
        model.addAttribute("partner", partner == null ? "" : partner);
        model.addAttribute("age", bucket == null ? "" : bucket.label());
        model.addAttribute("owners", exceptions.owners());
        model.addAttribute("categories", Arrays.stream(ExceptionCategory.values()).map(Enum::name).toList());
        model.addAttribute("ages", Arrays.stream(AgeBucket.values()).map(AgeBucket::label).toList());
        model.addAttribute("user", user.getName());
        return "ops/exceptions";
    }

    /** One line of the list: the exception, its age bucket and its age in words. */
    public record Row(ExceptionRecord exception, String bucket, String age) {
    }

    @GetMapping("/exceptions/{id}")
    public String detail(@PathVariable long id, Model model, Authentication user) {
        ExceptionRecord exception = work.find(id);
        model.addAttribute("x", exception);
        model.addAttribute("age", ExceptionAging.human(Duration.between(exception.createdAt(), work.now())));
        model.addAttribute("payload", payloads.of(exception));
        model.addAttribute("actions", exceptions.actions(id));
        model.addAttribute("audit", exception.eventId() == null ? List.of() : audit.of(exception.eventId()));
        model.addAttribute("canAct", exception.open() && isOperator(user));
        model.addAttribute("canAssign", isOperator(user));
        model.addAttribute("user", user.getName());
        return "ops/exception";
    }

    @PostMapping("/exceptions/{id}/resubmit")
    public String resubmit(@PathVariable long id, Authentication user, RedirectAttributes flash) {
        return act(id, flash, () -> {
            ExceptionResubmission.Resubmitted done = work.resubmit(id, user.getName());
            if (done.note() != null) {
                return "Closed: " + done.note();
            }
            return "Resubmitted: its events are on their way to posting; the exception resolves itself when the "
                    + "document posts.";
        });
    }

    @PostMapping("/exceptions/{id}/discard")
    public String discard(@PathVariable long id, @RequestParam(defaultValue = "") String reason, Authentication user,
                          RedirectAttributes flash) {
        return act(id, flash, () -> {
            work.discard(id, user.getName(), reason);
            return "Discarded.";
        });
    }

    @PostMapping("/exceptions/{id}/assign")
    public String assign(@PathVariable long id, @RequestParam(defaultValue = "") String owner, Authentication user,
                         RedirectAttributes flash) {
        return act(id, flash, () -> {
            work.assign(id, user.getName(), owner);
            return "Assigned to " + owner.strip() + ".";
        });
    }

    @GetMapping("/files")
    public String files(@RequestParam(required = false) String partner, Model model, Authentication user) {
        model.addAttribute("files", files.recent(partner, 100));
        model.addAttribute("partner", partner == null ? "" : partner);
        model.addAttribute("user", user.getName());
        return "ops/files";
    }

    /** The archived raw file as the partner sent it, for download. */
    @GetMapping("/files/{id}/raw")
    public ResponseEntity<FileSystemResource> raw(@PathVariable String id) {
        Path file = payloads.rawFile(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no archived raw file " + id));
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + file.getFileName() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(file));
    }

    private String act(long id, RedirectAttributes flash, java.util.function.Supplier<String> action) {
        try {
            flash.addFlashAttribute("done", action.get());
        } catch (ResponseStatusException e) {
            flash.addFlashAttribute("failed", e.getReason());
        }
        return "redirect:/ops/exceptions/" + id;
    }

    private static ExceptionCategory categoryOf(String category) {
        if (category == null || category.isBlank()) {
            return null;
        }
        try {
            return ExceptionCategory.valueOf(category.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown category " + category);
        }
    }

    private static boolean isOperator(Authentication user) {
        return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(HubRole.OPERATOR.authority()));
    }
}
