package org.telemetrics.ctl.service;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.systemd.Systemctl;
import org.telemetrics.ctl.systemd.Units;

/** start/stop of the units, one systemctl call per unit, going on after a failure (as C). */
public final class ServiceControl {
  public static final String NO_SYSTEMD =
      "systemd is not running on this system: the telemetry services cannot be %s.";

  private final Systemctl systemctl;
  private final PrintWriter err;

  public ServiceControl(Systemctl systemctl, PrintWriter err) {
    this.systemctl = systemctl;
    this.err = err;
  }

  public void requireSystemd(String verb) throws CtlException {
    if (!systemctl.systemdRunning()) {
      throw new CtlException(String.format(NO_SYSTEMD, verb));
    }
  }

  /**
   * Stops the daemons' triggers then services, then the system probes; true when every unit
   * stopped. The metrics exporter keeps serving (an opted-out machine still says so to its
   * scraper).
   */
  public boolean stop() {
    List<String> units = new ArrayList<>(Units.TRIGGERS);
    units.addAll(Units.SERVICES);
    units.addAll(Units.PROBES);
    return forEach("stop", units);
  }

  /** {@link #stop()}, then the metrics exporter; true when every unit stopped. */
  public boolean stopAll() {
    boolean daemons = stop();
    return forEach("stop", List.of(Units.EXPORTER)) && daemons;
  }

  /**
   * Starts the triggers, which start the services on demand, then the metrics exporter and the
   * system probes where the administrator enabled them (the package does not).
   */
  public boolean start() {
    boolean ok = forEach("start", Units.TRIGGERS);
    for (String unit : Units.ENABLED_ONLY) {
      if (systemctl.enabled(unit)) {
        ok &= forEach("start", List.of(unit));
      }
    }
    return ok;
  }

  private boolean forEach(String verb, List<String> units) {
    boolean ok = true;
    for (String unit : units) {
      Systemctl.Result r = systemctl.run(List.of(verb, unit));
      if (!r.ok()) {
        ok = false;
        String output = (r.stdout() + r.stderr()).strip();
        if (!output.isEmpty()) {
          err.println(output);
        }
        err.println("Failed to " + verb + " " + unit + ". Continuing...");
      }
    }
    err.flush();
    return ok;
  }
}
