package org.telemetrics.status;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.DamagedFiles;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.record.StrictUtf8;

/**
 * The status file format: UTF-8 text, one {@code key=value} per line, {@code #} comments and empty
 * lines ignored. The first line is the comment {@code # telemetrics-status 1}. Keys are {@code
 * [a-z0-9_]+}; values are one line (control characters become spaces). Written atomically
 * (temporary file, fsync, rename), so a reader sees the old or the new file, never a mix.
 *
 * <p>A damaged status file (not a regular file, larger than {@link #MAX_BYTES}, not UTF-8, without
 * the first line, a line that is not {@code key=value}) is an {@link IOException} naming the file
 * and the fault for readers; writers simply replace it.
 */
public final class StatusFile {
  static final String MAGIC = "# telemetrics-status 1";

  /** Status files are small; anything bigger is not one. */
  public static final int MAX_BYTES = 16 * 1024;

  static final int MAX_VALUE = 1000;

  private StatusFile() {}

  public static String format(DaemonStatus status) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    status.values().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /** Parses status text; a line that is not {@code key=value} is an error naming its number. */
  public static DaemonStatus parse(String text) throws StatusFormatException {
    if (text.length() > MAX_BYTES) {
      throw new StatusFormatException("status file is larger than " + MAX_BYTES + " bytes");
    }
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new StatusFormatException("status line " + (i + 1) + " is not key=value");
      }
      try {
        values.put(checkKey(line.substring(0, eq)), line.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new StatusFormatException("status line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new DaemonStatus(values);
  }

  /** Reads a status file without following symbolic links. */
  public static DaemonStatus read(Path file) throws IOException {
    byte[] bytes = RegularFiles.readBounded(file, MAX_BYTES);
    String text;
    try {
      text = StrictUtf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new IOException(file + " is not a status file: it is not UTF-8 text");
    }
    if (!text.startsWith(MAGIC + "\n")) {
      throw new IOException(
          file + " is not a status file: its first line is not \"" + MAGIC + "\"");
    }
    try {
      return parse(text);
    } catch (StatusFormatException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  /**
   * Writes the file atomically through a temporary file in its own directory, mode 0640: it holds
   * the last record id delivered, which only the daemon user's group may see (as the journal).
   * Whatever was there is replaced; a link is replaced, not followed, and a directory in the way is
   * moved aside.
   */
  public static void write(Path file, DaemonStatus status) throws IOException {
    write(file, status, Clock.systemUTC());
  }

  /** Like {@link #write(Path, DaemonStatus)}; {@code clock} dates a directory moved aside. */
  public static void write(Path file, DaemonStatus status, Clock clock) throws IOException {
    byte[] bytes = format(status).getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFiles.write(file.getParent(), file, bytes, AtomicFiles.GROUP_READABLE);
    } catch (IOException e) {
      if (!isDirectory(file)) {
        throw e;
      }
      DamagedFiles.moveAside(file, "it is a directory", clock.instant());
      AtomicFiles.write(file.getParent(), file, bytes, AtomicFiles.GROUP_READABLE);
    }
  }

  private static boolean isDirectory(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isDirectory();
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  static String checkKey(String key) {
    if (key.isEmpty() || key.length() > 64) {
      throw new IllegalArgumentException("status key must be 1..64 characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        throw new IllegalArgumentException("status key \"" + key + "\" is not [a-z0-9_]+");
      }
    }
    return key;
  }

  static String oneLine(String value) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_VALUE));
    for (int i = 0; i < value.length() && i < MAX_VALUE; i++) {
      char c = value.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}
