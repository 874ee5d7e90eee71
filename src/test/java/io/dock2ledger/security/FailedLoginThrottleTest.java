package io.dock2ledger.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailedLoginThrottleTest {

    private final AtomicLong nanos = new AtomicLong(-Duration.ofHours(1).toNanos()); // nanoTime may be negative
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FailedLoginThrottle throttle =
            new FailedLoginThrottle("http", 3, Duration.ofMinutes(5), meters, nanos::get);

    @Test
    void anAddressIsBlockedForOneWindowByTheFailureThatReachesTheLimit() {
        assertThat(throttle.failed("10.0.0.5")).isFalse();
        assertThat(throttle.failed("10.0.0.5")).isFalse();
        assertThat(throttle.retryAfter("10.0.0.5")).isEmpty();

        later(Duration.ofMinutes(1));
        assertThat(throttle.failed("10.0.0.5")).isTrue();

        assertThat(throttle.retryAfter("10.0.0.5")).contains(Duration.ofMinutes(5));
        assertThat(meters.counter("dock2ledger.security.logins.failed", "door", "http").count()).isEqualTo(3.0);
        later(Duration.ofMinutes(4));
        assertThat(throttle.retryAfter("10.0.0.5")).contains(Duration.ofMinutes(1));
        later(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("10.0.0.5")).isEmpty();
    }

    /** A caller the door cannot tell apart, or a name refused before any check: counted, held against no one. */
    @Test
    void aFailureWithoutASourceIsCountedAndBlocksNoOne() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.failed(null)).isFalse();
        }

        assertThat(throttle.retryAfter(null)).isEmpty();
        assertThat(meters.counter("dock2ledger.security.logins.failed", "door", "http").count()).isEqualTo(5.0);
        assertThat(meters.counter("dock2ledger.security.logins.refused", "door", "http").count()).isZero();
    }

    @Test
    void otherAddressesAreNotBlocked() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.5");
        }

        assertThat(throttle.retryAfter("10.0.0.6")).isEmpty();
        assertThat(throttle.failed("10.0.0.6")).isFalse();
    }

    @Test
    void failuresFurtherApartThanTheWindowNeverBlock() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.failed("10.0.0.5")).isFalse();
            assertThat(throttle.failed("10.0.0.5")).isFalse();
            later(Duration.ofMinutes(5));
        }
        assertThat(throttle.retryAfter("10.0.0.5")).isEmpty();
    }

    @Test
    void aBlockEndsAndTheAddressStartsAFreshCount() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.5");
        }
        later(Duration.ofMinutes(5));

        assertThat(throttle.failed("10.0.0.5")).isFalse();
        assertThat(throttle.retryAfter("10.0.0.5")).isEmpty();
        throttle.failed("10.0.0.5");
        assertThat(throttle.failed("10.0.0.5")).isTrue();
    }

    @Test
    void aLimitBelowOneOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new FailedLoginThrottle("http", 0, Duration.ofMinutes(5), meters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> new FailedLoginThrottle("http", 10, Duration.ZERO, meters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }

    @Test
    void theFilterRefusesTheCredentialsOfABlockedAddressWith429AndLetsTheRestThrough() throws Exception {
        FailedLoginThrottleFilter filter = new FailedLoginThrottleFilter(throttle);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.5");
        }

        MockHttpServletResponse basic = filter(filter, request("GET", "/api/v1/exceptions", "10.0.0.5", true));
        assertThat(basic.getStatus()).isEqualTo(429);
        assertThat(basic.getHeader("Retry-After")).isEqualTo("300");
        assertThat(basic.getContentAsString()).contains("Too many failed logins from this address");
        assertThat(filter(filter, request("POST", "/login", "10.0.0.5", false)).getStatus()).isEqualTo(429);

        assertThat(filter(filter, request("GET", "/actuator/health", "10.0.0.5", false)).getStatus()).isEqualTo(200);
        assertThat(filter(filter, request("GET", "/api/v1/exceptions", "10.0.0.6", true)).getStatus()).isEqualTo(200);
        assertThat(meters.counter("dock2ledger.security.logins.refused", "door", "http").count()).isEqualTo(2.0);
    }

    private static MockHttpServletRequest request(String method, String path, String address, boolean basic) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        request.setRemoteAddr(address);
        if (basic) {
            request.addHeader("Authorization", "basic YWRtaW46eA==");
        }
        return request;
    }

    private static MockHttpServletResponse filter(FailedLoginThrottleFilter filter, MockHttpServletRequest request)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }

    private void later(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
