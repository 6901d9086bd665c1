package org.telemetrics.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test: a disk that really fills up. Mounting needs root (CI runs as
 * root); {@link #mount} says why it could not, for a loud skip.
 */
final class Tmpfs implements AutoCloseable {
  private final Path mountPoint;
  private boolean mounted;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code sizeMiB} at {@code mountPoint}; throws saying why not. */
  static Tmpfs mount(Path mountPoint, int sizeMiB) throws IOException, InterruptedException {
    return mount(mountPoint, sizeMiB, "");
  }

  /** The same with more mount options ({@code ",nr_inodes=N"}: files and directories it holds). */
  static Tmpfs mount(Path mountPoint, int sizeMiB, String moreOptions)
      throws IOException, InterruptedException {
    String user = System.getProperty("user.name");
    if (!"root".equals(user)) {
      throw new IOException("mounting a tmpfs needs root; running as " + user);
    }
    Files.createDirectories(mountPoint);
    Tmpfs t = new Tmpfs(mountPoint);
    String out =
        run(
            List.of(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + sizeMiB + "m,mode=0755" + moreOptions,
                "tmpfs",
                mountPoint.toString()));
    if (out != null) {
      throw new IOException("mount -t tmpfs failed: " + out);
    }
    t.mounted = true;
    return t;
  }

  Path path() {
    return mountPoint;
  }

  /** Unmounts (lazily if something still holds it open). */
  @Override
  public void close() throws IOException {
    if (!mounted) {
      return;
    }
    try {
      String out = run(List.of("umount", mountPoint.toString()));
      if (out != null) {
        String lazy = run(List.of("umount", "-l", mountPoint.toString()));
        if (lazy != null) {
          throw new IOException("cannot unmount " + mountPoint + ": " + out + "; " + lazy);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + mountPoint, e);
    }
    mounted = false;
  }

  /** Runs a command; null when it succeeded, else its output and exit status. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " did not finish within 30 s";
    }
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
  }
}
