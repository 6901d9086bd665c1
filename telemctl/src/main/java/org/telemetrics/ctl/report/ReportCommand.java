package org.telemetrics.ctl.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.ctl.usage.SettledRecord;
import org.telemetrics.ctl.usage.UsageDatabase;
import org.telemetrics.ctl.usage.UsageSource;
import org.telemetrics.ctl.usage.UsageSummary;
import org.telemetrics.files.AtomicFiles;
import org.telemetrics.files.FileErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Writes a transparency report: what this machine sent, as a web page.",
      "",
      "One self-contained HTML file (no scripts, fonts or anything fetched; inline SVG "
          + "charts) from the usage database: records and bytes per day for the last 30 days by "
          + "classification and outcome, the queue, what is collected and where it goes, and the "
          + "last records. Its numbers are those of telemctl usage --json. Written atomically. "
          + "Exits 3 when there is no database yet or usage_db is empty."
    })
public final class ReportCommand extends CtlCommand {
  static final int DAYS = 30;
  static final int LATEST = 50;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      required = true,
      description = "Write the page to FILE.")
  Path html;

  @Option(names = "--include-payloads", description = "Not available; see the manual page.")
  boolean includePayloads;

  @Override
  protected int run() throws Exception {
    if (includePayloads) {
      // the usage rows hold no record id (by design), so no row can be tied to its copy
      throw new CtlException(
          "telemctl report: --include-payloads is not available: the usage "
              + "database keeps no record ids, so a record cannot be matched with its payload copy "
              + "(read those in record_retention_dir, or use telemctl journal)",
          ExitCodes.USAGE);
    }
    TelemetryConfig config = config();
    String page;
    try (UsageDatabase db = UsageSource.open(config, "report")) {
      UsageSummary summary = UsageSummary.read(db, ctx().clock(), ctx().zone(), DAYS);
      List<SettledRecord> latest = db.latest(LATEST);
      page =
          new ReportPage(
                  summary,
                  latest,
                  CollectionFacts.of(config),
                  ctx().clock().instant(),
                  ctx().zone())
              .render();
    } catch (IOException e) {
      throw new CtlException("telemctl report: " + FileErrors.describe(e));
    }
    Path target = html.toAbsolutePath();
    try {
      AtomicFiles.write(
          target.getParent(),
          target,
          page.getBytes(StandardCharsets.UTF_8),
          AtomicFiles.READABLE_BY_ALL);
    } catch (IOException e) {
      throw new CtlException("telemctl report: cannot write " + FileErrors.about(target, e));
    }
    return ExitCodes.OK;
  }
}
