package org.telemetrics.postd.usage;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.telemetrics.daemon.Log;
import org.telemetrics.postd.time.LogThrottle;
import org.telemetrics.usage.UsageBlur;

/**
 * Writes usage rows to the database on a thread of its own, off the delivery path: settling a
 * record only puts its row in a bounded queue ({@link #add}); a full queue (a database that
 * stays locked or broken) drops rows and counts them. Each batch is one transaction, and
 * {@code current} is written with every batch and at least every {@link #REFRESH_MILLIS}.
 * A database that fails is closed and opened again on the next batch (moved aside first if it
 * is damaged); errors are logged once per minute at most.
 */
public final class UsageDbWriter implements AutoCloseable {
  static final long REFRESH_MILLIS = 60_000;
  /** About 150 bytes a row: a bounded share of the daemon's 32 MB heap. */
  static final int CAPACITY = 10_000;
  private static final int BATCH = 2_000;
  private static final long RETENTION_EVERY_MILLIS = 3_600_000;

  private final Path file;
  private final String bootId;
  private final UsageBlur blur;
  private final int retentionDays;
  private final Clock clock;
  private final Log log;
  private final LogThrottle throttle;
  private final BlockingQueue<UsageRow> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicReference<QueueSnapshot> current = new AtomicReference<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final List<UsageRow> pending = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;
  private UsageDatabase db;
  private long lastExpiry = Long.MIN_VALUE / 2; // due at the first batch, without overflow

  public UsageDbWriter(Path file, String bootId, UsageBlur blur, int retentionDays, Clock clock,
      Log log, LogThrottle throttle) {
    this.file = file;
    this.bootId = bootId;
    this.blur = blur;
    this.retentionDays = retentionDays;
    this.clock = clock;
    this.log = log;
    this.throttle = throttle;
    this.thread = new Thread(this::run, "usage-db");
    this.thread.setDaemon(true);
  }

  /** Opens the database now (a damaged one is moved aside) and starts the writing thread. */
  public void start() {
    ensureOpen();
    thread.start();
  }

  /** Queues a row; never blocks. */
  void add(UsageRow row) {
    if (!queue.offer(row)) {
      dropped.incrementAndGet();
      throttle.log(Log.Level.WARNING, "usage-db-full", "usage database " + file + " is behind;"
          + " " + dropped.get() + " rows dropped so far, delivery goes on");
    }
  }

  /** The queue as it is now, written with the next batch. */
  void current(QueueSnapshot snapshot) {
    current.set(snapshot.blurred(blur));
  }

  /** Rows written so far (for tests and the stop line). */
  public long written() {
    return written.get();
  }

  public long dropped() {
    return dropped.get();
  }

  private void run() {
    while (!stopping || !queue.isEmpty()) {
      try {
        UsageRow first = queue.poll(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          pending.add(first);
          queue.drainTo(pending, BATCH);
        }
        flush();
      } catch (InterruptedException e) {
        stopping = true;
      }
    }
    flush();
  }

  private void flush() {
    if (!ensureOpen()) {
      if (pending.size() > CAPACITY) { // the database stays broken: keep memory bounded
        dropped.addAndGet(pending.size());
        pending.clear();
      }
      return;
    }
    try {
      written.addAndGet(db.write(pending, current.getAndSet(null)));
      pending.clear();
      long now = clock.millis();
      if (now - lastExpiry >= RETENTION_EVERY_MILLIS) {
        db.expire(now / 1000 - retentionDays * 86_400L);
        lastExpiry = now;
      }
    } catch (SQLException | RuntimeException e) {
      throttle.log(Log.Level.ERROR, "usage-db", "usage database " + file + ": " + e.getMessage()
          + "; its rows wait, delivery goes on");
      closeQuietly();
    }
  }

  private boolean ensureOpen() {
    if (db != null) {
      return true;
    }
    try {
      db = UsageDatabase.open(file, bootId, blur, clock.instant(), log::warning);
      return true;
    } catch (Exception e) {
      throttle.log(Log.Level.ERROR, "usage-db", "usage database " + file + " cannot be opened: "
          + e.getMessage() + "; trying again, delivery goes on");
      return false;
    }
  }

  private void closeQuietly() {
    if (db != null) {
      try {
        db.close();
      } catch (SQLException ignored) {
        // opened again on the next batch
      }
      db = null;
    }
  }

  /** Writes what is queued (waiting up to 5 s) and closes the database. */
  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }
}
