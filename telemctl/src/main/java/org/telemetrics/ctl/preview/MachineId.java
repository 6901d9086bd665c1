package org.telemetrics.ctl.preview;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import org.telemetrics.config.Layout;
import org.telemetrics.files.RegularFiles;
import org.telemetrics.host.MachineIds;
import org.telemetrics.record.Ids;

/**
 * The machine id telemprobd stamps on records: the static override's id, else the rotating id, else
 * "0" when there is none yet (telemprobd would make one).
 */
final class MachineId {
  private MachineId() {}

  static String asTelemprobdWould(Layout layout) {
    String fromStatic = staticId(layout);
    if (fromStatic != null) {
      return fromStatic;
    }
    String rotating = rotatingId(layout);
    return rotating == null ? "0" : rotating;
  }

  private static String staticId(Layout layout) {
    try (InputStream in =
        Files.newInputStream(layout.staticMachineIdFile(), LinkOption.NOFOLLOW_LINKS)) {
      return MachineIds.parseStatic(in.readNBytes(MachineIds.MAX_STATIC_LENGTH));
    } catch (IOException | IllegalArgumentException e) {
      return null; // telemprobd ignores such a file too
    }
  }

  private static String rotatingId(Layout layout) {
    try {
      String id =
          new String(
                  RegularFiles.readBounded(layout.machineIdFile(), 64), StandardCharsets.US_ASCII)
              .strip();
      return Ids.isId(id) ? id : null;
    } catch (IOException e) {
      return null;
    }
  }
}
