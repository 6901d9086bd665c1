package org.telemetrics.ctl.units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "units",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Prints the systemd drop-ins that make the units follow telemetrics.conf.",
      "",
      "The packaged units name the default socket_path, spool_dir and opt_in_file, and let the "
          + "daemons and probes write only below the default directories. When the configuration "
          + "moves one of those, the units need drop-ins: telemprobd.socket listens on "
          + "socket_path, telempostd.path watches spool_dir, the units wait for opt_in_file, and "
          + "the daemons and probes may write where the configuration says. Without --output they "
          + "are printed, each headed by its file name. The package's systemd generator writes "
          + "them at boot and at every systemctl daemon-reload."
    })
public final class UnitsCommand extends CtlCommand {
  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Writes each drop-in below DIR (DIR/<unit>.d/"
              + UnitDropIn.FILE_NAME
              + ") instead of printing it.")
  Path output;

  @Override
  protected int run() throws Exception {
    TelemetryConfig config = config();
    List<UnitDropIn> dropIns = ConfiguredUnits.of(config, TelemetryConfig.defaults(ctx().root()));
    String source = config.file().map(Object::toString).orElse("the built-in defaults");
    if (output != null) {
      for (UnitDropIn dropIn : dropIns) {
        write(output.resolve(dropIn.relativePath()), dropIn.text(source));
      }
      return ExitCodes.OK;
    }
    if (dropIns.isEmpty()) {
      out().println("# none: " + source + " keeps the paths the units name");
    }
    for (UnitDropIn dropIn : dropIns) {
      out().println("# " + dropIn.relativePath());
      out().print(dropIn.text(source));
    }
    return ExitCodes.OK;
  }

  private static void write(Path file, String text) throws IOException {
    Path dir = Files.createDirectories(file.getParent());
    // systemd reads unit files as any user may: 0644, as the packaged units
    AtomicFiles.write(
        dir, file, text.getBytes(StandardCharsets.UTF_8), AtomicFiles.READABLE_BY_ALL);
  }
}
