package org.telemetrics.ctl.optin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import org.telemetrics.status.CounterTotals;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;

/**
 * Opting out keeps a daemon's counter totals, so the metrics' counters never go down (a monitoring
 * system would read a drop as a reset): the status file is rewritten with only its {@code
 * <name>_total} keys and {@value CounterTotals#SINCE_MS}, which are counts that identify nothing;
 * everything else (the last record id delivered, the last error) goes. The file keeps its owner and
 * group, so the daemon can read it at its next start.
 */
final class CounterTotalsKept {
  /** What became of the file. */
  enum Outcome {
    ABSENT,
    KEPT,
    DAMAGED
  }

  private CounterTotalsKept() {}

  /**
   * Rewrites {@code file} with its totals only. A damaged file (or a link) is {@link
   * Outcome#DAMAGED} and left for the caller to delete: the daemon would start its totals again
   * from it anyway.
   */
  static Outcome in(Path file) throws IOException {
    DaemonStatus status;
    PosixFileAttributes owner;
    try {
      status = StatusFile.read(file);
      owner = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Outcome.ABSENT;
    } catch (IOException e) {
      return Outcome.DAMAGED;
    }
    DaemonStatus kept = DaemonStatus.empty();
    for (var e : status.values().entrySet()) {
      if (e.getKey().endsWith(CounterTotals.SUFFIX) || e.getKey().equals(CounterTotals.SINCE_MS)) {
        kept = kept.with(e.getKey(), e.getValue());
      }
    }
    StatusFile.write(file, kept);
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributes now = view.readAttributes();
    if (!now.owner().equals(owner.owner()) || !now.group().equals(owner.group())) {
      view.setGroup(owner.group()); // as root: give it back to the daemon's user and group
      view.setOwner(owner.owner());
    }
    return Outcome.KEPT;
  }
}
