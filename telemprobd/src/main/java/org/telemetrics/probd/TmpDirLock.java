package org.telemetrics.probd;

import java.nio.file.Path;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.InstanceLock;
import org.telemetrics.daemon.Ticker;

/**
 * Whoever holds {@code spool_dir/.telemprobd.lock} owns the segments in {@code tmp/}: a running
 * telemprobd for its whole life, or {@code telemprobd --recover} while it stages what a crash left
 * (see {@link RecoverRun}). Without it a recovery beside a running daemon would stage, or cut, the
 * segment the daemon is appending to. The lock is the kernel's ({@link InstanceLock}), so it goes
 * with its process, {@code kill -9} included.
 */
final class TmpDirLock {
  static final String FILE_NAME = ".telemprobd.lock";

  /** How long a starting daemon waits for a recovery run, which takes milliseconds, to end. */
  static final long WAIT_MILLIS = 30_000;

  private static final long POLL_MILLIS = 20;

  private TmpDirLock() {}

  static Path file(Layout layout) {
    return layout.spoolDir().resolve(FILE_NAME);
  }

  /** Tries once, for a recovery run: a daemon that holds the lock recovered at its own start. */
  static InstanceLock.Outcome take(Layout layout) {
    return InstanceLock.take(file(layout));
  }

  /**
   * Tries until it holds the lock, the lock cannot be had at all ({@link
   * InstanceLock.Unavailable}), or {@code waitMillis} have passed on {@code ticker} ({@link
   * InstanceLock.Busy}).
   */
  static InstanceLock.Outcome await(Layout layout, long waitMillis, Ticker ticker) {
    long start = ticker.nanos();
    while (true) {
      InstanceLock.Outcome outcome = take(layout);
      if (!(outcome instanceof InstanceLock.Busy) || ticker.millisSince(start) >= waitMillis) {
        return outcome;
      }
      try {
        Thread.sleep(POLL_MILLIS); // the kernel's lock has no timed wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return outcome;
      }
    }
  }
}
