package org.telemetrics.postd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mockwebserver3.RecordedRequest;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.postd.spool.RetryState;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/** Records and staging as telemprobd makes them, and a test root set up for telempostd. */
final class Fixtures {
  static final HostInfo HOST =
      new HostInfo(
          "x86_64",
          "QEMU|Standard PC (Q35)|pc-q35-8.2",
          "12",
          "6.18.44-fc-v657",
          "debian",
          "no_bn_file|no_bv_file",
          "AMD EPYC 7B13 64-Core",
          "no_bv_file");

  private Fixtures() {}

  /** A root for telempostd posting to {@code server}, with short retries and no rate limit. */
  static TestRoot root(Path dir, String server) {
    return TestRoot.create(dir)
        .set("server", server)
        .set("rate_limit_enabled", "false")
        .set("spool_keep_free", "0")
        .set("retry_initial_delay_ms", "200")
        .set("retry_max_delay_ms", "2000")
        .set("post_read_timeout_ms", "2000");
  }

  static TelemetryRecord record(String classification, String payload) {
    return RecordBuilder.create(classification, HOST)
        .payload(payload)
        .build()
        .withMachineId("0123456789abcdef0123456789abcdef");
  }

  static TelemetryRecord record(int n) {
    return record("org.example/test/n" + (n % 7), "payload " + n);
  }

  /** Stages a record exactly as telemprobd does: tmp file, fsync, rename into staging. */
  static String stage(Layout layout, TelemetryRecord record) throws IOException {
    String id = Ids.random128();
    stage(layout, SpoolEntry.of(id, System.currentTimeMillis(), record));
    return id;
  }

  /** No record left in {@code dir} (a queue's retry notes do not count): all settled. */
  static boolean noRecordIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.allMatch(f -> f.getFileName().toString().endsWith(RetryState.SUFFIX));
    }
  }

  static void stage(Layout layout, SpoolEntry entry) throws IOException {
    Directories.ensure(layout.tmpDir());
    Directories.ensure(layout.stagingDir());
    AtomicFiles.write(
        layout.tmpDir(),
        layout.stagingDir().resolve(entry.recordId()),
        SpoolFileFormat.encode(entry));
  }

  /** Records committed together, as telemprobd writes them under load: entries back to back. */
  record Batch(List<String> ids, byte[] bytes) {}

  static Batch batch(TelemetryRecord... records) {
    List<String> ids = new ArrayList<>();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (TelemetryRecord r : records) {
      String id = Ids.random128();
      ids.add(id);
      file.writeBytes(SpoolFileFormat.encode(SpoolEntry.of(id, System.currentTimeMillis(), r)));
    }
    return new Batch(ids, file.toByteArray());
  }

  /** Stages a batch in one file named by its first record's id; returns the ids in order. */
  static List<String> stageBatch(Layout layout, TelemetryRecord... records) throws IOException {
    Batch b = batch(records);
    Directories.ensure(layout.tmpDir());
    Directories.ensure(layout.stagingDir());
    AtomicFiles.write(layout.tmpDir(), layout.stagingDir().resolve(b.ids().get(0)), b.bytes());
    return b.ids();
  }

  /** A record file as the C telemprobd writes it (directly in spool_dir, payload + "\n"). */
  static byte[] cStagedFile(TelemetryRecord record) {
    return (record.headerText() + record.payload() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, String> headers(RecordedRequest r) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < r.getHeaders().size(); i++) {
      m.put(r.getHeaders().name(i), r.getHeaders().value(i));
    }
    return m;
  }

  /**
   * The first rule of the public telemetrics-backend the request breaks, as the collector module
   * checks them (its 400 message), or empty when the backend would store it.
   */
  static java.util.Optional<String> backendViolation(RecordedRequest r) {
    org.telemetrics.collector.BackendHeaders.Builder b =
        org.telemetrics.collector.BackendHeaders.builder();
    for (int i = 0; i < r.getHeaders().size(); i++) {
      b.add(r.getHeaders().name(i), r.getHeaders().value(i));
    }
    return org.telemetrics.collector.BackendRules.withDefaultTid().firstViolation(b.build());
  }

  static final String DEFAULT_TID = org.telemetrics.collector.BackendRules.DEFAULT_TID;

  static String recordId(RecordedRequest r) {
    return r.getHeaders().get("X-Telemetry-Record-Id");
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }
}
