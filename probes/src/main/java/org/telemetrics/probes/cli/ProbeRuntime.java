package org.telemetrics.probes.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigException;
import org.telemetrics.config.Layout;
import org.telemetrics.config.TelemetryConfig;
import org.telemetrics.configfile.ConfigLoader;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.TelemetryRecord;

/** What every probe does around its own work: load the configuration, send, report. */
public final class ProbeRuntime {
  /**
   * Exit status of a probe that did its job: telemprobd acknowledged the record as stored, or
   * closed the connection without answering (the C telemprobd, which never answers).
   */
  public static final int OK = 0;

  /** Exit status of a probe that failed, as the C probes use for every failure. */
  public static final int FAILURE = 1;

  /**
   * Exit status when telemprobd did not take or answer the record in time (sysexits.h's
   * EX_TEMPFAIL: try again later). The record may still be stored if the daemon resumes.
   */
  public static final int TIMED_OUT = 75;

  /** Exit status of a command line that cannot be understood, as every program of the suite. */
  public static final int USAGE = 2;

  /** What hprobe and telem-record-gen say, as their C versions do, when not opted in. */
  public static final String NOT_OPTED_IN =
      "Unable to send record. Make sure to opt-in to telemetry first 'telemctl opt-in'";

  private ProbeRuntime() {}

  /**
   * The client for the configuration named by {@code -f}, or found by the usual search. An explicit
   * file travels in the frame (as the C library's tm_set_config_file makes it do).
   */
  public static TelemetryClient client(Optional<Path> configFile) throws ConfigException {
    return client(ConfigLoader.load(configFile), configFile.isPresent());
  }

  /**
   * The configuration named by {@code -f}, or found by the usual search under the root {@code env}
   * names; empty, once {@code error} has been told why, when it cannot be used.
   */
  public static Optional<TelemetryConfig> loadConfig(
      Optional<Path> configFile, Map<String, String> env, Consumer<String> error) {
    try {
      return Optional.of(ConfigLoader.load(configFile, rootFrom(env)));
    } catch (ConfigException e) {
      error.accept("configuration: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The client of {@code config}; an explicit file ({@code -f}) travels in the frame. */
  public static TelemetryClient client(TelemetryConfig config, boolean explicitFile) {
    return explicitFile
        ? TelemetryClient.createWithExplicitConfig(config)
        : TelemetryClient.create(config);
  }

  /** Sends a record of payload format 1, as the system probes send theirs. */
  public static SendResult send(
      TelemetryClient client, String classification, int severity, String payload) {
    TelemetryRecord record =
        client
            .newRecord(classification)
            .severity(severity)
            .payloadFormatVersion(1)
            .payload(payload)
            .build();
    return client.send(record);
  }

  /** The message a user gets for an unusable configuration file. */
  public static String describe(ConfigException e) {
    return "Error: " + e.getMessage();
  }

  /**
   * Sends and says what happened on {@code err} when it failed. Returns the exit status.
   *
   * @param notOptedInMessage what this probe says when the machine is not opted in
   */
  public static int send(
      TelemetryClient client, TelemetryRecord record, String notOptedInMessage, PrintStream err) {
    SendResult result = client.send(record);
    if (result instanceof SendResult.Failed f && f.failure() == SendResult.Failure.NOT_OPTED_IN) {
      err.println(notOptedInMessage);
    } else if (result instanceof SendResult.Failed f) {
      err.println("Unable to send record: " + f.message());
    } else if (result instanceof SendResult.Rejected r) {
      err.println("Record rejected by telemprobd: " + r.reason());
    }
    return exitStatus(result);
  }

  /** The exit status every probe gives for a send's result. */
  public static int exitStatus(SendResult result) {
    if (result.delivered()) {
      return OK;
    }
    return result instanceof SendResult.Failed f && f.timedOut() ? TIMED_OUT : FAILURE;
  }

  /**
   * Says what is wrong with the command line, and where to look, on {@code err}. Returns the exit
   * status for a usage error.
   */
  public static int usageError(String program, UsageException e, PrintStream err) {
    err.println(e.getMessage());
    err.println("Try '" + program + " --help' for more information.");
    return USAGE;
  }

  /** The root directory {@code TELEMETRICS_ROOT} in {@code env} names, else {@code /}. */
  public static Path rootFrom(Map<String, String> env) {
    String root = env.get(ConfigLoader.ROOT_ENV);
    return root == null || root.isEmpty() ? Path.of("/") : Path.of(root).toAbsolutePath();
  }

  /**
   * When the machine was opted in: the opt-in marker's modification time ({@code telemctl opt-in}
   * sets it when it creates the marker); empty when there is no marker (not opted in).
   */
  public static Optional<FileTime> optedInSince(Path optInFile) {
    try {
      return Optional.of(Files.getLastModifiedTime(optInFile));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The kernel's id of this boot; an {@link IllegalStateException} naming the file if unread. */
  public static String kernelBootId() {
    try {
      return Files.readString(Layout.bootIdFile(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + FileErrors.about(Layout.bootIdFile(), e), e);
    }
  }
}
