package org.telemetrics.probes.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a follower resumes when the file holding its position (klogscanner's state, journalprobe's
 * and crashprobe-coredump's journal cursors) is damaged: at the time that file was last written.
 * The probes rewrite it after every entry they handle, so what was logged before that time was
 * handled (or passed over) already, and what was logged after it was not: resuming there sends
 * nothing twice and loses only what a damaging write may have hidden. A time after {@code now} (a
 * clock set back) or an unreadable one gives {@code now}: only what is logged from then on.
 */
public final class DamagedPosition {
  private DamagedPosition() {}

  /** Read before the file is moved aside (a rename keeps it, but the file is not ours then). */
  public static Instant lastWritten(Path file, Instant now) {
    try {
      Instant written = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
      return written.isAfter(now) ? now : written;
    } catch (IOException e) {
      return now;
    }
  }
}
