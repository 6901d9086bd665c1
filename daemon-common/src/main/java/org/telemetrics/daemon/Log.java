package org.telemetrics.daemon;

import java.io.PrintStream;

/**
 * One line per event on stderr, prefixed with the sd-daemon priority ({@code <3>} error,
 * {@code <4>} warning, {@code <6>} info, {@code <7>} debug) that journald turns into the entry's
 * priority. Expected failures are logged as one line, without a stack trace.
 */
public final class Log {
  /** Priorities, as syslog numbers them. */
  public enum Level {
    ERROR(3), WARNING(4), NOTICE(5), INFO(6), DEBUG(7);

    final int priority;

    Level(int priority) {
      this.priority = priority;
    }
  }

  private final String name;
  private final PrintStream out;
  private volatile Level threshold;

  public Log(String name, PrintStream out, Level threshold) {
    this.name = name;
    this.out = out;
    this.threshold = threshold;
  }

  /** A log on stderr; {@code TELEMETRICS_DEBUG=1} in the environment enables debug lines. */
  public static Log stderr(String name) {
    boolean debug = "1".equals(System.getenv("TELEMETRICS_DEBUG"));
    return new Log(name, System.err, debug ? Level.DEBUG : Level.INFO);
  }

  public void error(String message) {
    log(Level.ERROR, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void debug(String message) {
    log(Level.DEBUG, message);
  }

  public boolean enabled(Level level) {
    return level.priority <= threshold.priority;
  }

  public void log(Level level, String message) {
    if (!enabled(level)) {
      return;
    }
    String line = "<" + level.priority + ">" + name + ": " + oneLine(message);
    synchronized (out) {
      out.println(line);
    }
  }

  /** Log lines must not be split or forged by text from outside (record fields, peer data). */
  static String oneLine(String message) {
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      sb.append(c == '\n' || c == '\r' ? ' ' : c < 0x20 ? '?' : c);
    }
    return sb.toString();
  }
}
