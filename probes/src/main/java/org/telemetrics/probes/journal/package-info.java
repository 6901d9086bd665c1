/**
 * journalprobe: failed services from the systemd journal ({@link
 * org.telemetrics.probes.journal.Journalprobe} runs {@code journalctl -o json --follow} from its
 * stored cursor; {@link org.telemetrics.probes.journal.JournalScan} sends one record per selected
 * entry, never one logged before the machine was opted in).
 */
package org.telemetrics.probes.journal;
