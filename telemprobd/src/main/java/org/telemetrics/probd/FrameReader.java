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
 *
 * <p>A reader can be asked to stop waiting before the deadline ({@link #readFrame}): telemprobd
 * first gives a connection a moment on the thread that accepted it, where a probe's whole frame is
 * usually there already, and a probe that is slower gets a thread of its own, which goes on from
 * what was read.
 */
final class FrameReader {
  /** What the first read asks for: a usual record's frame fits. */
  static final int HEAD_BYTES = 2048;

  /** How far a read may outlast the deadline rather than set the socket's timeout once more. */
  static final long SLACK_MS = 10;

  /** Why no frame could be read; the message is the rejection reason. */
  static class IncompleteFrameException extends Exception {
    IncompleteFrameException(String reason) {
      super(reason);
    }
  }

  /**
   * The client closed the connection without sending a byte: no record, so nothing to refuse (the C
   * daemon closes such a connection silently). A second telemprobd checking whether this one
   * listens does just that.
   */
  static final class NothingSentException extends IncompleteFrameException {
    NothingSentException() {
      super("connection closed before a frame was sent");
    }
  }

  /** A read that stopped at the caller's own limit, before the deadline: the reader can go on. */
  private static final class Paused extends Exception {
    Paused() {
      super(null, null, false, false); // thrown often on the slow path: no stack trace
    }
  }

  private final Socket socket;
  private final Ticker ticker;
  private final InputStream in;
  private final long deadlineNanos;
  private long timeoutMs = -1;
  private byte[] buf = new byte[HEAD_BYTES];
  private int got;
  private int size = -1;

  /** A reader of one connection's frame, which must be whole by {@code deadlineNanos}. */
  FrameReader(Socket socket, Ticker ticker, long deadlineNanos) throws IOException {
    this.socket = socket;
    this.ticker = ticker;
    this.in = socket.getInputStream();
    this.deadlineNanos = deadlineNanos;
  }

  static byte[] read(Socket socket, Ticker ticker, long deadlineNanos)
      throws IOException, FrameException, IncompleteFrameException {
    return new FrameReader(socket, ticker, deadlineNanos).readFrame(deadlineNanos);
  }

  /**
   * Reads the frame and the end of the client's data, waiting at most until {@code untilNanos} (and
   * never past the deadline). Returns the frame, or null when {@code untilNanos} passed first
   * (before the deadline): what was read is kept, and a later call goes on from there.
   */
  byte[] readFrame(long untilNanos) throws IOException, FrameException, IncompleteFrameException {
    if (untilNanos < deadlineNanos && got == 0 && size < 0 && in.available() == 0) {
      return null; // nothing has come yet: waiting here would only hold up the caller
    }
    try {
      return readFrameOrPause(Math.min(untilNanos, deadlineNanos));
    } catch (Paused p) {
      return null;
    }
  }

  private byte[] readFrameOrPause(long untilNanos)
      throws IOException, FrameException, IncompleteFrameException, Paused {
    if (size < 0) {
      got = readAtLeast(buf, got, 4, untilNanos);
      if (got < 4) {
        if (got == 0) {
          throw new NothingSentException();
        }
        throw new IncompleteFrameException(
            "connection closed after " + got + " bytes, inside the size field");
      }
      size = FrameCodec.declaredSize(buf);
      if (got > size) {
        throw beyond(size);
      }
      byte[] frame = new byte[size];
      System.arraycopy(buf, 0, frame, 0, got);
      buf = frame;
    }
    if (got < size) {
      got = readAtLeast(buf, got, size, untilNanos);
      if (got < size) {
        throw new IncompleteFrameException(
            "connection closed after " + got + " of the " + size + " bytes the frame declares");
      }
    }
    awaitEnd(untilNanos);
    return buf;
  }

  /** Waits for the end of the client's data; refuses the frame when more follows. */
  private void awaitEnd(long untilNanos)
      throws IOException, FrameException, IncompleteFrameException, Paused {
    byte[] one = new byte[1];
    int n;
    try {
      n = readAtLeast(one, 0, 1, untilNanos);
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
   * they come in the same read, up to its length); returns how many it holds (less at EOF). Throws
   * {@link Paused} when {@code untilNanos} passes before the deadline does; what was read into the
   * frame's buffer is kept.
   */
  private int readAtLeast(byte[] buf, int from, int wanted, long untilNanos)
      throws IOException, IncompleteFrameException, Paused {
    int pos = from;
    while (pos < wanted) {
      long remainingMs = (untilNanos - ticker.nanos()) / 1_000_000;
      if (remainingMs <= 0) {
        if (untilNanos < deadlineNanos) {
          throw new Paused();
        }
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
        timeoutMs = -1; // set for a shorter wait, perhaps: set again for what is left, if anything
        continue;
      }
      if (n < 0) {
        break;
      }
      pos += n;
      if (buf == this.buf) {
        got = pos;
      }
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
