package org.telemetrics.probd;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.CommandLineConvention;

/** telemprobd follows the suite's command-line convention (see {@link CommandLineConvention}). */
@Timeout(240)
class TelemprobdCommandLineTest {
  @TempDir Path dir;

  @Test
  void versionHelpAndUsageErrorsAsEveryProgram() throws Exception {
    new CommandLineConvention(
            "telemprobd",
            Telemprobd.class.getName(),
            dir,
            Map.of("TELEMETRICS_ROOT", dir.toString()))
        .check("--config_file");
  }
}
