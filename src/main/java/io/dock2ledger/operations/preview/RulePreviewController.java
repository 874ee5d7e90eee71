package io.dock2ledger.operations.preview;

import io.dock2ledger.posting.rules.RuleBook;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.LocalDate;

@RestController
@RequestMapping("/api/v1/posting-rules/preview")
@Tag(name = "Rule-change preview", description = "What a candidate posting-rules.yaml would have posted, against what was")
public class RulePreviewController {

    private final RulePreview preview;
    private final CandidateRules candidates;
    private final RuleBook current;

    public RulePreviewController(RulePreview preview, CandidateRules candidates, RuleBook current) {
        this.preview = preview;
        this.candidates = candidates;
        this.current = current;
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain", "*/*"})
    @Operation(summary = "Preview a candidate posting-rules.yaml over a period (operator or admin)",
            description = "The candidate is the request body (YAML), or the file named by path under config/. The period's "
                    + "events (business date from..to) are replayed against it, with the whole history before them so "
                    + "that the rules' state is right, and each document is compared account by account with what was "
                    + "posted: SAME, CHANGED, NEW or DROPPED. Nothing is posted or stored.")
    public PreviewReport preview(
            @Parameter(description = "legal entity; all when absent") @RequestParam(value = "entity", required = false) String entity,
            @RequestParam("from") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam("to") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "a candidate file under config/, when the body is empty") @RequestParam(value = "path", required = false) String path,
            @RequestBody(required = false) String yaml) {
        if (to.isBefore(from)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "to (" + to + ") is before from (" + from + ")");
        }
        RuleBook candidate;
        String source;
        try {
            if (yaml != null && !yaml.isBlank()) {
                candidate = candidates.fromYaml(yaml);
                source = "request body";
            } else if (path != null && !path.isBlank()) {
                candidate = candidates.fromConfig(path);
                source = "config/" + path;
            } else {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "Send the candidate posting-rules.yaml as the body, or name a file under config/ with path");
            }
        } catch (CandidateRules.Refused refused) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
        return preview.preview(current, candidate, source, entity == null || entity.isBlank() ? null : entity, from, to);
    }
}
