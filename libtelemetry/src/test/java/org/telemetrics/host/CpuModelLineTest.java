package org.telemetrics.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU model comes from the first {@code model name} line of {@code /proc/cpuinfo}, which is
 * read only as far as that line, with the limits (64 KiB, 4096 lines) and the decoding of reading
 * the whole file.
 */
class CpuModelLineTest {
  @TempDir Path root;

  private String cpuModelOf(byte[] cpuinfo) throws Exception {
    Path file = root.resolve("proc/cpuinfo");
    Files.createDirectories(file.getParent());
    Files.write(file, cpuinfo);
    return new HostInfoReader(root).cpuModel();
  }

  private String cpuModelOf(String cpuinfo) throws Exception {
    return cpuModelOf(cpuinfo.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theFirstModelNameLineCountsWhereverItIs() throws Exception {
    String filler = "flags\t: " + "fpu vme de pse ".repeat(40) + "\n";
    String cpuinfo = filler.repeat(30) + "model name\t: Late CPU\r\n" + "model name\t: Second\n";
    assertThat(cpuinfo.length()).isGreaterThan(3 * 4096);
    assertThat(cpuModelOf(cpuinfo)).isEqualTo("Late CPU");
    assertThat(cpuModelOf("model name\t: Last line without newline"))
        .isEqualTo("Last line without newline");
    assertThat(cpuModelOf("model name")).isEqualTo("blank");
    assertThat(cpuModelOf("processor\t: 0\n")).isEqualTo("blank");
    assertThat(cpuModelOf("")).isEqualTo("blank");
  }

  @Test
  void onlyTheFirst4096LinesAndTheFirst64KiBAreRead() throws Exception {
    assertThat(cpuModelOf("x\n".repeat(4095) + "model name : in line 4096\n"))
        .isEqualTo("in line 4096");
    assertThat(cpuModelOf("x\n".repeat(4096) + "model name : in line 4097\n")).isEqualTo("blank");
    String longLine = "y".repeat(64 * 1024 - 41) + "\n"; // the limit falls in the model's line
    assertThat(cpuModelOf(longLine + "model name : cut at the 64 KiB limit, not further\n"))
        .isEqualTo("cut at the 64 KiB limit, no");
    assertThat(cpuModelOf(longLine + "x".repeat(40) + "\nmodel name : after the limit\n"))
        .isEqualTo("blank");
  }

  @Test
  void malformedUtf8DecodesAsInTheWholeFile() throws Exception {
    // A sequence cut short by the newline, and one cut short by the 64 KiB limit.
    byte[] cut = "model name : A\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] lineCutShort = new byte[cut.length + 2];
    System.arraycopy(cut, 0, lineCutShort, 0, cut.length);
    lineCutShort[cut.length] = (byte) 0xe2; // the first of three bytes, then the newline
    lineCutShort[cut.length + 1] = '\n';
    assertThat(cpuModelOf(lineCutShort)).isEqualTo("A??");

    byte[] atLimit = new byte[64 * 1024];
    byte[] line = "model name : B".getBytes(StandardCharsets.US_ASCII);
    int start = atLimit.length - line.length - 2;
    Arrays.fill(atLimit, 0, start, (byte) 'x');
    atLimit[start - 1] = '\n';
    System.arraycopy(line, 0, atLimit, start, line.length);
    atLimit[atLimit.length - 2] = (byte) 0xe2;
    atLimit[atLimit.length - 1] = (byte) 0x82; // a sequence the limit cuts
    byte[] longer = Arrays.copyOf(atLimit, atLimit.length + 1);
    longer[atLimit.length] = (byte) 0xac;
    String whole = new String(atLimit, StandardCharsets.UTF_8); // what the limit leaves, decoded
    String expected = whole.substring(whole.lastIndexOf(':') + 1).strip().replace('\ufffd', '?');
    assertThat(cpuModelOf(longer)).isEqualTo(expected).startsWith("B?");
  }

  @Test
  void readingStopsAtTheModelNameLine() throws Exception {
    // A pipe that stays open after the line: a reader of the whole file would wait for its end.
    Path fifo = root.resolve("proc/cpuinfo");
    Files.createDirectories(fifo.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    CountDownLatch read = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try (OutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(
                    "processor\t: 0\nmodel name\t: Piped CPU\nflags\t: fpu\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                read.await();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    try {
      String model =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20), () -> new HostInfoReader(root).cpuModel());
      assertThat(model).isEqualTo("Piped CPU");
    } finally {
      read.countDown();
      writer.join();
    }
  }
}
