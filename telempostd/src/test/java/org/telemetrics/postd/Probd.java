package org.telemetrics.postd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/** The real telemprobd in a child JVM, and a probe client sending to it from the test. */
final class Probd {
  static final String MAIN = "org.telemetrics.probd.Telemprobd";

  private Probd() {}

  /** Starts telemprobd (with this boot's host snapshot preset) and waits until it listens. */
  static JavaProcess start(TestRoot root) throws IOException {
    return start(root, HostInfoReader.readSystem());
  }

  /** Starts telemprobd with {@code host} as this boot's host metadata. */
  static JavaProcess start(TestRoot root, org.telemetrics.record.HostInfo host) throws IOException {
    Path snapshot = root.layout().hostInfoFile();
    Files.createDirectories(snapshot.getParent());
    Files.writeString(snapshot, HostSnapshot.format(host, HostSnapshot.currentBootId()));
    JavaProcess p = JavaProcess.start(MAIN, List.of(), root.env(), root.dir().resolve("probd.out"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!p.process().isAlive()) {
                throw new AssertionError("telemprobd exited: " + p.output());
              }
              return p.output().contains("listening on");
            });
    return p;
  }

  /** Sends a record as a probe does and returns the id telemprobd acknowledged. */
  static String send(TelemetryClient client, String classification, String payload) {
    SendResult r = client.send(client.newRecord(classification).payload(payload).build());
    if (r instanceof SendResult.Accepted a) {
      return a.recordId();
    }
    throw new AssertionError("telemprobd did not accept the record: " + r);
  }
}
