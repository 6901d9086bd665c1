package org.telemetrics.ctl.config;

import java.util.Map;
import org.telemetrics.config.ConfigKey;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import picocli.CommandLine.Command;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    subcommands = ConfigCheckCommand.class,
    commandListHeading = "%nCommands:%n",
    description = {
      "Prints the effective configuration and where each value came from.",
      "",
      "Every key, its value, and where the "
          + "value came from (file and line, or the built-in default).",
      "Only one file is read, as in C: the -f file, else /etc/telemetrics/telemetrics.conf, "
          + "else /usr/share/defaults/telemetrics/telemetrics.conf (under TELEMETRICS_ROOT)."
    })
public final class ConfigCommand extends CtlCommand {
  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    out()
        .println(
            "# file: " + config.file().map(Object::toString).orElse("none (built-in defaults)"));
    out().println("# root: " + config.root());
    Map<String, String> values = config.asText();
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (ConfigKey<?> key : ConfigKeys.all()) {
      out()
          .printf(
              "%-" + width + "s = %s  (%s)%n",
              key.name(),
              values.get(key.name()),
              config.origin(key));
    }
    return ExitCodes.OK;
  }
}
