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
  /** What is-active reports: name shown, unit asked (C asked the socket and the path unit). */
  public static final List<String[]> ACTIVITY = List.of(
      new String[] {"telemprobd", "telemprobd.socket"},
      new String[] {"telempostd", "telempostd.path"});

  private Units() {}
}
