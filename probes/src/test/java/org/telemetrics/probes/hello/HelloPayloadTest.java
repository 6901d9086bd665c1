package org.telemetrics.probes.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloPayloadTest {
  @TempDir Path dir;

  @Test
  void theCLayout() {
    assertThat(HelloPayload.build(Optional.of("C.UTF-8"), Optional.of(2023L), Optional.empty()))
        .isEqualTo("hello\nLC_ALL: C.UTF-8\nuptime: 2023\n");
    assertThat(
            HelloPayload.build(
                Optional.empty(), Optional.empty(), Optional.of(List.of("os-core", "editors"))))
        .isEqualTo("hello\n\nBundles (2):\nos-core\neditors\n");
  }

  @Test
  void localeFollowsLcAllThenLang() {
    assertThat(HelloPayload.locale(Map.of("LC_ALL", "de_DE.UTF-8", "LANG", "C")))
        .isEqualTo("de_DE.UTF-8");
    assertThat(HelloPayload.locale(Map.of("LANG", "fr_FR.UTF-8"))).isEqualTo("fr_FR.UTF-8");
    assertThat(HelloPayload.locale(Map.of())).isEqualTo("C");
  }

  @Test
  void uptimeIsWholeSecondsOfProcUptime() throws Exception {
    Path uptime = dir.resolve("uptime");
    Files.writeString(uptime, "2023.71 3900.12\n");
    assertThat(HelloPayload.uptimeSeconds(uptime)).isEqualTo(2023);
    assertThat(HelloPayload.uptimeSeconds(Path.of("/proc/uptime"))).isPositive();
  }

  @Test
  void bundlesAreSortedWithoutHiddenEntries() throws Exception {
    for (String n : List.of("os-core", ".hidden", "editors")) {
      Files.createFile(dir.resolve(n));
    }
    assertThat(HelloPayload.bundles(dir)).containsExactly("editors", "os-core");
  }

  @Test
  void anOversizedPayloadEndsWithEllipsisWithinTheLimit() {
    List<String> many = IntStream.range(0, 2000).mapToObj(i -> "bundle-" + i).toList();
    String payload = HelloPayload.build(Optional.empty(), Optional.empty(), Optional.of(many));
    assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(8192);
    assertThat(payload).startsWith("hello\n\nBundles (2000):\nbundle-0\n").endsWith("\n...");
  }
}
