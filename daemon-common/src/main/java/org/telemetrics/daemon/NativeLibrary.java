package org.telemetrics.daemon;

import java.io.IOException;
import java.nio.file.Path;
import org.telemetrics.files.Directories;
import org.telemetrics.files.FileErrors;
import org.telemetrics.log.Log;

/**
 * Where junixsocket unpacks its JNI library, unless the launcher named the installed copy ({@code
 * org.newsclub.net.unix.library.override}), which needs no copy. By default it uses {@code
 * java.io.tmpdir}, which a hardened service may mount noexec or private; the daemons point it at a
 * directory they own, if they can write there.
 */
public final class NativeLibrary {
  static final String TMPDIR_PROPERTY = "org.newsclub.net.unix.library.tmpdir";

  private NativeLibrary() {}

  /**
   * Sets the extraction directory unless the property was given on the command line. Must run
   * before the first use of junixsocket. Returns the directory in use, or null when it is the JVM's
   * temporary directory because {@code dir} could not be created.
   */
  public static Path useDirectory(Path dir, Log log) {
    String given = System.getProperty(TMPDIR_PROPERTY);
    if (given != null && !given.isEmpty()) {
      return Path.of(given);
    }
    try {
      // junixsocket writes its copy there: a directory on a read-only filesystem would fail it
      Directories.ensureWritable(dir, ".write-check.");
      System.setProperty(TMPDIR_PROPERTY, dir.toString());
      return dir;
    } catch (IOException e) {
      log.warning(
          "cannot use "
              + dir
              + " for the native socket library ("
              + FileErrors.describe(e)
              + "); using the JVM's temporary directory");
      return null;
    }
  }
}
