package org.telemetrics.metrics.exporter;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.telemetrics.files.FileErrors;

/**
 * client_java's metrics handler logs a scrape it could not answer (most often a scraper that hung
 * up before the answer was written) through java.util.logging, as a SEVERE record with a stack
 * trace of some thirty lines on standard error: a scraper that times out now and then, or anyone
 * who connects and hangs up, would fill the journal. The record is turned into one line, "a scrape
 * could not be answered: REASON", passed to a sink that throttles it.
 */
final class ScrapeFailures extends Handler {
  /** The class of client_java's handler that logs them. */
  static final String LOGGER = "io.prometheus.metrics.exporter.httpserver.HttpExchangeAdapter";

  /** Held: java.util.logging keeps loggers weakly, and a collected one loses its handlers. */
  private static final Logger CLIENT_JAVA = Logger.getLogger(LOGGER);

  private final Consumer<String> sink;

  private ScrapeFailures(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Sends client_java's records to {@code sink}, one line each, instead of standard error. */
  static void sendTo(Consumer<String> sink) {
    for (Handler h : CLIENT_JAVA.getHandlers()) {
      if (h instanceof ScrapeFailures) {
        CLIENT_JAVA.removeHandler(h);
      }
    }
    CLIENT_JAVA.addHandler(new ScrapeFailures(sink));
    CLIENT_JAVA.setUseParentHandlers(false);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() < Level.WARNING.intValue()) {
      return;
    }
    Throwable t = record.getThrown();
    String why = t == null ? record.getMessage() : FileErrors.reason(t);
    sink.accept("a scrape could not be answered: " + why);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
