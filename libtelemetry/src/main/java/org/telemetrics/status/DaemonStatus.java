package org.telemetrics.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a daemon tells {@code telemctl status} about itself: a few {@code key=value} facts, written
 * by the daemon and read by telemctl through {@link StatusFile}. Keys and values are single-line
 * text; readers ignore keys they do not know, so a daemon may add facts without breaking them.
 *
 * <p>Well-known keys (all optional; times are epoch milliseconds):
 *
 * <ul>
 *   <li>{@value #UPDATED_MS}: when the file was written; {@value #PID}: the writer's pid; {@value
 *       #STATE}: what the daemon is doing ({@code running}, {@code idle}, {@code stopped}, or
 *       telempostd's {@code not opted in (...)});
 *   <li>{@value #LAST_DELIVERY_MS}, {@value #LAST_DELIVERY_RECORD_ID}: the last record the backend
 *       accepted;
 *   <li>{@value #LAST_ERROR_MS}, {@value #LAST_ERROR}: the last delivery failure, as one line;
 *   <li>{@value #DELIVERED}, {@value #DEAD_LETTERED}, {@value #DROPPED}, {@value #FAILED_ATTEMPTS}:
 *       counters since the daemon started.
 * </ul>
 */
public record DaemonStatus(Map<String, String> values) {
  public static final String UPDATED_MS = "updated_ms";
  public static final String PID = "pid";
  public static final String STATE = "state";
  public static final String LAST_DELIVERY_MS = "last_delivery_ms";
  public static final String LAST_DELIVERY_RECORD_ID = "last_delivery_record_id";
  public static final String LAST_ERROR_MS = "last_error_ms";
  public static final String LAST_ERROR = "last_error";
  public static final String DELIVERED = "delivered";
  public static final String DEAD_LETTERED = "dead_lettered";
  public static final String DROPPED = "dropped";
  public static final String FAILED_ATTEMPTS = "failed_attempts";

  public DaemonStatus {
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(StatusFile.checkKey(k), StatusFile.oneLine(v)));
    values = Collections.unmodifiableMap(copy);
  }

  public static DaemonStatus empty() {
    return new DaemonStatus(Map.of());
  }

  /** A copy with {@code key} set; insertion order is kept, so files read in a stable order. */
  public DaemonStatus with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new DaemonStatus(copy);
  }

  public DaemonStatus with(String key, long value) {
    return with(key, Long.toString(value));
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** A numeric value; absent or not a number is empty. */
  public OptionalLong getLong(String key) {
    String v = values.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
