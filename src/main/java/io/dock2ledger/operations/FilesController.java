package io.dock2ledger.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

@RestController
@RequestMapping("/api/v1/files")
@Tag(name = "Files", description = "Each received file and how far its documents are")
public class FilesController {

    private final FileProgress files;

    public FilesController(FileProgress files) {
        this.files = files;
    }

    @GetMapping
    @Operation(summary = "Recently received files with their progress, newest first")
    public List<FileProgress.Progress> recent(
            @Parameter(description = "only this partner's files") @RequestParam(value = "partner", required = false) String partner,
            @Parameter(description = "at most this many (1-500)") @RequestParam(value = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to 500");
        }
        return files.recent(partner, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One received file: documents read, queued, posted and failed, out of its total",
            description = "The total is known once the file's content was checked (CSV, JSON); null for EDI files, "
                    + "whose sets are counted as they are read. Poll it to watch a large file to the end.")
    @ApiResponse(responseCode = "404", description = "no such file")
    public FileProgress.Progress one(@PathVariable String id) {
        return files.of(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no file " + id));
    }
}
