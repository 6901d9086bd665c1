package org.telemetrics.postd.spool;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.telemetrics.spool.disk.SpoolNames;

/**
 * A queued record's delivery attempts, kept next to it as {@code <record-id>.retry} so a restart
 * continues the backoff instead of resetting it.
 *
 * @param nextAttemptMillis epoch milliseconds before which the record is not sent again
 * @param outage the last failure was the server's (no connection, 429, 503), not the record's
 * @param alone the record is sent in a request of its own until it is settled: an OTLP partial
 *     success rejected some records of a request it was in, without saying which. Kept in the note
 *     so that a restart goes on isolating it.
 */
public record RetryState(
    int attempts, long nextAttemptMillis, boolean outage, String lastError, boolean alone) {
  public static final String SUFFIX = SpoolNames.RETRY_SUFFIX;
  public static final RetryState NONE = new RetryState(0, 0, false, "");

  /** A state of a record that may share a request. */
  public RetryState(int attempts, long nextAttemptMillis, boolean outage, String lastError) {
    this(attempts, nextAttemptMillis, outage, lastError, false);
  }

  /** The same state, due at {@code atMillis} and {@code outage} as given. */
  public RetryState at(long atMillis, boolean outage) {
    return new RetryState(attempts, atMillis, outage, lastError, alone);
  }

  /** Larger notes are not ours. */
  static final int MAX_BYTES = 1024;

  public byte[] encode() {
    return ("attempts: "
            + attempts
            + "\nnext: "
            + nextAttemptMillis
            + "\noutage: "
            + outage
            + "\nlast: "
            + oneLine(lastError)
            + "\n"
            + (alone ? "alone: true\n" : ""))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a state file; anything unreadable counts as no attempts (the record is kept). */
  public static RetryState decode(byte[] bytes) {
    return parse(bytes).orElse(NONE);
  }

  /**
   * Reads a state file strictly: empty unless it is one we wrote (at most {@link #MAX_BYTES}, an
   * {@code attempts} and a {@code next} line with numbers), so a damaged one can be set aside.
   */
  public static Optional<RetryState> parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return Optional.empty();
    }
    Integer attempts = null;
    Long next = null;
    boolean outage = false;
    boolean alone = false;
    String last = "";
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        continue;
      }
      String v = line.substring(colon + 2);
      try {
        switch (line.substring(0, colon)) {
          case "attempts" -> attempts = Math.max(0, Integer.parseInt(v));
          case "next" -> next = Long.parseLong(v);
          case "outage" -> outage = Boolean.parseBoolean(v);
          case "last" -> last = v;
          case "alone" -> alone = Boolean.parseBoolean(v);
          default -> {}
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (attempts == null || next == null) {
      return Optional.empty();
    }
    return Optional.of(new RetryState(attempts, next, outage, last, alone));
  }

  private static String oneLine(String s) {
    String t = s.replace('\n', ' ').replace('\r', ' ');
    return t.length() > 300 ? t.substring(0, 300) : t;
  }
}
