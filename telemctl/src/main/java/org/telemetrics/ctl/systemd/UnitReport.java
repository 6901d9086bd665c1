package org.telemetrics.ctl.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of each daemon's activation unit and service, of the boot-time recovery, of the metrics
 * exporter and of the system probes, as is-active and status show them: a service that is inactive
 * while its socket or path unit waits says when it will start, so a waiting path unit is never
 * taken for a running daemon; one that is off because it is not enabled says so.
 */
public record UnitReport(UnitState state, String text) {

  /**
   * One systemctl call per unit, in the order of {@link Units#ACTIVATIONS}, then the boot-time
   * recovery, the metrics exporter and the system probes (and whether each is enabled, when it is
   * not running).
   */
  public static List<UnitReport> of(Systemctl systemctl) {
    List<UnitReport> rows = new ArrayList<>();
    for (Units.Activation a : Units.ACTIVATIONS) {
      UnitState trigger = UnitState.of(systemctl, a.trigger());
      UnitState service = UnitState.of(systemctl, a.service());
      rows.add(new UnitReport(trigger, trigger.describe()));
      rows.add(
          new UnitReport(
              service,
              trigger.active() && service.idle()
                  ? "inactive (" + a.startsWhen() + ")"
                  : service.describe()));
    }
    UnitState recovery = UnitState.of(systemctl, Units.RECOVERY);
    rows.add(
        new UnitReport(
            recovery,
            recovery.idle()
                ? "inactive (runs at boot when tmp/ holds records)"
                : recovery.describe()));
    for (String unit : Units.ENABLED_ONLY) {
      UnitState state = UnitState.of(systemctl, unit);
      rows.add(
          new UnitReport(
              state,
              state.idle() && !systemctl.enabled(unit)
                  ? "inactive (not enabled)"
                  : state.describe()));
    }
    return rows;
  }
}
