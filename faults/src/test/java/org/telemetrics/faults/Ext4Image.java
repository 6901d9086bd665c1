package org.telemetrics.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small ext4 filesystem in an image file, mounted through a loop device with {@code
 * errors=remount-ro} (Debian's default for its root filesystem) for one test. {@link #fail} makes
 * the kernel report a filesystem error, so ext4 turns itself read-only as it does after a real one:
 * writes fail with EROFS even to files already open. Needs root, a loop device and ext4 in the
 * kernel; {@link #mount} says why it could not, for a loud skip.
 */
final class Ext4Image implements AutoCloseable {
  private final Path mountPoint;
  private boolean mounted;

  private Ext4Image(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Makes a {@code sizeMiB} ext4 image at {@code image} and mounts it at {@code mountPoint}. */
  static Ext4Image mount(Path image, Path mountPoint, int sizeMiB)
      throws IOException, InterruptedException {
    String user = System.getProperty("user.name");
    if (!"root".equals(user)) {
      throw new IOException("mounting a loop device needs root; running as " + user);
    }
    Files.createDirectories(mountPoint);
    try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(sizeMiB * 1024L * 1024L);
    }
    check(run(List.of("mkfs.ext4", "-q", "-F", image.toString())));
    Ext4Image fs = new Ext4Image(mountPoint);
    check(
        run(
            List.of(
                "mount", "-o", "loop,errors=remount-ro", image.toString(), mountPoint.toString())));
    fs.mounted = true;
    return fs;
  }

  /** A filesystem error, as the kernel reports one: ext4 remounts itself read-only. */
  void fail() throws IOException, InterruptedException {
    String source = run(List.of("findmnt", "-n", "-o", "SOURCE", mountPoint.toString()));
    check(source);
    String device = Path.of(source.strip()).getFileName().toString();
    Path trigger = Path.of("/sys/fs/ext4", device, "trigger_fs_error");
    Files.writeString(trigger, "faults: ReadOnlyFilesystemTest\n");
  }

  /** Read-only (nothing may hold a file open for writing) or writable again. */
  void remount(boolean readOnly) throws IOException, InterruptedException {
    check(
        run(List.of("mount", "-o", readOnly ? "remount,ro" : "remount,rw", mountPoint.toString())));
  }

  /** Unmounts (lazily if something still holds it open); the loop device goes with it. */
  @Override
  public void close() throws IOException {
    if (!mounted) {
      return;
    }
    try {
      if (run(List.of("umount", mountPoint.toString())).startsWith(FAILED)) {
        check(run(List.of("umount", "-l", mountPoint.toString())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + mountPoint, e);
    }
    mounted = false;
  }

  private static final String FAILED = "\0failed: ";

  /** Runs a command: its output, or on failure a line starting with {@link #FAILED}. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return FAILED + String.join(" ", command) + " did not finish within 60 s";
    }
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return p.exitValue() == 0
        ? out
        : FAILED + String.join(" ", command) + ": " + out + " (exit " + p.exitValue() + ")";
  }

  private static void check(String output) throws IOException {
    if (output.startsWith(FAILED)) {
      throw new IOException(output.substring(FAILED.length()));
    }
  }
}
