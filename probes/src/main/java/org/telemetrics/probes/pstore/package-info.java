/**
 * pstoreprobe: kernel log dumps of the previous boot from pstore ({@link
 * org.telemetrics.probes.pstore.PstoreEntry} names, {@link
 * org.telemetrics.probes.pstore.PstoreDump} parts joined oldest first), every report in them
 * through the oops parser, and each dump's entries removed once its records were taken.
 */
package org.telemetrics.probes.pstore;
