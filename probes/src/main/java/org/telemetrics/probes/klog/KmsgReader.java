package org.telemetrics.probes.klog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.telemetrics.probes.oops.BoundedLineReader;

/**
 * Records from {@code /dev/kmsg}, or from a file or FIFO in its format. Each read of {@code
 * /dev/kmsg} returns one whole record, its continuation lines included, so a record is complete
 * when the bytes read so far are used up: the reader then hands it out before it blocks in the next
 * read. (A FIFO writer must write a record and its continuation lines at once for them to stay
 * together.) Reads block; nothing polls.
 */
public final class KmsgReader {
  /** Longest line kept; the kernel escapes bytes as \xNN, so a 1 KiB record can take 4 KiB. */
  static final int MAX_LINE_BYTES = 16 << 10;

  private final BoundedLineReader lines;

  public KmsgReader(InputStream in) {
    this.lines = new BoundedLineReader(in, MAX_LINE_BYTES);
  }

  /** The next event, or null at the end of the input. */
  public KmsgEvent next() throws IOException {
    String header;
    try {
      header = lines.readLine();
    } catch (IOException e) {
      if (isBrokenPipe(e)) {
        return new KmsgEvent.Overwritten();
      }
      throw e;
    }
    if (header == null) {
      return null;
    }
    if (header.startsWith(" ")) {
      return new KmsgEvent.Malformed("a continuation line without its record");
    }
    List<String> continuation = new ArrayList<>();
    while (lines.peekBuffered() == ' ') {
      String c = lines.readLine();
      if (continuation.size() < KmsgRecordParser.MAX_PROPERTIES) {
        continuation.add(c);
      }
    }
    try {
      return new KmsgEvent.Record(KmsgRecordParser.parse(header, continuation));
    } catch (KmsgFormatException e) {
      return new KmsgEvent.Malformed(
          e.getMessage() + ": '" + KmsgRecordParser.excerpt(header) + "'");
    }
  }

  /** /dev/kmsg fails a read with EPIPE once the records after the reader's position are gone. */
  private static boolean isBrokenPipe(IOException e) {
    return e.getMessage() != null && e.getMessage().contains("Broken pipe");
  }

  /** Whether bytes already read wait to be parsed: the next call will not block. */
  public boolean hasBuffered() {
    return lines.peekBuffered() >= 0;
  }
}
