package org.telemetrics.postd.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.journal.JournalFormatException;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.TelemetryRecord;

/** A journal directory for tests: good lines to damage, the daemon's Journal, its log. */
final class JournalFiles {
  static final Instant NOW = Instant.parse("2026-12-04T18:31:06Z");
  static final String ASIDE = "journal.damaged-20261204T183106Z";
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

  final Path dir;
  final Path file;
  final Path retention;
  final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  final Log log =
      new Log("telempostd", new PrintStream(logged, true, StandardCharsets.UTF_8), Log.Level.INFO);
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  JournalFiles(Path dir) {
    this.dir = dir;
    this.file = dir.resolve("log").resolve("journal");
    this.retention = dir.resolve("log").resolve("records");
  }

  /** Journal line {@code n} (with its newline), as telempostd writes it. */
  static String line(int n) {
    return JournalFormat.format(
        new JournalEntry(
            String.format("%032x", n),
            1795348131L + n,
            "org.example/test/n" + n,
            String.format("%032x", n * 7L),
            "boot-" + n,
            Optional.of("delivered")));
  }

  static String lines(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int n = from; n < to; n++) {
      sb.append(line(n));
    }
    return sb.toString();
  }

  static TelemetryRecord record(String payload) {
    return RecordBuilder.create("org.example/test/x", HOST)
        .payload(payload)
        .build()
        .withMachineId("0123456789abcdef0123456789abcdef");
  }

  Journal open(int limit) throws IOException {
    return open(limit, false, FileOpener.CHANNELS);
  }

  Journal open(int limit, boolean retention, FileOpener opener) throws IOException {
    return new Journal(file, this.retention, retention, limit, "boot", log, clock, opener);
  }

  void write(byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  String log() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  List<String> warnings() {
    return log().lines().filter(l -> l.startsWith("<4>")).toList();
  }

  /** The journal's lines, each of which must parse. */
  List<JournalEntry> entries() throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    for (String l : Files.readString(file).split("\n")) {
      try {
        entries.add(JournalFormat.parse(l));
      } catch (JournalFormatException e) {
        throw new AssertionError("not a journal line: " + l, e);
      }
    }
    return entries;
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(file.getParent())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
