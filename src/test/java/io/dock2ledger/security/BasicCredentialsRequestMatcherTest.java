package io.dock2ledger.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BasicCredentialsRequestMatcherTest {

    private final BasicCredentialsRequestMatcher matcher = new BasicCredentialsRequestMatcher();

    @Test
    void scriptWithBasicCredentialsNeedsNoCsrfToken() {
        assertThat(matcher.matches(post("Basic b3BlcmF0b3I6c2VjcmV0", null))).isTrue();
        assertThat(matcher.matches(post("basic b3BlcmF0b3I6c2VjcmV0", "same-origin"))).isTrue();
    }

    @Test
    void requestWithoutBasicCredentialsNeedsCsrfToken() {
        assertThat(matcher.matches(post(null, null))).isFalse();
        assertThat(matcher.matches(post("Bearer abc", null))).isFalse();
    }

    @Test
    void crossSiteRequestNeedsCsrfTokenEvenWithBasicCredentials() {
        assertThat(matcher.matches(post("Basic b3BlcmF0b3I6c2VjcmV0", "cross-site"))).isFalse();
        assertThat(matcher.matches(post("Basic b3BlcmF0b3I6c2VjcmV0", "same-site"))).isFalse();
    }

    private static MockHttpServletRequest post(String authorization, String fetchSite) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/exceptions/1/resubmit");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (fetchSite != null) {
            request.addHeader("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }
}
