package org.telemetrics.probd;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.frame.FrameCodec;
import org.telemetrics.frame.FrameException;

/**
 * Reads one whole frame from a connection, however the probe splits it, before a deadline. The C
 * daemon took only what was already queued and dropped the rest; here a frame may arrive in any
 * number of pieces as long as it is complete in time. Never allocates more than the frame's
 * declared size, which is checked against {@link FrameCodec#MAX_FRAME_SIZE} first, and a read-ahead
 * of {@link #HEAD_BYTES}.
 *
 * <p>The frame must be all the probe sends: after it the connection must end (the probe shuts down
 * its sending side, or closes). A byte beyond the declared size refuses the frame: a client that
 * sends two records on one connection, or declares a wrong size, learns it at once, where accepting
 * the first part and discarding the rest would lose a record without a word.
 *
 * <p>Every system call counts at thousands of records a second: a usual frame is taken with one
 * read (the read-ahead holds it whole) and its end with a second, and the socket's timeout is set
 * again only when the one set before would pass the deadline by more than {@link #SLACK_MS}.
 */
final class FrameReader {
  /** What the first read asks for: a usual record's frame fits. */
  static final int HEAD_BYTES = 2048;

  /** How far a read may outlast the deadline rather than set the socket's timeout once more. */
  static final long SLACK_MS = 10;

  /** Why no frame could be read; the message is the rejection reason. */
  static final class IncompleteFrameException extends Exception {
    IncompleteFrameException(String reason) {
      super(reason);
    }
  }

  private final Socket socket;
  private final Ticker ticker;
  private final InputStream in;
  private final long deadlineNanos;
  private long timeoutMs = -1;

  private FrameReader(Socket socket, Ticker ticker, long deadlineNanos) throws IOException {
    this.socket = socket;
    this.ticker = ticker;
    this.in = socket.getInputStream();
    this.deadlineNanos = deadlineNanos;
  }

  static byte[] read(Socket socket, Ticker ticker, long deadlineNanos)
      throws IOException, FrameException, IncompleteFrameException {
    return new FrameReader(socket, ticker, deadlineNanos).readFrame();
  }

  private byte[] readFrame() throws IOException, FrameException, IncompleteFrameException {
    byte[] head = new byte[HEAD_BYTES];
    int got = readAtLeast(head, 0, 4);
    if (got < 4) {
      throw new IncompleteFrameException(
          got == 0
              ? "connection closed before a frame was sent"
              : "connection closed after " + got + " bytes, inside the size field");
    }
    int size = FrameCodec.declaredSize(head);
    if (got > size) {
      throw beyond(size);
    }
    byte[] frame = new byte[size];
    System.arraycopy(head, 0, frame, 0, got);
    got = readAtLeast(frame, got, size);
    if (got < size) {
      throw new IncompleteFrameException(
          "connection closed after " + got + " of the " + size + " bytes the frame declares");
    }
    awaitEnd(size);
    return frame;
  }

  /** Waits for the end of the client's data; refuses the frame when more follows. */
  private void awaitEnd(int size) throws IOException, FrameException, IncompleteFrameException {
    byte[] one = new byte[1];
    int n;
    try {
      n = readAtLeast(one, 0, 1);
    } catch (IncompleteFrameException e) {
      throw new IncompleteFrameException(
          "timed out waiting for the end of the connection"
              + " after the "
              + size
              + " bytes the frame declares (a probe shuts down its sending"
              + " side after the frame)");
    }
    if (n > 0) {
      throw beyond(size);
    }
  }

  private static FrameException beyond(int size) {
    return new FrameException(
        "more bytes follow the "
            + size
            + " bytes the frame size field declares (one frame per connection)");
  }

  /**
   * Reads into {@code buf} from {@code from} until it holds {@code wanted} bytes (taking more when
   * they come in the same read, up to its length); returns how many it holds (less at EOF).
   */
  private int readAtLeast(byte[] buf, int from, int wanted)
      throws IOException, IncompleteFrameException {
    int pos = from;
    while (pos < wanted) {
      long remainingMs = (deadlineNanos - ticker.nanos()) / 1_000_000;
      if (remainingMs <= 0) {
        throw timeout(pos, wanted);
      }
      if (timeoutMs < 0 || timeoutMs > remainingMs + SLACK_MS) {
        timeoutMs = Math.min(Integer.MAX_VALUE, remainingMs);
        socket.setSoTimeout((int) timeoutMs);
      }
      int n;
      try {
        n = in.read(buf, pos, buf.length - pos);
      } catch (SocketTimeoutException e) {
        throw timeout(pos, wanted);
      }
      if (n < 0) {
        break;
      }
      pos += n;
    }
    return pos;
  }

  private static IncompleteFrameException timeout(int got, int wanted) {
    return new IncompleteFrameException(
        "timed out with "
            + got
            + " of "
            + (wanted == 4 ? "at least 4" : String.valueOf(wanted))
            + " frame bytes received");
  }
}
