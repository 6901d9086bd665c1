package org.telemetrics.ctl.usage;

import java.util.Optional;

/** One row of the {@code usage} table, as far as the report shows it (never a payload). */
public record SettledRecord(
    long settled,
    String classification,
    long totalBytes,
    String outcome,
    Optional<String> reason,
    long attempts) {}
