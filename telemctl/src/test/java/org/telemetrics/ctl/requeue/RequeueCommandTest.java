package org.telemetrics.ctl.requeue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.Layout;
import org.telemetrics.ctl.Ctl;
import org.telemetrics.ctl.Records;
import org.telemetrics.spool.SpoolFileFormat;

class RequeueCommandTest {
  static final String A = "0123456789abcdef0123456789abcdef";
  static final String B = "1123456789abcdef0123456789abcdef";
  @TempDir Path dir;

  @Test
  void movesEveryDeadLetterBackToStagingUnchanged() throws Exception {
    Ctl ctl = new Ctl(dir);
    Layout l = ctl.layout();
    byte[] a = Files.readAllBytes(Records.spoolFile(l.deadLetterDir(), A, "a/b/c", "one"));
    byte[] b = Files.readAllBytes(Records.spoolFile(l.deadLetterDir(), B, "a/b/d", "two"));
    // telempostd's note of why (see its Spool.deadLetter)
    Files.writeString(
        l.deadLetterDir().resolve(A + ".reason"),
        "record_id: "
            + A
            + "\nstatus: 400\nreason: unknown classification\ntime: 2026-11-30T18:00:00Z\n"
            + "attempts: 1\n");

    Ctl.Run dry = ctl.run("requeue", "--dry-run");
    assertThat(dry.out())
        .isEqualTo(
            "would requeue "
                + A
                + " a/b/c (status 400: unknown "
                + "classification)\nwould requeue "
                + B
                + " a/b/d\nWould requeue 2 records.\n");
    assertThat(l.deadLetterDir().resolve(A)).exists();

    Ctl.Run run = ctl.run("requeue");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo("requeued " + A + " a/b/c\nrequeued " + B + " a/b/d\nRequeued 2 records.\n");
    assertThat(Files.readAllBytes(l.stagingDir().resolve(A))).isEqualTo(a);
    assertThat(Files.readAllBytes(l.stagingDir().resolve(B))).isEqualTo(b);
    assertThat(SpoolFileFormat.decode(Files.readAllBytes(l.stagingDir().resolve(A)), 0).recordId())
        .isEqualTo(A);
    assertThat(l.deadLetterDir().resolve(A)).doesNotExist();
    assertThat(l.deadLetterDir().resolve(A + ".reason")).doesNotExist();
  }

  @Test
  void requeuesOnlyTheNamedRecordsAndReportsMissingOnes() throws Exception {
    Ctl ctl = new Ctl(dir);
    Layout l = ctl.layout();
    Records.spoolFile(l.deadLetterDir(), A, "a/b/c", "one");
    Records.spoolFile(l.deadLetterDir(), B, "a/b/d", "two");
    Ctl.Run run = ctl.run("requeue", B, "2123456789abcdef0123456789abcdef");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("requeued " + B + " a/b/d\nRequeued 1 record.\n");
    assertThat(run.err()).isEqualTo("No dead-letter record 2123456789abcdef0123456789abcdef\n");
    assertThat(l.deadLetterDir().resolve(A)).exists();
    assertThat(l.stagingDir().resolve(B)).exists();
  }

  @Test
  void leavesCorruptFilesAndLinksAlone() throws Exception {
    Ctl ctl = new Ctl(dir);
    Layout l = ctl.layout();
    Path file = Records.spoolFile(l.deadLetterDir(), A, "a/b/c", "one");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    Path outside = Records.spoolFile(dir.resolve("outside"), B, "a/b/d", "two");
    Files.createSymbolicLink(l.deadLetterDir().resolve(B), outside);
    Ctl.Run run = ctl.run("requeue");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Not requeued: " + file + " is not a record (checksum mismatch: file is corrupt)\n");
    assertThat(run.out()).isEqualTo("Requeued 0 records.\n");
    assertThat(file).exists();
    assertThat(outside).exists();
    assertThat(l.stagingDir().resolve(B)).doesNotExist();
  }

  @Test
  void aFileThatCannotBeReadIsNamedWithWhyAndLeft() throws Exception {
    Ctl ctl = new Ctl(dir);
    Layout l = ctl.layout();
    Path file = l.deadLetterDir().resolve(A);
    Files.createDirectories(l.deadLetterDir());
    Files.write(file, new byte[SpoolFileFormat.MAX_FILE_SIZE + 1]);

    Ctl.Run run = ctl.run("requeue");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "Not requeued: cannot read "
                + file
                + ": "
                + file
                + " is larger than "
                + SpoolFileFormat.MAX_FILE_SIZE
                + " bytes\n");
    assertThat(file).exists();
  }

  @Test
  void needsRootOutsideAPrivateRoot() throws Exception {
    Ctl ctl = new Ctl(dir);
    ctl.uid = 1000;
    ctl.root.set("spool_dir", "/var/spool/telemetry");
    Ctl.Run run = ctl.run("requeue");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Must be root to run this command. Exiting...\n");
  }
}
