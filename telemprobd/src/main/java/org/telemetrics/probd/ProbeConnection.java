package org.telemetrics.probd;

import java.io.IOException;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.telemetrics.daemon.Ticker;
import org.telemetrics.peer.Peer;

/**
 * A probe connection being served: who sent it, by when its frame must be whole, and what of the
 * frame was read so far (kept when the connection moves from the accepting thread to its own).
 */
final class ProbeConnection {
  private final AFUNIXSocket socket;
  private final AFUNIXSocketCredentials credentials;
  private final Peer peer;
  private final long deadline;
  private FrameReader reader;

  /**
   * Takes a connection on: its sender asked of the kernel once, its deadline in monotonic nanos.
   */
  ProbeConnection(AFUNIXSocket socket, long deadline) {
    this.socket = socket;
    this.credentials = credentialsOf(socket);
    this.peer =
        credentials == null
            ? new Peer(-1, -1, -1)
            : new Peer(credentials.getPid(), credentials.getUid(), credentials.getGid());
    this.deadline = deadline;
  }

  AFUNIXSocket socket() {
    return socket;
  }

  Peer peer() {
    return peer;
  }

  /** The sender's supplementary groups; null when its credentials are unknown. */
  long[] groups() {
    return credentials == null ? null : credentials.getGids();
  }

  long deadline() {
    return deadline;
  }

  /** The frame reader, made at the first read; the same on every later one. */
  FrameReader reader(Ticker ticker) throws IOException {
    if (reader == null) {
      reader = new FrameReader(socket, ticker, deadline);
    }
    return reader;
  }

  /** The peer for a log line. */
  static String describe(Peer peer) {
    return peer.pid() < 0 ? "an unknown peer" : peer.toString();
  }

  /** The peer's credentials; null when unknown. */
  private static AFUNIXSocketCredentials credentialsOf(AFUNIXSocket socket) {
    try {
      return socket.getPeerCredentials();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
