package org.telemetrics.probd;

import java.io.IOException;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.log.Log;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.Ids;

/**
 * One probe connection: read one frame before the deadline, check the sender and the record, stamp
 * the machine id, stage it durably, then answer {@code ACCEPTED <record-id>} or {@code REJECTED
 * <reason>} (docs/protocol.md). Every failure is answered and logged as one line; nothing a client
 * sends can throw out of {@link #serve}. The deciding is {@link RecordAdmission}'s, the answering
 * {@link AnswerWriter}'s.
 *
 * <p>A record that goes to staging is answered by the staging writer's thread once its batch is
 * durable, and its connection closed there: the connection's thread is free at once, and no thread
 * has to be woken per record to write the answer (waking threads cost more CPU than the answer).
 */
final class ConnectionHandler {
  private final Log log;
  private final TimeSource time;
  private final ProbdCounters counters;
  private final RecordAdmission admission;
  private final AnswerWriter answers;

  /** {@code recordIds} makes a new unique record id per call ({@link Ids#random128}). */
  ConnectionHandler(
      Log log,
      TimeSource time,
      Supplier<String> recordIds,
      MachineIdSource machineIds,
      StagingArea staging,
      ProbdCounters counters) {
    this.log = log;
    this.time = time;
    this.counters = counters;
    this.admission = new RecordAdmission(time, recordIds, machineIds, staging, counters);
    this.answers = new AnswerWriter(log, time, staging, counters);
  }

  /** How far {@link #serve} got with a connection. */
  enum Progress {
    /** Answered here: the caller closes the connection. */
    ANSWERED,
    /**
     * Its record waits for staging: the answer is written, the connection closed and the {@code
     * closed} callback run later, on the staging writer's thread (or before {@link #serve} returns,
     * when staging fails at once).
     */
    STAGING,
    /** The frame was not whole by the time given: serve it again, from where it stopped. */
    UNFINISHED
  }

  /** Takes a connection on: its sender, and its deadline from now. */
  ProbeConnection open(AFUNIXSocket socket, ProbdSettings settings) {
    long deadline = time.monotonic().nanos() + settings.connectionTimeoutMs() * 1_000_000L;
    ProbeConnection c = new ProbeConnection(socket, deadline);
    if (log.enabled(Log.Level.DEBUG)) { // a line per record: not even built unless wanted
      log.debug("connection from " + ProbeConnection.describe(c.peer()));
    }
    return c;
  }

  /**
   * Serves the connection, waiting for its frame at most until {@code untilNanos} (never past its
   * deadline): see {@link Progress} for what the caller does next.
   */
  Progress serve(ProbeConnection c, ProbdSettings settings, long untilNanos, Runnable closed) {
    AFUNIXSocket socket = c.socket();
    Peer peer = c.peer();
    long deadline = c.deadline();
    RecordDecision decision;
    try {
      decision = admission.decide(c, settings, untilNanos);
      if (decision == null) {
        return Progress.UNFINISHED;
      }
    } catch (IOException e) {
      counters.rejected(RejectReason.CONNECTION_FAILED);
      log.warning(
          "connection from " + ProbeConnection.describe(peer) + " failed: " + e.getMessage());
      return Progress.ANSWERED;
    } catch (RuntimeException e) {
      // a bug, not input: answer and keep serving
      log.error(
          "internal error handling a record from " + ProbeConnection.describe(peer) + ": " + e);
      decision = RecordDecision.reject(RejectReason.INTERNAL, "internal error in telemprobd");
    }
    RecordDecision.Staged staged = decision.staged();
    if (staged != null) {
      staged
          .durable()
          .whenComplete(
              (durable, failure) -> {
                try (socket) {
                  answers.answer(socket, answers.answerFor(staged, failure, peer), peer, deadline);
                } catch (IOException | RuntimeException e) {
                  log.debug("closing a connection failed: " + e);
                } finally {
                  closed.run();
                }
              });
      return Progress.STAGING;
    }
    answers.answer(socket, decision, peer, deadline);
    return Progress.ANSWERED;
  }
}
