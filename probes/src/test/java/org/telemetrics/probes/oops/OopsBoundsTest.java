package org.telemetrics.probes.oops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.telemetrics.record.RecordRules;

/** Any input, however large or strange, gives bounded reports and valid payloads. */
class OopsBoundsTest {
  /** An endless repetition of {@code unit}, up to {@code total} bytes, held nowhere. */
  private static InputStream repeated(byte[] unit, long total) {
    return new InputStream() {
      private long served;

      @Override
      public int read() {
        return served < total ? unit[(int) (served++ % unit.length)] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (served >= total) {
          return -1;
        }
        int n = (int) Math.min(len, total - served);
        for (int i = 0; i < n; i++) {
          b[off + i] = unit[(int) ((served + i) % unit.length)];
        }
        served += n;
        return n;
      }
    };
  }

  @Test
  void aTenMegabyteLineIsCutToTheLineLimit() throws IOException {
    byte[] line = new byte[10 << 20];
    java.util.Arrays.fill(line, (byte) 'x');
    System.arraycopy("BUG: ".getBytes(StandardCharsets.US_ASCII), 0, line, 0, 5);
    line[line.length - 1] = '\n';

    List<Oops> found = OopsLogParser.parse(new ByteArrayInputStream(line));

    assertThat(found)
        .singleElement()
        .satisfies(o -> assertThat(o.reason()).hasSize(KernelLines.MAX_LINE_CHARS));
    assertThat(OopsPayload.format(found.get(0), false).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RecordRules.MAX_PAYLOAD_BYTES);
  }

  @Test
  void aLineReaderHoldsNoMoreThanItsLimitOfALongLine() throws IOException {
    BoundedLineReader r =
        new BoundedLineReader(repeated("abc".getBytes(StandardCharsets.US_ASCII), 50L << 20), 100);

    String first = r.readLine();

    assertThat(first).hasSize(100);
    assertThat(r.lastLineCut()).isTrue();
    assertThat(r.readLine()).isNull();
  }

  @Test
  void anOopsThatNeverEndsStopsAtOneHundredLines() throws IOException {
    StringBuilder log = new StringBuilder("BUG: soft lockup - CPU#0 stuck for 22s!\n");
    for (int i = 0; i < 1000; i++) {
      log.append("<4>[ 1.0] RAX: 0000000000000001 RBX: 0000000000000002 line ")
          .append(i)
          .append('\n');
    }

    List<Oops> found =
        OopsLogParser.parse(
            new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.US_ASCII)));

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.lines()).hasSize(OopsCollector.MAX_LINES);
              assertThat(o.complete()).isTrue();
            });
  }

  @Test
  void aHundredMegabyteLogOfOopsesIsReadInBoundedPieces() throws IOException {
    byte[] unit = OopsVectors.resource("warn_on.txt");
    long total = 100L << 20;
    List<Integer> sizes = new ArrayList<>();
    long[] count = {0};

    OopsLogParser.parse(
        repeated(unit, total),
        o -> {
          count[0]++;
          if (sizes.size() < 3) {
            sizes.add(o.lines().size());
          }
          assertThat(o.lines().size()).isLessThanOrEqualTo(OopsCollector.MAX_LINES);
        });

    assertThat(count[0]).isBetween(total / unit.length - 1, total / unit.length + 1);
    assertThat(sizes).containsOnly(27);
  }

  @Test
  void binaryGarbageGivesOnlyValidPayloads() throws IOException {
    Random random = new Random(17);
    byte[] garbage = new byte[4 << 20];
    random.nextBytes(garbage);
    // sprinkle start lines so that reports are opened amid the garbage
    byte[] start = "\nBUG: \u0001\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);
    for (int at = 1000; at + start.length < garbage.length; at += 50_000) {
      System.arraycopy(start, 0, garbage, at, start.length);
    }

    List<Oops> found = OopsLogParser.parse(new ByteArrayInputStream(garbage));

    assertThat(found).isNotEmpty();
    for (Oops o : found) {
      String payload = OopsPayload.format(o, true);
      assertThat(RecordRules.checkPayload(payload)).isEqualTo(payload);
    }
  }
}
