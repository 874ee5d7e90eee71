package io.dock2ledger.security;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * A stand-in API for the security tests while the real controllers are written elsewhere. {@link TestComponent}
 * keeps it out of component scanning, so only tests that import it see it.
 */
@TestComponent
@RestController
@RequestMapping("/api/v1/security-probe")
class SecurityProbeController {

    @GetMapping
    Map<String, String> read() {
        return Map.of("probe", "read");
    }

    @PostMapping
    Map<String, String> change() {
        return Map.of("probe", "changed");
    }
}
