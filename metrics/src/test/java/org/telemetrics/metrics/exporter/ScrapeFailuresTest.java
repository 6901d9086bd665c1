package org.telemetrics.metrics.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** client_java's stack traces for a scrape it could not answer become one line each. */
class ScrapeFailuresTest {
  @Test
  void aScrapeThatCouldNotBeAnsweredIsOneLineAndNotAStackTraceOnStandardError() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ScrapeFailures.sendTo(lines::add);
    Logger clientJava = Logger.getLogger(ScrapeFailures.LOGGER);

    clientJava.log(
        Level.SEVERE,
        "The Prometheus metrics HTTPServer caught an Exception while trying to send the metrics"
            + " response.",
        new IOException("Broken pipe"));
    clientJava.log(Level.SEVERE, "no exception with this one");
    clientJava.log(Level.FINE, "below a warning");

    assertThat(lines)
        .containsExactly(
            "a scrape could not be answered: Broken pipe",
            "a scrape could not be answered: no exception with this one");
    assertThat(clientJava.getUseParentHandlers()).as("the console handler is left out").isFalse();
  }

  @Test
  void aSecondSinkReplacesTheFirst() {
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    ScrapeFailures.sendTo(first::add);
    ScrapeFailures.sendTo(second::add);

    Logger.getLogger(ScrapeFailures.LOGGER).log(Level.SEVERE, "x", new IOException("reset"));

    assertThat(first).isEmpty();
    assertThat(second).containsExactly("a scrape could not be answered: reset");
  }
}
