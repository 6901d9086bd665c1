package org.telemetrics.ctl.command;

/**
 * Exit codes, as the C telemctl: 0 success, 1 failure, 2 usage error; and 3 when there is nothing
 * to read yet (usage and report before telempostd created its usage database, or with it off).
 */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int NO_DATA = 3;

  private ExitCodes() {}
}
