package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;
import org.telemetrics.record.Ids;

class MachineIdSourceTest {
  @TempDir Path tmp;
  Path staticFile;
  Path idFile;
  Path systemIdFile;
  FakeTime time = new FakeTime(System.currentTimeMillis());
  ByteArrayOutputStream logged = new ByteArrayOutputStream();
  MachineIdSource ids;

  @BeforeEach
  void setUp() {
    staticFile = tmp.resolve("etc/opt-in-static-machine-id");
    idFile = tmp.resolve("var/lib/telemetry/machine_id");
    systemIdFile = tmp.resolve("etc/machine-id");
    ids =
        new MachineIdSource(
            staticFile,
            idFile,
            systemIdFile,
            time.clock(),
            time.ticker(),
            Ids::random128,
            new Log("test", new PrintStream(logged, true), Log.Level.DEBUG));
  }

  @Test
  void createsARandomIdWithoutNewlineAndKeepsIt() throws Exception {
    String id = ids.current();
    assertThat(Ids.isId(id)).isTrue();
    assertThat(Files.readString(idFile)).isEqualTo(id);
    time.advance(java.time.Duration.ofMillis(2L * 24 * 3600 * 1000));
    assertThat(ids.current()).isEqualTo(id);
  }

  @Test
  void rotatesWhileRunningOnceThreeDaysOld() throws Exception {
    String first = ids.current();
    time.advance(java.time.Duration.ofMillis(MachineIdSource.EXPIRY_MILLIS + 1000));
    String second = ids.current();
    assertThat(second).isNotEqualTo(first);
    assertThat(Files.readString(idFile)).isEqualTo(second);
    assertThat(Files.getLastModifiedTime(idFile).toMillis()).isEqualTo(time.wallMillis());
  }

  @Test
  void anIdMadeBeforeTheSystemsMachineIdWasWrittenIsRenewed() throws Exception {
    // a disk image's id, an hour older than the machine id the clone wrote at its first boot
    String imageId = writeId(time.wallMillis() - 3_600_000);
    writeSystemId(time.wallMillis() - 60_000);

    String id = ids.current();

    assertThat(id).isNotEqualTo(imageId);
    assertThat(Files.readString(idFile)).isEqualTo(id);
    assertThat(logged.toString()).contains(systemIdFile + " was written after", "renewing");
    time.advance(java.time.Duration.ofMillis(2 * MachineIdSource.RECHECK_MILLIS));
    assertThat(ids.current()).as("kept at the next look").isEqualTo(id);
  }

  @Test
  void anIdMadeAfterTheSystemsMachineIdIsKept() throws Exception {
    String id = writeId(time.wallMillis() - 3_600_000);
    writeSystemId(time.wallMillis() - 2 * 24 * 3_600_000L);
    assertThat(ids.current()).isEqualTo(id);
  }

  @Test
  void aSystemMachineIdStampedAheadOfTheClockProvesNothing() throws Exception {
    String id = writeId(time.wallMillis() - 3_600_000);
    writeSystemId(time.wallMillis() + 24 * 3_600_000L); // the clock was set back since
    assertThat(ids.current()).isEqualTo(id);
  }

  private String writeId(long madeAt) throws Exception {
    String id = Ids.random128();
    Files.createDirectories(idFile.getParent());
    Files.writeString(idFile, id);
    Files.setLastModifiedTime(idFile, FileTime.fromMillis(madeAt));
    return id;
  }

  private void writeSystemId(long writtenAt) throws Exception {
    Files.createDirectories(systemIdFile.getParent());
    Files.writeString(systemIdFile, "4c4c4544004d3510804ab4c04f4e4d32\n");
    Files.setLastModifiedTime(systemIdFile, FileTime.fromMillis(writtenAt));
  }

  @Test
  void replacesAFileThatIsNotAnId() throws Exception {
    Files.createDirectories(idFile.getParent());
    Files.writeString(idFile, "garbage\n");
    Files.setLastModifiedTime(idFile, FileTime.fromMillis(time.wallMillis()));
    String id = ids.current();
    assertThat(Ids.isId(id)).isTrue();
    assertThat(Files.readString(idFile)).isEqualTo(id);
  }

  @Test
  void staticOverrideIsTheFirstLineOfAtMost32Characters() throws Exception {
    Files.createDirectories(staticFile.getParent());
    Files.writeString(staticFile, "my-static-id-0123456789-ABCDEFGHIJKLMNOP\n");
    assertThat(ids.current()).isEqualTo("my-static-id-0123456789-ABCDEFGH");
    Files.writeString(staticFile, "short\nsecond line");
    assertThat(ids.current()).isEqualTo("short");
    Files.writeString(staticFile, "");
    assertThat(Ids.isId(ids.current())).isTrue(); // empty: no override
    Files.write(staticFile, new byte[] {'a', (byte) 0xc3, (byte) 0xa9});
    assertThat(Ids.isId(ids.current())).isTrue(); // not ASCII: ignored, and said so
    assertThat(logged.toString()).contains("not printable ASCII");
  }

  @Test
  void aStaticFileCreatedOrRemovedWhileRunningAppliesToTheNextRecord() throws Exception {
    String rotating = ids.current();
    Files.createDirectories(staticFile.getParent());
    Files.writeString(staticFile, "late-static-id\n");
    assertThat(ids.current()).isEqualTo("late-static-id");
    Files.delete(staticFile);
    assertThat(ids.current()).isEqualTo(rotating);
    assertThat(logged.toString()).contains("is gone; using the rotating id");
  }

  @Test
  void aDanglingLinkAsStaticFileIsNoOverride() throws Exception {
    Files.createDirectories(staticFile.getParent());
    Files.createSymbolicLink(staticFile, tmp.resolve("missing"));
    assertThat(Ids.isId(ids.current())).isTrue();
  }

  @Test
  void aSymbolicLinkAsStaticFileIsNotFollowed() throws Exception {
    Files.createDirectories(staticFile.getParent());
    Path target = tmp.resolve("secret");
    Files.writeString(target, "from-a-link");
    Files.createSymbolicLink(staticFile, target);
    assertThat(ids.current()).isNotEqualTo("from-a-link");
    assertThat(logged.toString()).contains("not a regular file");
  }
}
