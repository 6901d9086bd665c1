package org.telemetrics.postd.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;

class UsageSettingsTest {
  @TempDir Path dir;

  TelemetryConfig load(String settings) throws Exception {
    Path conf = dir.resolve("telemetrics.conf");
    Files.writeString(conf, "[settings]\n" + settings + "\n");
    return ConfigLoader.load(Optional.of(conf), dir.resolve("root"));
  }

  @Test
  void aConfiguredDatabaseThatCannotBeWrittenStopsTheStartWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("plain-file"), "not a directory");
    TelemetryConfig c = load("usage_db=" + dir.resolve("plain-file/usage.db"));

    assertThatThrownBy(() -> UsageSettings.from(c).checkAtStart(c))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            dir.resolve("telemetrics.conf")
                + ":2: usage_db: cannot create"
                + " directory "
                + dir.resolve("plain-file"));
  }

  @Test
  void theDefaultDatabaseIsUnderTheRootAndAnEmptyValueTurnsItOff() throws Exception {
    UsageSettings byDefault = UsageSettings.from(load(""));
    UsageSettings off = UsageSettings.from(load("usage_db="));

    assertThat(byDefault.database()).contains(dir.resolve("root/var/lib/telemetry/usage.db"));
    assertThat(byDefault.required()).isFalse();
    assertThat(off.database()).isEmpty();
    assertThat(off.log()).isEmpty();
  }
}
