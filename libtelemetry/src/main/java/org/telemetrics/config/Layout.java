package org.telemetrics.config;

import java.nio.file.Path;
import org.telemetrics.spool.disk.WorkingDirectory;

/**
 * Every file and directory the suite uses, resolved from one configuration.
 *
 * <p>{@code spool_dir} holds the daemons' working directories. telemprobd appends accepted records
 * to a segment in {@link #tmpDir()} and renames it into {@link #stagingDir()}; telempostd takes it
 * from there. Files directly in {@code spool_dir} are records left by the C client, which
 * telempostd migrates. All directories are on one filesystem, so every hand-over is an atomic
 * rename.
 */
public record Layout(
    Path root,
    Path socketPath,
    Path optInFile,
    Path staticMachineIdFile,
    Path noPrivacyFiltersFile,
    Path machineIdFile,
    Path hostInfoFile,
    Path spoolDir,
    Path journalFile,
    Path retentionDir) {

  static Layout of(TelemetryConfig c) {
    return new Layout(
        c.root(),
        c.path(ProbeKeys.SOCKET_PATH),
        c.path(ProbeKeys.OPT_IN_FILE),
        c.path(ProbeKeys.STATIC_MACHINE_ID_FILE),
        c.path(ProbeKeys.NO_PRIVACY_FILTERS_FILE),
        c.path(ProbeKeys.MACHINE_ID_FILE),
        c.path(ProbeKeys.HOST_INFO_FILE),
        c.path(ProbeKeys.SPOOL_DIR),
        c.path(ProbeKeys.JOURNAL_FILE),
        c.path(ProbeKeys.RECORD_RETENTION_DIR));
  }

  /** Temporary files being written; never read by anyone but their writer. */
  public Path tmpDir() {
    return WorkingDirectory.TMP.in(spoolDir);
  }

  /** Records accepted by telemprobd and not yet taken by telempostd. */
  public Path stagingDir() {
    return WorkingDirectory.STAGING.in(spoolDir);
  }

  /** Records telempostd holds for delivery (waiting for a retry, or for the rate limit). */
  public Path queueDir() {
    return WorkingDirectory.QUEUE.in(spoolDir);
  }

  /**
   * Records the backend refused permanently (4xx), with the reason; see {@code telemctl requeue}.
   */
  public Path deadLetterDir() {
    return WorkingDirectory.DEAD_LETTER.in(spoolDir);
  }

  /** Files that could not be parsed or failed their checksum; kept for inspection, never sent. */
  public Path quarantineDir() {
    return WorkingDirectory.QUARANTINE.in(spoolDir);
  }

  /** The kernel's boot id; not relocated, it is always the running system's. */
  public static Path bootIdFile() {
    return Path.of("/proc/sys/kernel/random/boot_id");
  }
}
