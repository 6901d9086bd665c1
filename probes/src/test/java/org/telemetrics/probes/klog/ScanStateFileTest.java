package org.telemetrics.probes.klog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanStateFileTest {
  static final String BOOT = "0f3c2a84-9d6e-4b8a-a1c7-5e2f9b0d4c61";
  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aStoredStateLoadsAsItWas() throws IOException {
    ScanStateFile f = new ScanStateFile(dir.resolve("klogscanner/state"));
    ScanState s = new ScanState(BOOT, 4711, Map.of("ab12", 3L, "0", 1L));

    f.store(s, true);

    assertThat(f.load(NOW)).isEqualTo(new ScanStateFile.Found(s));
    assertThat(Files.readString(f.path()))
        .isEqualTo(
            """
        klogscanner-state 1
        boot 0f3c2a84-9d6e-4b8a-a1c7-5e2f9b0d4c61
        next 4711
        sent 0 1
        sent ab12 3
        """);
  }

  @Test
  void noFileIsNoState() throws IOException {
    assertThat(new ScanStateFile(dir.resolve("state")).load(NOW))
        .isInstanceOf(ScanStateFile.Missing.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "klogscanner-state 1\nboot 0f3c2a84\nnext 12",
        "klogscanner-state 2\nboot 0f3c2a84\nnext 12\n",
        "klogscanner-state 1\nboot ../../etc\nnext 12\n",
        "klogscanner-state 1\nboot 0f3c2a84\nnext -3\n",
        "klogscanner-state 1\nboot 0f3c2a84\nnext 12\nsent zz 1\n",
        "klogscanner-state 1\nboot 0f3c2a84\nnext 99999999999999999999\n",
        "klogscanner-state 1\nboot 0f3c2a84\nnext 9999999999999999999\n",
        "\u0000\u0001binary"
      })
  void aDamagedFileIsMovedAsideWithItsReasonNeverDeleted(String content) throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, content);

    ScanStateFile.Loaded loaded = new ScanStateFile(file).load(NOW);

    assertThat(loaded)
        .isInstanceOfSatisfying(
            ScanStateFile.Damaged.class,
            d -> {
              assertThat(d.reason()).isNotBlank();
              assertThat(d.aside()).hasContent(content);
              assertThat(d.aside().resolveSibling(d.aside().getFileName() + ".reason"))
                  .content()
                  .contains(d.reason());
            });
    assertThat(file).doesNotExist();
  }

  @Test
  void aNumberAboveTheLargestLongIsDamageThatSaysSo() throws IOException {
    Path file = dir.resolve("state");
    Files.writeString(file, "klogscanner-state 1\nboot 0f3c2a84\nnext 9999999999999999999\n");

    assertThat(new ScanStateFile(file).load(NOW))
        .isInstanceOfSatisfying(
            ScanStateFile.Damaged.class,
            d -> assertThat(d.reason()).contains("'9999999999999999999' is out of range"));
  }

  @Test
  void aDirectoryInPlaceOfTheFileIsDamageToo() throws IOException {
    Path file = dir.resolve("state");
    Files.createDirectory(file);

    assertThat(new ScanStateFile(file).load(NOW)).isInstanceOf(ScanStateFile.Damaged.class);
  }
}
