package org.telemetrics.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.telemetrics.client.SendResult;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.config.TelemetryConfig;

/**
 * Concurrent probes: threads that each send records through their own {@link TelemetryClient} (the
 * real Unix socket, one connection per record, waiting for the acknowledgement), taking the next
 * number until all are sent, paced so that the sends spread over the whole run. Each number is sent
 * once, whatever its outcome, so that it identifies one record.
 */
final class ProbeClients {
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Ledger ledger;

  private ProbeClients(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Starts {@code producers} threads sending {@code records} records over {@code spreadNanos}. */
  static ProbeClients start(
      TelemetryConfig config,
      Ledger ledger,
      int producers,
      int records,
      long spreadNanos,
      int payloadBytes) {
    ProbeClients p = new ProbeClients(ledger);
    long begin = System.nanoTime();
    for (int i = 0; i < producers; i++) {
      TelemetryClient client = TelemetryClient.create(config);
      Thread t =
          new Thread(
              () -> p.produce(client, records, begin, spreadNanos, payloadBytes), "probe-" + i);
      t.setDaemon(true);
      p.threads.add(t);
      t.start();
    }
    return p;
  }

  private void produce(
      TelemetryClient client, int records, long begin, long spreadNanos, int payloadBytes) {
    for (int n; (n = next.getAndIncrement()) < records; ) {
      long due = begin + spreadNanos / records * n;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      SendResult r =
          client.send(
              client
                  .newRecord("org.example/faults/chaos")
                  .payload(Ledger.payload(n, payloadBytes))
                  .build());
      if (r instanceof SendResult.Accepted a) {
        ledger.acknowledged(n, a.recordId());
      } else {
        ledger.notAcknowledged();
        if (r instanceof SendResult.Failed) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // telemprobd restarting
        }
      }
    }
  }

  int sent() {
    return Math.min(next.get(), Integer.MAX_VALUE);
  }

  /** Waits for every thread; false if some are still sending after {@code millis}. */
  boolean join(long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
