package org.telemetrics.probes.klog;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.telemetrics.client.SendResult;
import org.telemetrics.probes.oops.Oops;
import org.telemetrics.probes.oops.OopsCollector;
import org.telemetrics.probes.oops.OopsPayload;
import org.telemetrics.probes.oops.OopsSignature;

/**
 * The scanning loop: kernel records in sequence order go through the oops collector; each completed
 * report is sent (opt-in and flood limit permitting); the state file always names the first record
 * not fully handled, so after a restart nothing is sent twice and nothing skipped.
 *
 * <p>Records from before {@code state.nextSequence()} were handled by an earlier run and are
 * skipped. A sequence number further on than the next expected one means the ring buffer overwrote
 * records this scanner never saw: that gap is logged and reported. Messages that did not come from
 * the kernel itself (a program writing to /dev/kmsg) are not parsed, so no program can fake an
 * oops. A report is sent only when the machine is opted in and its first record was logged after it
 * was last opted in: what the kernel logged while the user had opted out (and {@code telemctl
 * opt-out} had stopped this scanner) is still in the ring buffer at the next start, and is passed
 * over for good. A gap is reported only when the record read before it was logged while opted in,
 * so nothing is said about an opted-out time either. A send that fails for a reason other than
 * opt-out or a refusal ends the run (status 75) with the state still before that report: the
 * restart sends it.
 */
final class KmsgScan {
  static final String FLOOD_CLASS = "org.clearlinux/kernel/flood";
  static final String GAP_CLASS = "org.clearlinux/kernel/log-gap";

  /** The signature under which gap reports are flood-limited (no oops digest is this short). */
  static final String GAP_SIGNATURE = "0";

  static final int OK = 0;
  static final int SEND_FAILED = 75;

  private final KmsgReader reader;
  private final String source;
  private final ScanStateFile stateFile;
  private final ReportSender sender;
  private final FloodLimit flood;
  private final BooleanSupplier registerValues;
  private final ScanLog log;
  private final OopsCollector collector = new OopsCollector();
  private ScanState state;
  private long skipUntilMicros;
  private long expected;
  private long openSince = -1;

  /** Timestamp of the record at {@code openSince}. */
  private long openSinceMicros;

  /** Timestamp of the last record read; unknown (MIN_VALUE) before the first. */
  private long lastReadMicros = Long.MIN_VALUE;

  private boolean dirty;

  /**
   * @param skipUntilMicros records with a timestamp up to this are skipped without a gap report
   *     (the state was damaged: start from the current end); -1 for none
   * @param registerValues whether register values are shown (privacy filters off)
   */
  KmsgScan(
      KmsgReader reader,
      String source,
      ScanStateFile stateFile,
      ScanState state,
      long skipUntilMicros,
      ReportSender sender,
      FloodLimit flood,
      BooleanSupplier registerValues,
      ScanLog log) {
    this.reader = reader;
    this.source = source;
    this.stateFile = stateFile;
    this.state = state;
    this.skipUntilMicros = skipUntilMicros;
    this.expected = state.nextSequence();
    this.sender = sender;
    this.flood = flood;
    this.registerValues = registerValues;
    this.log = log;
  }

  /** Runs to the end of the input (never, on /dev/kmsg); returns the exit status. */
  int run() throws IOException {
    for (KmsgEvent e = reader.next(); e != null; e = reader.next()) {
      if (e instanceof KmsgEvent.Malformed m) {
        log.badRecord(source, m.reason());
      } else if (e instanceof KmsgEvent.Overwritten) {
        log.warning(source + ": the kernel overwrote records before they were read");
      } else if (e instanceof KmsgEvent.Record r && !handle(r.record())) {
        save(true);
        return SEND_FAILED;
      }
      if (dirty && !reader.hasBuffered()) {
        save(false); // about to block: remember the position
      }
    }
    save(true);
    return OK;
  }

  /** False when a record could not be sent and the run must end. */
  private boolean handle(KmsgRecord r) throws IOException {
    long previousMicros = lastReadMicros;
    lastReadMicros = r.timestampMicros();
    if (skipUntilMicros >= 0) {
      if (r.timestampMicros() <= skipUntilMicros) {
        advanceTo(r.sequence() + 1);
        return true;
      }
      skipUntilMicros = -1;
      expected = r.sequence();
    }
    if (r.sequence() < expected) {
      return true; // handled before the restart
    }
    if (r.sequence() > expected && !gap(expected, r.sequence() - 1, previousMicros)) {
      return false;
    }
    long startOfOpen = openSince;
    long loggedAt = startOfOpen >= 0 ? openSinceMicros : r.timestampMicros();
    Optional<Oops> done =
        r.fromKernel() ? collector.acceptNormalized(r.message()) : Optional.empty();
    if (done.isPresent()) {
      openSince = collector.collecting() ? r.sequence() : -1;
      openSinceMicros = r.timestampMicros();
    } else if (collector.collecting() && openSince < 0) {
      openSince = r.sequence();
      openSinceMicros = r.timestampMicros();
    }
    advanceTo(r.sequence() + 1); // before sending: the state saved with the record is past it
    if (done.isPresent() && !report(done.get(), loggedAt)) {
      state = state.withNext(startOfOpen);
      return false;
    }
    return true;
  }

  private void advanceTo(long next) {
    expected = next;
    state = state.withNext(openSince >= 0 ? openSince : next);
    dirty = true;
  }

  /**
   * Records up to {@code last} are gone. A report they cut through is sent as incomplete, then the
   * gap itself; the state moves past both first, so a restart repeats neither. {@code
   * beforeMicros}: when the record before the gap was logged (MIN_VALUE: unknown).
   */
  private boolean gap(long first, long last, long beforeMicros) throws IOException {
    Optional<Oops> cut = collector.finish();
    long cutLoggedAt = openSinceMicros;
    openSince = -1;
    advanceTo(last + 1);
    if (cut.isPresent() && !report(cut.get(), cutLoggedAt)) {
      return false;
    }
    return reportGap(first, last, beforeMicros);
  }

  private boolean reportGap(long first, long last, long beforeMicros) throws IOException {
    long n = last - first + 1;
    log.warning(
        source
            + ": "
            + n
            + " kernel log records ("
            + first
            + " to "
            + last
            + ") were overwritten before they were read; an oops among them is lost");
    String payload =
        "Lost : "
            + n
            + " kernel log records (sequence numbers "
            + first
            + " to "
            + last
            + ") were overwritten before klogscanner read them\n";
    return limited(GAP_SIGNATURE, GAP_CLASS, 1, payload, "log gap", "Lost records", beforeMicros);
  }

  private boolean report(Oops oops, long loggedAtMicros) throws IOException {
    String payload = OopsPayload.format(oops, registerValues.getAsBoolean());
    return limited(
        OopsSignature.of(oops),
        oops.pattern().classification(),
        oops.pattern().severity(),
        payload,
        "oops '" + oops.reason() + "'",
        oops.reason(),
        loggedAtMicros);
  }

  /**
   * Sends within the flood limit when opted in since before {@code loggedAtMicros}; false when
   * sending failed and the run must end.
   */
  private boolean limited(
      String signature,
      String classification,
      int severity,
      String payload,
      String what,
      String reason,
      long loggedAtMicros)
      throws IOException {
    OptionalLong optedInSince = sender.optedInSinceKernelMicros();
    if (optedInSince.isEmpty()) {
      log.info("not opted in: " + classification + " " + what + " not reported");
      return true;
    }
    if (loggedAtMicros < optedInSince.getAsLong()) {
      log.info(
          "logged before the machine was last opted in: "
              + classification
              + " "
              + what
              + " not reported");
      return true;
    }
    long sent = state.sent(signature);
    switch (flood.decide(sent)) {
      case SEND -> {
        if (!send(classification, severity, payload, what)) {
          return false;
        }
      }
      case SUMMARY -> {
        log.info(what + " reported " + sent + " times this boot; further ones are left out");
        if (!send(
            FLOOD_CLASS,
            2,
            OopsPayload.fit(
                "Classification : "
                    + classification
                    + "\n"
                    + "Reason : "
                    + OopsPayload.printable(reason)
                    + "\n"
                    + "Reported : "
                    + sent
                    + "\n"
                    + "Further reports of it are left out until the next boot\n"),
            "flood summary")) {
          return false;
        }
      }
      case COUNT_ONLY -> log.info(what + " left out (flood limit)");
    }
    state = state.withSent(signature, sent + 1);
    save(true);
    return true;
  }

  private boolean send(String classification, int severity, String payload, String what) {
    SendResult result = sender.send(classification, severity, payload);
    if (result.delivered()) {
      log.info(what + " reported as " + classification);
      return true;
    }
    if (result instanceof SendResult.Rejected rej) {
      log.error(what + " refused by telemprobd: " + rej.reason());
      return true; // sending it again would be refused again
    }
    if (result instanceof SendResult.Failed f && f.failure() == SendResult.Failure.NOT_OPTED_IN) {
      log.info("not opted in: " + what + " not reported");
      return true;
    }
    log.error(what + " not reported: " + ((SendResult.Failed) result).message());
    return false;
  }

  private void save(boolean durable) throws IOException {
    stateFile.store(state, durable);
    dirty = false;
  }

  ScanState state() {
    return state;
  }
}
