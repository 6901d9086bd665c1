package org.telemetrics.postd.spool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.telemetrics.spool.SpoolEntry;

/**
 * The queued records in memory: which is due next, which is oldest, how many bytes they take. No
 * I/O and no clock of its own (times are passed in), so its rules are tested directly. Thread-safe;
 * {@link QueuedRecord#file}'s count of queued records is kept here too.
 */
final class DueScheduler {
  private static final Comparator<QueuedRecord> BY_DUE =
      Comparator.<QueuedRecord>comparingLong(r -> r.retry.nextAttemptMillis())
          .thenComparingLong(r -> r.receivedAtMillis)
          .thenComparing(r -> r.id);
  private static final Comparator<QueuedRecord> BY_AGE =
      Comparator.<QueuedRecord>comparingLong(r -> r.receivedAtMillis).thenComparing(r -> r.id);

  private final Map<String, QueuedRecord> byId = new HashMap<>();
  private final TreeSet<QueuedRecord> waiting = new TreeSet<>(BY_DUE);
  private final TreeSet<QueuedRecord> byAge = new TreeSet<>(BY_AGE);
  private long usedBytes;
  private long cachedBytes;

  /** Queued records whose retry state has attempts: they failed and wait for a retry. */
  private int retrying;

  /**
   * Records decoded at intake are kept in memory up to this many bytes, so one sent soon after it
   * arrived (the usual case) is not read and decoded a second time: an open, a read and a close
   * each. A script's burst queues a few thousand records ahead of delivery; 1 MB of record files (a
   * few MB of the daemon's 32 MB heap once decoded) holds about 3,000 small ones.
   */
  static final int CACHE_BYTES = 1024 * 1024;

  synchronized void add(QueuedRecord r) {
    byId.put(r.id, r);
    waiting.add(r);
    byAge.add(r);
    usedBytes += r.fileBytes;
    retrying += failed(r.retry);
  }

  private static int failed(RetryState retry) {
    return retry.attempts() > 0 ? 1 : 0;
  }

  synchronized boolean contains(String id) {
    return byId.containsKey(id);
  }

  synchronized QueuedRecord get(String id) {
    return byId.get(id);
  }

  /** The record due first, if due at {@code nowMillis}; it is then in flight until settled. */
  synchronized QueuedRecord takeDue(long nowMillis) {
    if (waiting.isEmpty() || waiting.first().retry.nextAttemptMillis() > nowMillis) {
      return null;
    }
    QueuedRecord first = waiting.pollFirst();
    first.inFlight = true;
    return first;
  }

  /** Milliseconds until the next record is due; -1 if none is waiting. */
  synchronized long millisToNextDue(long nowMillis) {
    return waiting.isEmpty()
        ? -1
        : Math.max(0, waiting.first().retry.nextAttemptMillis() - nowMillis);
  }

  /** A taken record back in line with its (new) retry state. */
  synchronized void requeue(QueuedRecord r, RetryState retry) {
    waiting.remove(r);
    boolean queued = byId.containsKey(r.id);
    if (queued) {
      retrying += failed(retry) - failed(r.retry);
    }
    r.retry = retry;
    r.inFlight = false;
    if (queued) {
      waiting.add(r);
    }
  }

  /** Not attempted (rate limit): back in line, due no earlier than {@code atMillis}. */
  synchronized void postpone(QueuedRecord r, long atMillis) {
    RetryState s = r.retry;
    requeue(r, s.at(Math.max(atMillis, s.nextAttemptMillis()), s.outage()));
  }

  /**
   * Records due after {@code latestMillis}, later than any wait could have put them (the wall clock
   * went back since they were scheduled), are due at {@code atMillis} instead; how many.
   */
  synchronized int pullBack(long latestMillis, long atMillis) {
    if (waiting.isEmpty() || waiting.last().retry.nextAttemptMillis() <= latestMillis) {
      return 0; // every turn of the loop: no allocation
    }
    List<QueuedRecord> late = new ArrayList<>();
    for (QueuedRecord r : waiting.descendingSet()) {
      if (r.retry.nextAttemptMillis() <= latestMillis) {
        break;
      }
      late.add(r);
    }
    for (QueuedRecord r : late) {
      requeue(r, r.retry.at(atMillis, r.retry.outage()));
    }
    return late.size();
  }

  /** After an outage: records held back only by the outage are due at {@code nowMillis}. */
  synchronized void endOutage(long nowMillis) {
    List<QueuedRecord> held = new ArrayList<>();
    for (QueuedRecord r : waiting) {
      if (r.retry.outage() && r.retry.nextAttemptMillis() > nowMillis) {
        held.add(r);
      }
    }
    for (QueuedRecord r : held) {
      requeue(r, r.retry.at(nowMillis, false));
    }
  }

  /** Keeps the decoded record until it is first read, if the cache has room. */
  synchronized void cache(QueuedRecord r, SpoolEntry entry) {
    if (cachedBytes + r.fileBytes <= CACHE_BYTES) {
      r.cached = entry;
      cachedBytes += r.fileBytes;
    }
  }

  /** The record as decoded at intake, once (the cache lets go of it); null if not cached. */
  synchronized SpoolEntry takeCached(QueuedRecord r) {
    SpoolEntry e = r.cached;
    uncache(r);
    return e;
  }

  private void uncache(QueuedRecord r) {
    if (r.cached != null) {
      r.cached = null;
      cachedBytes -= r.fileBytes;
    }
  }

  /** Takes the record out; true if it was its file's last queued record. */
  synchronized boolean forget(QueuedRecord r) {
    r.inFlight = false;
    uncache(r);
    if (byId.remove(r.id) == null) {
      return false;
    }
    waiting.remove(r);
    byAge.remove(r);
    usedBytes -= r.fileBytes;
    retrying -= failed(r.retry);
    return --r.file.queued == 0;
  }

  /**
   * {@code r} now lives in {@code own}, a file of its own; true if it was the last record queued
   * from its former file.
   */
  synchronized boolean moveToOwnFile(QueuedRecord r, QueueFile own) {
    QueueFile shared = r.file;
    r.file = own;
    r.offset = 0;
    return --shared.queued == 0;
  }

  /** The records still queued from {@code file}. */
  synchronized List<QueuedRecord> recordsOf(QueueFile file) {
    List<QueuedRecord> of = new ArrayList<>();
    for (QueuedRecord r : byId.values()) {
      if (r.file == file) {
        of.add(r);
      }
    }
    return of;
  }

  synchronized QueuedRecord oldestNotInFlight() {
    for (QueuedRecord r : byAge) {
      if (!r.inFlight) {
        return r;
      }
    }
    return null;
  }

  synchronized int size() {
    return byId.size();
  }

  synchronized long usedBytes() {
    return usedBytes;
  }

  synchronized int retrying() {
    return retrying;
  }

  /** The receive time of the oldest queued record (in flight or not); empty when none is. */
  synchronized OptionalLong oldestReceivedMillis() {
    return byAge.isEmpty() ? OptionalLong.empty() : OptionalLong.of(byAge.first().receivedAtMillis);
  }

  synchronized List<String> idsByAge() {
    return byAge.stream().map(r -> r.id).toList();
  }
}
