package org.telemetrics.probd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.frame.Ack;
import org.telemetrics.log.Log;

/**
 * Turns away a connection for which no slot freed in time, with a rejection the probe can report.
 * Neither silence (a probe cannot tell it from a stopped daemon, and its record might still be
 * stored later) nor a bare close (probes take that for success, as the C daemon closes once it has
 * a frame). Runs on the accept loop, so it is bounded by {@link #DRAIN_MS}.
 */
final class BusyRefusal {
  /** How long the probe's bytes are read after the answer, so that closing does not reset it. */
  static final long DRAIN_MS = 100;

  private static final int DRAIN_MAX_BYTES = 64 * 1024;

  private BusyRefusal() {}

  static String reason(int slots) {
    return "all "
        + slots
        + " connection slots of telemprobd are busy (probd_max_connections);"
        + " the record was not stored, try again later";
  }

  /** Answers {@link #reason}, reads what the probe sent (bounded) and closes the connection. */
  static void answer(AFUNIXSocket socket, int slots, Ticker ticker, Log log) {
    try (socket) {
      OutputStream out = socket.getOutputStream();
      out.write(new Ack.Rejected(reason(slots)).encode());
      out.flush();
      socket.shutdownOutput();
      drain(socket, ticker);
    } catch (IOException e) {
      log.debug("could not answer a connection turned away: " + e.getMessage());
    }
  }

  /**
   * Closing a Unix socket with unread data resets the connection, and the probe could lose the
   * answer; its frame is normally there already, followed by the end of its data.
   */
  private static void drain(AFUNIXSocket socket, Ticker ticker) throws IOException {
    long start = ticker.nanos();
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[4096];
    int total = 0;
    while (total < DRAIN_MAX_BYTES) {
      long left = DRAIN_MS - ticker.millisSince(start);
      if (left <= 0) {
        return;
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(sink);
      } catch (SocketTimeoutException e) {
        return; // a probe that neither sends nor ends: give up on it
      }
      if (n < 0) {
        return;
      }
      total += n;
    }
  }
}
