package org.telemetrics.daemon;

import sun.misc.Signal;

/**
 * Handlers for SIGTERM, SIGINT and SIGHUP that replace the JVM's default (which, for SIGTERM, runs
 * shutdown hooks and exits 143): a daemon finishes its work and exits 0 itself, and SIGHUP reloads
 * instead of terminating. Handlers run on a JVM signal thread and must return quickly.
 */
public final class Signals {
  private Signals() {}

  /** Installs {@code handler} for the signal named without its SIG prefix ({@code "TERM"}). */
  public static void on(String name, Runnable handler) {
    Signal.handle(new Signal(name), s -> handler.run());
  }
}
