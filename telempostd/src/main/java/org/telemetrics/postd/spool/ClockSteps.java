package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.log.Log;

/**
 * The steps of the wall clock telempostd saw, kept in {@value #FILE_NAME} in {@code spool_dir}
 * across restarts. While it runs, a queued record's age is counted on the monotonic clock ({@link
 * RecordExpiry}); a restart reads it on the wall clock again, from the record's creation time. A
 * machine without a battery-backed clock that boots with an old time and is set right by NTP days
 * later, then restarts with records still queued (offline all along), would read those days into
 * their age and drop them as expired. With the steps kept here, a step made after a record was
 * created is left out of its age.
 *
 * <p>A step is the wall clock moving against the monotonic one by {@value #THRESHOLD_MILLIS} ms or
 * more: set forward or back, or a suspend (which the monotonic clock does not count, so a suspend
 * is not counted at a restart either, as while telempostd runs). Smaller moves add up until they
 * make one. The monotonic clock runs on across restarts until the next boot, so the file also keeps
 * the boot and the clocks' offset its steps account for: a start in the same boot finds a step made
 * while no telempostd ran (a crash, a stop, an upgrade) as well. The file keeps the last {@value
 * #MAX_STEPS}; one that cannot be read is moved aside and a new one starts.
 */
final class ClockSteps {
  static final String FILE_NAME = ".clock-steps";
  static final long THRESHOLD_MILLIS = 2_000;
  static final int MAX_STEPS = 32;

  /** When the wall clock read {@code atMillis} just after it moved by {@code millis}. */
  record Step(long atMillis, long millis) {}

  private final Path file;
  private final String bootId; // empty when the kernel's cannot be kept: no look across runs
  private final TimeSource time;
  private final Log log;
  private final List<Step> steps = new ArrayList<>();
  private long offsetMillis; // the wall clock's lead over the monotonic one the steps account for
  private boolean saveFailed;

  ClockSteps(Path spoolDir, String bootId, TimeSource time, Log log) {
    this.file = spoolDir.resolve(FILE_NAME);
    this.bootId = ClockStepsFile.isBootId(bootId) ? bootId : "";
    this.time = time;
    this.log = log;
    this.offsetMillis = offset(time.millis());
  }

  /**
   * Reads what earlier runs kept (an unreadable file is moved aside). In the boot they ran in, a
   * step made since is kept as one seen now; in a new boot the file starts to name it.
   */
  synchronized void load() {
    ClockStepsFile.Contents kept = read();
    steps.clear();
    steps.addAll(kept.steps());
    if (bootId.isEmpty()) {
      return;
    }
    if (bootId.equals(kept.bootId())) {
      offsetMillis = kept.offsetMillis();
      look(" while telempostd was not running");
    } else {
      save(); // with the offset read at construction, this boot's own
    }
  }

  /** Looks at the clocks: a step since the last look is kept. Called at every turn of the loop. */
  void observe() {
    now();
  }

  /**
   * The wall clock, read once, after a look at the clocks with that same reading. A record's age
   * read from it leaves out a step made since the last turn of the loop (the loop waits up to a
   * second, and a record may arrive after a step and before the next turn's look).
   */
  synchronized long now() {
    return look("");
  }

  private long look(String when) {
    long wall = time.millis();
    long moved = offset(wall) - offsetMillis;
    if (Math.abs(moved) < THRESHOLD_MILLIS) {
      return wall; // NTP's slewing moves both clocks alike; small steps add up until they count
    }
    offsetMillis += moved;
    steps.add(new Step(wall, RecordExpiry.clamp(moved, RecordExpiry.MAX_MILLIS)));
    if (steps.size() > MAX_STEPS) {
      steps.remove(0);
    }
    log.info(
        "the wall clock moved "
            + Duration.ofMillis(Math.abs(moved)).toSeconds()
            + " s "
            + (moved > 0 ? "ahead (set forward, or a suspend)" : "back")
            + when
            + "; queued records do not count it in their age");
    save();
    return wall;
  }

  /**
   * How far the wall clock moved since {@code createdMillis}: left out of a record's age. A step
   * forward counts for times its old reading had passed, before {@code at - millis}. A step back
   * counts for times before {@code at}; later ones may have been read before it or after it, and it
   * is left out for them, which keeps such a record longer rather than dropping it sooner.
   */
  synchronized long since(long createdMillis) {
    long sum = 0;
    for (Step s : steps) {
      if (createdMillis <= s.atMillis() - Math.max(s.millis(), 0)) {
        sum += s.millis();
      }
    }
    return sum;
  }

  synchronized List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The wall clock's lead over the monotonic one, for a wall clock reading {@code wall}. */
  private long offset(long wall) {
    return wall - time.nanos() / 1_000_000;
  }

  private ClockStepsFile.Contents read() {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return ClockStepsFile.Contents.NONE;
    }
    try {
      return ClockStepsFile.parse(RegularFiles.readBounded(file, ClockStepsFile.MAX_BYTES));
    } catch (IOException | IllegalArgumentException e) {
      moveAside(FileErrors.reason(e));
      return ClockStepsFile.Contents.NONE;
    }
  }

  private void save() {
    byte[] text =
        ClockStepsFile.format(
            new ClockStepsFile.Contents(bootId, offsetMillis, List.copyOf(steps)));
    try {
      AtomicFiles.write(file.getParent(), file, text, AtomicFiles.GROUP_READABLE);
      saveFailed = false;
    } catch (IOException e) {
      if (!saveFailed) { // once until it works again: the steps stay known while this runs
        log.warning("cannot keep the clock's steps in " + FileErrors.about(file, e));
      }
      saveFailed = true;
    }
  }

  private void moveAside(String why) {
    try {
      Path aside = DamagedFiles.moveAside(file, why, Instant.ofEpochMilli(time.millis()));
      log.warning(file + " was moved aside to " + aside + " (" + why + "); it starts afresh");
    } catch (IOException e) {
      log.warning(
          "cannot read " + file + " (" + why + "), nor move it aside: " + FileErrors.describe(e));
    }
  }
}
