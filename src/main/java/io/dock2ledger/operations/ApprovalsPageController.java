package io.dock2ledger.operations;

import io.dock2ledger.posting.DocumentApprovals;
import io.dock2ledger.posting.store.DeliveryOutbox;
import io.dock2ledger.security.HubRole;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.function.Supplier;

/**
 * The workbench's approvals page ({@code /ops/approvals}): the finance documents an approval rule holds
 * (AWAITING_APPROVAL), with approve and reject forms for admins. Each decision goes through
 * {@link DocumentApprovals}, like {@code POST /api/v1/documents/{n}/approve|reject}, and is kept in the document's
 * delivery log with who, when and why.
 */
@Controller
public class ApprovalsPageController {

    private static final int LIMIT = 200;

    private final DeliveryOutbox outbox;
    private final DocumentApprovals approvals;

    public ApprovalsPageController(DeliveryOutbox outbox, DocumentApprovals approvals) {
        this.outbox = outbox;
        this.approvals = approvals;
    }

    @GetMapping("/ops/approvals")
    public String page(Model model, Authentication user) {
        model.addAttribute("held", outbox.inStatus(DeliveryOutbox.Status.AWAITING_APPROVAL, LIMIT));
        model.addAttribute("canDecide", user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(HubRole.ADMIN.authority())));
        model.addAttribute("user", user.getName());
        return "ops/approvals";
    }

    @PostMapping("/ops/approvals/{documentNumber}/approve")
    public String approve(@PathVariable String documentNumber, @RequestParam(defaultValue = "") String note,
                          Authentication user, RedirectAttributes flash) {
        return decide(flash, () -> {
            approvals.approve(documentNumber, user.getName(), note);
            return documentNumber + " approved: it is delivered to its ERP.";
        });
    }

    @PostMapping("/ops/approvals/{documentNumber}/reject")
    public String reject(@PathVariable String documentNumber, @RequestParam(defaultValue = "") String reason,
                         Authentication user, RedirectAttributes flash) {
        return decide(flash, () -> {
            approvals.reject(documentNumber, user.getName(), reason);
            return documentNumber + " rejected: it is never delivered.";
        });
    }

    private static String decide(RedirectAttributes flash, Supplier<String> decision) {
        try {
            flash.addFlashAttribute("done", decision.get());
        } catch (DocumentApprovals.RefusedException e) {
            flash.addFlashAttribute("failed", e.getMessage());
        }
        return "redirect:/ops/approvals";
    }
}
