package org.telemetrics.exceptions;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.ConfigException;
import org.telemetrics.configfile.ConfigLoader;

/**
 * Reports a Java application's uncaught exceptions as telemetry records, as apport does for Python:
 * one call in {@code main},
 *
 * <pre>
 * TelemetryExceptionHandler.install();
 * </pre>
 *
 * makes it the default handler; an exception that ends a thread is sent to telemprobd ({@link
 * ExceptionPayload}: types and stack frames, no messages unless {@link
 * ExceptionReporting#withMessages}), then handed to the handler that was the default before (or
 * printed as the JVM would). Nothing is sent while the machine is not opted in, checked at each
 * exception. The handler never throws: whatever goes wrong while reporting, the previous handler
 * still runs. Reporting an exception blocks its thread for at most {@code probe_connect_timeout_ms
 * + probe_ack_timeout_ms}.
 */
public final class TelemetryExceptionHandler implements Thread.UncaughtExceptionHandler {
  private final ExceptionReporting reporting;
  private final Supplier<TelemetryClient> client;
  private final Thread.UncaughtExceptionHandler previous;
  private final ExceptionPayload payload;
  private final AtomicInteger reported = new AtomicInteger();
  private final ThreadLocal<Boolean> inReport = ThreadLocal.withInitial(() -> false);
  private volatile SendResult lastResult;

  TelemetryExceptionHandler(
      ExceptionReporting reporting,
      Supplier<TelemetryClient> client,
      Thread.UncaughtExceptionHandler previous) {
    this.reporting = Objects.requireNonNull(reporting);
    this.client = Objects.requireNonNull(client);
    this.previous = previous;
    this.payload =
        new ExceptionPayload(
            reporting.includeMessages(), System.getProperty("java.version", "unknown"));
  }

  /** Installs with {@link ExceptionReporting#defaults()}. */
  public static TelemetryExceptionHandler install() {
    return install(ExceptionReporting.defaults());
  }

  /**
   * Makes a handler reporting as {@code reporting} the default uncaught-exception handler of this
   * JVM, chaining the one it replaces. Installing again returns the handler already installed. The
   * configuration is read at the first exception; an unreadable one is a {@link #lastResult()}
   * then, not an exception here.
   */
  public static synchronized TelemetryExceptionHandler install(ExceptionReporting reporting) {
    Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
    if (current instanceof TelemetryExceptionHandler installed) {
      return installed;
    }
    TelemetryExceptionHandler handler =
        new TelemetryExceptionHandler(reporting, new ConfiguredClient(reporting), current);
    Thread.setDefaultUncaughtExceptionHandler(handler);
    return handler;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable e) {
    try {
      report(e);
    } catch (Throwable ignored) {
      // our failure must not replace the application's own handling of its exception
    } finally {
      handOn(thread, e);
    }
  }

  /** What became of the last report, if one was attempted. */
  public Optional<SendResult> lastResult() {
    return Optional.ofNullable(lastResult);
  }

  private void report(Throwable e) {
    if (inReport.get()) {
      return; // an exception thrown while reporting is not reported again
    }
    inReport.set(true);
    try {
      TelemetryClient c;
      try {
        c = client.get();
      } catch (IllegalStateException unreadableConfig) {
        lastResult = new SendResult.Failed(SendResult.Failure.IO, unreadableConfig.getMessage());
        return;
      }
      if (!c.isOptedIn()) {
        lastResult = new SendResult.Failed(SendResult.Failure.NOT_OPTED_IN, "not opted in");
        return;
      }
      if (reported.getAndIncrement() >= reporting.maxReports()) {
        return;
      }
      lastResult =
          c.send(
              c.newRecord(reporting.classification())
                  .severity(reporting.severity())
                  .payload(payload.format(e))
                  .build());
    } finally {
      inReport.set(false);
    }
  }

  private void handOn(Thread thread, Throwable e) {
    if (previous != null) {
      previous.uncaughtException(thread, e);
    } else {
      // what ThreadGroup.uncaughtException prints when no default handler is set
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      e.printStackTrace(System.err);
    }
  }

  /**
   * The client of the configuration {@code telemetrics.conf} names, read once, at first use; an
   * unreadable configuration is an {@link IllegalStateException} with the file and line.
   */
  private static final class ConfiguredClient implements Supplier<TelemetryClient> {
    private final ExceptionReporting settings;
    private TelemetryClient loaded;

    ConfiguredClient(ExceptionReporting settings) {
      this.settings = settings;
    }

    @Override
    public synchronized TelemetryClient get() {
      if (loaded == null) {
        try {
          loaded =
              settings.configFile().isPresent()
                  ? TelemetryClient.createWithExplicitConfig(
                      ConfigLoader.load(settings.configFile()))
                  : TelemetryClient.create(ConfigLoader.load(Optional.empty()));
        } catch (ConfigException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      return loaded;
    }
  }
}
