package org.telemetrics.postd;

import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.log.Log;

/**
 * Whether the machine is opted in, asked at each turn of the loop: nothing is sent while the opt-in
 * marker is missing. systemd stops telempostd at {@code telemctl opt-out}, but not when the marker
 * is removed by hand, and without systemd nothing stops it at all; a record sent after the user
 * opted out would be the one leak the marker exists to prevent. The queue stays (an opt-out deletes
 * it), and sending resumes when the marker is back.
 */
final class OptInWatch {
  private final Path marker;
  private final Log log;
  private boolean optedIn = true;

  OptInWatch(Path marker, Log log) {
    this.marker = marker;
    this.log = log;
  }

  /** Whether the marker is there now; a change is logged. */
  boolean optedIn() {
    boolean now = Files.exists(marker); // followed, as the units' ConditionPathExists= does
    if (now != optedIn) {
      if (now) {
        log.info("opted in again (" + marker + "): sending resumes");
      } else {
        log.warning(
            "not opted in ("
                + marker
                + " is missing): nothing is sent until it is back; the queue is kept, and"
                + " telemctl opt-out deletes it");
      }
      optedIn = now;
    }
    return now;
  }
}
