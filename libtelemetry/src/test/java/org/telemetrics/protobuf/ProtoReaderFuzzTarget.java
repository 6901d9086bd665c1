package org.telemetrics.protobuf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.telemetrics.fuzz.ParserContract;

/**
 * Coverage-guided fuzzing of the protobuf field reader (the collector's OTLP requests, telempostd's
 * collector answers): every field of every nested message read, as numbers where the wire type
 * allows and the outermost ones as strings too, or an {@link IllegalArgumentException} saying why.
 * Reading copies nothing but the strings asked for: allocation stays within a few times the input
 * (each nested message's reader has header bytes of its own, so there are fewer than the bytes).
 */
class ProtoReaderFuzzTarget {
  private static final ParserContract CONTRACT =
      ParserContract.of(64 * 1024, 64, IllegalArgumentException.class)
          .withMessage(m -> m != null && !m.isEmpty());

  @FuzzTest
  void readAll(byte[] input) {
    CONTRACT.check(input.length, () -> walk(new ProtoReader(input), true));
  }

  /**
   * Reads every field, taking each length-delimited one for a message (bytes that are not one
   * reject the input: the reader's refusals are what is fuzzed).
   */
  private static long walk(ProtoReader r, boolean outermost) {
    long fields = 0;
    while (r.next()) {
      fields++;
      if (r.isLengthDelimited()) {
        if (outermost) { // strings at one level only: copying every level's would be depth x input
          fields += r.string().length();
        }
        fields += walk(r.message(), false);
      } else {
        fields += r.number() & 1;
      }
    }
    return fields;
  }
}
