package org.telemetrics.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.spool.disk.WorkingDirectory;

/**
 * One damaged file (or a few of one kind) planted in a root before the daemons start: what issue 13
 * found and what else a crash, a full disk, a bad admin or a hostile local user leaves in the
 * daemons' own directories.
 */
record Damage(String name, Planter planter) {
  /** Plants the damage. */
  interface Planter {
    Planted plant(Corpus c) throws Exception;
  }

  /**
   * What was planted: the files a daemon must name in a log line (empty where no daemon reads the
   * place, as in quarantine/), and good records planted with them that must still arrive.
   */
  record Planted(List<Path> named, List<String> goodIds) {
    static Planted named(Path... files) {
      return new Planted(List.of(files), List.of());
    }

    static Planted unnamed() {
      return new Planted(List.of(), List.of());
    }

    Planted withGood(String... ids) {
      return new Planted(named, List.of(ids));
    }
  }

  @Override
  public String toString() {
    return name;
  }

  static Stream<Damage> all() {
    return Stream.of(
            others(),
            lockFile("telempostd", c -> c.layout.spoolDir().resolve(".telempostd.lock")),
            lockFile("telemprobd", c -> c.layout.spoolDir().resolve(".telemprobd.lock")),
            clockSteps(),
            workingDirectories())
        .flatMap(s -> s);
  }

  /**
   * Something else in the place of a working directory of {@code spool_dir}: a link to a directory
   * outside the root for each, a file and a FIFO for two. It is moved aside unfollowed, and the
   * directory made afresh.
   */
  private static Stream<Damage> workingDirectories() {
    Stream<Damage> links =
        Stream.of(WorkingDirectory.values())
            .map(
                d ->
                    of(
                        d.dirName() + "/ is a symbolic link",
                        c -> Planted.named(c.directoryLinkOutside(d.in(c.layout.spoolDir())))));
    return Stream.concat(
        links,
        Stream.of(
            of(
                "staging/ is a file",
                c -> {
                  c.removeDirectory(c.layout.stagingDir());
                  return Planted.named(Corpus.write(c.layout.stagingDir(), c.garbage(100)));
                }),
            of(
                "queue/ is a FIFO",
                c -> {
                  c.removeDirectory(c.layout.queueDir());
                  return Planted.named(Corpus.fifo(c.layout.queueDir()));
                })));
  }

  /**
   * A daemon's lock file: an empty file it only locks, never reads; one it cannot lock is named in
   * a warning and the daemon goes on without it.
   */
  private static Stream<Damage> lockFile(String daemon, Function<Corpus, Path> file) {
    return Stream.of(
        of(
            "garbage in " + daemon + "'s lock file",
            c -> {
              Corpus.write(file.apply(c), c.garbage(300));
              return Planted.unnamed();
            }),
        of(
            daemon + "'s lock file is a symbolic link",
            c -> Planted.named(c.symlinkOutside(file.apply(c), c.garbage(10)))),
        of(daemon + "'s lock file is a FIFO", c -> Planted.named(Corpus.fifo(file.apply(c)))),
        of(
            daemon + "'s lock file is a directory",
            c -> Planted.named(java.nio.file.Files.createDirectories(file.apply(c)))));
  }

  /**
   * telempostd's record of the clock's steps ({@code .clock-steps} in {@code spool_dir}), read at
   * start: what cannot be read is moved aside with a warning naming it, and a new record starts.
   */
  private static Stream<Damage> clockSteps() {
    Function<Corpus, Path> file = c -> c.layout.spoolDir().resolve(".clock-steps");
    return Stream.of(
        of(
            "garbage in .clock-steps",
            c -> Planted.named(Corpus.write(file.apply(c), c.garbage(300)))),
        of(
            ".clock-steps of 1 MiB of digits",
            c -> Planted.named(Corpus.filled(file.apply(c), 1 << 20, (byte) '7'))),
        of(
            ".clock-steps is a symbolic link",
            c -> Planted.named(c.symlinkOutside(file.apply(c), "1 2\n".getBytes()))),
        of(".clock-steps is a FIFO", c -> Planted.named(Corpus.fifo(file.apply(c)))),
        of(
            ".clock-steps is a directory",
            c -> Planted.named(java.nio.file.Files.createDirectories(file.apply(c)))));
  }

  private static Stream<Damage> others() {
    return Stream.of(
        // the journal (telempostd reads its tail at start)
        of(
            "journal with invalid UTF-8",
            c ->
                Planted.named(
                    Corpus.write(
                        journal(c),
                        c.journalLines(3),
                        new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '\n'},
                        c.journalLines(2)))),
        of(
            "journal with an 8 MiB NUL tail",
            c -> {
              Path j = Corpus.write(journal(c), c.journalLines(3));
              try (var f = new java.io.RandomAccessFile(j.toFile(), "rw")) {
                f.setLength(f.length() + 8L * 1024 * 1024);
              }
              return Planted.named(j);
            }),
        of(
            "journal of one 64 MiB line",
            c -> Planted.named(Corpus.filled(journal(c), 64L * 1024 * 1024, (byte) 'x'))),
        of(
            "journal is a symbolic link",
            c -> Planted.named(c.symlinkOutside(journal(c), c.journalLines(3)))),
        of("journal is a FIFO", c -> Planted.named(Corpus.fifo(journal(c)))),
        // queue/ sidecars: retry state and settled logs
        of(
            "100 KB .retry sidecar",
            c -> {
              SpoolEntry e = queued(c);
              return Planted.named(Corpus.write(sidecar(c, e), c.garbage(100_000)))
                  .withGood(e.recordId());
            }),
        of(
            "garbage .retry sidecar",
            c -> {
              SpoolEntry e = queued(c);
              return Planted.named(Corpus.write(sidecar(c, e), c.garbage(200)))
                  .withGood(e.recordId());
            }),
        of(
            "70 KB .batch.settled log",
            c -> {
              SpoolEntry[] b = queuedBatch(c);
              return Planted.named(Corpus.write(settled(c, b[0]), c.garbage(70_000)))
                  .withGood(b[0].recordId(), b[1].recordId());
            }),
        of(
            "garbage .batch.settled log",
            c -> {
              SpoolEntry[] b = queuedBatch(c);
              return Planted.named(Corpus.write(settled(c, b[0]), c.garbage(300)))
                  .withGood(b[0].recordId(), b[1].recordId());
            }),
        // tmp/ (telemprobd recovers segments a crash left)
        of(
            "truncated segment in tmp/",
            c -> {
              SpoolEntry first = c.entry();
              byte[] second = Corpus.encode(c.entry());
              byte[] half = java.util.Arrays.copyOf(second, second.length / 2);
              return Planted.named(Corpus.write(segment(c, first), Corpus.encode(first), half))
                  .withGood(first.recordId());
            }),
        of(
            "segment with no whole entry in tmp/",
            c -> {
              byte[] whole = Corpus.encode(c.entry());
              return Planted.named(
                  Corpus.write(
                      segment(c, c.entry()), java.util.Arrays.copyOf(whole, whole.length / 3)));
            }),
        of(
            "1 GiB sparse segment in tmp/",
            c -> Planted.named(Corpus.sparse(segment(c, c.entry()), 1L << 30))),
        of(
            "random bytes in tmp/",
            c ->
                Planted.named(Corpus.write(c.layout.tmpDir().resolve("leftover"), c.garbage(700)))),
        of(
            "symbolic link and FIFO segments in tmp/",
            c ->
                Planted.named(
                    c.symlinkToRecord(c.layout.tmpDir(), ".segment"),
                    Corpus.fifo(segment(c, c.entry())))),
        // staging/ (telempostd's intake)
        of(
            "garbage in staging/",
            c ->
                Planted.named(
                    Corpus.write(
                        c.layout.stagingDir().resolve(c.entry().recordId()), c.garbage(900)))),
        of(
            "truncated record in staging/",
            c -> {
              SpoolEntry e = c.entry();
              byte[] whole = Corpus.encode(e);
              return Planted.named(
                  Corpus.write(
                      c.layout.stagingDir().resolve(e.recordId()),
                      java.util.Arrays.copyOf(whole, whole.length - 20)));
            }),
        of(
            "symbolic link in staging/",
            c -> Planted.named(c.symlinkToRecord(c.layout.stagingDir(), ""))),
        of(
            "FIFO in staging/",
            c -> Planted.named(Corpus.fifo(c.layout.stagingDir().resolve(c.entry().recordId())))),
        // queue/ (telempostd indexes it at start)
        of(
            "garbage in queue/",
            c ->
                Planted.named(
                    Corpus.write(
                        c.layout.queueDir().resolve(c.entry().recordId()), c.garbage(900)))),
        of(
            "truncated batch in queue/",
            c -> {
              SpoolEntry a = c.entry();
              byte[] whole = Corpus.encode(a, c.entry());
              return Planted.named(
                  Corpus.write(
                      c.layout.queueDir().resolve(a.recordId() + SpoolFileFormat.BATCH_SUFFIX),
                      java.util.Arrays.copyOf(whole, whole.length - 30)));
            }),
        of(
            "symbolic link in queue/",
            c -> Planted.named(c.symlinkToRecord(c.layout.queueDir(), ""))),
        of(
            "FIFO in queue/",
            c -> Planted.named(Corpus.fifo(c.layout.queueDir().resolve(c.entry().recordId())))),
        // spool_dir itself (where the C client left its records)
        of(
            "symbolic link and FIFO in spool_dir",
            c ->
                Planted.named(
                    c.symlinkOutside(c.layout.spoolDir().resolve("legacy-link"), c.garbage(100)),
                    Corpus.fifo(c.layout.spoolDir().resolve("legacy-fifo")))),
        // places no daemon reads at start: they must simply not get in the way
        of(
            "symbolic link and FIFO in dead-letter/",
            c -> {
              c.symlinkToRecord(c.layout.deadLetterDir(), "");
              Corpus.fifo(c.layout.deadLetterDir().resolve(c.entry().recordId()));
              return Planted.unnamed();
            }),
        of(
            "symbolic link and FIFO in quarantine/",
            c -> {
              c.symlinkToRecord(c.layout.quarantineDir(), "");
              Corpus.fifo(c.layout.quarantineDir().resolve(c.entry().recordId()));
              return Planted.unnamed();
            }),
        // status and state files the daemons rewrite
        of(
            "garbage telempostd status file",
            c -> {
              Corpus.write(statusFile(c), c.garbage(5000));
              return Planted.unnamed();
            }),
        of(
            "telempostd status file is a symbolic link",
            c -> {
              c.symlinkOutside(statusFile(c), "state=running\n".getBytes());
              return Planted.unnamed();
            }),
        of(
            "garbage machine id",
            c -> {
              Corpus.write(c.layout.machineIdFile(), c.garbage(64));
              return Planted.unnamed();
            }),
        of(
            "machine id is a symbolic link",
            c -> {
              c.symlinkOutside(c.layout.machineIdFile(), c.garbage(64));
              return Planted.unnamed();
            }));
  }

  private static Damage of(String name, Planter planter) {
    return new Damage(name, planter);
  }

  private static Path journal(Corpus c) {
    return c.layout.journalFile();
  }

  private static Path statusFile(Corpus c) {
    return c.statusFile;
  }

  private static Path segment(Corpus c, SpoolEntry first) {
    return c.layout.tmpDir().resolve(first.recordId() + ".segment");
  }

  private static Path sidecar(Corpus c, SpoolEntry e) {
    return c.layout.queueDir().resolve(e.recordId() + ".retry");
  }

  private static Path settled(Corpus c, SpoolEntry first) {
    return c.layout
        .queueDir()
        .resolve(first.recordId() + SpoolFileFormat.BATCH_SUFFIX + ".settled");
  }

  /** A good record queued in its own file by an earlier run. */
  private static SpoolEntry queued(Corpus c) throws java.io.IOException {
    SpoolEntry e = c.entry();
    Corpus.write(c.layout.queueDir().resolve(e.recordId()), Corpus.encode(e));
    return e;
  }

  /** Two good records queued in one batch file by an earlier run. */
  private static SpoolEntry[] queuedBatch(Corpus c) throws java.io.IOException {
    SpoolEntry a = c.entry();
    SpoolEntry b = c.entry();
    Corpus.write(
        c.layout.queueDir().resolve(a.recordId() + SpoolFileFormat.BATCH_SUFFIX),
        Corpus.encode(a, b));
    return new SpoolEntry[] {a, b};
  }
}
