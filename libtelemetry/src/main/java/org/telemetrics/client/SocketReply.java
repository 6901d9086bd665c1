package org.telemetrics.client;

import java.util.Arrays;

/**
 * What came back on telemprobd's socket after the frame was written: the reply's bytes and how the
 * reading ended. "Closed" and "timed out" must stay apart: the C telemprobd closes without
 * answering once it has the frame, while a daemon that is stopped, or a listener whose every
 * connection slot is held, says nothing at all.
 */
record SocketReply(byte[] bytes, Ending ending) {
  /** How reading the reply ended. */
  enum Ending {
    /** A newline ended the reply, or it reached the length cap. */
    ANSWERED,
    /** The daemon closed (or reset) the connection before a newline. */
    CLOSED,
    /** The reply deadline passed before a newline. */
    TIMED_OUT,
    /** The caller asked not to wait for a reply (a reply deadline of 0). */
    NOT_AWAITED
  }

  SocketReply {
    bytes = bytes.clone();
  }

  static SocketReply notAwaited() {
    return new SocketReply(new byte[0], Ending.NOT_AWAITED);
  }

  /** Classifies what was read: a newline or a full buffer is an answer, else the stream closed. */
  static SocketReply closedOrAnswered(byte[] bytes, int capacity) {
    boolean answered =
        bytes.length > 0 && (bytes[bytes.length - 1] == '\n' || bytes.length >= capacity);
    return new SocketReply(bytes, answered ? Ending.ANSWERED : Ending.CLOSED);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SocketReply r && r.ending == ending && Arrays.equals(r.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + ending.hashCode();
  }

  @Override
  public String toString() {
    return "SocketReply[" + bytes.length + " bytes, " + ending + "]";
  }
}
