package org.telemetrics.ctl.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.ctl.command.ExitCodes;
import org.telemetrics.files.FileErrors;

/**
 * Opens the configured usage database for a command, or says in one line why it cannot: usage_db
 * off or no database yet (exit 3: nothing to read), damaged or foreign (exit 1).
 */
public final class UsageSource {
  private UsageSource() {}

  public static UsageDatabase open(TelemetryConfig config, String command) throws CtlException {
    Optional<Path> path = UsageDatabasePath.of(config);
    if (path.isEmpty()) {
      throw new CtlException(
          "telemctl "
              + command
              + ": the usage database is off (usage_db "
              + "is empty"
              + config.file().map(f -> " in " + f).orElse("")
              + ")",
          ExitCodes.NO_DATA);
    }
    Path file = path.get();
    // checked here: SQLite would create an empty file where there is none
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
      throw new CtlException(
          "telemctl "
              + command
              + ": no usage database yet at "
              + file
              + " (telempostd creates it when it settles its first record)",
          ExitCodes.NO_DATA);
    }
    if (!Files.isRegularFile(file)) {
      throw new CtlException("telemctl " + command + ": " + file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new CtlException("telemctl " + command + ": " + file + ": permission denied");
    }
    try {
      return UsageDatabase.open(file);
    } catch (IOException e) {
      throw new CtlException("telemctl " + command + ": " + FileErrors.describe(e));
    }
  }
}
