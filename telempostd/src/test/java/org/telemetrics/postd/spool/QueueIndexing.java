package org.telemetrics.postd.spool;

import java.io.IOException;
import org.telemetrics.config.Layout;
import org.telemetrics.daemon.FakeTime;
import org.telemetrics.log.Log;
import org.telemetrics.postd.Counters;

/**
 * telempostd's start-up indexing of {@code queue/} on a fake clock, its parts made as {@link Spool}
 * makes them (losses go nowhere, records expire after an hour), for tests that run {@link
 * StartupRecovery} by hand.
 */
final class QueueIndexing {
  final DueScheduler scheduler = new DueScheduler();
  final AsideStore aside;
  final QueueIndexer indexer;
  private final Layout layout;
  private final FakeTime time;
  private final Log log;

  QueueIndexing(Layout layout, FakeTime time, Log log) {
    this.layout = layout;
    this.time = time;
    this.log = log;
    Counters counters = new Counters();
    aside = new AsideStore(layout, DiskWrites.system(), counters, log, time.source(), 100);
    indexer =
        new QueueIndexer(
            layout.queueDir(),
            scheduler,
            aside,
            counters,
            time.source(),
            DiskWrites.system(),
            (reason, created, entry) -> {},
            new RecordExpiry(
                3600, time.source(), new ClockSteps(layout.spoolDir(), "", time.source(), log)));
  }

  /** The start-up recovery, indexing at most {@code maxRecords} records. */
  void start(int maxRecords) throws IOException {
    new StartupRecovery(layout, scheduler, aside, log, time.source(), indexer, maxRecords).run();
  }
}
