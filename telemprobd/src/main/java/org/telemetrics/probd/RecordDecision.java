package org.telemetrics.probd;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.telemetrics.frame.Ack;

/**
 * What was decided about a connection's record: an acknowledgement with the record's classification
 * label, a refusal with its reason, a record on its way into staging, answered once it is durable,
 * or no record at all (a connection closed without a byte: no answer). {@code frameRead}: the
 * client's data was read to its end, so there is nothing to drain after the answer.
 */
record RecordDecision(
    Ack ack, RejectReason reason, String label, boolean frameRead, Staged staged) {

  /** A record handed to staging, and what its answer needs. */
  record Staged(
      CompletableFuture<Void> durable,
      String recordId,
      int bytes,
      String classification,
      String label,
      Optional<String> configPath) {}

  RecordDecision(Ack ack, RejectReason reason, String label, boolean frameRead) {
    this(ack, reason, label, frameRead, null);
  }

  static RecordDecision accept(Ack ack, String label) {
    return new RecordDecision(ack, null, label, true);
  }

  /** A record on its way into staging: answered once {@code record.durable} completes. */
  static RecordDecision staged(Staged record) {
    return new RecordDecision(null, null, null, true, record);
  }

  /** A connection closed without a byte sent: no record, no answer, nothing counted. */
  static RecordDecision nothingSent() {
    return new RecordDecision(null, null, null, true);
  }

  /** A refusal before the frame and the end of the client's data were read. */
  static RecordDecision reject(RejectReason reason, String text) {
    return new RecordDecision(new Ack.Rejected(text), reason, null, false);
  }

  /** A refusal of a whole frame: the client's data was read to its end. */
  static RecordDecision refuse(RejectReason reason, String text) {
    return new RecordDecision(new Ack.Rejected(text), reason, null, true);
  }
}
