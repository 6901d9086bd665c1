package org.telemetrics.ctl.systemd;

import java.util.List;
import java.util.stream.Stream;

/** The systemd units of the suite, in the order the C telemctl handled them. */
public final class Units {
  public static final String PROBD_SOCKET = "telemprobd.socket";
  public static final String PROBD = "telemprobd.service";
  public static final String POSTD_PATH = "telempostd.path";
  public static final String POSTD = "telempostd.service";
  public static final String HPROBE_TIMER = "hprobe.timer";
  public static final String HPROBE = "hprobe.service";
  public static final String KLOGSCANNER = "klogscanner.service";
  public static final String PSTOREPROBE = "pstoreprobe.service";
  public static final String JOURNALPROBE = "journalprobe.service";
  public static final String COREDUMP = "crashprobe-coredump.service";

  /**
   * The static oneshot the daemons' and probes' units want before each start: it makes their
   * directories again where one was removed since boot.
   */
  public static final String DIRS = "telemetrics-dirs.service";

  /** Activation units: started by start, stopped first by stop. */
  public static final List<String> TRIGGERS = List.of(HPROBE_TIMER, PROBD_SOCKET, POSTD_PATH);

  /** Services the triggers start; stop stops them after the triggers. */
  public static final List<String> SERVICES = List.of(HPROBE, PROBD, POSTD);

  /**
   * Each daemon's activation unit and its service, as is-active and status report them: an inactive
   * service is normal while its activation unit waits.
   */
  public static final List<Activation> ACTIVATIONS =
      List.of(
          new Activation(PROBD_SOCKET, PROBD, "starts on the first connection"),
          new Activation(POSTD_PATH, POSTD, "starts when records arrive"));

  /**
   * The oneshot that stages at boot what a power cut left in telemprobd's tmp/: inactive is its
   * normal state, failed means a boot's recovery failed (its journal says why).
   */
  public static final String RECOVERY = "telemprobd-recover.service";

  /**
   * The metrics exporter: no trigger starts it and the package does not enable it, so start starts
   * it only where the administrator enabled it; stop and restart handle it last.
   */
  public static final String EXPORTER = "telemetrics-metrics.service";

  /**
   * The system probes' services: installed but not enabled by the package, so start starts each
   * only where the administrator enabled it; stop stops them after the daemons, and so does opt-out
   * (they collect, unlike the exporter).
   */
  public static final List<String> PROBES =
      List.of(KLOGSCANNER, PSTOREPROBE, JOURNALPROBE, COREDUMP);

  /** The units start starts only where they are enabled: the exporter, then the probes. */
  public static final List<String> ENABLED_ONLY =
      Stream.concat(Stream.of(EXPORTER), PROBES.stream()).toList();

  /** A trigger unit, the service it starts, and when it starts it. */
  public record Activation(String trigger, String service, String startsWhen) {}

  private Units() {}
}
