package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.telemetrics.config.Layout;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.Directories;
import org.telemetrics.journal.JournalEntry;
import org.telemetrics.journal.JournalFormat;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * Makes the files of a damage: good records in the daemons' formats, garbage, truncations, sparse
 * giants, FIFOs, and symbolic links to files outside the root that must stay untouched (and, when
 * they hold a record, must never be delivered).
 */
final class Corpus {
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
  static final String MACHINE_ID = "0123456789abcdef0123456789abcdef";

  final Layout layout;
  final Path statusFile;
  private final Path outside;
  private final Random random;
  private final Map<Path, byte[]> untouchable = new LinkedHashMap<>();
  private final List<String> forbiddenIds = new ArrayList<>();
  private int numbers = 1_000;

  Corpus(Layout layout, Path statusFile, Path outside, Random random) throws IOException {
    this.layout = layout;
    this.statusFile = statusFile;
    this.outside = Files.createDirectories(outside);
    this.random = random;
    for (Path d :
        List.of(
            layout.spoolDir(),
            layout.tmpDir(),
            layout.stagingDir(),
            layout.queueDir(),
            layout.deadLetterDir(),
            layout.quarantineDir())) {
      Directories.ensure(d);
    }
    Files.createDirectories(layout.journalFile().getParent());
  }

  /** One record entry in our spool format, with a fresh id. */
  SpoolEntry entry() {
    return entry(Ids.random128(), Ledger.payload(numbers++, 64));
  }

  /** One record entry in our spool format, as telemprobd stages it. */
  static SpoolEntry entry(String id, String payload) {
    return SpoolEntry.of(
        id,
        System.currentTimeMillis(),
        RecordBuilder.create("org.example/faults/corpus", HOST)
            .payload(payload)
            .build()
            .withMachineId(MACHINE_ID));
  }

  static byte[] encode(SpoolEntry... entries) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (SpoolEntry e : entries) {
      out.writeBytes(SpoolFileFormat.encode(e));
    }
    return out.toByteArray();
  }

  /** Stages a good record as telemprobd does; returns its id. */
  String stageGood() throws IOException {
    SpoolEntry e = entry();
    AtomicFiles.write(layout.tmpDir(), layout.stagingDir().resolve(e.recordId()), encode(e));
    return e.recordId();
  }

  /** Journal lines as telempostd writes them. */
  byte[] journalLines(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(
          JournalFormat.format(
              new JournalEntry(
                  Ids.random128(),
                  System.currentTimeMillis() / 1000,
                  "org.example/faults/old",
                  Ids.random128(),
                  Ids.random128(),
                  java.util.Optional.of("delivered"))));
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  byte[] garbage(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return b;
  }

  static Path write(Path file, byte[]... parts) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    for (byte[] p : parts) {
      Files.write(
          file,
          p,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    return file;
  }

  /** A file of {@code bytes} bytes with no blocks behind them (reads as NULs). */
  static Path sparse(Path file, long bytes) throws IOException {
    Files.createDirectories(file.getParent());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
    return file;
  }

  /** A file of {@code bytes} copies of {@code fill} and no newline. */
  static Path filled(Path file, long bytes, byte fill) throws IOException {
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, fill);
    Files.createDirectories(file.getParent());
    try (var out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  static Path fifo(Path file) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("mkfifo " + file + " failed");
    }
    return file;
  }

  /**
   * A symbolic link at {@code link} to a file outside the root holding {@code content}; the file
   * must be there, unchanged, at the end.
   */
  Path symlinkOutside(Path link, byte[] content) throws IOException {
    Path target = outside.resolve("target-" + untouchable.size() + "-" + link.getFileName());
    Files.write(target, content);
    untouchable.put(target, content);
    Files.createDirectories(link.getParent());
    Files.deleteIfExists(link);
    return Files.createSymbolicLink(link, target);
  }

  /** A symbolic link to a good record outside the root, which must never be delivered. */
  Path symlinkToRecord(Path dir, String suffix) throws IOException {
    SpoolEntry e = entry();
    forbiddenIds.add(e.recordId());
    return symlinkOutside(dir.resolve(e.recordId() + suffix), encode(e));
  }

  /**
   * A symbolic link in the place of the directory {@code dir} ({@link #removeDirectory}) to a
   * directory outside the root holding a good record, which must never be delivered.
   */
  Path directoryLinkOutside(Path dir) throws IOException {
    removeDirectory(dir);
    Path target = Files.createDirectory(outside.resolve("dir-" + untouchable.size()));
    SpoolEntry e = entry();
    forbiddenIds.add(e.recordId());
    byte[] content = encode(e);
    untouchable.put(Files.write(target.resolve(e.recordId()), content), content);
    return Files.createSymbolicLink(dir, target);
  }

  /**
   * Removes the directory {@code dir}; its files go to {@code queue/}, where they are still sent.
   */
  void removeDirectory(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.move(f, layout.queueDir().resolve(f.getFileName()));
      }
    }
    Files.delete(dir);
  }

  List<String> forbiddenIds() {
    return forbiddenIds;
  }

  /** Every file a symbolic link pointed at is still there with its content. */
  void assertOutsideUntouched() throws IOException {
    for (Map.Entry<Path, byte[]> e : untouchable.entrySet()) {
      assertThat(Files.exists(e.getKey(), LinkOption.NOFOLLOW_LINKS))
          .as("%s, the target of a symbolic link, still exists", e.getKey())
          .isTrue();
      assertThat(Files.readAllBytes(e.getKey()))
          .as("%s, the target of a symbolic link, is unchanged", e.getKey())
          .isEqualTo(e.getValue());
    }
  }
}
