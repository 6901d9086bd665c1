package org.telemetrics.ctl.preview;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.telemetrics.config.Layout;
import org.telemetrics.spool.AtomicFiles;

/**
 * The machine id telemprobd stamps on records (reference: static override's first line, cut to 32
 * characters; else the rotating id file's first word; else "0").
 */
final class MachineId {
  private MachineId() {}

  static String asTelemprobdWould(Layout layout) {
    String fromStatic = firstLine(layout, true);
    if (fromStatic != null && !fromStatic.isEmpty()) {
      return fromStatic;
    }
    String rotating = firstLine(layout, false);
    return rotating == null || rotating.isEmpty() ? "0" : rotating;
  }

  private static String firstLine(Layout layout, boolean staticFile) {
    try {
      byte[] bytes = AtomicFiles.readBounded(
          staticFile ? layout.staticMachineIdFile() : layout.machineIdFile(), 4096);
      String text = new String(bytes, 0, Math.min(bytes.length, 32), StandardCharsets.US_ASCII);
      String cut = staticFile ? text.split("\n", -1)[0] : text.strip().split("\\s+", -1)[0];
      return cut.chars().allMatch(c -> c >= 0x21 && c < 0x7f) ? cut : null;
    } catch (IOException e) {
      return null;
    }
  }
}
