package org.telemetrics.postd.usage;

import org.telemetrics.usage.UsageEvent;

/** A blurred usage event and its de-duplication key (a salted hash of the record id). */
record UsageRow(byte[] key, UsageEvent event) {}
