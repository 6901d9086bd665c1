package org.telemetrics.frame;

import java.nio.charset.StandardCharsets;

/**
 * telemprobd's one-line answer to a frame (see docs/protocol.md): {@code ACCEPTED <record-id>\n} or
 * {@code REJECTED <reason>\n}. A daemon that closes without answering (the C telemprobd) sends no
 * Ack at all.
 */
public sealed interface Ack {
  /** Replies are at most this long, newline included. */
  int MAX_LENGTH = 512;

  record Accepted(String recordId) implements Ack {}

  record Rejected(String reason) implements Ack {}

  default byte[] encode() {
    String line =
        this instanceof Accepted a
            ? "ACCEPTED " + a.recordId()
            : "REJECTED " + sanitize(((Rejected) this).reason());
    return (line + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses a reply line (with or without its newline). */
  static Ack parse(String reply) {
    String line = reply.endsWith("\n") ? reply.substring(0, reply.length() - 1) : reply;
    if (line.startsWith("ACCEPTED ") && line.length() > 9) {
      return new Accepted(line.substring(9));
    }
    if (line.startsWith("REJECTED ")) {
      return new Rejected(line.substring(9));
    }
    throw new IllegalArgumentException("not an acknowledgement: \"" + sanitize(line) + "\"");
  }

  /** Reasons go on one ASCII line of bounded length. */
  static String sanitize(String reason) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < reason.length() && sb.length() < MAX_LENGTH - 16; i++) {
      char c = reason.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
