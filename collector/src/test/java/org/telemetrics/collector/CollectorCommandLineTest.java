package org.telemetrics.collector;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.CommandLineConvention;

/**
 * telemetrics-collector follows the suite's command-line convention (see {@link
 * CommandLineConvention}).
 */
@Timeout(240)
class CollectorCommandLineTest {
  @TempDir Path dir;

  @Test
  void versionHelpAndUsageErrorsAsEveryProgram() throws Exception {
    new CommandLineConvention(
            "telemetrics-collector",
            Collector.class.getName(),
            dir,
            Map.of("TELEMETRICS_ROOT", dir.toString()))
        .check("--port");
  }
}
