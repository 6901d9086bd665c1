package org.telemetrics.postd.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageEvent;

/**
 * The one thread that writes the usage account, off the delivery path: settling a record only puts
 * its event in a bounded queue ({@link #add}; a full queue drops and counts). The thread takes what
 * settles within {@link #BATCH_MILLIS} as one batch: the database gets the batch's rows in one
 * transaction, then the log gets the lines of the rows the database newly counted, in one write and
 * one flush. A record sent again after a kill therefore gets no second line; a kill between the
 * commit and the write loses that batch's lines instead (the database has them). Without a
 * database, or while it fails, every event gets its line at once.
 */
final class UsageWriter implements AutoCloseable {
  /** About 150 bytes an event: a bounded share of the daemon's 32 MB heap. */
  static final int CAPACITY = 10_000;

  /** How long a batch gathers: one transaction and one write for all it holds. */
  static final long BATCH_MILLIS = 200;

  static final int BATCH = 2_000;

  /** How often a gathering batch looks for a full batch's worth of events. */
  private static final long GATHER_SLICE_NANOS = 20_000_000;

  /** Woken for {@link #close}; never written. */
  private static final PendingUsage STOP = new PendingUsage("", null);

  private final UsageLogWriter log;
  private final UsageDbWriter db;
  private final UsageKeys keys;
  private final LogThrottle throttle;
  private final long batchMillis;
  private final BlockingQueue<PendingUsage> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopping;

  /** Either {@code log} or {@code db} may be null (off); {@code keys} goes with {@code db}. */
  UsageWriter(
      UsageLogWriter log,
      UsageDbWriter db,
      UsageKeys keys,
      LogThrottle throttle,
      long batchMillis) {
    this.log = log;
    this.db = db;
    this.keys = keys;
    this.throttle = throttle;
    this.batchMillis = batchMillis;
    this.thread = new Thread(this::run, "usage");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a settled record's event; never blocks. */
  void add(PendingUsage p) {
    if (!queue.offer(p)) {
      dropped.incrementAndGet();
      throttle.log(
          Log.Level.WARNING,
          "usage-full",
          "usage account is behind; "
              + dropped.get()
              + " records not accounted for so far, delivery goes on");
    }
  }

  /** Records that found the queue full: neither a line nor a row. */
  long dropped() {
    return dropped.get();
  }

  private void run() {
    List<PendingUsage> batch = new ArrayList<>();
    while (!stopping || !queue.isEmpty()) {
      try {
        PendingUsage first = queue.poll(UsageDbWriter.REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          gather(batch);
        }
        writeBatch(batch);
      } catch (InterruptedException e) {
        stopping = true;
      } catch (RuntimeException e) {
        throttle.log(Log.Level.ERROR, "usage", "usage account: " + e + "; delivery goes on");
      }
      batch.clear();
    }
    if (db != null) {
      db.close();
    }
  }

  /**
   * Adds what settles within the batch window (nothing more once stopping). The thread looks at the
   * queue every {@link #GATHER_SLICE_NANOS} and takes what came: waiting on the queue would wake it
   * for every event, a wake-up and a thread switch per delivered record.
   */
  private void gather(List<PendingUsage> batch) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(batchMillis);
    while (true) {
      queue.drainTo(batch, BATCH - batch.size());
      long left = deadline - System.nanoTime();
      if (stopping || left <= 0 || batch.size() >= BATCH) {
        return;
      }
      LockSupport.parkNanos(this, Math.min(left, GATHER_SLICE_NANOS)); // close() unparks
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /** One batch: its rows in one transaction, then the lines of those newly counted. */
  void writeBatch(List<PendingUsage> batch) {
    batch.removeIf(p -> p == STOP);
    if (db == null) {
      writeLines(batch.stream().map(PendingUsage::event).toList());
      return;
    }
    List<UsageRow> rows = new ArrayList<>(batch.size());
    for (PendingUsage p : batch) {
      rows.add(new UsageRow(keys.of(p.recordId(), p.event().started()), p.event()));
    }
    List<UsageRow> counted = db.write(rows);
    if (counted == null) { // not written now: the lines cannot wait for the database
      writeLines(batch.stream().map(PendingUsage::event).toList());
    } else {
      writeLines(counted.stream().map(UsageRow::event).toList());
    }
  }

  private void writeLines(List<UsageEvent> events) {
    if (log != null && !events.isEmpty()) {
      log.write(events);
    }
  }

  /** Writes what is queued (waiting up to 5 s), then closes the database. */
  @Override
  public void close() {
    stopping = true;
    queue.offer(STOP); // wakes a thread waiting for work; a full queue has it busy already
    LockSupport.unpark(thread); // and one sleeping out a batch window
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (db != null && !thread.isAlive()) {
      db.close(); // done by the thread already, unless it never ran
    }
  }
}
