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
 * declared size, which is checked against {@link FrameCodec#MAX_FRAME_SIZE} first.
 *
 * <p>The frame must be all the probe sends: after it the connection must end (the probe shuts down
 * its sending side, or closes). A byte beyond the declared size refuses the frame: a client that
 * sends two records on one connection, or declares a wrong size, learns it at once, where accepting
 * the first part and discarding the rest would lose a record without a word.
 */
final class FrameReader {
  /** Why no frame could be read; the message is the rejection reason. */
  static final class IncompleteFrameException extends Exception {
    IncompleteFrameException(String reason) {
      super(reason);
    }
  }

  private FrameReader() {}

  static byte[] read(Socket socket, Ticker ticker, long deadlineNanos)
      throws IOException, FrameException, IncompleteFrameException {
    InputStream in = socket.getInputStream();
    byte[] prefix = new byte[4];
    int got = readFully(socket, ticker, in, prefix, 0, deadlineNanos);
    if (got < 4) {
      throw new IncompleteFrameException(
          got == 0
              ? "connection closed before a frame was sent"
              : "connection closed after " + got + " bytes, inside the size field");
    }
    int size = FrameCodec.declaredSize(prefix);
    byte[] frame = new byte[size];
    System.arraycopy(prefix, 0, frame, 0, 4);
    got = readFully(socket, ticker, in, frame, 4, deadlineNanos);
    if (got < size) {
      throw new IncompleteFrameException(
          "connection closed after " + got + " of the " + size + " bytes the frame declares");
    }
    awaitEnd(socket, ticker, in, size, deadlineNanos);
    return frame;
  }

  /** Waits for the end of the client's data; refuses the frame when more follows. */
  private static void awaitEnd(
      Socket socket, Ticker ticker, InputStream in, int size, long deadlineNanos)
      throws IOException, FrameException, IncompleteFrameException {
    byte[] beyond = new byte[1];
    int n;
    try {
      n = readFully(socket, ticker, in, beyond, 0, deadlineNanos);
    } catch (IncompleteFrameException e) {
      throw new IncompleteFrameException(
          "timed out waiting for the end of the connection"
              + " after the "
              + size
              + " bytes the frame declares (a probe shuts down its sending"
              + " side after the frame)");
    }
    if (n > 0) {
      throw new FrameException(
          "more bytes follow the "
              + size
              + " bytes the frame size field declares (one frame per connection)");
    }
  }

  /** Fills {@code buf} from {@code from}; returns how many bytes it holds (less at EOF). */
  private static int readFully(
      Socket socket, Ticker ticker, InputStream in, byte[] buf, int from, long deadlineNanos)
      throws IOException, IncompleteFrameException {
    int pos = from;
    while (pos < buf.length) {
      long remainingMs = (deadlineNanos - ticker.nanos()) / 1_000_000;
      if (remainingMs <= 0) {
        throw timeout(pos, buf.length);
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMs));
      int n;
      try {
        n = in.read(buf, pos, buf.length - pos);
      } catch (SocketTimeoutException e) {
        throw timeout(pos, buf.length);
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
