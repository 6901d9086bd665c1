package org.telemetrics.postd.otlp;

import org.telemetrics.postd.delivery.Outcome;

/**
 * What a 2xx with a {@code partial_success} comes to for a request of {@code records} log records.
 * OTLP says how many were rejected, never which, and forbids retrying the request. So: none
 * rejected, delivered; all (or the only one), dead-lettered with the collector's message; some,
 * with {@code otlp_partial_success=isolate}, {@link Outcome.SomeRejected}: each record is sent
 * again in a request of its own, whose answer is exact (with {@code dead-letter}, all are
 * dead-lettered). A count that cannot be true (negative, more than were sent, unreadable) is the
 * collector's bug: it is never taken for a success, since records would then be lost without a
 * word; it is resolved like "some" (isolation, or dead-letters for one record or in dead-letter
 * mode). See docs/protocol.md.
 */
final class PartialSuccess {
  private PartialSuccess() {}

  static Outcome outcome(int status, CollectorAnswer answer, int records, boolean isolate) {
    long rejected = answer.rejected();
    boolean valid = answer.valid() && rejected >= 0 && rejected <= records;
    if (valid && rejected == 0) {
      return new Outcome.Delivered(status);
    }
    String said = answer.message().isBlank() ? "" : ": " + OtlpExchange.text(answer.message());
    if (valid && rejected == records) {
      return new Outcome.Permanent(
          status,
          "partial success: the collector rejected "
              + (records == 1 ? "the log record" : "all " + records + " log records")
              + " of the request"
              + said);
    }
    String what =
        valid
            ? "rejected " + rejected + " of the " + records + " log records of the request"
            : (answer.valid()
                    ? "said it rejected " + rejected
                    : "sent an unreadable partial_success")
                + " for a request of "
                + records
                + " log records, which cannot be true,";
    if (isolate && records > 1) {
      return new Outcome.SomeRejected(
          status,
          "partial success: the collector "
              + what
              + " without saying which; each is sent again in a request of its own"
              + said);
    }
    if (valid) {
      return new Outcome.Permanent(
          status,
          "partial success: the collector "
              + what
              + " and OTLP does not say which, so all are kept here"
              + " (otlp_partial_success=dead-letter); the "
              + (records - rejected)
              + " others were delivered"
              + said);
    }
    return new Outcome.Permanent(
        status,
        "partial success: the collector "
            + what
            + " so the "
            + (records == 1 ? "record is" : "records are")
            + " kept here rather than taken for delivered"
            + said);
  }
}
