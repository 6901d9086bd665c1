package org.telemetrics.postd;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.CommandLineConvention;

/** telempostd follows the suite's command-line convention (see {@link CommandLineConvention}). */
@Timeout(240)
class TelempostdCommandLineTest {
  @TempDir Path dir;

  @Test
  void versionHelpAndUsageErrorsAsEveryProgram() throws Exception {
    new CommandLineConvention(
            "telempostd",
            Telempostd.class.getName(),
            dir,
            Map.of("TELEMETRICS_ROOT", dir.toString()))
        .check("--config_file");
  }
}
