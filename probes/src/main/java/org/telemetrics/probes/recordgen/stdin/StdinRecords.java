package org.telemetrics.probes.recordgen.stdin;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import org.telemetrics.client.RecordStream;
import org.telemetrics.client.TelemetryClient;
import org.telemetrics.files.FileErrors;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.RecordRules;

/**
 * {@code telem-record-gen --stdin}: one record per line of standard input (a JSON object, see
 * {@link RecordLine}), sent over {@value #CONNECTIONS} connections at once, since telemprobd takes
 * one frame per connection (the C protocol) and its group commit makes records that arrive together
 * durable with one flush. One thread reads, sends and reports ({@link RecordStream}): a thread per
 * connection spent more CPU waking and switching threads than on the records. One report line per
 * input line on {@code out}, in input order: {@code N ok RECORD-ID}, {@code N sent} (closed without
 * an answer, as the C telemprobd does) or {@code N error REASON}; errors also on {@code err}. A bad
 * line is skipped.
 */
public final class StdinRecords {
  /**
   * Connections in flight: half of what telemprobd serves at once by default
   * (probd_max_connections), leaving room for other probes. Each batch of records telemprobd makes
   * durable holds up to this many; 8 gave a third of the throughput of 32 (bench/stdin).
   */
  static final int CONNECTIONS = 32;

  /** Lines read ahead of the oldest unreported one: bounds memory to this many lines. */
  static final int WINDOW = 4 * CONNECTIONS;

  /**
   * The longest line taken, in bytes: a full 8192-byte payload written with JSON's longest escapes
   * (6 bytes a byte) and the other keys fit.
   */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  private final TelemetryClient client;
  private final PrintStream out;
  private final PrintStream err;
  private final ArrayDeque<Report> pending = new ArrayDeque<>();

  /** Report lines not yet written: written together, not with a write(2) each. */
  private final StringBuilder reports = new StringBuilder();

  private long lines;
  private long failed;

  private StdinRecords(TelemetryClient client, PrintStream out, PrintStream err) {
    this.client = client;
    this.out = out;
    this.err = err;
  }

  /**
   * Sends every line's record; returns 0 when each line was sent and acknowledged (or taken without
   * an answer by the C telemprobd), 1 when any line was bad or any record not taken. The caller has
   * checked the opt-in once.
   */
  public static int run(TelemetryClient client, InputStream in, PrintStream out, PrintStream err) {
    return new StdinRecords(client, out, err).sendAll(in);
  }

  private int sendAll(InputStream in) {
    RecordStream stream = client.openStream(CONNECTIONS);
    try {
      LineInput input = new LineInput(new FlushingInput(in), MAX_LINE_BYTES);
      LineInput.Line line;
      while ((line = input.next()) != null) {
        if (line.bytes() != null && isBlank(line.bytes())) {
          continue;
        }
        lines++;
        pending.add(submit(line, stream));
        if (pending.size() >= WINDOW) {
          report(pending.poll());
        }
      }
    } catch (IOException e) {
      err.println("telem-record-gen: cannot read standard input: " + FileErrors.describe(e));
      failed++;
    } finally {
      while (!pending.isEmpty()) {
        report(pending.poll());
      }
      flushReports();
      stream.close();
    }
    if (failed > 0) {
      err.println(
          "telem-record-gen: "
              + failed
              + " of "
              + lines
              + " lines were not sent or not acknowledged");
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  private Report submit(LineInput.Line line, RecordStream stream) {
    if (line.tooLong()) {
      return Report.bad(
          line.number(),
          "line is longer than " + MAX_LINE_BYTES + " bytes (" + line.length() + "); skipped");
    }
    RecordLine r;
    try {
      r = RecordLine.parse(line.bytes());
    } catch (BadLineException e) {
      return Report.bad(line.number(), e.getMessage());
    }
    RecordBuilder builder;
    try {
      builder =
          client
              .newRecord(r.classification())
              .severity(r.severity())
              .payloadFormatVersion(r.payloadVersion())
              .payload(r.payload());
      r.eventId().ifPresent(builder::eventId);
    } catch (InvalidRecordException e) {
      return Report.bad(line.number(), e.getMessage());
    }
    if (r.payloadCut()) {
      err.println(
          "telem-record-gen: line "
              + line.number()
              + ": warning: payload cut to "
              + RecordRules.MAX_PAYLOAD_BYTES
              + " bytes");
    }
    return Report.sending(line.number(), stream.send(builder.build()));
  }

  private void report(Report report) {
    Report.Outcome o = report.await();
    if (o.error() != null) {
      failed++;
      String reason = oneLine(o.error());
      reports.append(report.line()).append(" error ").append(reason).append('\n');
      flushReports(); // before its line on standard error, in case both go to one place
      err.println("telem-record-gen: line " + report.line() + ": " + reason);
    } else {
      reports.append(report.line()).append(o.recordId() == null ? " sent" : " ok " + o.recordId());
      reports.append('\n');
    }
  }

  private void flushReports() {
    if (reports.length() > 0) {
      out.print(reports);
      out.flush();
      reports.setLength(0);
    }
  }

  /**
   * Standard input that writes the waiting report lines before each read: the reports go out in
   * batches, and never later than the next wait for input.
   */
  private final class FlushingInput extends FilterInputStream {
    FlushingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      flushReports();
      return super.read(b, off, len);
    }
  }

  /** A reason may quote the input (a key): its control characters must not break the report. */
  private static String oneLine(String reason) {
    StringBuilder sb = new StringBuilder(reason.length());
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
