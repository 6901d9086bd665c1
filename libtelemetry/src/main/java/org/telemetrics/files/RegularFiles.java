package org.telemetrics.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads of files that outside hands can reach: a file must be a regular one, not a link, a FIFO
 * (which would block the read) or a device, and no larger than its caller expects, so a planted or
 * damaged file costs bounded memory and never hangs a program.
 */
public final class RegularFiles {
  private RegularFiles() {}

  /**
   * Reads a regular file of at most {@code maxBytes}, refusing symbolic links and anything larger.
   */
  public static byte[] readBounded(Path file, int maxBytes) throws IOException {
    BasicFileAttributes a =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IOException(file + " is not a regular file (it is " + describe(a) + ")");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(file + " is larger than " + maxBytes + " bytes");
      }
      return bytes;
    }
  }

  /** What a path is, for messages about something that is not the regular file it should be. */
  public static String describe(BasicFileAttributes a) {
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isDirectory()) {
      return "a directory";
    }
    return a.isRegularFile() ? "a regular file" : "a FIFO, socket or device";
  }
}
