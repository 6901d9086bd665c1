package org.telemetrics.ctl.systemd;

import java.util.List;

/** The one way telemctl talks to systemd: run {@code systemctl} with arguments, no shell. */
public interface Systemctl {
  /** The outcome of one {@code systemctl} run. */
  record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** The last line of standard output, as C's is-active printed it; "unknown" if none. */
    public String lastLine() {
      String[] lines = stdout.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      return last.isEmpty() ? "unknown" : last;
    }
  }

  /** Runs {@code systemctl args...}; a systemctl that cannot be started is exit code 127. */
  Result run(List<String> args);

  /** Whether systemd is the running service manager (as sd_booted: /run/systemd/system). */
  boolean systemdRunning();

  /** Whether {@code systemctl enable} was run for {@code unit} (not by default, for some). */
  default boolean enabled(String unit) {
    String state = run(List.of("is-enabled", unit)).stdout().strip();
    return state.equals("enabled") || state.equals("enabled-runtime");
  }
}
