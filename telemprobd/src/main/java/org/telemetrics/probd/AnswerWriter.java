package org.telemetrics.probd;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.LogThrottle;
import org.telemetrics.daemon.StorageFailures;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.frame.Ack;
import org.telemetrics.log.Log;
import org.telemetrics.peer.Peer;

/**
 * Writes a connection's answer ({@code ACCEPTED <record-id>} or {@code REJECTED <reason>}, see
 * docs/protocol.md), counts it and logs a refusal as one line, at most one of each reason every 10
 * s with the count of the rest (a read-only or full spool refuses every record: a script's burst
 * would otherwise write a line for each). The answer is best effort: the C library closes without
 * reading, and the record's fate does not depend on it.
 */
final class AnswerWriter {
  private static final long DRAIN_MAX_MS = 1000;
  private static final int DRAIN_MAX_BYTES = 64 * 1024;
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final Log log;
  private final TimeSource time;
  private final StagingArea staging;
  private final ProbdCounters counters;
  private final LogThrottle throttle;

  AnswerWriter(Log log, TimeSource time, StagingArea staging, ProbdCounters counters) {
    this.log = log;
    this.time = time;
    this.staging = staging;
    this.counters = counters;
    this.throttle = new LogThrottle(log, time, LOG_EVERY_NANOS);
  }

  /**
   * Counts the answer and writes it; when the client's data was not read to its end, drains it
   * (bounded) so that closing does not reset the connection.
   */
  void answer(AFUNIXSocket socket, RecordDecision decision, Peer peer, long deadline) {
    if (decision.ack() == null) {
      if (log.enabled(Log.Level.DEBUG)) {
        log.debug("connection from " + ProbeConnection.describe(peer) + " closed, nothing sent");
      }
      return;
    }
    if (decision.ack() instanceof Ack.Rejected r) {
      counters.rejected(decision.reason());
      throttle.log(
          Log.Level.WARNING,
          "rejected " + decision.reason(),
          "rejected record from " + ProbeConnection.describe(peer) + ": " + r.reason());
    } else {
      counters.accepted(decision.label());
    }
    reply(socket, decision, peer, deadline);
  }

  /** The answer for a record given to staging, once staging is done with it. */
  RecordDecision answerFor(RecordDecision.Staged record, Throwable failure, Peer peer) {
    String recordId = record.recordId();
    if (failure != null) {
      staging.release(record.bytes());
      throttle.log(
          Log.Level.ERROR,
          "stage",
          "cannot stage record " + recordId + ": " + failure.getMessage());
      String why = StorageFailures.plainly(failure);
      return RecordDecision.refuse(
          RejectReason.STORE_FAILED,
          why == null
              ? "telemprobd could not store the record"
              : "telemprobd could not store the record: the spool's filesystem is " + why);
    }
    record
        .configPath()
        .ifPresent(
            cfg ->
                log.info(
                    "record "
                        + recordId
                        + " from "
                        + peer
                        + " names configuration "
                        + cfg
                        + "; recorded, not used for delivery"));
    if (log.enabled(Log.Level.DEBUG)) {
      log.debug("accepted record " + recordId + " (" + record.classification() + ") from " + peer);
    }
    return RecordDecision.accept(new Ack.Accepted(recordId), record.label());
  }

  private void reply(AFUNIXSocket socket, RecordDecision decision, Peer peer, long deadline) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(decision.ack().encode());
      out.flush();
      if (!decision.frameRead()) { // else the client's end was read already: nothing to drain
        socket.shutdownOutput(); // the client sees the end of the answer while we drain
        drain(socket, deadline);
      }
    } catch (IOException e) {
      // the C library closes without reading; the record's fate does not depend on the reply
      log.debug("could not answer " + ProbeConnection.describe(peer) + ": " + e.getMessage());
    }
  }

  /**
   * Reads what the client sent beyond the frame (bounded in bytes and time) before closing: closing
   * a Unix socket with unread data resets the connection, and the client would lose the reply
   * already sent to it.
   */
  private void drain(AFUNIXSocket socket, long deadline) throws IOException {
    long remainingMs = Math.min(DRAIN_MAX_MS, (deadline - time.monotonic().nanos()) / 1_000_000);
    if (remainingMs <= 0) {
      return;
    }
    socket.setSoTimeout((int) remainingMs);
    byte[] sink = new byte[4096];
    int total = 0;
    try {
      int n;
      while (total < DRAIN_MAX_BYTES && (n = socket.getInputStream().read(sink)) >= 0) {
        total += n;
      }
    } catch (SocketTimeoutException e) {
      // a client that neither sends nor closes: give up on it
    }
  }
}
