package org.telemetrics.configfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.testing.IsolatedLibrary;

/**
 * A one-record probe reads its few keys without building the table of every key, and reads them,
 * and refuses a bad one, exactly as every other program does. Each case runs in a fresh class
 * loader, as a probe's process starts.
 */
class ProbeConfigReadTest {
  private static final String FULL_TABLE = ConfigKeys.class.getName();
  private static final String START = "org.telemetrics.client.OneRecordProbeStart";

  @TempDir Path root;

  private String start(IsolatedLibrary library, String settings) throws Exception {
    Path file = root.resolve("etc/telemetrics/telemetrics.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, settings);
    @SuppressWarnings("unchecked")
    Function<Path, String> start = library.instance(START, Function.class);
    return start.apply(root);
  }

  @Test
  void theShippedFileIsReadWithoutTheFullKeyTable() throws Exception {
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      String seen = start(library, Files.readString(Path.of("..", "etc", "telemetrics.conf")));

      assertThat(seen).isEqualTo(root.resolve("run/telem-0") + " 1000 2000");
      assertThat(library.hasLoaded(FULL_TABLE)).isFalse();
    }
  }

  @Test
  void theProbesOwnKeysAreReadWithoutTheFullKeyTable() throws Exception {
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      String seen =
          start(
              library,
              "[settings]\nsocket_path=/tmp/probe.sock\nprobe_connect_timeout_ms=300\n"
                  + "probe_ack_timeout_ms=0\n");

      assertThat(seen).isEqualTo("/tmp/probe.sock 300 0");
      assertThat(library.hasLoaded(FULL_TABLE)).isFalse();
    }
  }

  @Test
  void aBadValueOfAProbeKeyIsRefusedWithFileAndLine() throws Exception {
    String settings = "[settings]\n\nprobe_ack_timeout_ms=sixty\n";
    String expected = errorOfTheFullRead(settings);
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      String seen = start(library, settings);

      assertThat(seen).isEqualTo(expected).contains("telemetrics.conf:3").contains("probe_ack");
    }
  }

  @Test
  void anyOtherKeyIsCheckedAsBefore() throws Exception {
    String settings = "[settings]\nsocket_path=/tmp/probe.sock\nserver=ftp://example\nservr=x\n";
    String expected = errorOfTheFullRead(settings);
    try (IsolatedLibrary library = new IsolatedLibrary()) {
      String seen = start(library, settings);

      assertThat(seen).isEqualTo(expected).contains(":3").contains("server");
      assertThat(library.hasLoaded(FULL_TABLE)).isTrue();
    }
  }

  /** The message this class loader's (already complete) key table gives for the same file. */
  private String errorOfTheFullRead(String settings) throws Exception {
    Path other = Files.createTempDirectory(root, "full");
    Path file = other.resolve("etc/telemetrics/telemetrics.conf");
    Files.createDirectories(file.getParent());
    Files.writeString(file, settings);
    ConfigKeys.all();
    try {
      ConfigLoader.load(java.util.Optional.empty(), other);
    } catch (org.telemetrics.config.ConfigException e) {
      return e.getMessage().replace(other.toString(), root.toString());
    }
    throw new AssertionError("no error for " + settings);
  }
}
