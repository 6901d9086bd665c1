package org.telemetrics.collector;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.telemetrics.files.FileErrors;

/**
 * Group commit for {@link JsonLinesStore}: lines written while a sync runs are synced together by
 * the next one, so concurrent requests share one fdatasync instead of queueing for one each. A
 * writer joins the open batch right after writing its lines and then waits for that batch alone: a
 * finished sync wakes the writers it covered, and one writer of the next batch to run its sync, not
 * every writer waiting (each wake-up is a futex call and a thread switch, per request).
 */
final class GroupCommit {
  private final Path file;
  private final FileChannel channel;
  private final JsonLinesStore.Syncer syncer;
  private final ReentrantLock lock = new ReentrantLock();
  private Batch open = new Batch(); // guarded by lock, as are all batches' fields
  private boolean syncing;
  private long wakeUps;

  GroupCommit(Path file, FileChannel channel, JsonLinesStore.Syncer syncer) {
    this.file = file;
    this.channel = channel;
    this.syncer = syncer;
  }

  /** The lines one sync covers, and once it has run, its outcome. */
  final class Batch {
    private final Condition synced = lock.newCondition();
    private int waiters;
    private boolean done;
    private IOException failure;
  }

  /** The batch that lines written just now belong to: call in the writers' order, after writing. */
  Batch join() {
    lock.lock();
    try {
      return open;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns once {@code batch} is synced: by the sync in progress when it was joined after that
   * sync started, or by this thread, which then syncs every line written so far. Throws when that
   * sync failed, for every line of the batch.
   */
  void awaitDurable(Batch batch) throws IOException {
    Batch mine;
    lock.lock();
    try {
      while (syncing && !batch.done) {
        await(batch);
      }
      if (batch.done) {
        if (batch.failure != null) {
          throw batch.failure;
        }
        return;
      }
      syncing = true;
      mine = open; // the caller's batch: no sync ran since it was joined
      open = new Batch();
    } finally {
      lock.unlock();
    }
    IOException failure = null;
    try {
      syncer.sync(channel);
    } catch (IOException e) {
      failure = new IOException("cannot sync " + FileErrors.about(file, e), e);
    }
    lock.lock();
    try {
      mine.done = true;
      mine.failure = failure;
      syncing = false;
      mine.synced.signalAll();
      leadNext();
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void await(Batch batch) throws IOException {
    batch.waiters++;
    try {
      batch.synced.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      leadNext(); // it may have been this thread's turn to lead
      throw new IOException("interrupted while syncing " + file, e);
    } finally {
      batch.waiters--;
      wakeUps++;
    }
  }

  /** With no sync running, one writer waiting on the open batch runs the next. */
  private void leadNext() {
    if (!syncing && open.waiters > 0) {
      open.synced.signal();
    }
  }

  /** Writers waiting for the open batch's sync: for tests. */
  int waitingForNext() {
    lock.lock();
    try {
      return open.waiters;
    } finally {
      lock.unlock();
    }
  }

  /** How often a waiting writer was woken (including to lead a sync): for tests. */
  long wakeUps() {
    lock.lock();
    try {
      return wakeUps;
    } finally {
      lock.unlock();
    }
  }
}
