package org.telemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.telemetrics.testing.IsolatedLibrary;

class VersionTest {
  @Test
  void theNumberIsTheBuildsProjectVersion() {
    // the build passes its own version to the tests; a source left unfiltered would differ
    assertThat(Version.number())
        .isEqualTo(System.getProperty("telemetrics.project.version"))
        .matches("[0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?");
  }

  @Test
  void theLineIsTheProgramAndTheNumber() {
    assertThat(Version.line("hprobe")).isEqualTo("hprobe " + Version.number());
  }

  @Test
  void readingTheNumberLooksUpNoResource() throws Exception {
    // a resource look-up searches the class path's jars: 15 ms of a --version run on JDK 25
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      Method line = library.loadClass(Version.class.getName()).getMethod("line", String.class);

      assertThat(line.invoke(null, "telemctl")).isEqualTo(Version.line("telemctl"));
      assertThat(library.resourcesRead()).isEmpty();
    }
  }

  @Test
  void anUnfilteredBuildSaysDevelopment() {
    assertThat(Version.of("${project.version}")).isEqualTo(Version.DEVELOPMENT);
    assertThat(Version.of("")).isEqualTo(Version.DEVELOPMENT);
    assertThat(Version.of(" 1.2.3\n")).isEqualTo("1.2.3");
  }
}
