package org.telemetrics.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A failed file operation in words. The JDK gives the commonest errors (no such file, permission
 * denied, file exists) only the path as their message, so "could not write X: " + message names the
 * file twice and never says why.
 */
public final class FileErrors {
  /** What strerror says for the errors the JDK reports by class alone. */
  private static final Map<Class<? extends FileSystemException>, String> WORDS =
      Map.of(
          NoSuchFileException.class, "no such file or directory",
          AccessDeniedException.class, "permission denied",
          FileAlreadyExistsException.class, "file exists",
          DirectoryNotEmptyException.class, "directory not empty",
          NotDirectoryException.class, "not a directory",
          NotLinkException.class, "not a symbolic link");

  private FileErrors() {}

  /**
   * Why it failed, without the path: for a caller that names the file itself. Any other failure is
   * its message (its class name if it has none).
   */
  public static String reason(Throwable e) {
    if (e instanceof FileSystemException f) {
      if (f.getReason() != null) {
        return f.getReason();
      }
      String word = word(f);
      return word != null ? word : f.getClass().getSimpleName(); // the message is only the path
    }
    int paren = javaIoReason(e);
    if (paren >= 0) {
      return e.getMessage().substring(paren + 2, e.getMessage().length() - 1);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The file (and the other file of a move, if any) and why, in one line. */
  public static String describe(Throwable e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String files =
          f.getOtherFile() == null ? f.getFile() : f.getFile() + " -> " + f.getOtherFile();
      return files + ": " + reason(e);
    }
    int paren = javaIoReason(e);
    if (paren >= 0) {
      return e.getMessage().substring(0, paren) + ": " + reason(e);
    }
    return reason(e);
  }

  /**
   * A failure of any kind in one line: an I/O failure as {@link #describe} words it, anything else
   * (a bug) as Java prints it, its class first, which says most about a bug.
   */
  public static String describeAny(Throwable e) {
    return e instanceof IOException ? describe(e) : e.toString();
  }

  /**
   * {@code file}, a colon and why it failed: the reason alone if the failure is about that file,
   * else the failure as it is (a sentence about the file, or another file and its reason). Reads
   * well after a verb: "cannot read " + about(file, e).
   */
  public static String about(Path file, Throwable e) {
    String line = describe(e);
    return line.startsWith(file + ": ") ? line : file + ": " + line;
  }

  /**
   * Where the reason starts in a java.io stream's "path (reason)" message (FileInputStream and
   * FileOutputStream throw FileNotFoundException so), or -1.
   */
  private static int javaIoReason(Throwable e) {
    String m = e.getMessage();
    return e instanceof FileNotFoundException && m != null && m.endsWith(")")
        ? m.lastIndexOf(" (")
        : -1;
  }

  private static String word(FileSystemException f) {
    for (Map.Entry<Class<? extends FileSystemException>, String> w : WORDS.entrySet()) {
      if (w.getKey().isInstance(f)) {
        return w.getValue();
      }
    }
    return null;
  }
}
