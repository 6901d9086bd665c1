package org.telemetrics.ctl.config;

import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Validates a configuration file.",
      "",
      "Reports every error with its line (FILE:LINE: reason) without using the file. "
          + "Exit 0 when the file is valid, 1 otherwise."
    })
public final class ConfigCheckCommand extends CtlCommand {
  @Parameters(paramLabel = "FILE", description = "The configuration file to check.")
  Path file;

  @Override
  protected int run() {
    List<ConfigException> errors = ConfigLoader.check(file);
    if (errors.isEmpty()) {
      out().println(file + ": OK");
      return ExitCodes.OK;
    }
    errors.forEach(e -> err().println(e.getMessage()));
    err().println(file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
    return ExitCodes.FAILURE;
  }
}
