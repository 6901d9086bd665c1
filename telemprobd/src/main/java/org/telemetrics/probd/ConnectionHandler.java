package org.telemetrics.probd;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.telemetrics.daemon.TimeSource;
import org.telemetrics.frame.Ack;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.frame.FrameException;
import org.telemetrics.log.Log;
import org.telemetrics.peer.Peer;
import org.telemetrics.record.Ids;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.TelemetryRecord;
import org.telemetrics.spool.SpoolEntry;
import org.telemetrics.spool.SpoolFileFormat;

/**
 * One probe connection: read one frame before the deadline, check the sender and the record, stamp
 * the machine id, stage it durably, then answer {@code ACCEPTED <record-id>} or {@code REJECTED
 * <reason>} (docs/protocol.md). Every failure is answered and logged as one line; nothing a client
 * sends can throw out of {@link #handle}.
 *
 * <p>A record that goes to staging is answered by the staging writer's thread once its batch is
 * durable, and its connection closed there: the connection's thread is free at once, and no thread
 * has to be woken per record to write the answer (waking threads cost more CPU than the answer).
 */
final class ConnectionHandler {
  private static final long DRAIN_MAX_MS = 1000;
  private static final int DRAIN_MAX_BYTES = 64 * 1024;

  private final Log log;
  private final TimeSource time;
  private final Supplier<String> recordIds;
  private final MachineIdSource machineIds;
  private final StagingArea staging;
  private final ProbdCounters counters;

  /** {@code recordIds} makes a new unique record id per call ({@link Ids#random128}). */
  ConnectionHandler(
      Log log,
      TimeSource time,
      Supplier<String> recordIds,
      MachineIdSource machineIds,
      StagingArea staging,
      ProbdCounters counters) {
    this.counters = counters;
    this.log = log;
    this.time = time;
    this.recordIds = recordIds;
    this.machineIds = machineIds;
    this.staging = staging;
  }

  long accepted() {
    return counters.acceptedCount();
  }

  long rejected() {
    return counters.rejectedCount();
  }

  /**
   * What {@link #process} decided: an acknowledgement with the record's classification label, or a
   * refusal with its reason.
   */
  private record Decision(
      Ack ack, RejectReason reason, String label, boolean frameRead, Staged staged) {
    Decision(Ack ack, RejectReason reason, String label, boolean frameRead) {
      this(ack, reason, label, frameRead, null);
    }

    static Decision accept(Ack ack, String label) {
      return new Decision(ack, null, label, true);
    }

    /** A record on its way into staging: answered once {@code record.durable} completes. */
    static Decision staged(Staged record) {
      return new Decision(null, null, null, true, record);
    }

    /** A refusal before the frame and the end of the client's data were read. */
    static Decision reject(RejectReason reason, String text) {
      return new Decision(new Ack.Rejected(text), reason, null, false);
    }

    /** A refusal of a whole frame: the client's data was read to its end. */
    static Decision refuse(RejectReason reason, String text) {
      return new Decision(new Ack.Rejected(text), reason, null, true);
    }
  }

  /** A record handed to staging, and what its answer needs. */
  private record Staged(
      CompletableFuture<Void> durable,
      String recordId,
      int bytes,
      String classification,
      String label,
      Optional<String> configPath) {}

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

  /** A connection being served: who sent it, by when its frame must be whole, what was read. */
  static final class Connection {
    private final AFUNIXSocket socket;
    private final AFUNIXSocketCredentials credentials;
    private final Peer peer;
    private final long deadline;
    private FrameReader reader;

    private Connection(AFUNIXSocket socket, AFUNIXSocketCredentials credentials, long deadline) {
      this.socket = socket;
      this.credentials = credentials;
      this.peer =
          credentials == null
              ? new Peer(-1, -1, -1)
              : new Peer(credentials.getPid(), credentials.getUid(), credentials.getGid());
      this.deadline = deadline;
    }

    AFUNIXSocket socket() {
      return socket;
    }
  }

  /** Takes a connection on: its sender, and its deadline from now. */
  Connection open(AFUNIXSocket socket, ProbdSettings settings) {
    long deadline = time.monotonic().nanos() + settings.connectionTimeoutMs() * 1_000_000L;
    Connection c = new Connection(socket, credentialsOf(socket), deadline);
    if (log.enabled(Log.Level.DEBUG)) { // a line per record: not even built unless wanted
      log.debug("connection from " + describe(c.peer));
    }
    return c;
  }

  /**
   * Serves the connection, waiting for its frame at most until {@code untilNanos} (never past its
   * deadline): see {@link Progress} for what the caller does next.
   */
  Progress serve(Connection c, ProbdSettings settings, long untilNanos, Runnable closed) {
    AFUNIXSocket socket = c.socket;
    Peer peer = c.peer;
    long deadline = c.deadline;
    Decision decision;
    try {
      decision = process(c, settings, untilNanos);
      if (decision == null) {
        return Progress.UNFINISHED;
      }
    } catch (IOException e) {
      counters.rejected(RejectReason.CONNECTION_FAILED);
      log.warning("connection from " + describe(peer) + " failed: " + e.getMessage());
      return Progress.ANSWERED;
    } catch (RuntimeException e) {
      // a bug, not input: answer and keep serving
      log.error("internal error handling a record from " + describe(peer) + ": " + e);
      decision = Decision.reject(RejectReason.INTERNAL, "internal error in telemprobd");
    }
    Staged staged = decision.staged();
    if (staged != null) {
      staged
          .durable()
          .whenComplete(
              (durable, failure) -> {
                try (socket) {
                  answer(socket, answerFor(staged, failure, peer), peer, deadline);
                } catch (IOException | RuntimeException e) {
                  log.debug("closing a connection failed: " + e);
                } finally {
                  closed.run();
                }
              });
      return Progress.STAGING;
    }
    answer(socket, decision, peer, deadline);
    return Progress.ANSWERED;
  }

  private void answer(AFUNIXSocket socket, Decision decision, Peer peer, long deadline) {
    if (decision.ack() instanceof Ack.Rejected r) {
      counters.rejected(decision.reason());
      log.warning("rejected record from " + describe(peer) + ": " + r.reason());
    } else {
      counters.accepted(decision.label());
    }
    reply(socket, decision, peer, deadline);
  }

  /** The answer for a record given to staging, once staging is done with it. */
  private Decision answerFor(Staged record, Throwable failure, Peer peer) {
    String recordId = record.recordId();
    if (failure != null) {
      staging.release(record.bytes());
      log.error("cannot stage record " + recordId + ": " + failure.getMessage());
      return Decision.refuse(RejectReason.STORE_FAILED, "telemprobd could not store the record");
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
    return Decision.accept(new Ack.Accepted(recordId), record.label());
  }

  /** The decision on the connection's record; null when its frame is not whole by then. */
  private Decision process(Connection c, ProbdSettings settings, long untilNanos)
      throws IOException {
    Peer peer = c.peer;
    AFUNIXSocketCredentials credentials = c.credentials;
    byte[] bytes;
    Frame frame;
    try {
      if (c.reader == null) {
        c.reader = new FrameReader(c.socket, time.monotonic(), c.deadline);
      }
      bytes = c.reader.readFrame(untilNanos);
      if (bytes == null) {
        return null;
      }
      counters.frameRead(bytes.length);
      frame = FrameCodec.decode(bytes);
    } catch (FrameException e) {
      return Decision.reject(RejectReason.MALFORMED, "malformed frame: " + e.getMessage());
    } catch (FrameReader.IncompleteFrameException e) {
      return Decision.reject(RejectReason.MALFORMED, "incomplete frame: " + e.getMessage());
    }
    long[] gids = credentials == null ? null : credentials.getGids();
    if (!settings.peerPolicy().allows(peer.uid(), peer.gid(), gids)) {
      return Decision.refuse(
          RejectReason.NOT_ALLOWED,
          "uid "
              + peer.uid()
              + " gid "
              + peer.gid()
              + " may not submit records (probd_allowed_uids, probd_allowed_gids)");
    }
    TelemetryRecord record = frame.record();
    try {
      RecordRules.validate(record);
    } catch (InvalidRecordException e) {
      return Decision.refuse(
          RejectReason.INVALID, "invalid record (" + e.rule() + "): " + e.getMessage());
    }
    String recordId = recordIds.get();
    SpoolEntry entry =
        new SpoolEntry(
            recordId,
            time.wall().millis(),
            frame.configPath(),
            Optional.of(peer),
            record.withMachineId(machineIds.current()),
            SpoolFileFormat.Kind.NATIVE);
    byte[] encoded = StagingArea.encode(entry);
    if (!staging.reserve(encoded.length, settings.stagingQuotaBytes())) {
      return Decision.refuse(
          RejectReason.STAGING_FULL,
          "staging is full (staging_max_size "
              + settings.stagingQuotaBytes() / 1024
              + " KiB); telempostd is behind, try later");
    }
    return Decision.staged(
        new Staged(
            staging.stageLater(entry, encoded),
            recordId,
            encoded.length,
            record.classification(),
            settings.labels().labelOf(record.classification()),
            frame.configPath()));
  }

  private void reply(AFUNIXSocket socket, Decision decision, Peer peer, long deadline) {
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
      log.debug("could not answer " + describe(peer) + ": " + e.getMessage());
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

  /** The peer's credentials, asked of the kernel once per connection; null when unknown. */
  private static AFUNIXSocketCredentials credentialsOf(AFUNIXSocket socket) {
    try {
      return socket.getPeerCredentials();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String describe(Peer peer) {
    return peer.pid() < 0 ? "an unknown peer" : peer.toString();
  }
}
