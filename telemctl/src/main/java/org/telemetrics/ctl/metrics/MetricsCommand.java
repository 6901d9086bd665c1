package org.telemetrics.ctl.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.telemetrics.config.ConfigKeys;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.FileErrors;
import org.telemetrics.metrics.MetricsFormat;
import org.telemetrics.metrics.MetricsModel;
import org.telemetrics.metrics.MetricsSources;
import org.telemetrics.metrics.PersistedMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Prints the client's metrics for a monitoring system.",
      "",
      "Reads the counters the daemons persist, so it answers while they are stopped or "
          + "idle: influx (line protocol, for Telegraf's inputs.exec), openmetrics, prometheus "
          + "(text format 0.0.4) or json. Counters never go down across daemon restarts."
    })
public final class MetricsCommand extends CtlCommand {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "openmetrics",
      description = "influx, openmetrics, prometheus or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write to FILE atomically (a temporary file in its directory, then a "
              + "rename), e.g. for node_exporter's textfile collector, instead of stdout.")
  Path output;

  @Override
  protected int run() throws Exception {
    MetricsFormat f =
        MetricsFormat.named(format)
            .orElseThrow(
                () ->
                    new CtlException(
                        "telemctl metrics: unknown format '"
                            + format
                            + "' (use "
                            + MetricsFormat.names()
                            + ")",
                        ExitCodes.USAGE));
    TelemetryConfig config = config();
    MetricsModel model;
    try {
      // a damaged file fails the command (unlike the endpoint, which serves the rest): a
      // script or a textfile collector must not take a part for the whole
      model = new PersistedMetrics(MetricsSources.of(config), ctx().clock()).readOrThrow();
    } catch (IOException e) {
      throw new CtlException("telemctl metrics: " + FileErrors.describe(e));
    }
    String text = f.render(model, tags(config));
    if (output == null) {
      out().print(text);
      return ExitCodes.OK;
    }
    Path target = output.toAbsolutePath();
    try {
      AtomicFiles.write(
          target.getParent(),
          target,
          text.getBytes(StandardCharsets.UTF_8),
          AtomicFiles.READABLE_BY_ALL);
    } catch (IOException e) {
      throw new CtlException("telemctl metrics: cannot write " + FileErrors.about(target, e));
    }
    return ExitCodes.OK;
  }

  /** The line protocol's tags: this host, and the server's host (never its path or query). */
  static Map<String, String> tags(TelemetryConfig config) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("host", hostName());
    tags.put("server", serverHost(config.get(ConfigKeys.SERVER).strip()));
    return tags;
  }

  static String serverHost(String server) {
    try {
      String host = new URI(server).getHost();
      return host == null ? "" : host;
    } catch (URISyntaxException e) {
      return "";
    }
  }

  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? "localhost" : name;
    } catch (IOException e) {
      return "localhost";
    }
  }
}
