package org.telemetrics.record;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes bytes that must be valid UTF-8, refusing anything else, as a strict {@code
 * CharsetDecoder} does. ASCII, what a probe's payload and the shipped configuration file are, is
 * copied without one: setting up the decoder and its buffers costs a one-record probe six JDK
 * classes at every start, and interpreted, its loops cost more than this one.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The text of {@code bytes}; a {@link CharacterCodingException} if they are not UTF-8. */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    return decode(bytes, 0, bytes.length);
  }

  /** The text of {@code length} bytes from {@code offset}; as {@link #decode(byte[])}. */
  public static String decode(byte[] bytes, int offset, int length)
      throws CharacterCodingException {
    if (isAscii(bytes, offset, offset + length)) {
      return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // the same characters
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }

  private static boolean isAscii(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
