package org.telemetrics.postd.usage;

import org.telemetrics.usage.UsageEvent;

/**
 * A settled record's blurred usage event, waiting for the usage writer, with the record id its
 * de-duplication key is made from (on the writer's thread; the id itself is never written).
 */
record PendingUsage(String recordId, UsageEvent event) {}
