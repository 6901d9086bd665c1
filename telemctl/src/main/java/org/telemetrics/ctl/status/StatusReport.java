package org.telemetrics.ctl.status;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.telemetrics.ctl.systemd.UnitReport;
import org.telemetrics.status.DaemonStatus;

/** What {@code telemctl status} found, before it is printed as text or JSON. */
record StatusReport(
    boolean optedIn,
    Path optInFile,
    ServerTarget server,
    Optional<List<UnitReport>> units,
    Optional<CoreDumpHandler> coreDumps,
    CrashSource crashSource,
    DirectoryUsage staged,
    DirectoryUsage cStaged,
    DirectoryUsage queued,
    DirectoryUsage deadLetters,
    DirectoryUsage quarantined,
    long quotaKib,
    Optional<Delivery> lastDelivery,
    Optional<Failure> lastError,
    Path statusFile,
    Optional<DaemonStatus> postd,
    Map<String, String> statusTexts,
    List<String> notes) {

  /** The last record the backend took; {@code fromJournal} when no status file said so. */
  record Delivery(long timeMillis, Optional<String> recordId, boolean fromJournal) {}

  record Failure(Optional<Long> timeMillis, String message) {}

  /** Bytes the spool quota counts: records waiting in staging (ours and C's) and the queue. */
  long usedBytes() {
    return quotaCounted().filter(DirectoryUsage::known).mapToLong(DirectoryUsage::bytes).sum();
  }

  /** Whether every directory the quota counts could be read. */
  boolean usageComplete() {
    return quotaCounted().allMatch(DirectoryUsage::known);
  }

  private Stream<DirectoryUsage> quotaCounted() {
    return Stream.of(staged, cStaged, queued);
  }
}
