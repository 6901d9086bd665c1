package org.telemetrics.probes.klog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the kmsg record reader on what {@code --kmsg} may name (a file anyone
 * could have written): records, bad records with a reason, never an exception; the properties of a
 * record stay within their bound. A bad record of one byte costs about 1 KiB (a seed of a thousand
 * such lines, ';', keeps it so: with a stack trace each took 4.4 KiB).
 */
class KmsgReaderFuzzTarget {
  private static final ParserContract CONTRACT = ParserContract.of(2 << 20, 1024);

  @FuzzTest
  void read(byte[] input) {
    CONTRACT.check(
        input.length,
        () -> {
          KmsgReader reader = new KmsgReader(new ByteArrayInputStream(input));
          int n = 0;
          for (KmsgEvent e = reader.next(); e != null; e = reader.next()) {
            if (e instanceof KmsgEvent.Record r
                && r.record().properties().size() > KmsgRecordParser.MAX_PROPERTIES) {
              throw new AssertionError(r.record().properties().size() + " properties");
            }
            if (e instanceof KmsgEvent.Malformed m && m.reason().isBlank()) {
              throw new AssertionError("a bad record without a reason");
            }
            n++;
          }
          return n;
        });
  }
}
