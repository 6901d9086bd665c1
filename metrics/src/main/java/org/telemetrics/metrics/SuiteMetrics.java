package org.telemetrics.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telemetrics.Version;
import org.telemetrics.host.MachineIds;
import org.telemetrics.metrics.Metric.Type;
import org.telemetrics.metrics.Metric.Unit;

/**
 * The metrics of the suite as a whole (no daemon label): version, opt-in, delivery, and the age of
 * the machine id telemprobd stamps on records now.
 */
final class SuiteMetrics {
  private SuiteMetrics() {}

  static List<Metric> of(MetricsSources sources, Clock clock) {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(
        new Metric(
            "telemetrics_build_info",
            "Version of the telemetrics client.",
            Type.INFO,
            Unit.NONE,
            true,
            List.of(Sample.of(1, "version", Version.number()))));
    metrics.add(
        flag(
            "telemetrics_opted_in",
            "1 when the opt-in file exists.",
            Files.exists(sources.optInFile(), LinkOption.NOFOLLOW_LINKS)));
    metrics.add(
        flag(
            "telemetrics_delivery_enabled",
            "1 when records are sent to the server (record_server_delivery_enabled).",
            sources.deliveryEnabled()));
    machineIdBorn(sources)
        .ifPresent(
            born ->
                metrics.add(
                    new Metric(
                        "telemetrics_machine_id_age_seconds",
                        "Age of the file of the machine id records carry now (absent when there is none).",
                        Type.GAUGE,
                        Unit.SECONDS,
                        false,
                        List.of(Sample.of(Math.max(0, clock.millis() - born) / 1000.0)))));
    return metrics;
  }

  private static Metric flag(String name, String help, boolean on) {
    return new Metric(name, help, Type.GAUGE, Unit.NONE, true, List.of(Sample.of(on ? 1 : 0)));
  }

  /**
   * When the current machine id's file was last written: the static override when it holds an id
   * (telemprobd then uses it), else the rotating id's file; empty when neither exists.
   */
  static Optional<Long> machineIdBorn(MetricsSources sources) {
    Optional<BasicFileAttributes> fixed = regularFile(sources.staticMachineIdFile());
    if (fixed.isPresent() && holdsStaticId(sources.staticMachineIdFile())) {
      return Optional.of(fixed.get().lastModifiedTime().toMillis());
    }
    return regularFile(sources.machineIdFile()).map(a -> a.lastModifiedTime().toMillis());
  }

  private static Optional<BasicFileAttributes> regularFile(Path file) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isRegularFile() ? Optional.of(a) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holdsStaticId(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return MachineIds.parseStatic(in.readNBytes(MachineIds.MAX_STATIC_LENGTH)) != null;
    } catch (IOException | IllegalArgumentException e) {
      return false; // telemprobd ignores such a file too
    }
  }
}
