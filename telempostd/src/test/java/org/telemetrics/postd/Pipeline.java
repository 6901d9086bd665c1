package org.telemetrics.postd;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.status.DaemonStatus;
import org.telemetrics.status.StatusFile;
import org.telemetrics.testing.JavaProcess;
import org.telemetrics.testing.TestRoot;

/**
 * The whole client side as separate processes: a probe client in the test JVM, the real telemprobd
 * and the real telempostd, on one {@link TestRoot}.
 */
final class Pipeline implements AutoCloseable {
  final TestRoot root;
  final JavaProcess probd;
  final JavaProcess postd;
  final TelemetryClient client;

  private Pipeline(TestRoot root, JavaProcess probd, JavaProcess postd) {
    this.root = root;
    this.probd = probd;
    this.postd = postd;
    this.client = TelemetryClient.create(root.config());
  }

  static Pipeline start(TestRoot root) throws Exception {
    return start(root, Fixtures.HOST);
  }

  static Pipeline start(TestRoot root, HostInfo host) throws Exception {
    JavaProcess probd = Probd.start(root, host);
    JavaProcess postd =
        JavaProcess.start(
            TelempostdProcessTest.MAIN, List.of(), root.env(), root.dir().resolve("postd.out"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!postd.process().isAlive()) {
                throw new AssertionError("telempostd exited: " + postd.output());
              }
              return postd.output().contains("started:");
            });
    return new Pipeline(root, probd, postd);
  }

  /** Sends a record as a probe does; returns the id telemprobd acknowledged. */
  String send(TelemetryRecord record) {
    SendResult r = client.send(record);
    if (r instanceof SendResult.Accepted a) {
      return a.recordId();
    }
    throw new AssertionError("telemprobd did not accept the record: " + r);
  }

  String send(String classification, String payload) {
    return send(client.newRecord(classification).payload(payload).build());
  }

  /** Records waiting in telempostd's queue. */
  /** Records in queue/ (a file holds the records telemprobd committed together). */
  long queued() throws Exception {
    long n = 0;
    try (Stream<Path> s = Files.list(root.layout().queueDir())) {
      for (Path p :
          s.filter(
                  f ->
                      !f.getFileName().toString().endsWith(".retry")
                          && !f.getFileName().toString().endsWith(".settled"))
              .toList()) {
        try {
          n += SpoolFileFormat.split(Files.readAllBytes(p)).size();
        } catch (java.nio.file.NoSuchFileException e) {
          // delivered meanwhile
        }
      }
    }
    return n;
  }

  /** A counter from telempostd's status file (0 until it is written). */
  long status(String key) throws Exception {
    Path file = root.config().path(ConfigKeys.POSTD_STATUS_FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    DaemonStatus s = StatusFile.read(file);
    return s.getLong(key).orElse(0);
  }

  String postdLog() {
    return postd.output();
  }

  @Override
  public void close() {
    postd.terminate();
    probd.terminate();
    postd.waitFor(Duration.ofSeconds(20));
    probd.waitFor(Duration.ofSeconds(20));
  }
}
