package org.telemetrics.daemon;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * systemd socket activation: when {@code LISTEN_PID} names this process and {@code LISTEN_FDS} is
 * at least 1, the listening socket is file descriptor 3 ({@code SD_LISTEN_FDS_START}). The JDK
 * offers only fd 0 ({@code System.inheritedChannel()}), so junixsocket takes fd 3 over.
 */
public final class SocketActivation {
  /** The first passed descriptor, as sd_listen_fds(3) defines it. */
  public static final int FIRST_FD = 3;

  private SocketActivation() {}

  /** Descriptors passed to this process, 0 when it was not socket-activated. */
  public static int passedDescriptors(Map<String, String> env, long pid) throws IOException {
    String listenPid = env.get("LISTEN_PID");
    String listenFds = env.get("LISTEN_FDS");
    if (listenPid == null || listenFds == null) {
      return 0;
    }
    long forPid;
    int count;
    try {
      forPid = Long.parseLong(listenPid.strip());
      count = Integer.parseInt(listenFds.strip());
    } catch (NumberFormatException e) {
      throw new IOException(
          "LISTEN_PID=" + listenPid + " LISTEN_FDS=" + listenFds + " are not numbers");
    }
    if (forPid != pid) {
      return 0; // meant for another process (inherited environment): not ours to use
    }
    if (count < 0) {
      throw new IOException("LISTEN_FDS=" + count + " is negative");
    }
    return count;
  }

  /**
   * The activated Unix stream listening socket, or empty when this process was not
   * socket-activated. Fails when descriptor 3 is not a Unix listening socket.
   */
  public static Optional<AFUNIXServerSocket> listeningSocket(Map<String, String> env, long pid)
      throws IOException {
    if (passedDescriptors(env, pid) < 1) {
      return Optional.empty();
    }
    FileDescriptorCast fd = FileDescriptorCast.unsafeUsing(FIRST_FD);
    if (!fd.isAvailable(AFUNIXServerSocket.class)) {
      throw new IOException(
          "descriptor "
              + FIRST_FD
              + " passed by systemd is not a Unix socket"
              + " (available as "
              + fd.availableTypes()
              + ")");
    }
    try {
      return Optional.of(fd.as(AFUNIXServerSocket.class));
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new IOException(
          "descriptor " + FIRST_FD + " is not a Unix listening socket: " + e.getMessage());
    }
  }

  /** For this process and its environment. */
  public static Optional<AFUNIXServerSocket> listeningSocket() throws IOException {
    return listeningSocket(System.getenv(), ProcessHandle.current().pid());
  }
}
