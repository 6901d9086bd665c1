package org.telemetrics.spool.disk;

import java.util.regex.Pattern;
import org.telemetrics.files.AsideNote;

/** Names of the files telempostd keeps beside records, and of its temporary files. */
public final class SpoolNames {
  /** {@code queue/<record-id>.retry}: the attempts of a queued record (see RetryState). */
  public static final String RETRY_SUFFIX = ".retry";

  /** {@code queue/<file>.settled}: ids of records of a multi-record file already settled. */
  public static final String SETTLED_SUFFIX = ".settled";

  /**
   * The start of the empty files telempostd creates and removes at start to learn whether it can
   * write a directory (one left by a kill in between is removed at the next start).
   */
  public static final String WRITE_CHECK_PREFIX = ".telempostd-write-check.";

  /** {@code <name>.reason}: why a file is in dead-letter/ or quarantine/ ({@link AsideNote}). */
  public static final String REASON_SUFFIX = AsideNote.SUFFIX;

  /**
   * A temporary file is {@code tmp/.<target name>.<nanos>.tmp} (as AtomicFiles names them);
   * telempostd's own are those of its notes (telemprobd's segments have other names and are its to
   * clean up).
   */
  private static final Pattern STATE_TEMPORARY =
      Pattern.compile("\\..+\\.(retry|reason|settled|loss)\\.[0-9]+\\.tmp");

  private SpoolNames() {}

  /** Whether {@code name} in tmp/ is an unfinished note of telempostd's. */
  public static boolean isStateTemporary(String name) {
    return STATE_TEMPORARY.matcher(name).matches();
  }

  /** The note beside a file in dead-letter/ or quarantine/. */
  public static String reasonFor(String fileName) {
    return fileName + REASON_SUFFIX;
  }

  public static boolean isNote(String fileName) {
    return fileName.endsWith(REASON_SUFFIX);
  }
}
