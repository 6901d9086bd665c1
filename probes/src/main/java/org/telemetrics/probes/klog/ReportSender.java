package org.telemetrics.probes.klog;

import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.record.TelemetryRecord;

/** Where klogscanner's records go: libtelemetry's client, in production. */
interface ReportSender {
  /** Whether the machine is opted in now (checked before every record). */
  boolean optedIn();

  SendResult send(String classification, int severity, String payload);

  /** Through telemprobd's socket. */
  static ReportSender of(TelemetryClient client) {
    return new ReportSender() {
      @Override
      public boolean optedIn() {
        return client.isOptedIn();
      }

      @Override
      public SendResult send(String classification, int severity, String payload) {
        TelemetryRecord r = client.newRecord(classification)
            .severity(severity)
            .payloadFormatVersion(1)
            .payload(payload)
            .build();
        return client.send(r);
      }
    };
  }
}
