package org.telemetrics.daemon;

/**
 * What a failed write says about its filesystem, read from the exception's message (the JDK gives
 * the errno's text, not the errno): a full filesystem (no space, no inode, or the quota), one that
 * is read-only, or something else.
 */
public final class StorageFailures {
  private StorageFailures() {}

  /** Whether {@code e} (or a cause) says the filesystem is out of space, inodes or quota. */
  public static boolean isNoSpace(Throwable e) {
    return says(e, "No space left on device") || says(e, "Disk quota exceeded");
  }

  /** Whether {@code e} (or a cause) says the filesystem is read-only. */
  public static boolean isReadOnly(Throwable e) {
    return says(e, "Read-only file system");
  }

  /**
   * What the filesystem "is", in words for the user of a probe ("full (...)", "read-only"), or null
   * for any other failure.
   */
  public static String plainly(Throwable e) {
    if (isNoSpace(e)) {
      return "full (no space, no inode or no quota left)";
    }
    if (isReadOnly(e)) {
      return "read-only";
    }
    return null;
  }

  private static boolean says(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains(text)) {
        return true;
      }
    }
    return false;
  }
}
