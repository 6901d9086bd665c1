package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.Ids;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;
import org.telemetrics.testing.TestRoot;

/** Start-up recovery of {@code spool_dir/tmp/}: stage what can be, quarantine the rest. */
@Timeout(60)
class TmpDirRecoveryTest {
  private static final HostInfo HOST =
      new HostInfo("x86_64", "a|b|c", "12", "6.1", "debian", "bn", "cpu", "bv");
  private static final long NOW = 1_795_000_000_000L;

  @TempDir Path dir;
  private Layout layout;
  private Path tmp;
  private Path staging;
  private final FakeTime time = new FakeTime(NOW);
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final Log log = new Log("telemprobd", new PrintStream(logged, true), Log.Level.DEBUG);

  @BeforeEach
  void setUp() throws Exception {
    layout = TestRoot.create(dir).layout();
    tmp = Files.createDirectories(layout.tmpDir());
    staging = Files.createDirectories(layout.stagingDir());
  }

  private TmpDirRecovery.Outcome recover() throws Exception {
    Quarantine q = new Quarantine(layout, time.clock(), log);
    return new TmpDirRecovery(tmp, new SegmentRecovery(tmp, staging, q, log), q, time.clock(), log)
        .run();
  }

  /** A record entry in the spool format, as telemprobd appends it to a segment. */
  static byte[] entry(String id, String payload) {
    return SpoolFileFormat.encode(
        SpoolEntry.of(
            id,
            NOW,
            RecordBuilder.create("org.example/recovery/test", HOST).payload(payload).build()));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private List<String> stagedIds(String file) throws Exception {
    return SpoolFileFormat.decodeAll(Files.readAllBytes(staging.resolve(file)), 0).stream()
        .map(SpoolEntry::recordId)
        .toList();
  }

  private static List<String> names(Path d) throws Exception {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private String reason(String quarantined) throws Exception {
    return Files.readString(layout.quarantineDir().resolve(quarantined + ".reason"));
  }

  @Test
  void aTornLastWriteIsCutAndTheAcknowledgedRecordsAreStaged() throws Exception {
    String a = Ids.random128();
    String b = Ids.random128();
    byte[] unfinished = entry(Ids.random128(), "being written");
    Files.write(
        tmp.resolve(a + GroupCommit.SUFFIX),
        concat(
            entry(a, "acknowledged 1"),
            entry(b, "acknowledged 2"),
            Arrays.copyOf(unfinished, unfinished.length / 2)));

    assertThat(recover().records()).isEqualTo(2);

    assertThat(stagedIds(a)).containsExactly(a, b);
    assertThat(names(tmp)).isEmpty();
    assertThat(names(layout.quarantineDir())).isEmpty();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("unfinished write (never acknowledged) from " + tmp.resolve(a + ".segment"));
  }

  @Test
  void segmentsWithoutAReadableRecordAreQuarantinedWithAReasonNotDeleted() throws Exception {
    byte[] torn = Arrays.copyOf(entry(Ids.random128(), "never acknowledged"), 40);
    String tornName = Ids.random128() + GroupCommit.SUFFIX;
    Files.write(tmp.resolve(tornName), torn);
    byte[] random = new byte[700];
    new java.util.Random(7).nextBytes(random);
    Files.write(tmp.resolve("random.segment"), random);
    Files.write(tmp.resolve(Ids.random128() + GroupCommit.SUFFIX), new byte[0]);

    assertThat(recover().records()).isZero();

    assertThat(names(tmp)).isEmpty(); // the empty one was removed, with a log line
    assertThat(names(layout.quarantineDir()))
        .containsExactlyInAnyOrder(
            tornName, tornName + ".reason", "random.segment", "random.segment.reason");
    assertThat(Files.readAllBytes(layout.quarantineDir().resolve("random.segment")))
        .isEqualTo(random);
    assertThat(reason("random.segment"))
        .isEqualTo(
            "source: "
                + tmp.resolve("random.segment")
                + "\nreason: no readable record in its first 700 of 700 bytes\ntime: "
                + java.time.Instant.ofEpochMilli(NOW)
                + "\n");
    String logText = logged.toString(StandardCharsets.UTF_8);
    assertThat(logText)
        .contains(tmp.resolve("random.segment") + " is not usable (no readable")
        .contains(tmp.resolve(tornName) + " is not usable")
        .contains("removed the empty segment");
  }

  @Test
  void aLinkInThePlaceOfQuarantineIsSetAsideNotWrittenThrough() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(layout.quarantineDir(), outside);
    Files.write(tmp.resolve("random.segment"), new byte[] {1, 2, 3});

    recover();

    assertThat(Files.isSymbolicLink(layout.quarantineDir())).isFalse();
    assertThat(names(layout.quarantineDir()))
        .containsExactlyInAnyOrder("random.segment", "random.segment.reason");
    assertThat(names(outside)).isEmpty();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains(layout.quarantineDir() + " was a symbolic link to " + outside);
  }

  @Test
  void aHugeSegmentIsReadOnlyAsFarAsASegmentGoesAndQuarantined() throws Exception {
    String a = Ids.random128();
    Path huge = tmp.resolve(a + GroupCommit.SUFFIX);
    Files.write(huge, entry(a, "acknowledged before the file grew"));
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse: 1 GiB of NULs after the record
    }
    Path emptyHuge = tmp.resolve(Ids.random128() + GroupCommit.SUFFIX);
    try (RandomAccessFile f = new RandomAccessFile(emptyHuge.toFile(), "rw")) {
      f.setLength(1L << 30);
    }

    assertThat(recover().records()).isEqualTo(1);

    assertThat(stagedIds(a)).containsExactly(a);
    assertThat(names(layout.quarantineDir()))
        .contains(a + ".segment", emptyHuge.getFileName().toString());
    assertThat(reason(a + ".segment"))
        .contains("larger (1073741824 bytes) than any segment")
        .contains("1 readable records were staged as " + staging.resolve(a));
    assertThat(names(tmp)).isEmpty();
  }

  @Test
  void damageBetweenRecordsCostsOnlyTheDamagedRecord() throws Exception {
    String a = Ids.random128();
    String b = Ids.random128();
    String c = Ids.random128();
    byte[] damaged = entry(b, "this payload gets a flipped byte");
    damaged[damaged.length - 3] ^= 0x01; // its checksum no longer matches
    Files.write(
        tmp.resolve(a + GroupCommit.SUFFIX), concat(entry(a, "one"), damaged, entry(c, "three")));
    String d = Ids.random128();
    String e = Ids.random128();
    Files.write(tmp.resolve(d + GroupCommit.SUFFIX), concat(entry(e, "not the name's record")));

    assertThat(recover().records()).isEqualTo(3);

    assertThat(stagedIds(a)).containsExactly(a, c);
    assertThat(stagedIds(e)).containsExactly(e);
    assertThat(reason(a + ".segment")).contains(damaged.length + " damaged bytes");
    assertThat(reason(d + ".segment")).contains("first record is " + e);
  }

  @Test
  void linksFifosDirectoriesAndStrangersAreQuarantinedAndNeverFollowed() throws Exception {
    Path outside = dir.resolve("outside");
    String a = Ids.random128();
    byte[] theirs = entry(a, "not ours to take");
    Files.write(outside, theirs);
    Files.createSymbolicLink(tmp.resolve(a + GroupCommit.SUFFIX), outside);
    Path fifo = tmp.resolve(Ids.random128() + GroupCommit.SUFFIX);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Files.createDirectory(tmp.resolve("adir.segment"));
    Files.writeString(tmp.resolve("notes.txt"), "left by someone");

    recover(); // would block for ever if the FIFO were opened

    assertThat(names(tmp)).isEmpty();
    assertThat(names(staging)).isEmpty();
    assertThat(Files.isSymbolicLink(layout.quarantineDir().resolve(a + ".segment"))).isTrue();
    assertThat(reason(a + ".segment")).contains("a symbolic link where only regular files");
    assertThat(reason(fifo.getFileName().toString())).contains("a special file");
    assertThat(reason("adir.segment")).contains("a directory");
    assertThat(reason("notes.txt")).contains("not a file telemprobd or telempostd writes");
    assertThat(Files.readAllBytes(outside)).isEqualTo(theirs);
  }

  @Test
  void onlyOurOwnStaleTemporaryFilesAreRemoved() throws Exception {
    Path stale = tmp.resolve("." + Ids.random128() + ".123.tmp");
    Path fresh = tmp.resolve("." + Ids.random128() + ".456.tmp");
    Path others = tmp.resolve("." + Ids.random128() + ".retry.789.tmp");
    for (Path p : List.of(stale, fresh, others)) {
      Files.writeString(p, "partial");
    }
    Files.setLastModifiedTime(stale, FileTime.fromMillis(NOW - 11 * 60 * 1000));
    Files.setLastModifiedTime(fresh, FileTime.fromMillis(NOW - 60 * 1000));
    Files.setLastModifiedTime(others, FileTime.fromMillis(NOW - 11 * 60 * 1000));

    assertThat(recover().removed()).isEqualTo(1);

    assertThat(Files.exists(stale, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(names(tmp))
        .containsExactlyInAnyOrder(fresh.getFileName().toString(), others.getFileName().toString());
    assertThat(names(layout.quarantineDir())).isEmpty();
  }
}
