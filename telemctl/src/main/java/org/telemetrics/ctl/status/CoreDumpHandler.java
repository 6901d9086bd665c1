package org.telemetrics.ctl.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.files.FileErrors;
import org.telemetrics.files.RegularFiles;

/**
 * Who takes core dumps now: the kernel's {@code core_pattern}. Whether crashes are reported depends
 * on {@code crash_source} as well ({@link CrashSource}): another handler than the chosen one
 * (Debian's systemd-coredump installs a sysctl.d file read after ours) silently stops them.
 */
record CoreDumpHandler(Owner owner, String pattern) {
  /** Where the kernel shows it, under the root directory. */
  static final String FILE = "proc/sys/kernel/core_pattern";

  /** The kernel's limit (CORENAME_MAX_SIZE) with room: more is not a core_pattern. */
  private static final int MAX_BYTES = 4096;

  enum Owner {
    CRASHPROBE("crashprobe"),
    SYSTEMD_COREDUMP("systemd-coredump"),
    APPORT("apport"),
    OTHER_PIPE("another program"),
    KERNEL_FILE("the kernel writes core files");

    final String text;

    Owner(String text) {
      this.text = text;
    }
  }

  /** The handler named by the file, or empty (with {@code why}) when it cannot be read. */
  static Optional<CoreDumpHandler> read(Path file, StringBuilder why) {
    try {
      String value =
          new String(RegularFiles.readBounded(file, MAX_BYTES), StandardCharsets.UTF_8).strip();
      return Optional.of(of(value));
    } catch (NoSuchFileException e) {
      why.append("cannot read ").append(file).append(": no such file");
      return Optional.empty();
    } catch (IOException e) {
      why.append("cannot read ").append(FileErrors.about(file, e));
      return Optional.empty();
    }
  }

  static CoreDumpHandler of(String pattern) {
    if (!pattern.startsWith("|")) {
      return new CoreDumpHandler(Owner.KERNEL_FILE, pattern);
    }
    String program = pattern.substring(1).strip().split("\\s+", 2)[0];
    String name = program.substring(program.lastIndexOf('/') + 1);
    Owner owner =
        switch (name) {
          case "crashprobe" -> Owner.CRASHPROBE;
          case "systemd-coredump" -> Owner.SYSTEMD_COREDUMP;
          case "apport" -> Owner.APPORT;
          default -> Owner.OTHER_PIPE;
        };
    return new CoreDumpHandler(owner, pattern);
  }

  String describe() {
    return owner.text + ": " + pattern;
  }
}
