package org.telemetrics.ctl.units;

import java.util.List;

/**
 * A systemd drop-in for one of the packaged units: {@code lines} (section headers included) go to
 * {@code <unit>.d/}{@value #FILE_NAME}, which systemd reads after the unit itself.
 */
public record UnitDropIn(String unit, List<String> lines) {
  /**
   * Sorts after the drop-ins a package would ship (numbered lower) and before most of an admin's.
   */
  public static final String FILE_NAME = "50-telemetrics-conf.conf";

  public UnitDropIn {
    lines = List.copyOf(lines);
  }

  /** Where it goes, relative to a unit directory. */
  public String relativePath() {
    return unit + ".d/" + FILE_NAME;
  }

  /** The file's text, headed by a comment naming where the paths came from. */
  public String text(String source) {
    StringBuilder text =
        new StringBuilder("# Made by \"telemctl units\" from ").append(source).append(".\n");
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }
}
