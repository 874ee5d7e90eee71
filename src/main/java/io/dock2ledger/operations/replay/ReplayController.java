package io.dock2ledger.operations.replay;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.security.Principal;

@RestController
@RequestMapping("/api/v1/replay")
@Tag(name = "Replay", description = "Re-drive stored canonical events through the normal posting path")
public class ReplayController {

    private final EventReplay replay;

    public ReplayController(EventReplay replay) {
        this.replay = replay;
    }

    @PostMapping
    @Operation(summary = "Replay events by id, partner, source document or time received (operator)",
            description = "Each selected event goes to the posting queue again, through the same route and posting "
                    + "service as on arrival: a posted document stays posted (the replay is audited DUPLICATE), a failed "
                    + "one is decided again with today's master data. With dryRun nothing is sent or written: each event "
                    + "says what would happen (WOULD_POST, DUPLICATE, CORRECTION, NOTHING_TO_POST, STILL_WAITING, "
                    + "STILL_FAILING with its reason). Every re-driven event gets a REDRIVEN audit entry naming the user.")
    public ReplayResult replay(@RequestBody ReplayRequest request, Principal user) {
        try {
            return replay.replay(request, user.getName());
        } catch (EventReplay.RefusedReplay refused) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
    }
}
