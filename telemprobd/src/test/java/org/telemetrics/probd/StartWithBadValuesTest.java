package org.telemetrics.probd;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telemetrics.testing.BadConfigStart;

/**
 * telemprobd refuses at start the values telemctl config check refuses, with the same lines (file,
 * line, key, reason), instead of starting and failing on every record.
 */
@Timeout(60)
class StartWithBadValuesTest {
  @TempDir Path dir;

  @Test
  void refusesToStartWithTheLinesConfigCheckPrints() throws Exception {
    BadConfigStart.assertRefusedLikeConfigCheck(
        "org.telemetrics.probd.Telemprobd", "telemprobd", dir);
  }
}
