package org.telemetrics.ctl.units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.ctl.command.CtlException;
import org.telemetrics.files.RegularFiles;

/**
 * Whether the units follow telemetrics.conf as it is now: the drop-ins the generator wrote at
 * systemd's last reload ({@value #DIR}) against those the file needs. An edit of the file without a
 * {@code systemctl daemon-reload} leaves probes and daemons on paths the units do not use.
 */
public final class GeneratedDropIns {
  /** systemd's directory for a generator's units, under the root. */
  static final String DIR = "run/systemd/generator";

  /** Larger than any drop-in of ours: a bound on what is read. */
  private static final int MAX_BYTES = 64 * 1024;

  private GeneratedDropIns() {}

  /**
   * A note naming the units that do not follow {@code config} yet; empty when they all do, or where
   * systemd ran no generator under {@code root} (a private root of tests and demos).
   */
  public static Optional<String> staleNote(TelemetryConfig config, Path root) {
    Path dir = root.resolve(DIR);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<UnitDropIn> wanted;
    try {
      wanted = ConfiguredUnits.of(config, TelemetryConfig.defaults(root));
    } catch (CtlException e) {
      return Optional.of(e.getMessage().replaceFirst("^telemctl: ", ""));
    }
    List<String> stale = new ArrayList<>();
    for (String unit : ConfiguredUnits.UNITS) {
      List<String> want =
          wanted.stream()
              .filter(d -> d.unit().equals(unit))
              .findFirst()
              .map(UnitDropIn::lines)
              .orElse(List.of());
      Path file = dir.resolve(unit + ".d").resolve(UnitDropIn.FILE_NAME);
      if (!want.equals(settings(read(file)))) {
        stale.add(unit);
      }
    }
    if (stale.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "the units do not follow "
            + config.file().map(Object::toString).orElse("the built-in defaults")
            + " yet ("
            + String.join(", ", stale)
            + "): run systemctl daemon-reload, then telemctl restart (see telemctl units)");
  }

  private static Optional<String> read(Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new String(RegularFiles.readBounded(file, MAX_BYTES), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.of("unreadable: " + e.getMessage()); // never what is wanted
    }
  }

  /** The drop-in's lines without its comment, which names the file it was made from. */
  private static List<String> settings(Optional<String> text) {
    return text.map(t -> t.lines().filter(l -> !l.startsWith("#")).toList()).orElse(List.of());
  }
}
