package org.telemetrics.postd;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.BlockingQueue;

/**
 * Turns inotify events on {@code staging/} and {@code spool_dir} into intake hints. Only a hint:
 * events can be lost (overflow, files present before start), so the daemon also rescans.
 */
final class StagingWatcher implements AutoCloseable {
  /** A file appeared: {@code legacy} for C-format files directly in {@code spool_dir}. */
  record Arrival(Path file, boolean legacy) {}

  /** Events were lost: rescan everything. */
  record Overflow() {}

  private final WatchService watch;
  private final Path staging;
  private final Thread thread;

  StagingWatcher(Path staging, Path spoolDir, BlockingQueue<Object> events) throws IOException {
    this.staging = staging;
    this.watch = FileSystems.getDefault().newWatchService();
    staging.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    spoolDir.register(
        watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    thread = new Thread(() -> loop(events), "staging-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(BlockingQueue<Object> events) {
    try {
      while (true) {
        WatchKey key = watch.take();
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> ev : key.pollEvents()) {
          if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            events.add(new Overflow());
          } else if (ev.context() instanceof Path name && !name.toString().startsWith(".")) {
            events.add(new Arrival(dir.resolve(name), !dir.equals(staging)));
          }
        }
        if (!key.reset()) {
          events.add(new Overflow());
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
  }
}
