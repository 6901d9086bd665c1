package org.telemetrics.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.record.HostInfo;

/** Host metadata read from a fake root, with the C client's placeholders. */
class HostInfoReaderTest {
  @TempDir Path root;

  void write(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void withoutDmiTheCPlaceholdersAreKept() throws Exception {
    write("proc/sys/kernel/arch", "x86_64\n");
    write("proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
    write("proc/cpuinfo", "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t: fpu\n");
    write(
        "etc/os-release",
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n" + "VERSION_ID=\"12\"\n");

    HostInfo info = new HostInfoReader(root).read();

    assertThat(info)
        .isEqualTo(
            new HostInfo(
                "x86_64",
                "no_sv_file|no_pn_file|no_pvr_file",
                "12",
                "6.1.0-13-amd64",
                "debian",
                "no_bn_file|no_bv_file",
                "AMD EPYC",
                "no_bv_file"));
  }

  @Test
  void dmiValuesAndBlanks() throws Exception {
    write("sys/class/dmi/id/sys_vendor", "QEMU\n");
    write("sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
    write("sys/class/dmi/id/product_version", "   \n");
    write("sys/class/dmi/id/board_name", "\n");
    write("sys/class/dmi/id/board_vendor", "Intel\n");
    write("sys/class/dmi/id/bios_version", "1.16.2-debian-1.16.2-1\n");

    HostInfo info = new HostInfoReader(root).read();

    assertThat(info.hostType()).isEqualTo("QEMU|Standard PC (Q35 + ICH9, 2009)|blank");
    assertThat(info.boardName()).isEqualTo("blank|Intel");
    assertThat(info.biosVersion()).isEqualTo("1.16.2-debian-1.16.2-1");
  }

  @Test
  void osReleaseVariantFallbackAndMissingFields() throws Exception {
    write("usr/lib/os-release", "ID='clear-linux-os'\nVARIANT_ID=desktop\n");
    HostInfo info = new HostInfoReader(root).read();
    assertThat(info.systemName()).isEqualTo("clear-linux-os_desktop");
    assertThat(info.build()).isEqualTo("0");

    Files.delete(root.resolve("usr/lib/os-release"));
    HostInfo none = new HostInfoReader(root).read();
    assertThat(none.systemName()).isEqualTo("unknown");
    assertThat(none.build()).isEqualTo("0");
    assertThat(none.cpuModel()).isEqualTo("blank");
  }

  @Test
  void hostileValuesBecomePrintableAndBounded() throws Exception {
    write("sys/class/dmi/id/sys_vendor", "Ven\u0001dor" + "x".repeat(200) + "\n");
    write("proc/cpuinfo", "model name\t: \u00e9" + "y".repeat(500) + "\n");
    HostInfo info = new HostInfoReader(root).read();
    assertThat(info.hostType()).startsWith("Ven?dor").hasSizeLessThan(78 + 30);
    assertThat(info.cpuModel()).startsWith("?y").hasSize(HostInfoReader.MAX_CPU_MODEL_LENGTH);
  }

  @Test
  void theRealSystemGivesValidMetadata() {
    HostInfo info = HostInfoReader.readSystem();
    assertThat(info.arch()).isNotBlank();
    assertThat(info.kernelVersion()).isEqualTo(System.getProperty("os.version"));
  }

  @Test
  void snapshotRoundTripsForThisBootOnly() throws Exception {
    HostInfo info = HostInfoReader.readSystem();
    Path file = root.resolve("host-info");
    Files.writeString(file, HostSnapshot.format(info, "boot-a"));

    assertThat(HostSnapshot.read(file, "boot-a")).contains(info);
    assertThat(HostSnapshot.read(file, "boot-b")).isEmpty();
    Files.writeString(file, "garbage without equals\n");
    assertThat(HostSnapshot.read(file, "boot-a")).isEmpty();
  }

  @Test
  void aSymlinkedSnapshotIsIgnored() throws Exception {
    Path real = root.resolve("real");
    Files.writeString(real, HostSnapshot.format(HostInfoReader.readSystem(), "boot-a"));
    Path link = Files.createSymbolicLink(root.resolve("host-info"), real);
    assertThat(HostSnapshot.read(link, "boot-a")).isEmpty();
  }
}
