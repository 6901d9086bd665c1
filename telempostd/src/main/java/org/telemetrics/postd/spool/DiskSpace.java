package org.telemetrics.postd.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space of the spool's filesystem, as a percentage; replaceable in tests. */
public interface DiskSpace {
  int freePercent(Path dir) throws IOException;

  static DiskSpace system() {
    return dir -> {
      var store = Files.getFileStore(dir);
      long total = store.getTotalSpace();
      return total <= 0 ? 100 : (int) (store.getUsableSpace() * 100 / total);
    };
  }
}
