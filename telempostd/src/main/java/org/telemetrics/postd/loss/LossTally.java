package org.telemetrics.postd.loss;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.telemetrics.spool.disk.DropReason;

/**
 * How many acknowledged records were let go undelivered, why, and the oldest and newest creation
 * time among them: the payload of a loss report (format in docs/protocol.md). Immutable.
 *
 * @param counts records lost per reason
 * @param oldest earliest creation time (epoch seconds) of a lost record
 * @param newest latest creation time (epoch seconds) of a lost record
 */
public record LossTally(Map<DropReason, Long> counts, long oldest, long newest) {
  public static final LossTally NONE = new LossTally(Map.of(), Long.MAX_VALUE, Long.MIN_VALUE);

  /** A tally's text is a few short lines; anything longer is not one. */
  static final int MAX_BYTES = 1024;

  public LossTally {
    EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
    counts.forEach(
        (r, n) -> {
          if (n > 0) {
            copy.put(r, n);
          }
        });
    counts = Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public LossTally plus(DropReason reason, long count, long createdEpochSeconds) {
    return merge(new LossTally(Map.of(reason, count), createdEpochSeconds, createdEpochSeconds));
  }

  public LossTally merge(LossTally other) {
    EnumMap<DropReason, Long> sum = new EnumMap<>(DropReason.class);
    sum.putAll(counts);
    other.counts.forEach((r, n) -> sum.merge(r, n, Long::sum));
    return new LossTally(sum, Math.min(oldest, other.oldest), Math.max(newest, other.newest));
  }

  /** The report's payload: {@code key: value} lines. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append("lost: ").append(total()).append('\n');
    sb.append("oldest_created: ").append(oldest).append('\n');
    sb.append("newest_created: ").append(newest).append('\n');
    counts.forEach(
        (r, n) -> sb.append("reason.").append(r.label()).append(": ").append(n).append('\n'));
    return sb.toString();
  }

  /** Reads a payload written by {@link #format}; empty if it is not one. */
  public static Optional<LossTally> parse(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return Optional.empty();
    }
    EnumMap<DropReason, Long> counts = new EnumMap<>(DropReason.class);
    long oldest = Long.MAX_VALUE;
    long newest = Long.MIN_VALUE;
    try {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon);
        long v = Long.parseLong(line.substring(colon + 2).strip());
        if (key.equals("oldest_created")) {
          oldest = v;
        } else if (key.equals("newest_created")) {
          newest = v;
        } else if (key.startsWith("reason.")) {
          Optional<DropReason> r = DropReason.ofLabel(key.substring(7));
          if (r.isEmpty() || v < 0) {
            return Optional.empty();
          }
          counts.put(r.get(), v);
        }
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    LossTally t = new LossTally(counts, oldest, newest);
    return t.isEmpty() || oldest > newest ? Optional.empty() : Optional.of(t);
  }
}
