package org.telemetrics.ctl.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ProbeKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.systemd.Units;

/**
 * The drop-ins are computed against the packaged defaults, so the unit files must say what those
 * defaults say, and the generator must start telemctl for every key the drop-ins follow.
 */
class PackagedUnitsTest {
  private static final Path UNITS = Path.of("../packaging/systemd");
  private static final TelemetryConfig PACKAGED = TelemetryConfig.defaults(Path.of("/"));

  @Test
  void theUnitsNameThePackagedSocketAndSpool() throws Exception {
    assertThat(values(Units.PROBD_SOCKET, "ListenStream"))
        .containsExactly(PACKAGED.path(ProbeKeys.SOCKET_PATH).toString());
    String spool = PACKAGED.path(ProbeKeys.SPOOL_DIR).toString();
    assertThat(values(Units.POSTD_PATH, "DirectoryNotEmpty"))
        .containsExactly(spool + "/staging", spool + "/queue");
    for (String service : ConfiguredUnits.IN_SPOOL) {
      assertThat(values(service, "WorkingDirectory")).as(service).containsExactly("-" + spool);
    }
  }

  @Test
  void theConditionsADropInStatesAgainAreThePackagedOnes() throws Exception {
    String spoolTmp = PACKAGED.path(ProbeKeys.SPOOL_DIR) + "/tmp";
    for (String unit : ConfiguredUnits.UNITS) {
      List<String> conditions = new ArrayList<>();
      for (String line : Files.readAllLines(UNITS.resolve(unit))) {
        if (line.startsWith("Condition")) {
          conditions.add(line);
        }
      }
      if (UnitConditions.OPT_IN.contains(unit)) {
        List<String> stated =
            UnitConditions.lines(unit, PACKAGED.path(ProbeKeys.OPT_IN_FILE).toString(), spoolTmp);
        // less the section and the reset
        assertThat(conditions).as(unit).isEqualTo(stated.subList(2, stated.size()));
      } else {
        assertThat(conditions).as(unit).isEmpty();
      }
    }
  }

  @Test
  void eachServiceMayWriteWhereThePackagedDefaultsPutItsFiles() throws Exception {
    for (String service : ConfiguredUnits.WRITERS) {
      List<Path> allowed = new ArrayList<>();
      for (String v : values(service, "ReadWritePaths")) {
        Arrays.stream(v.split(" ")).map(Path::of).forEach(allowed::add);
      }
      for (WrittenDirs.Written w : WrittenDirs.of(service, PACKAGED)) {
        assertThat(allowed.stream().anyMatch(w.dir()::startsWith))
            .as(service + " may write " + w)
            .isTrue();
      }
    }
  }

  @Test
  void eachDirectoryAServiceMayWriteIsMadeAgainBeforeItStarts() throws Exception {
    // systemd refuses to start a service whose ReadWritePaths= names a missing directory
    List<String> made = new ArrayList<>();
    for (String line : Files.readAllLines(UNITS.resolve("tmpfiles.d/telemetrics.conf"))) {
      if (line.startsWith("d ")) {
        made.add(line.split("\\s+")[1]);
      }
    }
    for (String service : ConfiguredUnits.WRITERS) {
      List<String> dirs = new ArrayList<>();
      for (String v : values(service, "ReadWritePaths")) {
        dirs.addAll(Arrays.asList(v.split(" ")));
      }
      assertThat(made).as(service).containsAll(dirs);
      assertThat(values(service, "Wants")).as(service).contains(Units.DIRS);
      assertThat(values(service, "After").stream().flatMap(v -> Arrays.stream(v.split(" "))))
          .as(service)
          .contains(Units.DIRS);
    }
    assertThat(values(Units.DIRS, "ExecStart"))
        .containsExactly("systemd-tmpfiles --create telemetrics.conf");
    assertThat(values(Units.DIRS, "RemainAfterExit")).isEmpty(); // so it runs at every start again
  }

  @Test
  void theGeneratorStartsTelemctlForEveryKeyItFollows() throws Exception {
    String script = Files.readString(UNITS.resolve("system-generators/telemetrics-generator"));
    Matcher m = Pattern.compile("(?m)^keys='([a-z_|]+)'$").matcher(script);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1).split("\\|"))
        .containsExactlyInAnyOrderElementsOf(
            ConfiguredUnits.KEYS.stream().map(ConfigKey::name).toList());
    assertThat(script).contains("exec /usr/bin/telemctl units --output \"$dir\"");
  }

  /** The values of the directives matching {@code name} in a packaged unit, in order. */
  private static List<String> values(String unit, String name) throws Exception {
    Pattern directive = Pattern.compile("^" + name + "=(.*)$");
    List<String> values = new ArrayList<>();
    for (String line : Files.readAllLines(UNITS.resolve(unit))) {
      Matcher m = directive.matcher(line);
      if (m.matches()) {
        values.add(m.group(1));
      }
    }
    return values;
  }
}
