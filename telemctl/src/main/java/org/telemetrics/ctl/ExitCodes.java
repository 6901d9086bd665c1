package org.telemetrics.ctl;

/** Exit codes, as the C telemctl: 0 success, 1 failure, 2 usage error. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private ExitCodes() {}
}
