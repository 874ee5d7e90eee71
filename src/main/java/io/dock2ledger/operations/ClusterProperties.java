package io.dock2ledger.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code dock2ledger.cluster.*}: several hub instances on one database (docs/deployment.md).
 *
 * @param jobLease how long a singleton job's lease lasts without renewal: above the longest job period (60 s), so the
 *                 holder keeps it; a dead holder's jobs move to another instance within this time
 */
@ConfigurationProperties(prefix = "dock2ledger.cluster")
public record ClusterProperties(@DefaultValue("3m") Duration jobLease) {
}
