package org.telemetrics.ctl.service;

import java.util.ArrayList;
import java.util.List;

/**
 * The state of each daemon's activation unit and service, and of the metrics exporter, as
 * is-active and status show them: a service that is inactive while its socket or path unit waits
 * says when it will start, so a waiting path unit is never taken for a running daemon.
 */
public record UnitReport(UnitState state, String text) {

  /**
   * One systemctl call per unit, in the order of {@link Units#ACTIVATIONS}, then the metrics
   * exporter (and whether it is enabled, when it is not running).
   */
  public static List<UnitReport> of(Systemctl systemctl) {
    List<UnitReport> rows = new ArrayList<>();
    for (Units.Activation a : Units.ACTIVATIONS) {
      UnitState trigger = UnitState.of(systemctl, a.trigger());
      UnitState service = UnitState.of(systemctl, a.service());
      rows.add(new UnitReport(trigger, trigger.describe()));
      rows.add(new UnitReport(service, trigger.active()
          && service.activeState().equals("inactive") && service.loadState().equals("loaded")
          ? "inactive (" + a.startsWhen() + ")" : service.describe()));
    }
    UnitState exporter = UnitState.of(systemctl, Units.EXPORTER);
    rows.add(new UnitReport(exporter, exporter.activeState().equals("inactive")
        && exporter.loadState().equals("loaded") && !ServiceControl.exporterEnabled(systemctl)
        ? "inactive (not enabled)" : exporter.describe()));
    return rows;
  }
}
