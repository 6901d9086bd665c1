package org.telemetrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telemetrics.configfile.ConfigLoader;

/** The shipped etc/telemetrics.conf documents every key and, as shipped, changes nothing. */
class ShippedConfigFileTest {
  static final Path SHIPPED = Path.of("..", "etc", "telemetrics.conf").toAbsolutePath().normalize();

  @Test
  void documentsEveryKeyExactlyAsTheTemplateRendersIt() throws Exception {
    assertThat(Files.readString(SHIPPED))
        .as(
            "etc/telemetrics.conf is stale: regenerate it with "
                + "java -cp libtelemetry/target/classes org.telemetrics.config.ConfigTemplate")
        .isEqualTo(ConfigTemplate.render());
  }

  @Test
  void everyKeyHasADescription() {
    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThat(key.description()).as(key.name()).isNotBlank();
    }
  }

  @Test
  void uncommentingEveryDefaultGivesTheDefaults() throws Exception {
    String uncommented = ConfigTemplate.render().replaceAll("(?m)^#([a-z_]+=)", "$1");
    TelemetryConfig c = ConfigParser.parse(SHIPPED, uncommented, Path.of("/"));
    TelemetryConfig defaults = TelemetryConfig.defaults(Path.of("/"));
    for (ConfigKey<?> key : ConfigKeys.all()) {
      assertThat((Object) c.get(key)).as(key.name()).isEqualTo(defaults.get(key));
    }
    assertThat(ConfigLoader.load(Optional.of(SHIPPED), Path.of("/")).asText())
        .isEqualTo(defaults.asText());
  }
}
