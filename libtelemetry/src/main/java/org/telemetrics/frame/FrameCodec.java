package org.telemetrics.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.telemetrics.record.Header;
import org.telemetrics.record.HeaderLines;
import org.telemetrics.record.RecordRules;
import org.telemetrics.record.StrictUtf8;
import org.telemetrics.record.TelemetryRecord;

/**
 * The probe-to-telemprobd frame of the C libtelemetry, byte for byte:
 *
 * <pre>
 * u32 LE  record_size   whole frame, counting these 4 bytes and the trailing NUL
 * [ "CFG:" absolute-path NUL ]  only when the probe was given a configuration file
 * u32 LE  header_size   bytes of the 15 header lines
 *         15 × "name: value\n", in {@link Header} order
 *         payload bytes
 * u8      0x00
 * </pre>
 *
 * <p>The decoder is strict and bounded: it never allocates more than {@link #MAX_FRAME_SIZE}, and
 * every rejection names its reason. It checks shape only; {@link RecordRules#validate} checks
 * values.
 */
public final class FrameCodec {
  public static final int MAX_CONFIG_PATH = 4096;
  public static final int MAX_HEADER_SIZE = 4096;

  /** Size prefix, CFG field, header size, headers, payload and NUL at their maximum. */
  public static final int MAX_FRAME_SIZE =
      4 + (4 + MAX_CONFIG_PATH + 1) + 4 + MAX_HEADER_SIZE + RecordRules.MAX_PAYLOAD_BYTES + 1;

  private static final byte[] CFG = {'C', 'F', 'G', ':'};

  private FrameCodec() {}

  public static byte[] encode(Frame frame) {
    // No lambdas on this path: each costs a short-lived probe its linking at start-up.
    byte[] cfg =
        frame.configPath().isPresent()
            ? ("CFG:" + frame.configPath().get() + "\0").getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    byte[] headers = frame.record().headerText().getBytes(StandardCharsets.UTF_8);
    byte[] payload = frame.record().payloadBytes();
    int size = 4 + cfg.length + 4 + headers.length + payload.length + 1;
    ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(size).put(cfg).putInt(headers.length).put(headers).put(payload).put((byte) 0);
    return buf.array();
  }

  /**
   * Checks the size prefix, the first 4 bytes of a frame, and returns the whole frame's size. A
   * reader calls this before allocating anything for the rest.
   */
  public static int declaredSize(byte[] prefix) throws FrameException {
    if (prefix.length < 4) {
      throw new FrameException("frame shorter than its 4-byte size field");
    }
    long size =
        Integer.toUnsignedLong(
            ByteBuffer.wrap(prefix, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    if (size <= 4) {
      throw new FrameException("frame size " + size + " is too small");
    }
    if (size > MAX_FRAME_SIZE) {
      throw new FrameException(
          "frame size " + size + " exceeds the maximum of " + MAX_FRAME_SIZE + " bytes");
    }
    return (int) size;
  }

  /** Decodes one whole frame, size prefix included. */
  public static Frame decode(byte[] frame) throws FrameException {
    int size = declaredSize(frame);
    if (size != frame.length) {
      throw new FrameException(
          "frame size field says " + size + " bytes but " + frame.length + " were received");
    }
    if (frame[size - 1] != 0) {
      throw new FrameException("frame does not end with a NUL byte");
    }
    int pos = 4;
    Optional<String> configPath = Optional.empty();
    if (size >= 8 && startsWith(frame, pos, CFG)) {
      int nul =
          indexOf(frame, (byte) 0, pos + 4, Math.min(size - 1, pos + 4 + MAX_CONFIG_PATH + 1));
      if (nul < 0) {
        throw new FrameException(
            "CFG field has no terminating NUL within " + MAX_CONFIG_PATH + " bytes");
      }
      String path = utf8(frame, pos + 4, nul, "CFG path");
      if (!path.startsWith("/")) {
        throw new FrameException("CFG path \"" + path + "\" is not absolute");
      }
      configPath = Optional.of(path);
      pos = nul + 1;
    }
    if (pos + 4 > size - 1) {
      throw new FrameException("frame ends before its header size field");
    }
    long headerSize =
        Integer.toUnsignedLong(
            ByteBuffer.wrap(frame, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    pos += 4;
    long room = (size - 1) - pos;
    if (headerSize == 0 || headerSize > MAX_HEADER_SIZE || headerSize > room) {
      throw new FrameException(
          "header size "
              + headerSize
              + " is out of range (1.."
              + Math.min(MAX_HEADER_SIZE, room)
              + ")");
    }
    int headerEnd = pos + (int) headerSize;
    List<String> values = parseHeaders(utf8(frame, pos, headerEnd, "header block"));
    int payloadLength = (size - 1) - headerEnd;
    if (payloadLength > RecordRules.MAX_PAYLOAD_BYTES) {
      throw new FrameException(
          "payload is "
              + payloadLength
              + " bytes; at most "
              + RecordRules.MAX_PAYLOAD_BYTES
              + " allowed");
    }
    if (indexOf(frame, (byte) 0, headerEnd, size - 1) >= 0) {
      throw new FrameException("payload contains a NUL byte");
    }
    String payload = utf8(frame, headerEnd, size - 1, "payload");
    try {
      return new Frame(configPath, TelemetryRecord.of(values, payload));
    } catch (IllegalArgumentException e) {
      throw new FrameException(e.getMessage());
    }
  }

  private static List<String> parseHeaders(String block) throws FrameException {
    try {
      return HeaderLines.parse(block);
    } catch (IllegalArgumentException e) {
      throw new FrameException(e.getMessage());
    }
  }

  private static String utf8(byte[] bytes, int from, int to, String what) throws FrameException {
    try {
      return StrictUtf8.decode(bytes, from, to - from);
    } catch (CharacterCodingException e) {
      throw new FrameException(what + " is not valid UTF-8");
    }
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (at + prefix.length > bytes.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
