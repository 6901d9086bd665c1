package org.telemetrics;

/** How a short-lived program of the suite ends its {@code main}. */
public final class ProgramExit {
  private ProgramExit() {}

  /**
   * Ends {@code main} with {@code status}. Success just returns, so that {@code main} ends and the
   * JVM exits without {@link Runtime#exit}: from JDK 21 on, that looks up a {@code System.Logger}
   * to log the exit, and the look-up opens every jar of the class path in search of logger
   * providers, 5-8 ms of a probe's start and 18 ms of telemctl's on JDK 25 (bench/probe-startup). A
   * program that calls this has no threads of its own left but daemon ones.
   */
  public static void exit(int status) {
    if (status != 0) {
      System.exit(status);
    }
  }
}
