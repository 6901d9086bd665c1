package org.telemetrics.ctl.usage;

import java.io.IOException;
import org.telemetrics.ctl.command.CtlCommand;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Shows what this machine sent: today, since boot and all time.",
      "",
      "Reads the usage database telempostd keeps (usage_db), read-only, so it answers while "
          + "the daemons run or are stopped: records and bytes settled today by classification "
          + "and outcome, the totals since boot and of all time by outcome, and the queue. "
          + "Exits 3 when there is no database yet or usage_db is empty."
    })
public final class UsageCommand extends CtlCommand {
  @Option(names = "--json", description = "One JSON object (numbers as numbers) instead of text.")
  boolean json;

  @Override
  protected int run() throws Exception {
    UsageSummary summary;
    try (UsageDatabase db = UsageSource.open(config(), "usage")) {
      summary = UsageSummary.read(db, ctx().clock(), ctx().zone(), 1);
    } catch (IOException e) {
      throw new CtlException("telemctl usage: " + FileErrors.describe(e));
    }
    out().print(json ? UsageJson.format(summary) : UsageText.format(summary));
    return ExitCodes.OK;
  }
}
