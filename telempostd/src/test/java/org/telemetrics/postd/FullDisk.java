package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.telemetrics.postd.spool.DiskWrites;

/**
 * Disk writes that fail as a full filesystem makes them fail (ENOSPC, naming the file) for the
 * targets chosen by the test, and otherwise write for real.
 */
final class FullDisk implements DiskWrites {
  private final DiskWrites real = DiskWrites.system();
  private volatile Predicate<Path> full = p -> false;
  final AtomicInteger refused = new AtomicInteger();

  /** Writes to targets matching {@code which} fail from now on. */
  FullDisk fill(Predicate<Path> which) {
    full = which;
    return this;
  }

  FullDisk fillAll() {
    return fill(p -> true);
  }

  void free() {
    full = p -> false;
  }

  @Override
  public void write(Path tmpDir, Path target, byte[] content) throws IOException {
    check(target);
    real.write(tmpDir, target, content);
  }

  @Override
  public void append(Path file, byte[] content) throws IOException {
    check(file);
    real.append(file, content);
  }

  private void check(Path target) throws IOException {
    if (full.test(target)) {
      refused.incrementAndGet();
      throw new IOException("could not write " + target + ": No space left on device");
    }
  }
}
