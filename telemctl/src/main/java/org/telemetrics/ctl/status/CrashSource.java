package org.telemetrics.ctl.status;

import java.util.List;
import java.util.Optional;
import org.telemetrics.ctl.systemd.UnitReport;

/**
 * The crash intake {@code crash_source} chooses and whether it is in effect: with {@code
 * core_pattern}, when the kernel's core_pattern runs crashprobe; with {@code systemd-coredump},
 * when it runs systemd-coredump and crashprobe-coredump.service is active. Otherwise crashes go
 * unreported, and the reason says why.
 *
 * @param inEffect empty when it cannot be known (core_pattern unreadable, systemd not running)
 */
record CrashSource(String source, Optional<Boolean> inEffect, String reason) {
  static final String CORE_PATTERN = "core_pattern";
  static final String SYSTEMD_COREDUMP = "systemd-coredump";
  static final String FOLLOWER_UNIT = "crashprobe-coredump.service";

  static CrashSource of(
      String source, Optional<CoreDumpHandler> core, Optional<List<UnitReport>> units) {
    if (source.equals(SYSTEMD_COREDUMP)) {
      return systemdCoredump(core, units);
    }
    if (core.isEmpty()) {
      return new CrashSource(source, Optional.empty(), "kernel.core_pattern cannot be read");
    }
    return switch (core.get().owner()) {
      case CRASHPROBE ->
          new CrashSource(source, Optional.of(true), "kernel.core_pattern runs crashprobe");
      case SYSTEMD_COREDUMP ->
          new CrashSource(
              source,
              Optional.of(false),
              "kernel.core_pattern runs systemd-coredump, not crashprobe; set crash_source="
                  + SYSTEMD_COREDUMP
                  + " to take crashes from it");
      default ->
          new CrashSource(source, Optional.of(false), handler(core.get()) + ", not crashprobe");
    };
  }

  private static CrashSource systemdCoredump(
      Optional<CoreDumpHandler> core, Optional<List<UnitReport>> units) {
    Optional<UnitReport> follower =
        units.flatMap(
            list -> list.stream().filter(u -> u.state().unit().equals(FOLLOWER_UNIT)).findFirst());
    String unit =
        follower
            .map(u -> FOLLOWER_UNIT + " " + u.text())
            .orElse(FOLLOWER_UNIT + " unknown (systemd is not running)");
    boolean unitActive =
        follower.isPresent() && follower.get().state().activeState().equals("active");
    if (core.isPresent() && core.get().owner() != CoreDumpHandler.Owner.SYSTEMD_COREDUMP) {
      String hint =
          core.get().owner() == CoreDumpHandler.Owner.CRASHPROBE
              ? "; set crash_source=" + CORE_PATTERN + " to take crashes from it"
              : "";
      return new CrashSource(
          SYSTEMD_COREDUMP,
          Optional.of(false),
          handler(core.get()) + ", not systemd-coredump" + hint + "; " + unit);
    }
    String pattern =
        core.isPresent()
            ? "kernel.core_pattern runs systemd-coredump"
            : "kernel.core_pattern cannot be read";
    Optional<Boolean> inEffect =
        follower.isPresent() && !unitActive
            ? Optional.of(false)
            : core.isPresent() && follower.isPresent() ? Optional.of(true) : Optional.empty();
    return new CrashSource(SYSTEMD_COREDUMP, inEffect, pattern + "; " + unit);
  }

  private static String handler(CoreDumpHandler core) {
    return switch (core.owner()) {
      case KERNEL_FILE -> "kernel.core_pattern writes core files";
      case CRASHPROBE -> "kernel.core_pattern runs crashprobe";
      case SYSTEMD_COREDUMP -> "kernel.core_pattern runs systemd-coredump";
      case APPORT -> "kernel.core_pattern runs apport";
      case OTHER_PIPE -> "kernel.core_pattern runs another program";
    };
  }

  String describe() {
    return source
        + ", "
        + inEffect.map(e -> e ? "in effect" : "not in effect").orElse("unknown whether in effect")
        + " ("
        + reason
        + ")";
  }
}
