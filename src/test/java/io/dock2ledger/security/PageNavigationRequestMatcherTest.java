package io.dock2ledger.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class PageNavigationRequestMatcherTest {

    private static final String PAGE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final PageNavigationRequestMatcher matcher = new PageNavigationRequestMatcher();

    @Test
    void browserNavigationToAConsolePageIsRemembered() {
        assertThat(matcher.matches(navigation("/actuator/hawtio/"))).isTrue();
        assertThat(matcher.matches(navigation("/actuator/hawtio/camel/routes"))).isTrue();
        assertThat(matcher.matches(navigation("/actuator/hawtio/index.html"))).isTrue();
        assertThat(matcher.matches(navigation("/swagger-ui.html"))).isTrue();
    }

    @Test
    void navigationFromABrowserWithoutFetchMetadataIsRemembered() {
        MockHttpServletRequest request = get("/actuator/hawtio/camel/routes");
        request.addHeader("Accept", "text/html, */*");

        assertThat(matcher.matches(request)).isTrue();
    }

    @Test
    void subresourcesAreNotRemembered() {
        assertThat(matcher.matches(fetch("/favicon.ico", "image/avif,image/webp,*/*", "image", "no-cors"))).isFalse();
        assertThat(matcher.matches(fetch("/actuator/hawtio/static/css/main.css", "text/css,*/*;q=0.1", "style", "no-cors"))).isFalse();
        assertThat(matcher.matches(fetch("/actuator/hawtio/static/js/main.js", "*/*", "script", "no-cors"))).isFalse();
        assertThat(matcher.matches(fetch("/actuator/hawtio/user", "application/json, text/plain, */*", "empty", "cors"))).isFalse();
    }

    @Test
    void framesAreNotTopLevelPages() {
        assertThat(matcher.matches(fetch("/actuator/hawtio/", PAGE_ACCEPT, "iframe", "navigate"))).isFalse();
    }

    @Test
    void requestsWithoutFetchMetadataAreJudgedByAcceptAndXhrHeader() {
        MockHttpServletRequest favicon = get("/favicon.ico");
        favicon.addHeader("Accept", "image/webp,*/*");
        MockHttpServletRequest anything = get("/actuator/hawtio/");
        anything.addHeader("Accept", "*/*");
        MockHttpServletRequest xhr = get("/actuator/hawtio/user");
        xhr.addHeader("Accept", "text/html, */*");
        xhr.addHeader("X-Requested-With", "XMLHttpRequest");

        assertThat(matcher.matches(favicon)).isFalse();
        assertThat(matcher.matches(anything)).isFalse();
        assertThat(matcher.matches(get("/actuator/hawtio/"))).as("no Accept header").isFalse();
        assertThat(matcher.matches(xhr)).isFalse();
    }

    @Test
    void filesOtherThanPagesAreNotRememberedEvenWhenNavigatedTo() {
        assertThat(matcher.matches(navigation("/favicon.ico"))).isFalse();
        assertThat(matcher.matches(navigation("/actuator/hawtio/static/js/main.js.map"))).isFalse();
        assertThat(matcher.matches(navigation("/.well-known/security.txt"))).isFalse();
    }

    @Test
    void onlyGetIsRemembered() {
        MockHttpServletRequest post = navigation("/actuator/hawtio/");
        post.setMethod("POST");

        assertThat(matcher.matches(post)).isFalse();
    }

    @Test
    void malformedAcceptIsNoPage() {
        MockHttpServletRequest request = get("/actuator/hawtio/");
        request.addHeader("Accept", "text/html;;==");

        assertThat(matcher.matches(request)).isFalse();
    }

    private static MockHttpServletRequest navigation(String path) {
        return fetch(path, PAGE_ACCEPT, "document", "navigate");
    }

    private static MockHttpServletRequest fetch(String path, String accept, String dest, String mode) {
        MockHttpServletRequest request = get(path);
        request.addHeader("Accept", accept);
        request.addHeader("Sec-Fetch-Dest", dest);
        request.addHeader("Sec-Fetch-Mode", mode);
        return request;
    }

    private static MockHttpServletRequest get(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        return request;
    }
}
