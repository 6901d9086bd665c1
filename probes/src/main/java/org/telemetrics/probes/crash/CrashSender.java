package org.telemetrics.probes.crash;

import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.log.Log;
import org.telemetrics.probes.cli.ProbeRuntime;

/** Sends a crash's records to telemprobd, logs how each went, and gives the probe's exit status. */
final class CrashSender {
  private final TelemetryClient client;
  private final Log log;

  CrashSender(TelemetryClient client, Log log) {
    this.client = client;
    this.log = log;
  }

  /** The exit status for the record of {@code process}'s crash (see {@link Crashprobe}). */
  int send(String process, String classification, int severity, String payload) {
    SendResult result = ProbeRuntime.send(client, classification, severity, payload);
    if (result.delivered()) {
      log.info("crash of " + process + " reported as " + classification);
    } else {
      log.error("crash of " + process + " not reported: " + describe(result));
    }
    return ProbeRuntime.exitStatus(result);
  }

  private static String describe(SendResult r) {
    if (r instanceof SendResult.Rejected rej) {
      return "rejected: " + rej.reason();
    }
    if (r instanceof SendResult.Failed f) {
      return f.message();
    }
    return r.toString();
  }
}
