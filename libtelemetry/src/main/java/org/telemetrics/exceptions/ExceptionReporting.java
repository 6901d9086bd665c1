package org.telemetrics.exceptions;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.telemetrics.record.RecordRules;

/**
 * How {@link TelemetryExceptionHandler} reports: the classification and severity of its records,
 * whether exception messages are included (off by default: a message may carry a file name, a user
 * name or a request), how many records one process sends at most (an exception in a loop of threads
 * must not flood the spool), and the configuration file ({@code telemetrics.conf} is searched as
 * for every probe when empty).
 */
public record ExceptionReporting(
    String classification,
    int severity,
    boolean includeMessages,
    int maxReports,
    Optional<Path> configFile) {

  public static final String DEFAULT_CLASSIFICATION = "org.clearlinux/java/uncaught";
  public static final int DEFAULT_SEVERITY = 3;
  public static final int DEFAULT_MAX_REPORTS = 10;

  public ExceptionReporting {
    RecordRules.checkClassification(classification);
    severity = RecordRules.clampSeverity(severity);
    if (maxReports < 0) {
      throw new IllegalArgumentException("maxReports must be 0 or more; got " + maxReports);
    }
    Objects.requireNonNull(configFile, "configFile");
  }

  /** {@value #DEFAULT_CLASSIFICATION}, severity 3, no messages, 10 records per process. */
  public static ExceptionReporting defaults() {
    return new ExceptionReporting(
        DEFAULT_CLASSIFICATION, DEFAULT_SEVERITY, false, DEFAULT_MAX_REPORTS, Optional.empty());
  }

  /** Another classification, for example {@code com.example/myapp/uncaught}. */
  public ExceptionReporting withClassification(String classification) {
    return new ExceptionReporting(
        classification, severity, includeMessages, maxReports, configFile);
  }

  public ExceptionReporting withSeverity(int severity) {
    return new ExceptionReporting(
        classification, severity, includeMessages, maxReports, configFile);
  }

  /** Includes each exception's message (cut to a bounded length) after its type. */
  public ExceptionReporting withMessages(boolean includeMessages) {
    return new ExceptionReporting(
        classification, severity, includeMessages, maxReports, configFile);
  }

  public ExceptionReporting withMaxReports(int maxReports) {
    return new ExceptionReporting(
        classification, severity, includeMessages, maxReports, configFile);
  }

  /** An explicit configuration file (absolute), as a probe's {@code -f}. */
  public ExceptionReporting withConfigFile(Path configFile) {
    return new ExceptionReporting(
        classification, severity, includeMessages, maxReports, Optional.of(configFile));
  }
}
