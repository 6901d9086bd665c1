/**
 * klogscanner: kernel reports from {@code /dev/kmsg}.
 *
 * <p>Flow ({@link org.telemetrics.probes.klog.Klogscanner}): options and configuration; the state
 * file ({@link org.telemetrics.probes.klog.ScanStateFile}) of this boot; records read one per
 * blocking read ({@link org.telemetrics.probes.klog.KmsgReader}, {@link
 * org.telemetrics.probes.klog.KmsgRecordParser}); the scan ({@link
 * org.telemetrics.probes.klog.KmsgScan}): sequence numbers checked for gaps, kernel messages
 * through the oops collector, each report sent through libtelemetry's client within the flood limit
 * ({@link org.telemetrics.probes.klog.FloodLimit}) and only when opted in, and the state saved so a
 * restart resumes exactly.
 */
package org.telemetrics.probes.klog;
