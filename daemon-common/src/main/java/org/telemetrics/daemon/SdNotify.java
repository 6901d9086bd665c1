package org.telemetrics.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Tells systemd about the service's state ({@code READY=1}, {@code STOPPING=1}, {@code STATUS=…},
 * {@code WATCHDOG=1}) over {@code NOTIFY_SOCKET}, a path or an {@code @abstract} name. Does nothing
 * when the variable is unset (not started by systemd with {@code Type=notify}).
 */
public final class SdNotify {
  private final String socket;

  public SdNotify(String socket) {
    this.socket = socket;
  }

  public static SdNotify fromEnvironment() {
    return new SdNotify(System.getenv("NOTIFY_SOCKET"));
  }

  public boolean enabled() {
    return socket != null && !socket.isEmpty();
  }

  /** Sends {@code state}; returns false (and never throws) when it could not be sent. */
  public boolean send(String state) {
    if (!enabled()) {
      return false;
    }
    try (AFUNIXDatagramChannel ch = AFUNIXDatagramChannel.open()) {
      AFUNIXSocketAddress address =
          socket.startsWith("@")
              ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1))
              : AFUNIXSocketAddress.of(Path.of(socket));
      ch.send(ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8)), address);
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      // a missing native library or a bad address must not take the daemon down
      return false;
    }
  }

  public boolean ready(String status) {
    return send(
        "READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + ProcessHandle.current().pid());
  }

  public boolean status(String status) {
    return send("STATUS=" + oneLine(status));
  }

  /** A status with a newline would add (or forge) fields of the notification. */
  static String oneLine(String status) {
    return status.replace('\n', ' ').replace('\r', ' ');
  }

  public boolean stopping() {
    return send("STOPPING=1");
  }

  /** A keep-alive for systemd's watchdog ({@code WatchdogSec=}); see {@link Watchdog}. */
  public boolean watchdog() {
    return send("WATCHDOG=1");
  }
}
