package org.telemetrics.postd.usage;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.log.Log;
import org.telemetrics.usage.UsageBlur;

/**
 * Writes batches of usage rows to the database, on the usage writer's thread ({@link UsageWriter}):
 * each batch is one transaction, and {@code current} is written with every batch (the writer makes
 * one at least every {@link #REFRESH_MILLIS}). A database that fails is closed and opened again at
 * the next batch (moved aside first if it is damaged); the rows of a batch that failed wait for it,
 * at most {@link UsageWriter#CAPACITY} of them, and errors are logged once per minute at most.
 */
public final class UsageDbWriter implements AutoCloseable {
  static final long REFRESH_MILLIS = 60_000;
  private static final long RETENTION_EVERY_MILLIS = 3_600_000;

  private final Path file;
  private final String bootId;
  private final UsageBlur blur;
  private final int retentionDays;
  private final Clock clock;
  private final Log log;
  private final LogThrottle throttle;
  private final AtomicReference<QueueSnapshot> current = new AtomicReference<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  /** Rows of batches that failed: already in the log, so never reported as newly counted. */
  private final List<UsageRow> waiting = new ArrayList<>();

  private UsageDatabase db;
  private long lastExpiry = Long.MIN_VALUE / 2; // due at the first batch, without overflow

  public UsageDbWriter(
      Path file,
      String bootId,
      UsageBlur blur,
      int retentionDays,
      Clock clock,
      Log log,
      LogThrottle throttle) {
    this.file = file;
    this.bootId = bootId;
    this.blur = blur;
    this.retentionDays = retentionDays;
    this.clock = clock;
    this.log = log;
    this.throttle = throttle;
  }

  /** Opens the database now (a damaged one is moved aside), so that trouble shows at start. */
  public void open() {
    ensureOpen();
  }

  /** The queue as it is now (any thread), written with the next batch. */
  void current(QueueSnapshot snapshot) {
    current.set(snapshot.blurred(blur));
  }

  /** Rows written so far (for tests and the stop line). */
  public long written() {
    return written.get();
  }

  /** Rows given up on: the database stayed broken for longer than its backlog may grow. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Writes {@code rows} (and any rows waiting from a failed batch) in one transaction. Returns
   * those of {@code rows} the database counted now, not seen before (in their order); null if
   * nothing could be written now, the rows then wait for the next batch.
   */
  List<UsageRow> write(List<UsageRow> rows) {
    if (!ensureOpen()) {
      keepWaiting(rows);
      return null;
    }
    List<UsageRow> all = rows;
    if (!waiting.isEmpty()) {
      all = new ArrayList<>(waiting);
      all.addAll(rows);
    }
    try {
      List<UsageRow> added = db.write(all, current.getAndSet(null));
      written.addAndGet(added.size());
      waiting.clear();
      expireIfDue();
      return all == rows ? added : onlyOf(rows, added);
    } catch (SQLException | RuntimeException e) {
      throttle.log(
          Log.Level.ERROR,
          "usage-db",
          "usage database " + file + ": " + e.getMessage() + "; its rows wait, delivery goes on");
      closeQuietly();
      keepWaiting(rows);
      return null;
    }
  }

  /** The rows of {@code added} that are in {@code rows} (not the ones that waited). */
  private static List<UsageRow> onlyOf(List<UsageRow> rows, List<UsageRow> added) {
    Set<UsageRow> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    mine.addAll(rows);
    return added.stream().filter(mine::contains).toList();
  }

  private void keepWaiting(List<UsageRow> rows) {
    if (waiting.size() + rows.size() > UsageWriter.CAPACITY) { // it stays broken: bounded memory
      dropped.addAndGet(waiting.size());
      waiting.clear();
    }
    waiting.addAll(rows);
  }

  private void expireIfDue() throws SQLException {
    long now = clock.millis();
    if (now - lastExpiry >= RETENTION_EVERY_MILLIS) {
      db.expire(now / 1000 - retentionDays * 86_400L);
      lastExpiry = now;
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
      throttle.log(
          Log.Level.ERROR,
          "usage-db",
          "usage database "
              + file
              + " cannot be opened: "
              + e.getMessage()
              + "; trying again, delivery goes on");
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

  /** Closes the database (called by the usage writer's thread once it has written all). */
  @Override
  public void close() {
    closeQuietly();
  }
}
