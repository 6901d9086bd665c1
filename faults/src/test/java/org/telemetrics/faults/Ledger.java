package org.telemetrics.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the probes were told and what the backend got. Each record carries a unique number in its
 * payload ("faults N ..."), sent once: a record telemprobd acknowledged must arrive; one it did not
 * acknowledge may or may not. A record may arrive more than once (a re-send after an uncertain
 * outcome), but always under the id it was acknowledged with: a number arriving under two ids would
 * be a record sent again as a new one.
 */
final class Ledger {
  private static final Pattern NUMBER = Pattern.compile("^faults (\\d+)\\b");

  private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
  private final LongAdder unacknowledged = new LongAdder();
  private final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();
  private final Map<Integer, Set<String>> idsByNumber = new ConcurrentHashMap<>();
  private final LongAdder receptions = new LongAdder();

  static String payload(int number, int size) {
    StringBuilder sb = new StringBuilder("faults ").append(number).append(' ');
    while (sb.length() < size) {
      sb.append((char) ('a' + sb.length() % 26));
    }
    return sb.toString();
  }

  void acknowledged(int number, String recordId) {
    acknowledged.put(recordId, number);
  }

  /** A send whose outcome the probe did not see confirmed (refused, failed, timed out). */
  void notAcknowledged() {
    unacknowledged.increment();
  }

  /** The backend stored a record. */
  void received(String recordId, String payload) {
    receptions.increment();
    copies.computeIfAbsent(String.valueOf(recordId), k -> new AtomicInteger()).incrementAndGet();
    Matcher m = NUMBER.matcher(payload);
    if (m.find()) {
      idsByNumber
          .computeIfAbsent(Integer.parseInt(m.group(1)), k -> ConcurrentHashMap.newKeySet())
          .add(String.valueOf(recordId));
    }
  }

  boolean wasReceived(String recordId) {
    return copies.containsKey(recordId);
  }

  /** Acknowledged records the backend has not got (yet). */
  List<String> missing() {
    List<String> m = new ArrayList<>();
    acknowledged.forEach(
        (id, n) -> {
          if (!copies.containsKey(id)) {
            m.add(id + " (faults " + n + ")");
          }
        });
    return m;
  }

  Tally tally() {
    long duplicates = receptions.sum() - copies.size();
    List<String> renamed = new ArrayList<>();
    idsByNumber.forEach(
        (n, ids) -> {
          if (ids.size() > 1) {
            renamed.add("faults " + n + " arrived as " + ids);
          }
        });
    return new Tally(
        acknowledged.size(),
        unacknowledged.sum(),
        copies.size(),
        missing().size(),
        duplicates,
        renamed);
  }

  /**
   * The figures of a run: records acknowledged and not, distinct records received, lost
   * (acknowledged, never received), duplicate copies received, and numbers that arrived under more
   * than one id (each a duplicate that does not share its record id).
   */
  record Tally(
      long acknowledged,
      long unacknowledged,
      long received,
      long lost,
      long duplicates,
      List<String> renamed) {
    Tally {
      renamed = List.copyOf(renamed);
    }

    @Override
    public String toString() {
      return "acknowledged "
          + acknowledged
          + ", not acknowledged "
          + unacknowledged
          + ", received "
          + received
          + ", lost "
          + lost
          + ", duplicates "
          + duplicates
          + " ("
          + renamed.size()
          + " under another record id)";
    }
  }
}
