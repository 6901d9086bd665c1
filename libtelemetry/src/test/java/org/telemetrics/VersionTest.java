package org.telemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void theNumberIsTheBuildsProjectVersion() {
    // the surefire run sees the filtered resource, so the Maven version, never a placeholder
    assertThat(Version.number()).matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
  }

  @Test
  void theLineIsTheProgramAndTheNumber() {
    assertThat(Version.line("hprobe")).isEqualTo("hprobe " + Version.number());
  }
}
