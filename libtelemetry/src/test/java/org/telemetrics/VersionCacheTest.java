package org.telemetrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.telemetrics.testing.IsolatedLibrary;

class VersionCacheTest {
  private static final String RESOURCE = "org/telemetrics/version.txt";

  @Test
  void theResourceIsReadOnceForEveryCall() throws Exception {
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      Method number = library.loadClass(Version.class.getName()).getMethod("number");

      Object first = number.invoke(null);
      Object second = number.invoke(null);
      Object third = number.invoke(null);

      assertThat(first).isEqualTo(Version.number()).isEqualTo(second).isEqualTo(third);
      assertThat(library.resourcesRead()).containsOnlyOnce(RESOURCE);
    }
  }

  @Test
  void loadingTheClassDoesNotReadTheResource() throws Exception {
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      Class.forName(Version.class.getName(), true, library);

      assertThat(library.resourcesRead()).doesNotContain(RESOURCE);
    }
  }
}
