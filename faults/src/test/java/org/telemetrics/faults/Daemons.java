package org.telemetrics.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.host.HostInfoReader;
import org.telemetrics.host.HostSnapshot;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.SpoolFormatException;
import org.telemetrics.testing.TestRoot;

/**
 * Both daemons of one {@link TestRoot} as real processes, each with its own output file in the
 * root's directory, and a probe client for them.
 */
final class Daemons implements AutoCloseable {
  final TestRoot root;
  final DaemonProcess probd;
  final DaemonProcess postd;

  private Daemons(TestRoot root) {
    this.root = root;
    this.probd =
        new DaemonProcess(
            DaemonProcess.Kind.PROBD, root.dir(), root.dir().resolve("telemprobd.out"));
    this.postd =
        new DaemonProcess(
            DaemonProcess.Kind.POSTD, root.dir(), root.dir().resolve("telempostd.out"));
  }

  /**
   * A root whose daemons post to {@code server} with short timeouts and retries, no rate limit and
   * no quota beyond the disk (each test sets what it is about).
   */
  static TestRoot root(Path dir, String server) {
    return TestRoot.create(dir)
        .set("server", server)
        .set("rate_limit_enabled", "false")
        .set("spool_keep_free", "0")
        .set("spool_max_size", "-1")
        .set("post_connect_timeout_ms", "1000")
        .set("post_read_timeout_ms", "1000")
        .set("post_call_timeout_ms", "2000")
        .set("retry_initial_delay_ms", "100")
        .set("retry_max_delay_ms", "1000")
        .set("probe_ack_timeout_ms", "10000");
  }

  /** The daemons of {@code root}, not started yet. */
  static Daemons of(TestRoot root) throws IOException {
    // this boot's host snapshot, as telemprobd writes it at its first start of a boot
    Path snapshot = root.layout().hostInfoFile();
    if (!Files.exists(snapshot, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(snapshot.getParent());
      Files.writeString(
          snapshot, HostSnapshot.format(HostInfoReader.readSystem(), HostSnapshot.currentBootId()));
    }
    return new Daemons(root);
  }

  /** Sets environment variables for both, for the lives started from now on. */
  Daemons environment(java.util.Map<String, String> variables) {
    variables.forEach(
        (k, v) -> {
          probd.environment(k, v);
          postd.environment(k, v);
        });
    return this;
  }

  /** Starts both at once (their JVMs start in parallel) and waits until both serve. */
  Daemons start() {
    try {
      probd.launch();
      postd.launch();
      probd.awaitReady();
      postd.awaitReady();
      return this;
    } catch (RuntimeException | Error e) {
      close(); // the caller's try-with-resources never gets the instance
      throw e;
    }
  }

  TelemetryClient client() {
    return TelemetryClient.create(root.config());
  }

  /** Sends record {@code number} (see Ledger) as a probe does; whatever telemprobd answered. */
  static SendResult attempt(TelemetryClient client, int number) {
    return client.send(
        client.newRecord("org.example/faults/good").payload(Ledger.payload(number, 64)).build());
  }

  /** Sends one record as a probe does; returns the acknowledged id or fails saying why not. */
  String send(TelemetryClient client, int number) {
    SendResult r = attempt(client, number);
    if (r instanceof SendResult.Accepted a) {
      return a.recordId();
    }
    throw new AssertionError(
        "telemprobd did not acknowledge record "
            + number
            + ": "
            + r
            + "\ntelemprobd output:\n"
            + DaemonProcess.tail(probd.output(), 3000));
  }

  /**
   * Waits until the backend holds every record {@code ledger} saw acknowledged; fails saying how
   * many are missing, or at once if telempostd exits meanwhile.
   */
  void awaitDelivered(Ledger ledger, Duration atMost) {
    try {
      Awaitility.await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!postd.alive()) {
                  throw new AssertionError("telempostd exited\n" + outputs());
                }
                return ledger.missing().isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          ledger.missing().size() + " acknowledged records not delivered\n" + outputs(), e);
    }
  }

  /**
   * The records of the spool files in {@code dir}: regular files named by a record id (a segment's
   * {@code .segment} suffix included), never followed; fails on one that does not decode.
   */
  static List<SpoolEntry> spoolEntries(Path dir) throws IOException {
    List<SpoolEntry> entries = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f :
          files
              .filter(
                  f ->
                      Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                          && f.getFileName().toString().matches("[0-9a-f]{32}.*"))
              .toList()) {
        try {
          entries.addAll(SpoolFileFormat.decodeAll(Files.readAllBytes(f), 0));
        } catch (SpoolFormatException e) {
          throw new AssertionError("a spool file that does not decode: " + f, e);
        }
      }
    }
    return entries;
  }

  /** Both outputs, for failure messages. */
  String outputs() {
    return "--- telemprobd:\n"
        + DaemonProcess.tail(probd.output(), 4000)
        + "\n--- telempostd:\n"
        + DaemonProcess.tail(postd.output(), 6000);
  }

  @Override
  public void close() {
    try {
      postd.close();
    } finally {
      probd.close();
    }
  }
}
