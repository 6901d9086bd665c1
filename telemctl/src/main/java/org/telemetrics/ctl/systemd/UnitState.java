package org.telemetrics.ctl.systemd;

import java.util.List;

/**
 * What systemd says of one unit: its active state and sub-state ({@code systemctl show}), e.g. a
 * path unit "active (waiting)" while its service is "inactive (dead)" until records arrive.
 */
public record UnitState(String unit, String activeState, String subState, String loadState) {
  static final String UNKNOWN = "unknown";

  /** Asks systemd; a unit systemctl says nothing of is "unknown". */
  public static UnitState of(Systemctl systemctl, String unit) {
    Systemctl.Result r =
        systemctl.run(List.of("show", "--property=LoadState,ActiveState,SubState", unit));
    String load = UNKNOWN;
    String active = UNKNOWN;
    String sub = "";
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String value = line.substring(eq + 1).strip();
      switch (line.substring(0, eq)) {
        case "LoadState" -> load = value.isEmpty() ? UNKNOWN : value;
        case "ActiveState" -> active = value.isEmpty() ? UNKNOWN : value;
        case "SubState" -> sub = value;
        default -> {}
      }
    }
    return new UnitState(unit, active, sub, load);
  }

  public boolean active() {
    return activeState.equals("active");
  }

  /** Installed and not running: for a triggered or oneshot unit, what it says why. */
  public boolean idle() {
    return activeState.equals("inactive") && loadState.equals("loaded");
  }

  /** "active (waiting)", "inactive (not installed)", "unknown". */
  public String describe() {
    if (loadState.equals("not-found")) {
      return activeState + " (not installed)";
    }
    if (loadState.equals("masked")) {
      return activeState + " (masked)";
    }
    return subState.isEmpty() || subState.equals(activeState)
        ? activeState
        : activeState + " (" + subState + ")";
  }
}
