package org.telemetrics.log;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The log writer of every program of the suite: one line per event on standard error. When standard
 * error is the journal ({@link JournalStream}) each line starts with the sd-daemon priority ({@code
 * <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug) that journald turns into
 * the entry's priority; anywhere else (a terminal, a file, a pipe) the line names the program and,
 * but for info, the level: {@code telempostd: warning: ...}. Control characters are cleaned so text
 * from outside (record fields, peer data) cannot split or forge a line. Expected failures are
 * logged as one line, without a stack trace.
 */
public final class Log {
  /** Levels, numbered as syslog numbers them. */
  public enum Level {
    ERROR(3, "error: "),
    WARNING(4, "warning: "),
    INFO(6, ""),
    DEBUG(7, "debug: ");

    final int priority;
    final String word;

    Level(int priority, String word) {
      this.priority = priority;
      this.word = word;
    }
  }

  private final String name;
  private final PrintStream out;
  private final boolean journal;
  private final Level threshold;

  /** A log whose lines carry journal priority prefixes: for a stream known to be the journal. */
  public Log(String name, PrintStream out, Level threshold) {
    this(name, out, threshold, true);
  }

  /** A log with priority prefixes if {@code journal}, plain lines otherwise. */
  public Log(String name, PrintStream out, Level threshold, boolean journal) {
    this.name = name;
    this.out = out;
    this.threshold = threshold;
    this.journal = journal;
  }

  /**
   * A log on the process's standard error, with prefixes only if it is the journal; {@code
   * TELEMETRICS_DEBUG=1} in the environment enables debug lines.
   */
  public static Log stderr(String name) {
    return forStandardError(name, System.err, System.getenv());
  }

  /**
   * A log written through {@code err}, the stream the program was given for its standard error,
   * with prefixes only if that is {@code System.err} and {@code env}'s {@code JOURNAL_STREAM} names
   * the file the process's standard error is open on. A test's own stream is never the journal.
   */
  public static Log forStandardError(String name, PrintStream err, Map<String, String> env) {
    return forStandardError(
        name, err, env, err == System.err ? JournalStream::ofStandardError : Optional::empty);
  }

  static Log forStandardError(
      String name,
      PrintStream err,
      Map<String, String> env,
      Supplier<Optional<String>> stderrIdentity) {
    boolean debug = "1".equals(env.get("TELEMETRICS_DEBUG"));
    return new Log(
        name,
        err,
        debug ? Level.DEBUG : Level.INFO,
        JournalStream.isStandardError(env.get(JournalStream.VARIABLE), stderrIdentity));
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
    String line =
        journal
            ? "<" + level.priority + ">" + name + ": " + oneLine(message)
            : name + ": " + level.word + oneLine(message);
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Log lines must not be split or forged by text from outside (record fields, peer data). */
  static String oneLine(String message) {
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      sb.append(c == '\n' || c == '\r' ? ' ' : c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
