package org.telemetrics.probd;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.telemetrics.daemon.SocketActivation;
import org.telemetrics.files.FileErrors;

/**
 * The socket probes connect to: passed by systemd, or bound here at {@code socket_path}. A socket
 * passed by systemd belongs to its socket unit: the daemon never shuts it down or closes it
 * (junixsocket's close calls shutdown(2), which breaks the socket for systemd and for the next
 * instance too); it stops accepting, and the descriptor goes with the process.
 */
record ListeningSocket(AFUNIXServerSocket server, boolean activated, String path) {
  static final int BACKLOG = 1024;
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  /** The activated socket if there is one, else a socket bound at {@code path}. */
  static ListeningSocket open(Path path) throws IOException {
    Optional<AFUNIXServerSocket> passed = SocketActivation.listeningSocket();
    if (passed.isPresent()) {
      AFUNIXServerSocket server = passed.get();
      // should anything close it after all (a cleaner), it must still not be shut down
      server.setShutdownOnClose(false);
      server.setDeleteOnClose(false);
      return new ListeningSocket(server, true, pathOf(server));
    }
    return new ListeningSocket(bind(path), false, path.toString());
  }

  /** How the log and systemd's status name the socket. */
  String description() {
    return activated ? "socket passed by systemd (" + path + ")" : path;
  }

  /**
   * Stops listening when the socket is our own; a socket passed by systemd is left alone. Either
   * way the accept loop sees {@code stopping} at its next wake-up.
   */
  void closeIfOwned() throws IOException {
    if (!activated) {
      server.close();
    }
  }

  /** The socket's file name, "@name" in the abstract namespace, or "unnamed". */
  static String pathOf(AFUNIXServerSocket server) {
    AFUNIXSocketAddress a = server.getLocalSocketAddress();
    if (a != null) {
      if (a.isInAbstractNamespace()) {
        return "@" + a.getPath().replaceFirst("^[\\x00@]", "");
      }
      if (a.hasFilename()) {
        return a.getPath();
      }
    }
    return "unnamed";
  }

  /**
   * Binds {@code path} with mode 0666, so every local user's probes can report (as in C). A socket
   * left by a previous run is replaced; a socket someone still listens on, or anything that is not
   * a socket, is refused rather than deleted.
   */
  static AFUNIXServerSocket bind(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    removeStaleSocket(path);
    AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
    try {
      server.bind(AFUNIXSocketAddress.of(path), BACKLOG);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException e) {
      server.close();
      throw new IOException(FileErrors.about(path, e), e); // the caller says what failed
    }
    return server;
  }

  private static void removeStaleSocket(Path path) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & S_IFMT) != S_IFSOCK) {
      String kind =
          attrs.isSymbolicLink()
              ? "a symbolic link"
              : attrs.isDirectory()
                  ? "a directory"
                  : attrs.isRegularFile() ? "a regular file" : "a special file";
      throw new IOException(
          "refusing to replace " + kind + " at " + path + "; only a stale socket is removed");
    }
    try (AFUNIXSocket probe = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path))) {
      throw new IOException("another process is listening on " + path);
    } catch (SocketException e) {
      // connection refused: nobody listens, the socket is stale
    }
    Files.delete(path);
  }
}
