package org.telemetrics.ctl.service;

import java.util.List;

/** The systemd units of the suite, in the order the C telemctl handled them. */
public final class Units {
  /** Activation units: started by start, stopped first by stop. */
  public static final List<String> TRIGGERS =
      List.of("hprobe.timer", "telemprobd.socket", "telempostd.path");
  /** Services the triggers start; stop stops them after the triggers. */
  public static final List<String> SERVICES =
      List.of("hprobe.service", "telemprobd.service", "telempostd.service");
  /**
   * Each daemon's activation unit and its service, as is-active and status report them: an
   * inactive service is normal while its activation unit waits.
   */
  public static final List<Activation> ACTIVATIONS = List.of(
      new Activation("telemprobd.socket", "telemprobd.service", "starts on the first connection"),
      new Activation("telempostd.path", "telempostd.service", "starts when records arrive"));

  /**
   * The metrics exporter: no trigger starts it and the package does not enable it, so start
   * starts it only where the administrator enabled it; stop and restart handle it last.
   */
  public static final String EXPORTER = "telemetrics-metrics.service";

  /** A trigger unit, the service it starts, and when it starts it. */
  public record Activation(String trigger, String service, String startsWhen) {}

  private Units() {}
}
