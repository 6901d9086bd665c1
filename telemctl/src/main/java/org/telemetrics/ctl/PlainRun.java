package org.telemetrics.ctl;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CommandRoot;
import org.telemetrics.ctl.command.Context;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;

/**
 * A run of a {@link Subcommands#plain plain} command without picocli, whose model of even one
 * command took most of such a run (its classes, compiled for Java 5, stay out of JDK 25's AOT
 * cache). It prints and exits as {@link TelemctlCommandLine}'s handlers do; {@code
 * CommandModelsTest} runs both side by side.
 */
final class PlainRun {
  private PlainRun() {}

  static int run(Context context, Invocation.Plain plain, PrintWriter out, PrintWriter err) {
    CtlCommand command = (CtlCommand) Subcommands.newPlain(plain.name());
    // no lambda: it would cost classes spun at run time
    Optional<Path> configFile =
        plain.configFile() == null ? Optional.empty() : Optional.of(Path.of(plain.configFile()));
    try {
      return command.callWith(new ChosenConfig(context, configFile), out, err);
    } catch (Exception e) {
      err.println("telemctl: " + FileErrors.describe(e));
      return ExitCodes.FAILURE;
    }
  }

  /** Standard output as picocli writes it: its encoding property, else the default charset. */
  static PrintWriter stdout() {
    return writer(System.out, "sun.stdout.encoding");
  }

  static PrintWriter stderr() {
    return writer(System.err, "sun.stderr.encoding");
  }

  private static PrintWriter writer(OutputStream stream, String encodingProperty) {
    Charset charset = Charset.defaultCharset();
    String name = System.getProperty(encodingProperty);
    if (name != null) {
      try {
        charset = Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
      } catch (RuntimeException e) {
        // picocli falls back to the default too
      }
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }

  /** The top command's part: the context and the configuration {@code -f} chose, if any. */
  private record ChosenConfig(Context context, Optional<Path> configFile) implements CommandRoot {
    @Override
    public TelemetryConfig config() throws ConfigException {
      return context.loadConfig(configFile);
    }
  }
}
