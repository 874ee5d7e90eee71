package io.dock2ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The training start of {@code docker/dock2ledger} (docs/deployment.md, "Starting the hub"): with
 * {@code dock2ledger.startup-training=true} the hub starts completely (broker, database, routes, SFTP, web server) and
 * then closes itself, so that the JVM's class-data-sharing archive, written when it exits, holds every class a real
 * start loads. Spring Boot's own {@code -Dspring.context.exit=onRefresh} stops before the lifecycle phase, which here
 * is where the Camel routes are loaded and started and the SFTP server comes up: about half of the start-up time.
 */
@Component
@ConditionalOnProperty(name = "dock2ledger.startup-training", havingValue = "true")
class StartupTraining implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupTraining.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        log.info("Training start complete: closing the hub (dock2ledger.startup-training=true)");
        int code = SpringApplication.exit(event.getApplicationContext());
        // A thread of its own: System.exit waits for the shutdown hooks, and one of them (Spring's) waits for this one.
        Thread exit = new Thread(() -> System.exit(code), "startup-training-exit");
        exit.start();
    }
}
