/**
 * The kernel oops parser: start patterns ({@link org.telemetrics.probes.oops.OopsPatterns}), the
 * collection state machine ({@link org.telemetrics.probes.oops.OopsCollector}) and the C client's
 * payload format ({@link org.telemetrics.probes.oops.OopsPayload}), for klogscanner and for probes
 * that read saved kernel logs ({@link org.telemetrics.probes.oops.OopsLogParser}).
 *
 * <p>It reproduces the C parser's reports byte for byte, except where that parser loses reports
 * (see docs/system-probes.md). Kernel logs are input from outside: lines, reports and payloads are
 * bounded, and time is linear in the input.
 */
package org.telemetrics.probes.oops;
