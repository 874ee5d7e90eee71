package io.dock2ledger.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Refuses the credentials of an address that {@link FailedLoginThrottle} has blocked, before any password is checked:
 * HTTP 429 with {@code Retry-After}. Only requests that carry credentials are refused (HTTP Basic on any path, the
 * login form's POST); the same address may still open public pages and the health endpoint, and a browser session it
 * already has goes on working.
 */
public final class FailedLoginThrottleFilter extends OncePerRequestFilter {

    private final FailedLoginThrottle throttle;

    public FailedLoginThrottleFilter(FailedLoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> wait = carriesCredentials(request)
                ? throttle.retryAfter(request.getRemoteAddr()) : Optional.empty();
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("Too many failed logins from this address: credentials are not checked for another "
                + seconds + " s. Check the account's password before trying again.\n");
    }

    static boolean carriesCredentials(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return true;
        }
        return HttpMethod.POST.matches(request.getMethod()) && "/login".equals(request.getServletPath());
    }
}
