package io.dock2ledger.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dock2ledger.exceptions.ExceptionRecord;
import io.dock2ledger.exceptions.ExceptionRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notifies exceptions that stay open too long (issue 12): each threshold of {@code aging:} in
 * config/exception-owners.yaml is notified once per exception, with a WARN log, the counter
 * {@code dock2ledger.exceptions.aged{category,owner,threshold}}, an AGED entry in the exception's actions and, when
 * {@code dock2ledger.operations.aging-webhook-url} is set, a JSON POST to it. Called by the route exception-aging-check.
 * A webhook that fails is logged, not retried: the log and the metric already carry the notice.
 */
public class ExceptionAging {

    private static final Logger log = LoggerFactory.getLogger(ExceptionAging.class);

    private final ExceptionRecorder exceptions;
    private final List<Duration> thresholds;
    private final URI webhook;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ObjectMapper json;
    private final HttpClient http;

    public ExceptionAging(ExceptionRecorder exceptions, List<Duration> thresholds, URI webhook, MeterRegistry meters,
                          Clock clock, ObjectMapper json) {
        this.exceptions = exceptions;
        this.thresholds = List.copyOf(thresholds);
        this.webhook = webhook == null || webhook.toString().isBlank() ? null : webhook;
        this.meters = meters;
        this.clock = clock;
        this.json = json;
        this.http = this.webhook == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return how many notices were given */
    public int check() {
        if (thresholds.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int notices = 0;
        for (ExceptionRecorder.Aging candidate : exceptions.openForAging(now.minus(thresholds.get(0)), thresholds.size())) {
            ExceptionRecord exception = candidate.exception();
            Duration age = Duration.between(exception.createdAt(), now);
            int level = (int) thresholds.stream().filter(t -> age.compareTo(t) >= 0).count();
            if (level <= candidate.notifiedLevel() || !exceptions.markAged(exception.id(), candidate.notifiedLevel(), level)) {
                continue;
            }
            Duration threshold = thresholds.get(level - 1);
            notify(exception, age, threshold);
            notices++;
        }
        return notices;
    }

    private void notify(ExceptionRecord exception, Duration age, Duration threshold) {
        String text = "open for " + human(age) + " (threshold " + human(threshold) + ")";
        log.warn("Exception {} {} of {} ({}), owner {}: {}; {}", exception.id(), exception.category(),
                exception.sourceDocument(), exception.partner(), exception.owner(), text, exception.reason());
        meters.counter("dock2ledger.exceptions.aged", "category", exception.category().name(), "owner", exception.owner(),
                "threshold", human(threshold)).increment();
        exceptions.action(exception.id(), "AGED", "hub", text + (webhook == null ? "" : ", webhook notified"));
        if (webhook != null) {
            post(exception, age, threshold);
        }
    }

    private void post(ExceptionRecord exception, Duration age, Duration threshold) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("exceptionId", exception.id());
        body.put("category", exception.category().name());
        body.put("owner", exception.owner());
        body.put("partner", exception.partner());
        body.put("sourceDocument", exception.sourceDocument());
        body.put("reason", exception.reason());
        body.put("createdAt", exception.createdAt().toString());
        body.put("openFor", age.toString());
        body.put("threshold", human(threshold));
        body.put("text", "Exception " + exception.id() + " " + exception.category() + " of " + exception.sourceDocument()
                + " (owner " + exception.owner() + ") open for " + human(age));
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook)
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                log.warn("Aging webhook answered {} for exception {}", response.statusCode(), exception.id());
            }
        } catch (IOException e) {
            log.warn("Aging webhook failed for exception {}: {}", exception.id(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String human(Duration duration) {
        if (duration.toDays() > 0 && duration.toHours() % 24 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toHours() > 0 && duration.toMinutes() % 60 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toHours() > 0) {
            return duration.toHours() + "h" + duration.toMinutesPart() + "m";
        }
        return duration.toMinutes() + "m";
    }
}
