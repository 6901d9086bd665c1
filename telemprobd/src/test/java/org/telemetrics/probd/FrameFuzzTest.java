package org.telemetrics.probd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telemetrics.frame.Frame;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.frame.FrameException;
import org.telemetrics.record.HostInfo;
import org.telemetrics.record.InvalidRecordException;
import org.telemetrics.record.RecordBuilder;
import org.telemetrics.record.RecordRules;

/**
 * Seeded mutation fuzzing of what telemprobd does with bytes from a socket: the size check, the
 * strict decoder and the value rules. Every input must end in a frame that passes, a {@link
 * FrameException} or an {@link InvalidRecordException}: nothing else, and quickly.
 */
class FrameFuzzTest {
  static final int INPUTS = 120_000;
  static final long SEED = 0x7e1e_3e7a_1c5L;

  /** What telemprobd's connection handler runs on a frame's bytes. */
  static String outcome(byte[] bytes) {
    try {
      int size = FrameCodec.declaredSize(Arrays.copyOf(bytes, Math.min(4, bytes.length)));
      if (size != bytes.length) {
        // the reader stops at the declared size, or finds the connection closed early
        bytes = Arrays.copyOf(bytes, Math.min(size, bytes.length));
      }
      Frame frame = FrameCodec.decode(bytes);
      RecordRules.validate(frame.record());
      // whatever passes must survive a round trip unchanged
      assertThat(FrameCodec.decode(FrameCodec.encode(frame))).isEqualTo(frame);
      return "accepted";
    } catch (FrameException e) {
      assertThat(e.getMessage()).isNotBlank();
      return "frame: " + shape(e.getMessage());
    } catch (InvalidRecordException e) {
      assertThat(e.rule()).isNotBlank();
      return "rule: " + e.rule();
    }
  }

  /** The message without its numbers and quoted text, to count kinds of rejection. */
  static String shape(String message) {
    return message.replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\d+", "N");
  }

  static List<byte[]> seeds() throws Exception {
    List<byte[]> seeds = new ArrayList<>(ProbdFixture.cFrames());
    HostInfo host =
        new HostInfo(
            "x86_64",
            "no_sv_file|no_pn_file|no_pvr_file",
            "12",
            "6.1.0",
            "debian",
            "no_bn_file|no_bv_file",
            "AMD EPYC",
            "no_bv_file");
    seeds.add(FrameCodec.encode(Frame.of(RecordBuilder.create("a/b/c", host).build())));
    seeds.add(
        FrameCodec.encode(
            new Frame(
                Optional.of("/etc/telemetrics/x.conf"),
                RecordBuilder.create("org.example/fuzz/one", host)
                    .severity(4)
                    .payload("line 1\nline 2\ttab é ✓")
                    .build())));
    seeds.add(
        FrameCodec.encode(
            Frame.of(
                RecordBuilder.create("x/y/z", host)
                    .payload("p".repeat(RecordRules.MAX_PAYLOAD_BYTES))
                    .build())));
    return seeds;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void mutatedFramesEndOnlyInDocumentedOutcomes() throws Exception {
    Random random = new Random(SEED);
    List<byte[]> seeds = seeds();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
      String result;
      try {
        result = outcome(input);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "input "
                + i
                + " (seed "
                + SEED
                + ") "
                + Arrays.toString(Arrays.copyOf(input, Math.min(64, input.length)))
                + " ended in "
                + e,
            e);
      }
      outcomes.merge(result, 1, Integer::sum);
    }
    // the mutations reach every layer: some pass, the decoder and the rules each reject some
    assertThat(outcomes.get("accepted")).isGreaterThan(INPUTS / 50);
    assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("rule: severity"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("rule: event-id"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.contains("header line"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.contains("not valid UTF-"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.contains("too small"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.contains("header size"));
    assertThat(outcomes.keySet()).anyMatch(k -> k.contains("CFG"));
  }

  /** Byte-level mutations, most of them keeping the size field consistent. */
  static final class Mutator {
    private static final byte[] INTERESTING = {
      0,
      1,
      '\n',
      ':',
      ' ',
      '/',
      'F',
      (byte) 0x7f,
      (byte) 0x80,
      (byte) 0xc3,
      (byte) 0xff,
      '0',
      '9',
      'a',
      'g'
    };

    static byte[] mutate(byte[] seed, Random r) {
      byte[] b = seed.clone();
      int rounds = 1 + r.nextInt(4);
      for (int i = 0; i < rounds; i++) {
        b = once(b, r);
      }
      if (r.nextInt(10) < 7 && b.length >= 4) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, b.length);
      }
      return b;
    }

    private static byte[] once(byte[] b, Random r) {
      if (b.length == 0) {
        return new byte[] {(byte) r.nextInt(256)};
      }
      int at = r.nextInt(b.length);
      switch (r.nextInt(10)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        case 2 -> b[at] = (byte) r.nextInt(256);
        case 3 -> { // delete a run
          int n = Math.min(b.length - at, 1 + r.nextInt(8));
          byte[] out = new byte[b.length - n];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + n, out, at, b.length - at - n);
          return out;
        }
        case 4 -> { // insert a run
          int n = 1 + r.nextInt(8);
          byte[] out = new byte[b.length + n];
          System.arraycopy(b, 0, out, 0, at);
          for (int i = 0; i < n; i++) {
            out[at + i] = INTERESTING[r.nextInt(INTERESTING.length)];
          }
          System.arraycopy(b, at, out, at + n, b.length - at);
          return out;
        }
        case 5 -> {
          return Arrays.copyOf(b, at); // truncate
        }
        case 6 -> { // a 32-bit field (size fields live at 0 and 4) set to an edge value
          int[] edges = {0, 1, 4, 5, -1, Integer.MAX_VALUE, b.length, b.length - 9, 4096, 4097};
          int pos = r.nextBoolean() ? 0 : Math.min(4, Math.max(0, b.length - 4));
          if (b.length >= pos + 4) {
            ByteBuffer.wrap(b)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(pos, edges[r.nextInt(edges.length)]);
          }
        }
        case 7 -> { // duplicate a slice (repeated or swapped header lines)
          int n = Math.min(b.length - at, 1 + r.nextInt(40));
          int to = r.nextInt(b.length);
          byte[] out = new byte[b.length + n];
          System.arraycopy(b, 0, out, 0, to);
          System.arraycopy(b, at, out, to, n);
          System.arraycopy(b, to, out, to + n, b.length - to);
          return out;
        }
        case 8 -> b[at] = (byte) Character.toUpperCase((char) (b[at] & 0xff));
        default -> { // a digit somewhere changes (severity, timestamps, versions)
          for (int i = at; i < b.length; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
              b[i] = (byte) ('0' + r.nextInt(10));
              break;
            }
          }
        }
      }
      return b;
    }
  }
}
