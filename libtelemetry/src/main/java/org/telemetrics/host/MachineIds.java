package org.telemetrics.host;

import java.nio.charset.StandardCharsets;

/**
 * What counts as a machine id in the files that hold one, so that telemprobd, which stamps the id
 * on records, and telemctl, which previews records, read them alike.
 */
public final class MachineIds {
  /** Only the start of the static override file is read, as in C. */
  public static final int MAX_STATIC_LENGTH = 32;

  private MachineIds() {}

  /**
   * The id in the first {@link #MAX_STATIC_LENGTH} bytes of the static override file: its first
   * line, stripped; null when that is empty.
   *
   * @throws IllegalArgumentException when the line holds anything but printable ASCII
   */
  public static String parseStatic(byte[] head) {
    String text =
        new String(head, 0, Math.min(head.length, MAX_STATIC_LENGTH), StandardCharsets.US_ASCII);
    int nl = text.indexOf('\n');
    String id = (nl >= 0 ? text.substring(0, nl) : text).strip();
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("holds a character that is not printable ASCII");
      }
    }
    return id.isEmpty() ? null : id;
  }
}
