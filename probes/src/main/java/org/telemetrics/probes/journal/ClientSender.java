package org.telemetrics.probes.journal;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.probes.cli.ProbeRuntime;

/**
 * journalprobe's {@link JournalScan.Sender}: records go to telemprobd through the probe library,
 * and the machine counts as opted in since its opt-in marker was last written. Entries logged
 * before {@code notBeforeMicros} (a damaged cursor file's last write) are passed over like those
 * before opt-in.
 */
record ClientSender(TelemetryClient client, Path optInFile, long notBeforeMicros)
    implements JournalScan.Sender {
  @Override
  public Optional<Long> optedInSinceMicros() {
    return ProbeRuntime.optedInSince(optInFile)
        .map(t -> Math.max(notBeforeMicros, t.to(TimeUnit.MICROSECONDS)));
  }

  @Override
  public SendResult send(String classification, int severity, String payload) {
    return ProbeRuntime.send(client, classification, severity, payload);
  }
}
