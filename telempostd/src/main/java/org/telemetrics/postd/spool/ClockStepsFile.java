package org.telemetrics.postd.spool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of {@value ClockSteps#FILE_NAME}: a first line {@code boot <boot id> <offset ms>} (the
 * boot the file was last written in, and the wall clock's lead over the monotonic clock that its
 * steps account for), then one line {@code <at ms> <moved ms>} per step, oldest first. A file
 * written before the boot line existed has none; it is read as one of another boot.
 */
final class ClockStepsFile {
  /**
   * A step's line is two numbers of at most 20 characters; the boot line is a boot id of at most 64
   * and one number: the bound holds every line kept.
   */
  static final int MAX_BYTES = ClockSteps.MAX_STEPS * 48 + 96;

  /** Bounds an offset read, so that the difference of two offsets cannot overflow. */
  static final long MAX_OFFSET_MILLIS = 1L << 61;

  private static final Pattern BOOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");
  private static final String BOOT = "boot ";

  /** What the file holds; an empty boot id when it names none. */
  record Contents(String bootId, long offsetMillis, List<ClockSteps.Step> steps) {
    static final Contents NONE = new Contents("", 0, List.of());
  }

  private ClockStepsFile() {}

  /** Whether a boot id (as the kernel gives it: a UUID) can be kept; "unknown" cannot. */
  static boolean isBootId(String id) {
    return BOOT_ID.matcher(id).matches();
  }

  static byte[] format(Contents c) {
    StringBuilder text = new StringBuilder();
    if (!c.bootId().isEmpty()) {
      text.append(BOOT).append(c.bootId()).append(' ').append(c.offsetMillis()).append('\n');
    }
    for (ClockSteps.Step s : c.steps()) {
      text.append(s.atMillis()).append(' ').append(s.millis()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The contents, at most the last MAX_STEPS steps; IllegalArgumentException names a bad line. */
  static Contents parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("its last line is unfinished");
    }
    String bootId = "";
    long offset = 0;
    List<ClockSteps.Step> steps = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(" ", -1);
      if (i == 0 && line.startsWith(BOOT)) {
        String notBoot = "the boot line is not a boot id and a number: " + line;
        if (fields.length != 3 || !isBootId(fields[1])) {
          throw new IllegalArgumentException(notBoot);
        }
        bootId = fields[1];
        offset = number(fields[2], notBoot);
        if (Math.abs(offset) > MAX_OFFSET_MILLIS) {
          throw new IllegalArgumentException("the boot line's offset is out of range: " + line);
        }
        continue;
      }
      String notStep = "a line is not two numbers: " + line;
      if (fields.length != 2) {
        throw new IllegalArgumentException(notStep);
      }
      ClockSteps.Step step =
          new ClockSteps.Step(number(fields[0], notStep), number(fields[1], notStep));
      if (Math.abs(step.millis()) > RecordExpiry.MAX_MILLIS) { // bounds the sums RecordExpiry takes
        throw new IllegalArgumentException("a step longer than a century: " + line);
      }
      steps.add(step);
    }
    if (steps.size() > ClockSteps.MAX_STEPS) {
      steps = new ArrayList<>(steps.subList(steps.size() - ClockSteps.MAX_STEPS, steps.size()));
    }
    return new Contents(bootId, offset, List.copyOf(steps));
  }

  private static long number(String field, String problem) {
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(problem);
    }
  }
}
